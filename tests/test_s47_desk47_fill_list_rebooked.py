"""s47 (probe47c): `/spa fill` alone leaves out a cancellation whose hour the same guest has booked again (same
therapist, same time), which `/spa fill <id>` refuses ("hour has been booked again ... there is no opening to fill"):
the desk was invited to fill a slot that is not open. A cancellation still open beside it stays listed, and the list
is given unfiltered when the active bookings cannot be read."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from spa_copilot import scheduler
from spa_copilot.domain import Appointment, BookingRequest
from spa_copilot.sandbox.world import FRONT_DESK_USER, SandboxWorld
from tests.conftest import FakeClock
from tests.scenes import install


async def _ask(world: SandboxWorld, text: str) -> str:
    before = len(world.slack.responses)
    assert (await world.sender.slash_command(text, user_id=FRONT_DESK_USER)).status_code == 200
    await world.slack.wait_for(lambda s: len(s.responses) > before, timeout=30)
    r = world.slack.responses[before]
    return r.text + "\n" + str(r.blocks)


def _soho_bookings_tomorrow(world: SandboxWorld) -> list:
    """SoHo's booked one-service appointments starting 20 to 40 hours from now, soonest first."""
    now = world.copilot.now()
    return [a for a in sorted(world.spa.appointments.values(), key=lambda a: (a.start_at, a.id))
            if a.location_id == "loc_soho" and a.status in ("confirmed", "unconfirmed") and len(a.services) == 1
            and now + timedelta(hours=20) < a.start_at < now + timedelta(hours=40)]


def _book_again(spa: Any, appt: Appointment) -> None:
    """The desk books the guest of the cancelled ``appt`` into its hour again (its first line's service, therapist and
    rooms)."""
    line = appt.services[0]
    spa.book(BookingRequest(location_id=appt.location_id, client_id=appt.client_id, service_id=line.service_id,
                            staff_id=line.staff_id, start_at=line.start_at, resource_ids=line.resource_ids, source="desk"))


async def test_fill_list_leaves_out_an_hour_booked_again(world: SandboxWorld, clock: FakeClock) -> None:
    install(world.copilot)
    await scheduler.poll_calendar(world.copilot)
    spa = world.spa
    appt = _soho_bookings_tomorrow(world)[0]
    spa.cancel(appt.id, reason="changed her mind")
    clock.advance(minutes=3)
    _book_again(spa, appt)
    clock.advance(minutes=1)
    await scheduler.poll_calendar(world.copilot)

    by_id = await _ask(world, f"fill {appt.id}")
    assert "booked again" in by_id  # the command itself knows there is no opening
    listing = await _ask(world, "fill")
    assert f"/spa fill {appt.id}" not in listing, listing


async def test_fill_list_keeps_a_cancellation_still_open_beside_one_booked_again(
    world: SandboxWorld, clock: FakeClock
) -> None:
    install(world.copilot)
    await scheduler.poll_calendar(world.copilot)
    spa = world.spa
    ahead = _soho_bookings_tomorrow(world)
    again, still_open = ahead[0], next(a for a in ahead[1:] if a.services[0].staff_id != ahead[0].services[0].staff_id)
    spa.cancel(again.id, reason="changed her mind")
    spa.cancel(still_open.id, reason="flu")
    clock.advance(minutes=3)
    _book_again(spa, again)
    clock.advance(minutes=1)
    await scheduler.poll_calendar(world.copilot)

    listing = await _ask(world, "fill")
    assert f"/spa fill {again.id}" not in listing, listing
    assert still_open.id in listing, listing  # its hour is open: listed, with its command or its card's state


async def test_fill_list_is_given_unfiltered_when_the_active_bookings_cannot_be_read(
    world: SandboxWorld, clock: FakeClock, monkeypatch
) -> None:  # noqa: ANN001
    """rev47j: the second read (the active bookings over the cancelled hours) failing made the whole list fail."""
    from spa_copilot.platform.errors import PlatformUnavailable

    install(world.copilot)
    await scheduler.poll_calendar(world.copilot)
    spa = world.spa
    appt = _soho_bookings_tomorrow(world)[0]
    spa.cancel(appt.id, reason="flu")
    clock.advance(minutes=3)
    await scheduler.poll_calendar(world.copilot)
    platform = world.copilot.platform
    read = platform.list_appointments

    async def active_down(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        if "cancelled" not in {str(s) for s in kwargs.get("status") or []}:
            raise PlatformUnavailable("down")
        return await read(*args, **kwargs)

    monkeypatch.setattr(platform, "list_appointments", active_down)
    listing = await _ask(world, "fill")
    assert f"/spa fill {appt.id}" in listing, listing
