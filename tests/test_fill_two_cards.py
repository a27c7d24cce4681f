"""One guest at the top of two live fill cards: approving either text caps them for the other (one offer at a time),
so the second card lists them after everyone else, saying which card drafted them, instead of offering a text whose
Approve is refused ("already offered a slot today"). Approve's own cap check stays the guard: never two texts."""

from __future__ import annotations

from datetime import timedelta

import pytest

from spa_copilot import fill
from spa_copilot.domain import WaitlistStatus
from spa_copilot.slack import ids
from tests.fill_scene import Scene, eventually
from tests.test_fill_ranking import entry, rank

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")
ELSEWHERE = "drafted on the 12:00pm Swedish Massage 60 card: one offer at a time"


def test_a_guest_drafted_on_another_card_comes_after_the_others_and_says_where() -> None:
    waitlist = [entry("wl_a", "cl_1", ["sv_swedish_60"], waited_days=20), entry("wl_b", "cl_2", ["sv_deep_60"])]
    assert [c.client_id for c in rank(waitlist).candidates] == ["cl_1", "cl_2"]
    ranking = rank(waitlist, drafted_elsewhere={"cl_1": ELSEWHERE})
    assert [c.client_id for c in ranking.candidates] == ["cl_2", "cl_1"]
    assert ranking.candidates[1].reasons[0] == ELSEWHERE and ELSEWHERE not in ranking.candidates[0].reasons
    alone = rank(waitlist[:1], drafted_elsewhere={"cl_1": ELSEWHERE})  # the only one: still offered, the card says why
    assert [c.client_id for c in alone.candidates] == ["cl_1"] and alone.candidates[0].reasons[0] == ELSEWHERE


def _other_card(scene: Scene, client_id: str, *, status: str = fill.PENDING) -> None:
    """Another opening's card, waiting for a manager, with ``client_id`` drafted at its top."""
    start = scene.target.start_at + timedelta(minutes=15)
    opening = {"appointment_id": "ap_elsewhere", "location_id": scene.target.location_id, "start": start.isoformat(),
               "end": (start + timedelta(hours=1)).isoformat(), "time_zone": scene.world.data.locations[0].time_zone,
               "service_name": "Swedish Massage 60", "staff_name": "Jonah Weiss"}
    assert scene.store.create_fill_proposal(
        "fp_elsewhere", appointment_id="ap_elsewhere", location_id=scene.target.location_id, status=status,
        opening=opening, candidates=[{"client_id": client_id, "first_name": "Zoe", "reasons": []}], at=scene.copilot.now(),
    )


async def test_the_second_card_drafts_someone_else_and_its_approve_goes_through(scene: Scene) -> None:
    drafted = scene.world.spa.waitlist[scene.entries[0]].client_id
    _other_card(scene, drafted)
    await scene.cancel()
    candidates = scene.proposal["candidates"]
    assert candidates[0]["client_id"] != drafted and candidates[-1]["client_id"] == drafted
    assert candidates[-1]["reasons"][0].startswith("drafted on the ") and candidates[-1]["reasons"][0].endswith(
        "Swedish Massage 60 card (with Jonah Weiss): one offer at a time")  # two 3:30pm cards told apart
    assert "drafted on the " in scene.card_text()
    await scene.click(ids.APPROVE_FILL)
    await eventually(lambda: scene.proposal["status"] == "sent")
    assert [m["clientId"] for m in scene.sent()] == [candidates[0]["client_id"]]


@pytest.mark.parametrize("status", [fill.INFO, "rejected"])
async def test_a_card_not_waiting_for_a_manager_changes_nothing(scene: Scene, status: str) -> None:
    drafted = scene.world.spa.waitlist[scene.entries[0]].client_id
    _other_card(scene, drafted, status=status)
    await scene.cancel()
    assert not any(r.startswith("drafted on") for c in scene.proposal["candidates"] for r in c["reasons"])


async def test_a_capped_guest_alone_on_a_card_is_told_without_a_next_candidate_to_choose(
    scene: Scene, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Approve refused for a guest already offered a slot today: "choose Next candidate" only when the card has one
    (a card whose only candidate is capped has no such button: it says to Reject and offer the slot another way)."""
    spa = scene.world.spa
    for entry_id in scene.entries[1:]:  # one guest left on the card
        spa.waitlist[entry_id] = spa.waitlist[entry_id].model_copy(update={"status": WaitlistStatus.cancelled})
    await scene.cancel()
    row = scene.proposal
    assert len(row["candidates"]) == 1
    capped = {row["candidates"][0]["client_id"]: scene.copilot.settings.offer_daily_cap}
    monkeypatch.setattr(fill.decisions, "_offers_counted", lambda copilot, since: dict(capped))
    result = await fill.approve_fill(scene.copilot, row["id"], row["revision"], user_id=scene.world.manager_id)
    assert not result.ok and "nobody else on this card can take it: Reject the card" in result.note
    assert "Next candidate" not in result.note and scene.sent() == []
