"""rev40e H1: a staff ``/spa texts <id> stop`` threw away a YES the guest had given (kept "sent" with its YES while
the spa system was down, the thread promising "it is not offered to anyone else meanwhile"): the offer was declined,
the card moved on, and her YES was never booked. Her YES stands now: the stop is recorded and her booking goes ahead."""
from __future__ import annotations

from typing import Any

import pytest

from spa_copilot import fill
from tests.fill_scene import Scene, proposed
from tests.test_slack_payloads import shown, slash

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


async def _yes_kept_through_an_outage(
    scene: Scene, monkeypatch: pytest.MonkeyPatch
) -> tuple[dict[str, Any], dict[str, Any]]:
    """The first guest's YES, within her hold, while the spa system does not answer: kept on her offer ("sent"), to be
    booked when it answers; then the spa system answers again. Her candidate and her offer."""
    monkeypatch.setattr(scene.copilot.platform, "_max_retries", 0)
    await proposed(scene)
    first, offer = await scene.first_offer_sent()
    assert scene.store.record_fill_yes(offer["id"], at=scene.clock(), message_id="m1", now=scene.clock())
    scene.world.spa.faults.fail_next(10_000, status=503)
    await fill.expire_offers(scene.copilot)
    assert "not offered to anyone else meanwhile" in scene.thread_text()
    row = scene.store.fill_offer(offer["id"])
    assert row["status"] == "sent" and row["yes_at"]
    scene.world.spa.faults.clear_scripted()
    return first, offer


async def test_a_staff_stop_keeps_the_yes_she_gave_during_an_outage(scene: Scene, monkeypatch: pytest.MonkeyPatch) -> None:
    first, offer = await _yes_kept_through_an_outage(scene, monkeypatch)
    # she also said on the phone: "book me, but please stop texting me" -> the desk records it
    answer = shown(await slash(scene.world, f"texts {first['client_id']} stop"))
    assert "Recorded" in answer and "taken as a no" not in answer, answer[:400]
    assert scene.proposal["current_index"] == 0  # the card stays on her
    await fill.expire_offers(scene.copilot)
    row = scene.store.fill_offer(offer["id"])
    assert row["status"] in ("accepting", "booked"), "her YES, kept through the outage, was thrown away by a staff stop"


async def test_her_own_stop_keeps_the_yes_she_gave_during_an_outage(scene: Scene, monkeypatch: pytest.MonkeyPatch) -> None:
    """rev40j M1: her own STOP after her YES kept through an outage declined it silently ("Moving on"), while a staff
    stop kept it: her YES stands now, booked when the spa system answers, and the thread says so."""
    from spa_copilot.fill.replies import STOPPED_BOOKED_TEXT

    first, offer = await _yes_kept_through_an_outage(scene, monkeypatch)
    await scene.reply(first["client_id"], "STOP")
    said = STOPPED_BOOKED_TEXT.format(first_name=first["first_name"],
                                      state="is made when the spa system answers, and stands")
    assert said in scene.thread_text()
    assert scene.store.text_opted_out([first["client_id"]]) == {first["client_id"]}
    await fill.expire_offers(scene.copilot)
    assert scene.store.fill_offer(offer["id"])["status"] in ("accepting", "booked")


async def test_her_stop_saying_she_cannot_come_declines_the_kept_yes(scene: Scene, monkeypatch: pytest.MonkeyPatch) -> None:
    """rev40l L1: a STOP that says more than the keyword ("I can't come anymore") after her YES kept through an outage
    is not booked: it declines her offer, as at the session's start."""
    first, offer = await _yes_kept_through_an_outage(scene, monkeypatch)
    await scene.reply(first["client_id"], "Stop texting me, I can't come anymore")
    assert scene.store.fill_offer(offer["id"])["status"] == "declined"
    await fill.expire_offers(scene.copilot)
    assert scene.bookings_for(first["client_id"]) == []
