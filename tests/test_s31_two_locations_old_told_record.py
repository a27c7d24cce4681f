"""A therapist's told record written before 53bad97 holds no location (session 31, rev31b M2).

Her booking moved from SoHo to Venice (given to a Venice colleague) and back to SoHo with her: the update must give
the time she knows it by on SoHo's clock, where she was told of it. A record without a location fell back to where
the booking was before this change (Venice), and she was told "Aria's 6:15am" for her 9:15am guest; it now falls
back to her own location (each location has its own staff profile)."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import pytest

from spa_copilot import scheduler
from spa_copilot.domain import shown_clock
from spa_copilot.sandbox.world import SandboxWorld
from tests.conftest import FakeClock
from tests.stops import a_prepped_booking, texts


def _clock(world: SandboxWorld, moment: Any, location_id: str) -> str:
    location = next(loc for loc in world.data.locations if loc.id == location_id)
    return shown_clock(moment, location.tz)


async def _changed(world: SandboxWorld, clock: FakeClock, appointment: Any, **update: Any) -> None:
    world.spa.put_appointment(appointment.model_copy(update={
        **update, "updated_at": world.spa._stamp(), "version": appointment.version + 1}))
    clock.advance(minutes=1)
    await scheduler.poll_calendar(world.copilot)
    await asyncio.sleep(0.1)


@pytest.mark.parametrize("record_has_location", [False, True])
async def test_moved_away_and_back_is_told_on_her_own_clock(
    world: SandboxWorld, clock: FakeClock, record_has_location: bool
) -> None:
    prepped = await a_prepped_booking(world)
    appointment, dm = prepped.booking, prepped.dm
    store = world.copilot.store
    record = store.told(appointment.id, prepped.therapist)
    if not record_has_location:
        record.pop("location_id", None)  # as the code before 53bad97 wrote it
    store.db.execute("UPDATE prep_told SET told = ? WHERE appointment_id = ? AND staff_id = ?",
                     [json.dumps(record, sort_keys=True), appointment.id, prepped.therapist])
    venice = next(s for s in world.data.staff if s.location_id == "loc_venice" and s.active
                  and s.role in ("therapist", "esthetician"))
    room = next(r for r in world.data.resources if r.location_id == "loc_venice" and r.type == "room")
    seen = len(world.slack.messages(dm))
    line = appointment.services[0].model_copy(update={"staff_id": venice.id, "resource_ids": [room.id]})
    await _changed(world, clock, appointment, location_id="loc_venice", services=[line])
    back = appointment.model_copy(update={"version": appointment.version + 1})
    await _changed(world, clock, back, location_id="loc_soho", services=appointment.services)
    for _ in range(2):
        clock.advance(minutes=1)
        await scheduler.poll_calendar(world.copilot)
    await asyncio.sleep(0.1)
    told = texts(world, dm, seen)
    soho, venice_time = _clock(world, appointment.start_at, "loc_soho"), _clock(world, appointment.start_at, "loc_venice")
    assert told and f"'s {soho}" in told[-1] and venice_time not in told[-1], told
