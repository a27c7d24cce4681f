"""A card closed because a booking took the therapist it offered keeps its guests (5 December, a review of f0f0a77).

f0f0a77 drew every card closed "booked in Mangomint" as a closed opening ("Closed: the 11:00am … opening", no
guests): right when the booking is back over its own hour, wrong when only the OFFERED therapist was taken — a room's
opening whose booking came back in another room with the therapist offered, another therapist's offer taken — where
the opening itself may still be free: the desk read the hour as sold and lost the list of guests to call. Only a card
whose booking is back over its hour is drawn closed so now."""

from __future__ import annotations

import pytest

from spa_copilot import scheduler
from tests.fill_scene import Scene
from tests.test_s33_fill33_room_only_back import _back, _other_room, _room_only_card

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


async def test_a_room_opening_whose_booking_came_back_in_another_room_keeps_its_guests(scene: Scene) -> None:
    row = await _room_only_card(scene)
    names = [c.get("first_name") or c.get("short_name") for c in row["candidates"]]
    _back(scene, rooms=[_other_room(scene)], staff_id=row["candidates"][row["current_index"]]["staff_id"])
    scene.clock.advance(minutes=1)
    await scheduler.poll_calendar(scene.copilot)
    closed = scene.store.fill_proposal(row["id"])
    assert closed["status"] == "expired", "the offer cannot go: its therapist is taken"
    text = scene.card_text()
    assert "Closed: the" not in text, "not drawn as an opening gone: the room is free again"
    assert all(name in text for name in names if name), "the guests stay on the card, to call or offer"
