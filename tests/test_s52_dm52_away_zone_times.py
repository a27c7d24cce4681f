"""A therapist's briefing and prep DM about her bookings at ANOTHER location, in another zone, label its times with
that zone where its clocks differ from her own location's, as the day book and its clash line do (probe52b F5):
before, a New York therapist read "the first at 11:00am" and "*11:00am–12:00pm*" of a Venice (Pacific) booking."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

from spa_copilot.briefings import send_morning_briefings, send_prep_briefings
from spa_copilot.domain import shown_clock
from spa_copilot.sandbox.world import SandboxWorld
from spa_copilot.scheduler import poll_calendar
from tests.conftest import DAY, FakeClock

ANA = "st_ana_reyes"  # SoHo's (New York)


async def test_a_booking_away_in_another_zone_is_timed_with_that_zone(world: SandboxWorld, clock: FakeClock) -> None:
    """Guards F5: the morning DM away (its opening and the guest's line) and the prep DM say "… PST"."""
    venice = world.spa.locations["loc_venice"]
    booking = next(
        a for a in sorted(world.spa.appointments.values(), key=lambda a: a.start_at)
        if a.location_id == "loc_venice" and a.is_active and len(a.services) == 1
        and a.start_at.astimezone(venice.tz).date() == DAY and a.start_at.astimezone(venice.tz).hour >= 11
    )
    line = booking.services[0].model_copy(update={"staff_id": ANA})
    world.spa.put_appointment(booking.model_copy(update={"services": [line], "version": booking.version + 1}))
    clock.current = datetime(2026, 11, 24, 15, 30, tzinfo=UTC)  # 7:30am in Venice
    await poll_calendar(world.copilot, full=True)
    await send_morning_briefings(world.copilot, "loc_venice")
    [morning] = world.slack.messages(world.slack_id(ANA))
    said = json.dumps(morning.blocks, ensure_ascii=False)
    at = shown_clock(booking.start_at, venice.tz)
    assert f"1 guest there, the first at {at} PST." in said, said
    assert f"–{shown_clock(booking.end_at, venice.tz)} PST*" in said, said
    clock.current = booking.start_at - timedelta(minutes=30)
    await poll_calendar(world.copilot)
    await send_prep_briefings(world.copilot)
    preps = [m.text for m in world.slack.messages(world.slack_id(ANA)) if m.text.startswith("Coming up") and "Venice" in m.text]
    assert len(preps) == 1 and preps[0].startswith(f"Coming up at {at} PST at Juniper &amp; Salt Venice:"), preps
