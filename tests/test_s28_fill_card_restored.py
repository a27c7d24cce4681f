"""A cancellation undone after the card's text went out, or found undone by Approve's re-check: the card closes
("Closed: the cancelled appointment is booked again", no buttons, a line in its thread) rather than drafting a text
to the next guest for an opening that no longer exists, or keeping an Approve that is always refused."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from spa_copilot import fill, scheduler
from spa_copilot.domain import AppointmentStatus
from spa_copilot.slack import ids
from tests.fill_scene import Scene, eventually, proposed


def _audited(scene: Scene, action: str) -> list:
    return [e for e in scene.store.recent_audit(1000, action_prefix=action) if e.action == action]


def _restore(scene: Scene) -> None:
    """The front desk undoes the cancellation in the spa system."""
    target = scene.world.spa.appointments[scene.target.id]
    scene.world.spa.put_appointment(target.model_copy(update={
        "status": AppointmentStatus.confirmed, "cancellation": None, "version": target.version + 1,
        "updated_at": scene.clock() + timedelta(seconds=1)}))


def _assert_closed_booking_back(scene: Scene, *, drafted_before: int) -> None:
    row = scene.proposal
    assert row["status"] == "expired" and row["reason"] == fill.BOOKING_BACK_TEXT
    assert row["current_index"] == 0, "nobody else was drafted for an opening that is gone"
    assert len(_audited(scene, "fill.next")) == drafted_before
    card = scene.card_text()
    assert ids.APPROVE_FILL not in card and ids.NEXT_CANDIDATE not in card and ids.REJECT_FILL not in card
    assert "Closed" in card and "booked again" in card
    assert "booked again" in scene.thread_text()


async def test_restored_after_the_text_closes_the_card_when_the_hold_runs_out(scene: Scene) -> None:
    await proposed(scene)
    first, _ = await scene.first_offer_sent()
    _restore(scene)
    scene.clock.advance(minutes=1)
    await scheduler.poll_calendar(scene.copilot)
    assert scene.proposal["status"] == "sent", "the guest's hold still runs: her YES re-checks the book"
    drafted = len(_audited(scene, "fill.next"))
    scene.clock.advance(minutes=11)
    await fill.expire_offers(scene.copilot)
    _assert_closed_booking_back(scene, drafted_before=drafted)
    assert f"{first['first_name']} did not answer within" in scene.thread_text()
    assert len(scene.sent()) == 1, "no second text"
    # the next runs of the job change nothing more (no second closing line)
    scene.clock.advance(minutes=1)
    await fill.expire_offers(scene.copilot)
    assert scene.thread_text().count("booked again") == 1


async def test_restored_after_the_text_closes_the_card_on_her_no(scene: Scene) -> None:
    await proposed(scene)
    first, _ = await scene.first_offer_sent()
    _restore(scene)
    scene.clock.advance(minutes=1)
    await scheduler.poll_calendar(scene.copilot)
    drafted = len(_audited(scene, "fill.next"))
    await scene.reply(first["client_id"], "No thanks")
    await eventually(lambda: scene.proposal["status"] != "sent")
    _assert_closed_booking_back(scene, drafted_before=drafted)
    assert f"{first['first_name']} said no." in scene.thread_text()


async def test_not_restored_the_card_still_moves_on(scene: Scene) -> None:
    await proposed(scene)
    await scene.first_offer_sent()
    scene.clock.advance(minutes=11)
    await fill.expire_offers(scene.copilot)
    row = scene.proposal
    assert row["status"] == "pending" and row["current_index"] == 1
    assert ids.APPROVE_FILL in scene.card_text()


async def test_an_approve_refused_because_the_booking_is_back_closes_the_card(scene: Scene) -> None:
    await proposed(scene)
    _restore(scene)  # no poll has seen it yet: Approve's own re-check finds it
    before = len(scene.world.slack.responses)
    await scene.click(ids.APPROVE_FILL)
    await scene.world.slack.wait_for(lambda s: len(s.responses) > before, timeout=10)
    assert scene.world.slack.responses[before].text == fill.BOOKING_BACK_REFUSAL
    await eventually(lambda: "booked again" in scene.thread_text())
    assert scene.sent() == []
    _assert_closed_booking_back(scene, drafted_before=0)
    assert f"<@{scene.world.manager_id}> clicked Approve" in scene.thread_text()
    [closed] = _audited(scene, "fill.closed")
    assert closed.actor == scene.world.manager_id
    # a second click on the card as it was drawn changes nothing
    result = await fill.approve_fill(scene.copilot, scene.proposal["id"], scene.proposal["revision"],
                                     user_id=scene.world.manager_id)
    assert not result.ok and "already decided" in result.note
    await asyncio.sleep(0)
    assert scene.thread_text().count("booked again") == 1
