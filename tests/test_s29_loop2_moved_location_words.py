"""A booking moved to the sister location keeping its therapist says where it is now (review 29e, item 5): "… is now
at Juniper & Salt Venice, in Massage Room 1", not only the room (nothing at all when the rooms share a name)."""

from __future__ import annotations

import asyncio
from typing import Any

from spa_copilot import alerts, briefings, fill, scheduler
from spa_copilot.engines import briefing as engine
from spa_copilot.engines.calendar_diff import snapshot_of
from spa_copilot.sandbox.world import SandboxWorld
from tests.conftest import FakeClock
from tests.scenes import prepped_booking


def moved_to_venice(world: SandboxWorld, appointment: Any, room: Any) -> Any:
    line = appointment.services[0].model_copy(update={"resource_ids": [room.id]})
    return appointment.model_copy(update={
        "location_id": "loc_venice", "services": [line], "updated_at": world.spa._stamp(),
        "version": appointment.version + 1,
    })


async def test_the_prepped_therapist_of_a_booking_moved_to_the_sister_location_is_told_where(
    world: SandboxWorld, clock: FakeClock
) -> None:
    copilot = world.copilot
    alerts.register_handler(copilot)
    briefings.register_handler(copilot)
    fill.install(copilot)
    world.spa.webhooks.emit = lambda *args, **kwargs: None
    await scheduler.poll_calendar(copilot)
    await briefings.send_prep_briefings(copilot)
    appointment = await prepped_booking(world)
    dm = world.slack.dm_channel(world.slack_id(appointment.services[0].staff_id))
    before = len(world.slack.messages(dm))
    room = next(r for r in world.data.resources if r.location_id == "loc_venice" and r.type == "room")
    world.spa.put_appointment(moved_to_venice(world, appointment, room))
    for _ in range(3):
        clock.advance(minutes=1)
        await scheduler.poll_calendar(copilot)
        await briefings.send_prep_briefings(copilot)
    await asyncio.sleep(0)
    told = [m.text for m in world.slack.messages(dm)[before:]]
    assert len(told) == 1 and "is now at Juniper &amp; Salt Venice" in told[0] and room.name in told[0], told


async def test_a_move_to_a_room_of_the_same_name_at_the_sister_location_is_still_said(world: SandboxWorld) -> None:
    copilot = world.copilot
    catalog = await copilot.catalog()
    appointment = next(
        a for a in world.spa.find_appointments(location_id="loc_soho")
        if a.status in ("confirmed", "unconfirmed") and len(a.services) == 1 and a.services[0].resource_ids
    )
    resources = {r.id: r for r in catalog.resources}
    here = resources[appointment.services[0].resource_ids[0]]
    there = next(r for r in catalog.resources if r.location_id == "loc_venice" and r.type == here.type)
    resources[there.id] = there.model_copy(update={"name": here.name})  # the two rooms share a name
    soho = catalog.location("loc_soho")
    assert soho is not None
    text = engine.prep_update(
        snapshot_of(appointment), moved_to_venice(world, appointment, there), appointment.services[0].staff_id,
        first_name="Aria", location=soho, now=copilot.now(), services={s.id: s for s in catalog.services},
        resources=resources, staff={s.id: s for s in catalog.staff},
        locations={loc.id: loc for loc in catalog.locations},
    )
    assert text is not None and f"is now at Juniper & Salt Venice, in {here.name}" in text, text
    unnamed = engine.prep_update(
        snapshot_of(appointment), moved_to_venice(world, appointment, there), appointment.services[0].staff_id,
        first_name="Aria", location=soho, now=copilot.now(), services={s.id: s for s in catalog.services},
        resources=resources, staff={s.id: s for s in catalog.staff},
    )
    assert unnamed is not None and "is now at another of the spa's locations" in unnamed, unnamed
