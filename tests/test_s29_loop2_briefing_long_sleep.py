"""After a sleep of more than a day (a suspended host or process), waking within the grace after today's
``BRIEFING_TIME``, today's morning job still runs (review 29e, item 2): the trigger gives the next local day's time
after the last one, as CronTrigger did, so APScheduler sees today's time among the run times and, coalescing, runs
it, instead of seeing only the stale run time it held and counting it missed."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from apscheduler.schedulers.asyncio import AsyncIOScheduler

from spa_copilot.scheduler import BRIEFING_GRACE_SECONDS, DailyLocalTrigger


def run_times(trigger: DailyLocalTrigger, held: datetime, now: datetime) -> list[datetime]:
    """The run times APScheduler 3 works out for a job holding ``held`` as its next run time, woken at ``now``."""
    scheduler = AsyncIOScheduler(timezone=UTC)
    job = scheduler.add_job(print, trigger, id="briefing:x", coalesce=True, max_instances=1,
                            misfire_grace_time=BRIEFING_GRACE_SECONDS, next_run_time=held)
    return job._get_run_times(now)


@pytest.mark.parametrize("days_asleep", [2, 3, 9])
@pytest.mark.parametrize(
    ("zone", "wake"),
    [
        ("America/New_York", datetime(2026, 12, 5, 12, 40, tzinfo=UTC)),  # 7:40am, briefing 7:30am
        ("America/New_York", datetime(2026, 3, 9, 11, 40, tzinfo=UTC)),  # the Monday after the spring change
        ("Europe/London", datetime(2026, 11, 2, 7, 40, tzinfo=UTC)),  # the Monday after the autumn change
    ],
)
def test_todays_briefing_runs_after_a_sleep_of_days(zone: str, wake: datetime, days_asleep: int) -> None:
    tz = ZoneInfo(zone)
    trigger = DailyLocalTrigger(7, 30, tz)
    today = datetime.combine(wake.astimezone(tz).date(), datetime.min.time().replace(hour=7, minute=30), tzinfo=tz)
    held = datetime.combine(today.date() - timedelta(days=days_asleep), today.timetz())
    times = run_times(trigger, held, wake)
    last = times[-1]  # coalesced: the one run
    assert last == today, times
    assert (wake - last).total_seconds() <= BRIEFING_GRACE_SECONDS, "within the grace: it runs"
    days = [t.astimezone(tz).date() for t in times]
    assert all((b - a).days == 1 for a, b in zip(days, days[1:], strict=False)), "one a local day"
    assert trigger.get_next_fire_time(last, wake) == today + timedelta(days=1), "then tomorrow's"


def test_a_first_fire_time_is_the_next_one_ahead() -> None:
    tz = ZoneInfo("America/New_York")
    trigger = DailyLocalTrigger(7, 30, tz)
    assert trigger.get_next_fire_time(None, datetime(2026, 12, 5, 12, 40, tzinfo=UTC)) == datetime(
        2026, 12, 6, 7, 30, tzinfo=tz
    )
    assert trigger.get_next_fire_time(None, datetime(2026, 12, 5, 12, 20, tzinfo=UTC)) == datetime(
        2026, 12, 5, 7, 30, tzinfo=tz
    )
