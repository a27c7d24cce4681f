"""A room's opening (a booking with no therapist, the room only) whose cancellation is undone with a therapist in its
room at its hour: the room the card offers is taken again, and the card closes saying the booking is back
(``recheck._over_the_opening``'s room branch, which no scene covered). Back in another room, the card stays."""

from __future__ import annotations

from datetime import timedelta

import pytest

from spa_copilot import scheduler
from spa_copilot.domain import AppointmentStatus
from spa_copilot.slack import blocks
from tests.fill_scene import Scene

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


async def _room_only_card(scene: Scene) -> dict:
    target = scene.target
    await scene.restaff(None)
    await scene.cancel()
    row = scene.proposal
    assert row["opening"]["staff_ids"] == [] and row["opening"]["resource_ids"] == target.resource_ids, row["opening"]
    assert row["status"] == "pending" and row["candidates"], (row["status"], row.get("reason"))
    return row


def _colleague(scene: Scene) -> str:
    spa, old = scene.world.spa, scene.target
    return next(s.id for s in sorted(spa.staff.values(), key=lambda s: s.id)
                if s.location_id == old.location_id and s.active and s.role in ("therapist", "esthetician")
                and not any(a.is_active and a.start_at < old.end_at and old.start_at < a.end_at
                            and any(line.staff_id == s.id for line in a.services) for a in spa.appointments.values()))


def _other_room(scene: Scene) -> str:
    spa, old = scene.world.spa, scene.target
    return next(r.id for r in sorted(spa.resources.values(), key=lambda r: r.id)
                if r.location_id == old.location_id and r.type == "room" and r.id not in old.resource_ids)


def _back(scene: Scene, *, rooms: list[str], staff_id: str | None = None) -> None:
    """The cancellation undone at its hour, in ``rooms``, with ``staff_id`` (else a colleague free then)."""
    spa, old = scene.world.spa, scene.target
    now = spa.appointments[old.id]
    colleague = staff_id or _colleague(scene)
    lines = [line.model_copy(update={"staff_id": colleague, "resource_ids": rooms}) for line in old.services]
    spa.put_appointment(now.model_copy(update={
        "status": AppointmentStatus.confirmed, "cancellation": None, "services": lines, "version": now.version + 1,
        "updated_at": scene.clock() + timedelta(seconds=1)}))


async def test_a_room_only_booking_back_in_its_room_with_a_therapist_closes_its_card(scene: Scene) -> None:
    row = await _room_only_card(scene)
    _back(scene, rooms=list(scene.target.resource_ids))
    scene.clock.advance(minutes=1)
    await scheduler.poll_calendar(scene.copilot)
    closed = scene.store.fill_proposal(row["id"])
    assert closed["status"] == "expired" and closed["reason"] == blocks.BOOKING_BACK_TEXT, (closed["status"], closed["reason"])
    assert "Approve" not in scene.card_text()
    assert scene.store.recent_audit(5, action_prefix="fill.closed")



async def test_a_room_only_booking_back_in_another_room_with_the_offered_therapist_closes_its_card(scene: Scene) -> None:
    # the room is free again, but the therapist the card offers its guest then is booked by the booking back: the
    # card's Approve would be refused by its re-check ("… is no longer free then"), so the card closes at the poll
    row = await _room_only_card(scene)
    old = scene.target
    _back(scene, rooms=[_other_room(scene)], staff_id=row["candidates"][row["current_index"]]["staff_id"])
    scene.clock.advance(minutes=1)
    await scheduler.poll_calendar(scene.copilot)
    closed = scene.store.fill_proposal(row["id"])
    assert closed["status"] == "expired", (closed["status"], closed["reason"])
    assert closed["reason"] == blocks.BOOKED_OVER_TEXT.format(appointment_id=old.id), closed["reason"]
    assert "Approve" not in scene.card_text()
