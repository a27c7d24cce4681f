"""A card closed because a booking took the therapist it offered keeps its guests (5 December, a review of f0f0a77).

f0f0a77 drew every card closed "booked in Mangomint" as a closed opening ("Closed: the 11:00am … opening", no
guests): right when the booking is back over its own hour, wrong when only the OFFERED therapist was taken — a room's
opening whose booking came back in another room with the therapist offered, another therapist's offer taken — where
the opening itself may still be free: the desk read the hour as sold and lost the list of guests to call. Only a card
whose booking is back over its hour is drawn closed so now."""

from __future__ import annotations

from datetime import timedelta

import pytest

from spa_copilot import scheduler
from spa_copilot.domain import AppointmentStatus
from tests.fill_scene import Scene
from tests.test_s33_fill33_room_only_back import _room_only_card

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


async def test_a_room_opening_whose_booking_came_back_in_another_room_keeps_its_guests(scene: Scene) -> None:
    row = await _room_only_card(scene)
    spa, old = scene.world.spa, scene.target
    offered = row["candidates"][row["current_index"]]["staff_id"]
    names = [c.get("first_name") or c.get("short_name") for c in row["candidates"]]
    other_room = next(r.id for r in sorted(spa.resources.values(), key=lambda r: r.id)
                      if r.location_id == old.location_id and r.type == "room" and r.id not in old.resource_ids)
    now = spa.appointments[old.id]
    lines = [line.model_copy(update={"staff_id": offered, "resource_ids": [other_room]}) for line in old.services]
    spa.put_appointment(now.model_copy(update={
        "status": AppointmentStatus.confirmed, "cancellation": None, "services": lines, "version": now.version + 1,
        "updated_at": scene.clock() + timedelta(seconds=1)}))
    scene.clock.advance(minutes=1)
    await scheduler.poll_calendar(scene.copilot)
    closed = scene.store.fill_proposal(row["id"])
    assert closed["status"] == "expired", "the offer cannot go: its therapist is taken"
    text = scene.card_text()
    assert "Closed: the" not in text, "not drawn as an opening gone: the room is free again"
    assert all(name in text for name in names if name), "the guests stay on the card, to call or offer"
