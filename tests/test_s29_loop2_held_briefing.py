"""A held location's morning job (one read of the spa system's locations left it out, or its record cannot be read)
no longer sends nothing and counts as done (review 29e, item 3): it reads the locations afresh, and when they still
lack it, the run is incomplete and tried again while the briefing window is open; the ops text says so."""

from __future__ import annotations

import dataclasses
from datetime import timedelta
from typing import Any

import pytest

from spa_copilot import briefings, scheduler
from spa_copilot.sandbox.world import SandboxWorld
from spa_copilot.scheduler import BRIEFING_RETRY_SECONDS, build_scheduler, morning_briefings
from tests.conftest import FakeClock
from tests.test_scheduler import at_local


async def without_venice(world: SandboxWorld, monkeypatch: pytest.MonkeyPatch) -> tuple[Any, Any]:
    """The catalogue as one read left it, Venice out, cached; the spa system's reads leave it out too."""
    copilot = world.copilot
    full = await copilot.catalog()
    venice = full.location("loc_venice")
    assert venice is not None
    copilot._catalog = dataclasses.replace(full, locations=[loc for loc in full.locations if loc.id != "loc_venice"])
    real = copilot.platform.list_locations

    async def partial(*args: Any, **kwargs: Any) -> Any:
        return [loc for loc in await real(*args, **kwargs) if loc.id != "loc_venice"]

    monkeypatch.setattr(copilot.platform, "list_locations", partial)
    return venice, real


async def test_a_held_locations_morning_run_is_incomplete_and_retried_then_sent(
    world: SandboxWorld, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    copilot = world.copilot
    now = at_local(clock, "America/Los_Angeles", "07:30")
    venice, real = await without_venice(world, monkeypatch)
    jobs = build_scheduler(copilot)
    run = await morning_briefings(copilot, jobs, venice)
    assert run.incomplete and run.sent == []
    retry = jobs.get_job("briefing-retry:loc_venice")
    assert retry is not None and retry.trigger.run_date == now + timedelta(seconds=BRIEFING_RETRY_SECONDS)
    monkeypatch.setattr(copilot.platform, "list_locations", real)  # listed again; the cache still lacks it
    clock.advance(seconds=BRIEFING_RETRY_SECONDS)
    again = await retry.func(*retry.args, **retry.kwargs)
    assert again.sent and not again.incomplete, "the retry read the locations afresh and briefed"


async def test_a_location_only_the_cached_read_left_out_is_briefed_at_once(
    world: SandboxWorld, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    copilot = world.copilot
    at_local(clock, "America/Los_Angeles", "07:30")
    _venice, real = await without_venice(world, monkeypatch)
    monkeypatch.setattr(copilot.platform, "list_locations", real)
    run = await briefings.send_morning_briefings(copilot, "loc_venice")
    assert run.sent and not run.incomplete


def test_the_ops_text_of_an_unreadable_location_does_not_promise_its_briefings() -> None:
    text = scheduler.LOCATION_UNREADABLE_TEXT
    assert "briefings stay as they were" not in text
    assert "morning briefings are not sent" in text
