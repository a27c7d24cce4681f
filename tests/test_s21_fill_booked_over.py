"""A fill card whose slot the front desk books in Mangomint by hand closes and says so.

Before, the card kept Approve / Edit / Next candidate until the slot started; an Approve then refused ("the slot is
no longer free"), but the card gave no sign the slot was gone, and a manager could keep working it."""

from __future__ import annotations

from datetime import timedelta

import pytest

from spa_copilot import scheduler
from spa_copilot.domain import AppointmentStatus
from spa_copilot.slack import blocks, ids
from tests.fill_scene import Scene, proposed

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


async def _book_by_hand(scene: Scene, *, minutes_later: int = 0, staff_id: str | None = None) -> str:
    """The front desk books a guest (not the one on the card) into the therapist's time; the next poll sees it."""
    offered = scene.candidate(0)
    spa = scene.world.spa
    other = next(c for c in scene.world.data.clients if c.id not in {x["client_id"] for x in scene.proposal["candidates"]})
    target = scene.target
    shift = timedelta(minutes=minutes_later)
    line = target.services[0].model_copy(update={
        "id": "sl_by_hand", "staff_id": staff_id or offered["staff_id"],
        "start_at": target.services[0].start_at + shift, "end_at": target.services[0].end_at + shift})
    booked = target.model_copy(update={
        "id": "ap_by_hand", "client_id": other.id, "status": AppointmentStatus.confirmed, "cancellation": None,
        "start_at": target.start_at + shift, "end_at": target.end_at + shift, "services": [line], "version": 1,
        "created_at": scene.clock(), "updated_at": scene.clock(), "source": "phone"})
    spa.put_appointment(booked)
    scene.clock.advance(minutes=1)
    await scheduler.poll_calendar(scene.copilot)
    return other.first_name


async def test_a_slot_booked_by_hand_closes_its_waiting_card(scene: Scene) -> None:
    await proposed(scene)
    first = scene.proposal
    assert first["status"] == "pending"
    guest = await _book_by_hand(scene, minutes_later=15)  # overlapping the time offered is enough
    closed = scene.store.fill_proposal(first["id"])
    assert closed["status"] == "expired"
    assert closed["reason"] == blocks.BOOKED_OVER_TEXT.format(appointment_id="ap_by_hand")
    card = scene.card_text()
    assert ids.APPROVE_FILL not in card and "booked in Mangomint since this card was drawn" in card
    assert ":lock: Closed at " in card and "Expired" not in card  # nothing ran out: the slot left the book
    assert guest not in card  # the guest booked is never named
    assert scene.sent() == []


async def test_a_booking_of_another_therapist_leaves_the_card(scene: Scene) -> None:
    await proposed(scene)
    offered = scene.candidate(0)["staff_id"]
    other = next(s.id for s in scene.world.data.staff
                 if s.id != offered and s.location_id == scene.target.location_id and s.active)
    await _book_by_hand(scene, staff_id=other)
    assert scene.proposal["status"] == "pending" and ids.APPROVE_FILL in scene.card_text()


async def test_a_booking_after_the_time_offered_leaves_the_card(scene: Scene) -> None:
    await proposed(scene)
    minutes = int((scene.target.end_at - scene.target.start_at).total_seconds() // 60)
    await _book_by_hand(scene, minutes_later=minutes + 30)
    assert scene.proposal["status"] == "pending"
