"""When a prep DM goes out: a walk-in booked to start before the next prep check, one checked in at once, one that
started a few minutes ago; and with PREP_HOURS_BEFORE=0."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest

from spa_copilot.briefings import prep_due, send_prep_briefings
from spa_copilot.domain import AppointmentStatus, BookingRequest
from spa_copilot.sandbox.world import SandboxWorld
from spa_copilot.scheduler import poll_calendar

from .conftest import FakeClock

JONAH = "st_jonah_weiss"  # off on Tuesdays: free for a walk-in
START = datetime(2026, 11, 24, 15, 0, tzinfo=UTC)
END = START + timedelta(hours=1)
TWO_HOURS = timedelta(hours=2)


@pytest.mark.parametrize(
    ("status", "now", "lead", "due"),
    [
        ("confirmed", START - timedelta(hours=3), TWO_HOURS, False),  # not yet
        ("confirmed", START - TWO_HOURS, TWO_HOURS, True),
        ("confirmed", START - timedelta(minutes=2), TWO_HOURS, True),
        ("confirmed", START + timedelta(minutes=4), TWO_HOURS, True),  # started a few minutes ago: still told
        ("checkedIn", START - timedelta(minutes=10), TWO_HOURS, True),  # waiting in the lobby
        ("checkedIn", START + timedelta(minutes=10), TWO_HOURS, True),
        ("unconfirmed", END - timedelta(minutes=1), TWO_HOURS, True),
        ("confirmed", END, TWO_HOURS, False),  # over
        ("cancelled", START - timedelta(minutes=30), TWO_HOURS, False),
        ("completed", START + timedelta(minutes=30), TWO_HOURS, False),
        ("noShow", START + timedelta(minutes=30), TWO_HOURS, False),
        ("confirmed", START - timedelta(minutes=1), timedelta(0), False),  # PREP_HOURS_BEFORE=0: as it starts
        ("confirmed", START, timedelta(0), True),
        ("confirmed", START + timedelta(minutes=5), timedelta(0), True),
    ],
)
def test_a_booking_is_due_its_prep_from_the_lead_time_until_it_ends(
    status: str, now: datetime, lead: timedelta, due: bool
) -> None:
    assert prep_due(status, START, END, now=now, lead=lead) is due


def jonahs_prep_dms(world: SandboxWorld) -> list[str]:
    return [m.text for m in world.slack.messages(world.slack_id(JONAH))]


def soho_clock(world: SandboxWorld) -> Callable[[int, int], datetime]:
    zone = world.spa.locations["loc_soho"].tz
    return lambda hour, minute: datetime(2026, 11, 24, hour, minute, tzinfo=zone)


async def book_walk_in(world: SandboxWorld, start: datetime, key: str) -> str:
    """A walk-in with Jonah at ``start`` in a free massage room, booked through the spa system now."""
    service = world.spa.services["sv_express_neck_25"]
    room = next(
        r for r in sorted(world.spa.resources)
        if world.spa.resources[r].location_id == "loc_soho" and world.spa.resources[r].room_type == "massageRoom"
        and world.spa.conflict_reason(staff_id=JONAH, resource_ids=[r], service=service, start=start,
                                      end=start + timedelta(minutes=25)) is None
    )
    booked = await world.platform.book_appointment(
        BookingRequest(location_id="loc_soho", client_id=sorted(world.spa.clients)[150], service_id=service.id,
                       staff_id=JONAH, start_at=start, resource_ids=[room], source="walkIn"),
        idempotency_key=key,
    )
    return booked.id


async def test_a_walk_in_starting_before_the_next_check_is_prepared_by_the_poll_that_sees_it(
    world: SandboxWorld, clock: FakeClock
) -> None:
    local = soho_clock(world)
    clock.current = local(10, 0)
    await poll_calendar(world.copilot, full=True)
    await send_prep_briefings(world.copilot)  # the 10:00 check: Jonah has nobody
    clock.current = local(10, 1)
    await book_walk_in(world, local(10, 3), "walk-in-1")
    await poll_calendar(world.copilot)  # no prep check until 10:05, when the guest is already on the table
    [dm] = jonahs_prep_dms(world)
    assert dm.startswith("Coming up at 10:03am: ")
    clock.current = local(10, 5)
    await poll_calendar(world.copilot)
    await send_prep_briefings(world.copilot)
    assert len(jonahs_prep_dms(world)) == 1, "once"


async def test_a_walk_in_the_poll_saw_only_after_it_started_is_prepared_by_the_check(
    world: SandboxWorld, clock: FakeClock
) -> None:
    local = soho_clock(world)
    clock.current = local(10, 0)
    await poll_calendar(world.copilot, full=True)
    clock.current = local(10, 1)
    await book_walk_in(world, local(10, 3), "walk-in-2")
    clock.current = local(10, 20)  # the spa system did not answer the polls in between
    await send_prep_briefings(world.copilot)
    await poll_calendar(world.copilot)
    await send_prep_briefings(world.copilot)
    [dm] = jonahs_prep_dms(world)
    assert dm.startswith("Started at 10:03am: "), "the guest's cautions still reach the therapist"
    clock.current = local(10, 30)  # it has ended: nothing more
    await send_prep_briefings(world.copilot)
    assert len(jonahs_prep_dms(world)) == 1


async def test_a_walk_in_checked_in_at_once_still_gets_its_prep_dm(world: SandboxWorld, clock: FakeClock) -> None:
    local = soho_clock(world)
    clock.current = local(10, 0)
    await poll_calendar(world.copilot, full=True)
    clock.current = local(10, 1)
    aid = await book_walk_in(world, local(10, 15), "walk-in-3")
    clock.current = local(10, 2)
    booked = world.spa.appointments[aid]
    world.spa.put_appointment(booked.model_copy(update={
        "status": AppointmentStatus.checked_in, "updated_at": clock(), "version": booked.version + 1}))
    clock.current = local(10, 5)
    await poll_calendar(world.copilot)
    await send_prep_briefings(world.copilot)
    [dm] = jonahs_prep_dms(world)
    assert dm.startswith("Coming up at 10:15am: ")


async def test_the_first_sync_leaves_the_prep_to_the_check(world: SandboxWorld) -> None:
    """Bookings the first poll finds (made days ago) are not prepared inside the poll, which would hold it up."""
    await poll_calendar(world.copilot, full=True)
    assert not any(m.text.startswith("Coming up") for s in world.data.staff for m in world.slack.messages(world.slack_id(s.id)))
    assert await send_prep_briefings(world.copilot)


async def test_with_no_lead_time_the_prep_comes_as_the_appointment_starts(world: SandboxWorld, clock: FakeClock) -> None:
    world.copilot.settings = world.copilot.settings.model_copy(update={"prep_hours_before": 0})
    local = soho_clock(world)
    clock.current = local(9, 0)
    await poll_calendar(world.copilot, full=True)
    prepared = set()
    for minute in range(0, 4 * 60, 5):  # the prep check every 5 minutes, 9am to 1pm
        clock.current = local(9, 0) + timedelta(minutes=minute, seconds=30)  # never on the minute
        prepared |= set(await send_prep_briefings(world.copilot))
    started = {aid for aid, a in world.spa.appointments.items() if a.location_id == "loc_soho" and a.is_active
               and local(9, 0) < a.start_at < local(12, 55) and a.status != AppointmentStatus.completed}
    assert started and started <= prepared
    for aid in started:
        a = world.spa.appointments[aid]
        name = world.spa.clients[a.client_id].first_name
        texts = [m.text for m in world.slack.messages(world.slack_id(a.staff_ids[0]))]
        assert any(t.startswith(("Coming up at", "Started at")) and f": {name}" in t for t in texts)
