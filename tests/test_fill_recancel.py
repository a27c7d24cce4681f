"""An appointment cancelled, restored and cancelled again: the card of the first cancellation drops its buttons once
the booking is back, and the new cancellation gets a fresh proposal; the same cancellation seen twice gets one.

Same scene as ``test_fill_flow`` (``tests/fill_scene.py``).
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from spa_copilot import fill, scheduler
from spa_copilot.domain import AppointmentStatus
from spa_copilot.engines.calendar_diff import CalendarChange, ChangeKind
from spa_copilot.slack import ids
from tests.fill_scene import Scene, eventually, proposed

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


async def _restore(scene: Scene) -> None:
    """The front desk restores the cancelled booking in the spa system; the next poll sees it."""
    target = scene.world.spa.appointments[scene.target.id]
    scene.world.spa.put_appointment(target.model_copy(update={
        "status": AppointmentStatus.confirmed, "cancellation": None, "version": target.version + 1,
        "updated_at": scene.clock() + timedelta(seconds=1)}))
    scene.clock.advance(minutes=1)
    await scheduler.poll_calendar(scene.copilot)


async def test_a_restored_booking_closes_its_waiting_card_and_a_new_cancellation_gets_a_fresh_proposal(scene: Scene) -> None:
    await proposed(scene)
    first = scene.proposal
    await _restore(scene)
    closed = scene.store.fill_proposal(first["id"])
    assert closed["status"] == "expired" and closed["reason"] == fill.BOOKING_BACK_TEXT
    assert ids.APPROVE_FILL not in scene.card_text() and "booked again" in scene.card_text()
    scene.clock.advance(minutes=30)
    await scene.cancel()  # cancelled again, for good
    await scheduler.poll_calendar(scene.copilot)
    fresh = scene.proposal
    assert fresh["id"] != first["id"] and fresh["status"] == "pending"
    assert scene.store.fill_proposal(first["id"])["status"] == "expired"  # the first keeps its row and card


async def test_a_cancellation_after_a_rejected_proposal_is_proposed_again_but_the_same_one_only_once(scene: Scene) -> None:
    await proposed(scene)
    first = scene.proposal
    await scene.reject("the guest may come after all")
    await eventually(lambda: scene.proposal["status"] == "rejected")
    location = scene.world.data.locations[0]
    cancelled = await scene.copilot.platform.get_appointment(scene.target.id)
    same = CalendarChange(ChangeKind.cancelled, cancelled.id, cancelled.location_id, cancelled, None)
    await fill.on_calendar_changes(scene.copilot, location, [same])  # the same cancellation, seen again
    assert scene.proposal["id"] == first["id"] and scene.proposal["status"] == "rejected"
    again = cancelled.model_copy(update={"version": cancelled.version + 2})  # restored, then cancelled again
    change = CalendarChange(ChangeKind.cancelled, again.id, again.location_id, again, None)
    await fill.on_calendar_changes(scene.copilot, location, [change])
    fresh = scene.proposal
    assert fresh["id"] != first["id"] and fresh["status"] == "pending"
    await fill.on_calendar_changes(scene.copilot, location, [change])  # that one replayed: still one proposal
    assert scene.proposal["id"] == fresh["id"]
    cards = [c for c in scene.world.slack.calls_to("chat.postMessage") if "Fill proposal" in str(c.params.get("text"))]
    assert len(cards) == 2
