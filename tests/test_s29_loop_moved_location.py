"""A booking rebooked at the sister location under the same id is told to the therapist at the first location who had
the prep DM about it (review 29, item 3): the new location's save replaced the snapshot row, so its diff saw a new
booking with no "before", and the first location's reads never saw it again."""

from __future__ import annotations

import asyncio

from spa_copilot import alerts, briefings, fill, scheduler
from spa_copilot.sandbox.world import SandboxWorld
from tests.conftest import FakeClock
from tests.scenes import prepped_booking


async def test_a_booking_moved_to_the_sister_location_is_told_to_the_prepped_therapist(
    world: SandboxWorld, clock: FakeClock
) -> None:
    copilot = world.copilot
    alerts.register_handler(copilot)
    briefings.register_handler(copilot)
    fill.install(copilot)
    world.spa.webhooks.emit = lambda *args, **kwargs: None  # poll only
    await scheduler.poll_calendar(copilot)
    await briefings.send_prep_briefings(copilot)
    appointment = await prepped_booking(world)
    therapist = appointment.services[0].staff_id
    dm = world.slack.dm_channel(world.slack_id(therapist))
    before = len(world.slack.messages(dm))
    venice_staff = next(
        s for s in world.data.staff
        if s.id != therapist and s.location_id == "loc_venice" and s.active and s.role in ("therapist", "esthetician")
    )
    venice_room = next(r for r in world.data.resources if r.location_id == "loc_venice" and r.type == "room")
    line = appointment.services[0].model_copy(update={"staff_id": venice_staff.id, "resource_ids": [venice_room.id]})
    moved = appointment.model_copy(update={
        "location_id": "loc_venice", "services": [line], "updated_at": world.spa._stamp(),
        "version": appointment.version + 1,
    })
    world.spa.put_appointment(moved)
    clock.advance(minutes=1)
    await scheduler.poll_calendar(copilot)
    await asyncio.sleep(0.1)
    told = [m.text for m in world.slack.messages(dm)[before:]]
    assert len(told) == 1, told
    assert told[0].startswith("Update: ") and f"is moved to {venice_staff.first_name}" in told[0], told
    assert copilot.store.pending_changes("loc_soho") == copilot.store.pending_changes("loc_venice") == []
    for _ in range(2):  # said once
        clock.advance(minutes=1)
        await scheduler.poll_calendar(copilot)
        await briefings.send_prep_briefings(copilot)
    await asyncio.sleep(0.1)
    assert len(world.slack.messages(dm)[before:]) == 1
