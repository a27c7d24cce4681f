"""Times in ``/spa status``, the App Home and the ops channel carry their day when it is not the reader's today, so an
outage that began days ago does not read as one from this morning."""

from __future__ import annotations

import asyncio
import json
from datetime import datetime

import pytest

from spa_copilot import scheduler
from spa_copilot.sandbox.faults import FaultConfig
from spa_copilot.sandbox.world import FRONT_DESK_USER, SandboxWorld
from spa_copilot.slack.blocks import zoned_moment
from spa_copilot.slack.home import home_view_for
from spa_copilot.slack.listeners.commands import answer_command
from tests.conftest import FakeClock

NY, LA = "America/New_York", "America/Los_Angeles"


@pytest.mark.parametrize(
    "moment, time_zone, now, shown",
    [
        ("2026-11-24T14:01:00+00:00", NY, "2026-11-24T20:00:00+00:00", "9:01am EST"),
        ("2026-11-24T14:01:00+00:00", NY, "2026-11-26T14:00:00+00:00", "Tue 24 Nov 9:01am EST"),
        # the same UTC day, another day in New York (and the other way round): the zone's days count
        ("2026-11-24T03:00:00+00:00", NY, "2026-11-24T14:00:00+00:00", "Mon 23 Nov 10:00pm EST"),
        ("2026-11-24T03:00:00+00:00", NY, "2026-11-25T03:30:00+00:00", "Mon 23 Nov 10:00pm EST"),
        ("2026-11-24T23:00:00+00:00", LA, "2026-11-25T02:00:00+00:00", "3:00pm PST"),
        ("2026-11-24T14:01:00+00:00", "UTC", "2026-11-25T00:01:00+00:00", "Tue 24 Nov 2:01pm UTC"),
    ],
)
def test_a_time_has_its_day_only_when_that_is_not_today_in_its_zone(
    moment: str, time_zone: str, now: str, shown: str
) -> None:
    assert zoned_moment(datetime.fromisoformat(moment), time_zone, now=datetime.fromisoformat(now)) == shown


def ops_texts(world: SandboxWorld) -> list[str]:
    return [m.text for m in world.slack.messages(world.settings.ops_channel)]


async def test_an_outage_since_tuesday_says_tuesday_in_status_home_and_the_recovery_note(
    world: SandboxWorld, clock: FakeClock
) -> None:
    copilot = world.copilot
    await scheduler.poll_calendar(copilot)  # Tue 24 Nov 9:00am EST
    world.spa.faults.configure(FaultConfig(error_rate=1.0))
    copilot.platform._max_retries = 0
    for _ in range(2):  # failing from 9:01am on Tuesday, reported at the second poll
        clock.advance(minutes=1)
        await scheduler.poll_calendar(copilot)
    await asyncio.sleep(0)
    outage = [t for t in ops_texts(world) if "has been failing" in t]
    assert len(outage) == 1 and "since 9:01am EST (" in outage[0], outage  # the same day: the time alone
    clock.advance(days=2)  # still down on Thursday morning
    await scheduler.poll_calendar(copilot)
    status = json.dumps((await answer_command(copilot, text="status", user_id=FRONT_DESK_USER)).to_kwargs())
    home = json.dumps((await home_view_for(copilot, FRONT_DESK_USER)).to_dict())
    for shown in (status, home):
        assert "failing since Tue 24 Nov 9:01am EST" in shown, shown
        assert "last poll Tue 24 Nov 9:00am EST" in shown, shown
    world.spa.faults.configure(FaultConfig(error_rate=0.0))
    clock.advance(minutes=1)
    await scheduler.poll_calendar(copilot)
    await asyncio.sleep(0)
    recovered = [t for t in ops_texts(world) if "working again" in t]
    assert len(recovered) == 1 and "after failing since Tue 24 Nov 9:01am EST (" in recovered[0], recovered
    status = json.dumps((await answer_command(copilot, text="status", user_id=FRONT_DESK_USER)).to_kwargs())
    assert "last poll 9:03am EST" in status, status  # Thursday's poll: today, the time alone

