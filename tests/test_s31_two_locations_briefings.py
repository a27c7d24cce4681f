"""A booking moved between the spa's two locations (SoHo, New York; Venice, Los Angeles) under the same id (review
30f): every time in a therapist's update DM is on the clock of the booking's own location, never on that of the
location whose sync heard of the change (the one the booking left), and a therapist whose prep DM already told them
the booking as it now stands is not told it a second time."""

from __future__ import annotations

import asyncio
from typing import Any

from spa_copilot import scheduler
from spa_copilot.domain import shown_clock
from spa_copilot.sandbox.world import SandboxWorld
from tests.conftest import FakeClock
from tests.stops import a_prepped_booking, restarted, texts


def _venice_colleague_and_room(world: SandboxWorld, not_staff: str) -> tuple[Any, Any]:
    kai = next(s for s in world.data.staff if s.location_id == "loc_venice" and s.active and s.id != not_staff
               and s.role in ("therapist", "esthetician"))
    room = next(r for r in world.data.resources if r.location_id == "loc_venice" and r.type == "room")
    return kai, room


def _clock(world: SandboxWorld, moment: Any, location_id: str) -> str:
    location = next(loc for loc in world.data.locations if loc.id == location_id)
    return shown_clock(moment, location.tz)


async def _move(world: SandboxWorld, clock: FakeClock, appointment: Any, **update: Any) -> None:
    world.spa.put_appointment(appointment.model_copy(update={
        **update, "updated_at": world.spa._stamp(), "version": appointment.version + 1}))
    clock.advance(minutes=1)
    await scheduler.poll_calendar(world.copilot)
    await asyncio.sleep(0.1)


async def test_moved_to_venice_and_back_each_therapist_hears_it_on_the_clock_they_know_it_by(
    world: SandboxWorld, clock: FakeClock
) -> None:
    prepped = await a_prepped_booking(world)
    appointment, dm_x = prepped.booking, prepped.dm
    x = appointment.services[0].staff_id
    kai, room = _venice_colleague_and_room(world, x)
    dm_kai = world.slack.dm_channel(world.slack_id(kai.id))
    soho_time = _clock(world, appointment.start_at, "loc_soho")
    venice_time = _clock(world, appointment.start_at, "loc_venice")
    assert soho_time != venice_time
    sx = len(world.slack.messages(dm_x))
    line = appointment.services[0].model_copy(update={"staff_id": kai.id, "resource_ids": [room.id]})
    await _move(world, clock, appointment, location_id="loc_venice", services=[line])
    # Kai's prep DM for it, on Venice's clock, and nothing more: not "booked with you again" right after it
    told_kai = texts(world, dm_kai, 0)
    assert len(told_kai) == 1 and told_kai[0].startswith(f"Coming up at {venice_time}:"), told_kai
    assert texts(world, dm_x, sx) == [f"Update: {_first(world, appointment)}'s {soho_time} {_service(world, appointment)}"
                                      f" is moved to {kai.first_name}."]
    # back to SoHo with X: the location it left (Venice) hears of it, but X knows it by her SoHo time
    back = appointment.model_copy(update={"version": appointment.version + 1})
    await _move(world, clock, back, location_id="loc_soho", services=appointment.services)
    await restarted(world, clock)
    await asyncio.sleep(0.1)
    told_x = texts(world, dm_x, sx)
    assert len(told_x) == 2, told_x
    assert told_x[1].startswith(f"Update: {_first(world, appointment)}'s {soho_time} "), told_x
    assert "is booked with you again" in told_x[1] and venice_time not in told_x[1], told_x
    # she was told of it at SoHo, in this room: no "is now at SoHo" for a place she never heard it left
    assert "is now at" not in told_x[1], told_x
    # and Kai, told of it at Venice, hears it went to X on Venice's clock
    told_kai = texts(world, dm_kai, 0)
    assert len(told_kai) == 2, told_kai
    assert told_kai[1].startswith(f"Update: {_first(world, appointment)}'s {venice_time} "), told_kai
    assert "is moved to" in told_kai[1] and soho_time not in told_kai[1], told_kai


async def test_a_shared_therapist_moved_with_the_booking_hears_its_time_at_the_new_location(
    world: SandboxWorld, clock: FakeClock
) -> None:
    prepped = await a_prepped_booking(world)
    appointment, dm_x = prepped.booking, prepped.dm
    x = appointment.services[0].staff_id
    _, room = _venice_colleague_and_room(world, x)
    soho_time = _clock(world, appointment.start_at, "loc_soho")
    venice_time = _clock(world, appointment.start_at, "loc_venice")
    sx = len(world.slack.messages(dm_x))
    line = appointment.services[0].model_copy(update={"resource_ids": [room.id]})
    await _move(world, clock, appointment, location_id="loc_venice", services=[line])
    await restarted(world, clock)
    await asyncio.sleep(0.1)
    told = texts(world, dm_x, sx)
    assert told == [f"Update: {_first(world, appointment)}'s {soho_time} {_service(world, appointment)} is now at "
                    f"Juniper &amp; Salt Venice ({venice_time} there), in {room.name}."], told


def _first(world: SandboxWorld, appointment: Any) -> str:
    return next(c.first_name for c in world.data.clients if c.id == appointment.client_id)


def _service(world: SandboxWorld, appointment: Any) -> str:
    return next(s.name for s in world.data.services if s.id == appointment.services[0].service_id)
