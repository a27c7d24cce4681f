"""`/spa fill`'s list of cancelled bookings and a booking that moved before it was cancelled (session 31, rev31b M3).

A SoHo booking moved to Venice, five days on (beyond the 48-hour horizon, so its cancellation there gets no card of
its own), then cancelled at Venice: SoHo's card for the hour the move left is that hour's, not the Venice
cancellation's. The list said "fill card pending" for the Venice opening, hiding its `/spa fill <id>`; it now offers
the command, as for any cancellation without a card."""

from __future__ import annotations

import asyncio
import json
from datetime import timedelta
from typing import Any

from spa_copilot import scheduler
from spa_copilot.fill.openings import openings_message
from spa_copilot.sandbox.world import SandboxWorld
from tests.conftest import FakeClock
from tests.scenes import a_booking_to_cancel, fill_cards, install


def _moved_to_venice(world: SandboxWorld, appointment: Any, days_later: int) -> Any:
    kai = next(s for s in world.data.staff if s.location_id == "loc_venice" and s.active
               and s.role in ("therapist", "esthetician"))
    room = next(r for r in world.data.resources if r.location_id == "loc_venice" and r.type == "room")
    shift = timedelta(days=days_later)
    line = appointment.services[0].model_copy(update={
        "staff_id": kai.id, "resource_ids": [room.id],
        "start_at": appointment.services[0].start_at + shift, "end_at": appointment.services[0].end_at + shift})
    moved = appointment.model_copy(update={
        "location_id": "loc_venice", "services": [line], "updated_at": world.spa._stamp(),
        "start_at": appointment.start_at + shift, "end_at": appointment.end_at + shift,
        "version": appointment.version + 1})
    world.spa.put_appointment(moved)
    return moved


async def test_a_cancellation_after_a_move_is_not_given_the_moved_away_card(world: SandboxWorld, clock: FakeClock) -> None:
    install(world.copilot)
    world.spa.webhooks.emit = lambda *a, **k: None
    await scheduler.poll_calendar(world.copilot)
    appointment = a_booking_to_cancel(world)
    _moved_to_venice(world, appointment, 5)
    clock.advance(minutes=1)
    await scheduler.poll_calendar(world.copilot)
    await asyncio.sleep(0.1)
    assert len(fill_cards(world)) == 1, "SoHo's card for the hour the move left"
    world.spa.cancel(appointment.id, reason="sick")
    for _ in range(2):
        clock.advance(minutes=1)
        await scheduler.poll_calendar(world.copilot)
    await asyncio.sleep(0.1)
    message = await openings_message(world.copilot)
    said = json.dumps([block.to_dict() for block in message.blocks], ensure_ascii=False)
    # the one cancelled booking with a card would be this one: SoHo's card is for an hour nobody cancelled
    assert "fill card pending" not in said, said
    assert f"/spa fill {appointment.id}" in said, said
