"""Moving a fill card on (Next candidate, a NO, a STOP, a hold running out) follows the ranking's rule for a guest
drafted on another card still waiting for a manager: they come after everyone else, so the card skips them while
anyone else is left (two cards used to offer one guest at once); when nobody else is left the card moves to them and
says where else they are drafted. The card's "drafted on the … card" reasons are redrawn as they are then. A manager's
Next candidate is told in the card's thread, naming who clicked, as a STOP's move is."""

from __future__ import annotations

from datetime import timedelta

import pytest

from spa_copilot import fill
from tests.fill_scene import Scene, proposed

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def _other_card(scene: Scene, proposal_id: str, client_id: str, minutes: int) -> str:
    """Another opening's card waiting for a manager, ``client_id`` drafted at its top; its card reason."""
    start = scene.target.start_at + timedelta(minutes=minutes)
    opening = {"appointment_id": f"ap_{proposal_id}", "location_id": scene.target.location_id,
               "start": start.isoformat(), "end": (start + timedelta(hours=1)).isoformat(),
               "time_zone": scene.world.data.locations[0].time_zone, "service_name": "Swedish Massage 60",
               "staff_name": "Jonah Weiss"}
    assert scene.store.create_fill_proposal(
        proposal_id, appointment_id=f"ap_{proposal_id}", location_id=scene.target.location_id, status=fill.PENDING,
        opening=opening, candidates=[{"client_id": client_id, "first_name": "Zoe", "reasons": []}], at=scene.copilot.now(),
    )
    return fill.offer_limits._drafted_elsewhere(scene.copilot, fill._common._slot_of(scene.proposal))[client_id]


async def _next(scene: Scene) -> fill.FillResult:
    row = scene.proposal
    return await fill.next_candidate(scene.copilot, row["id"], row["revision"], user_id=scene.world.manager_id)


async def test_next_candidate_skips_a_guest_drafted_on_another_pending_card(scene: Scene) -> None:
    await proposed(scene)
    first, second, third = (scene.candidate(i) for i in range(3))
    _other_card(scene, "fp_other", second["client_id"], 30)  # drafted there after this card was ranked
    assert (await _next(scene)).ok
    assert scene.proposal["current_index"] == 2, "the card moved to a guest another card already offers"
    # the thread says who moved the card on, and to whom
    note = (f"<@{scene.world.manager_id}> chose Next candidate: moving on from {fill.card_name(first)}. "
            f"Next: {fill.card_name(third)}, waiting for a manager's approval.")
    assert scene.thread_text() == note
    # the card now says where the skipped guest is drafted (it did not when it was ranked)
    reasons = scene.proposal["candidates"][1]["reasons"]
    assert reasons[0].startswith("drafted on the ") and reasons[0].endswith("(with Jonah Weiss): one offer at a time")


async def test_with_nobody_else_left_the_card_moves_to_them_and_says_so(scene: Scene) -> None:
    await proposed(scene)
    second, third = scene.candidate(1), scene.candidate(2)
    _other_card(scene, "fp_other", second["client_id"], 30)
    where = _other_card(scene, "fp_third", third["client_id"], 45)
    assert (await _next(scene)).ok
    assert scene.proposal["current_index"] == 1  # the ranking's order among them
    assert scene.thread_text().endswith(f"Next: {fill.card_name(second)}, waiting for a manager's approval "
                                        f"({_other_card_reason(scene, second['client_id'])}).")
    assert where in scene.proposal["candidates"][2]["reasons"]


def _other_card_reason(scene: Scene, client_id: str) -> str:
    return fill.offer_limits._drafted_elsewhere(scene.copilot, fill._common._slot_of(scene.proposal))[client_id]


async def test_a_stale_drafted_elsewhere_reason_is_dropped_when_the_card_moves(scene: Scene) -> None:
    await proposed(scene)
    row = scene.proposal
    stale = "drafted on the 1:30pm Swedish Massage 60 card: one offer at a time"
    candidates = [dict(c) for c in row["candidates"]]
    candidates[2]["reasons"] = [stale, *candidates[2]["reasons"]]
    assert scene.store.update_fill_proposal(row["id"], at=scene.copilot.now(), candidates=candidates)
    assert (await _next(scene)).ok
    assert stale not in scene.proposal["candidates"][2]["reasons"]
    assert scene.proposal["candidates"][2]["reasons"] == row["candidates"][2]["reasons"]
