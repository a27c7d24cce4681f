"""The morning job fires every day on the location's clock, also across the spring change for a ``BRIEFING_TIME``
before the hour the clocks skip (review 29, item 4: APScheduler 3.11's CronTrigger fired 00:15 on the Sunday of the
change, then on the Tuesday, and Monday's morning DMs never went out)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest

from spa_copilot.domain import Location
from spa_copilot.scheduler import briefing_trigger


def fires(zone: str, hhmm: str, start: datetime, count: int = 6) -> list[datetime]:
    """The times the trigger gives, asked as APScheduler asks after each run (a second after the last), local."""
    copilot = SimpleNamespace(settings=SimpleNamespace(briefing_time=hhmm))
    trigger = briefing_trigger(copilot, Location(id="l", name="Spa", time_zone=zone))  # type: ignore[arg-type]
    previous, now, out = None, start, []
    for _ in range(count):
        previous = trigger.get_next_fire_time(previous, now)
        assert previous is not None
        out.append(previous.astimezone(UTC).astimezone(ZoneInfo(zone)))
        now = previous.astimezone(UTC) + timedelta(seconds=1)
    return out


@pytest.mark.parametrize(
    ("zone", "start"),
    [
        ("America/New_York", datetime(2026, 3, 6, 17, tzinfo=UTC)),  # spring: Sun 8 Mar
        ("Australia/Sydney", datetime(2026, 10, 2, 2, tzinfo=UTC)),  # spring: Sun 4 Oct
        ("America/New_York", datetime(2026, 10, 30, 17, tzinfo=UTC)),  # autumn: Sun 1 Nov
        ("Europe/London", datetime(2026, 3, 27, 12, tzinfo=UTC)),  # spring: Sun 29 Mar, at 01:00
    ],
)
@pytest.mark.parametrize("hhmm", ["00:15", "00:59", "01:30", "02:30", "07:30", "23:45"])
def test_the_morning_job_fires_once_every_day_across_a_clock_change(zone: str, start: datetime, hhmm: str) -> None:
    times = fires(zone, hhmm, start)
    days = [t.date() for t in times]
    assert all((b - a).days == 1 for a, b in zip(days, days[1:], strict=False)), days
    hour, minute = (int(p) for p in hhmm.split(":"))
    for t in times:
        # on the wall clock asked for, or, on a night that has no such time, an hour later
        assert (t.hour, t.minute) in ((hour, minute), (hour + 1, minute)), t
        if (t.hour, t.minute) != (hour, minute):
            assert t.utcoffset() != (t - timedelta(days=1)).utcoffset(), "only on the night the clocks skip it"


def test_a_time_the_spring_night_skips_fires_an_hour_later_on_the_new_clock() -> None:
    times = fires("America/New_York", "02:30", datetime(2026, 3, 7, 12, tzinfo=UTC), count=3)
    assert [(t.day, t.hour, t.minute) for t in times] == [(8, 3, 30), (9, 2, 30), (10, 2, 30)]


def test_a_time_the_autumn_night_has_twice_fires_once() -> None:
    times = fires("America/New_York", "01:30", datetime(2026, 10, 31, 12, tzinfo=UTC), count=3)
    assert [t.day for t in times] == [1, 2, 3]
    assert times[0].astimezone(UTC) == datetime(2026, 11, 1, 5, 30, tzinfo=UTC), "the first 1:30am (EDT)"


def test_the_trigger_keeps_the_locations_zone_by_name() -> None:
    copilot = SimpleNamespace(settings=SimpleNamespace(briefing_time="07:30"))
    trigger = briefing_trigger(copilot, Location(id="l", name="Spa", time_zone="America/Los_Angeles"))  # type: ignore[arg-type]
    assert str(trigger.timezone) == "America/Los_Angeles"  # what refresh_location_jobs compares
