"""A run's Slack lookups of the staff take at most ``LOOKUP_SECONDS``, rate limits included (5 December).

The hourly lookups (``users.lookupByEmail``, ``users.info`` for a mapping) waited out each 429's ``Retry-After`` (up to
a minute, three times a call, four calls at a time), so a rate-limited Slack could hold a prep check or the morning
run for many minutes. Now what Slack has not answered within the run's time keeps its last known answer (a match
stands; with none known, "could not check", never "not found") and is asked again at the next run."""

from __future__ import annotations

import asyncio
import time
from datetime import timedelta

from spa_copilot.sandbox.world import SandboxWorld
from spa_copilot.slack.directory import StaffDirectory
from tests.conftest import FakeClock


async def test_a_rate_limited_run_ends_in_time_and_keeps_the_last_matches(world: SandboxWorld, clock: FakeClock) -> None:
    catalog = await world.copilot.catalog()
    active = [s for s in catalog.staff if s.active and s.email]
    known, new = active[:-1], active[-1]
    directory = StaffDirectory(world.copilot.slack, world.copilot.store, {}, lookup_seconds=1.0)
    first = await directory.matches(known, now=clock())
    assert len(known) > 4 and all(match.user_id for match in first.values()), first

    world.slack.rate_limit_next(10_000, retry_after=20)  # each call waited out 20 s, three times, before
    lookups = len(world.slack.calls)
    started = time.monotonic()
    again = await asyncio.wait_for(directory.matches(active, now=clock() + timedelta(hours=2)), timeout=15)
    assert time.monotonic() - started < 6
    assert len(world.slack.calls) > lookups, "Slack was asked: every match was due again"
    assert {sid: again[sid].user_id for sid in first} == {sid: m.user_id for sid, m in first.items()}, "old matches"
    assert again[new.id].user_id is None and not again[new.id].checked, "never looked up: could not check"

    world.slack.rate_limit_next(0)
    later = await directory.matches(active, now=clock() + timedelta(hours=2, minutes=5))
    assert later[new.id].user_id == world.slack_id(new.id), "asked again at the next run"
