"""rev40e H1: a staff ``/spa texts <id> stop`` threw away a YES the guest had given (kept "sent" with its YES while
the spa system was down, the thread promising "it is not offered to anyone else meanwhile"): the offer was declined,
the card moved on, and her YES was never booked. Her YES stands now: the stop is recorded and her booking goes ahead."""
from __future__ import annotations

import pytest

from spa_copilot import fill
from tests.fill_scene import Scene, proposed
from tests.test_slack_payloads import shown, slash

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


async def test_a_staff_stop_keeps_the_yes_she_gave_during_an_outage(scene: Scene, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(scene.copilot.platform, "_max_retries", 0)
    await proposed(scene)
    first, offer = await scene.first_offer_sent()
    # her YES, within the hold, while the spa system does not answer: kept, to be booked when it answers
    assert scene.store.record_fill_yes(offer["id"], at=scene.clock(), message_id="m1", now=scene.clock())
    scene.world.spa.faults.fail_next(10_000, status=503)
    await fill.expire_offers(scene.copilot)
    assert "not offered to anyone else meanwhile" in scene.thread_text()
    row = scene.store.fill_offer(offer["id"])
    assert row["status"] == "sent" and row["yes_at"]
    scene.world.spa.faults.clear_scripted()  # the spa system answers again
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

    monkeypatch.setattr(scene.copilot.platform, "_max_retries", 0)
    await proposed(scene)
    first, offer = await scene.first_offer_sent()
    assert scene.store.record_fill_yes(offer["id"], at=scene.clock(), message_id="m1", now=scene.clock())
    scene.world.spa.faults.fail_next(10_000, status=503)
    await fill.expire_offers(scene.copilot)
    scene.world.spa.faults.clear_scripted()  # the spa system answers again
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
    monkeypatch.setattr(scene.copilot.platform, "_max_retries", 0)
    await proposed(scene)
    first, offer = await scene.first_offer_sent()
    assert scene.store.record_fill_yes(offer["id"], at=scene.clock(), message_id="m1", now=scene.clock())
    scene.world.spa.faults.fail_next(10_000, status=503)
    await fill.expire_offers(scene.copilot)
    scene.world.spa.faults.clear_scripted()
    await scene.reply(first["client_id"], "Stop texting me, I can't come anymore")
    assert scene.store.fill_offer(offer["id"])["status"] == "declined"
    await fill.expire_offers(scene.copilot)
    assert scene.bookings_for(first["client_id"]) == []
