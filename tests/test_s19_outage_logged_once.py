"""A location whose calendar sync keeps failing is one WARNING when it starts failing, not one at every poll of the
outage (an IT review's `run` against a spa system out of reach logged it every 30 s), and again when it fails anew
after recovering; the briefing-jobs refresh retried each minute meanwhile says nothing the sync's line has not."""

from __future__ import annotations

import logging
from typing import Any

import pytest

from spa_copilot import scheduler
from spa_copilot.platform.errors import PlatformUnavailable
from spa_copilot.sandbox.world import SandboxWorld
from spa_copilot.scheduler import poll_calendar

from .test_scheduler import BuggyPlatform


def failing_lines(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records
            if r.name == scheduler.__name__ and r.levelno >= logging.WARNING and "calendar sync failing" in r.getMessage()]


async def test_a_failing_location_is_one_warning_per_outage(world: SandboxWorld, caplog: pytest.LogCaptureFixture) -> None:
    copilot = world.copilot
    real = copilot.platform
    await poll_calendar(copilot)
    with caplog.at_level(logging.WARNING, logger=scheduler.__name__):
        copilot.platform = BuggyPlatform(real, "loc_soho")  # type: ignore[assignment]
        for _ in range(3):
            await poll_calendar(copilot)
        assert failing_lines(caplog) == ["calendar sync failing for loc_soho: KeyError"]
        copilot.platform = real
        await poll_calendar(copilot)  # recovered
        copilot.platform = BuggyPlatform(real, "loc_soho")  # type: ignore[assignment]
        await poll_calendar(copilot)
        await poll_calendar(copilot)
    assert len(failing_lines(caplog)) == 2, "a new outage is said again"


class Unreachable:
    def __getattr__(self, name: str) -> Any:
        async def fail(*args: Any, **kwargs: Any) -> Any:
            raise PlatformUnavailable("GET /v1/locations: ConnectError after 5 attempts")

        return fail


async def test_the_briefing_refresh_is_quiet_while_the_sync_has_said_the_outage(
    world: SandboxWorld, caplog: pytest.LogCaptureFixture
) -> None:
    copilot = world.copilot
    copilot.platform = Unreachable()  # type: ignore[assignment]
    copilot._catalog = None  # noqa: SLF001 (the catalogue is read afresh, and fails)
    sched = scheduler.build_scheduler(copilot)
    with caplog.at_level(logging.WARNING, logger=scheduler.__name__):
        await scheduler.refresh_location_jobs(copilot, sched)  # nothing said yet: its own warning
        await poll_calendar(copilot)
        await scheduler.refresh_location_jobs(copilot, sched)
        await scheduler.refresh_location_jobs(copilot, sched)
    refresh = [r for r in caplog.records if "could not refresh the briefing jobs" in r.getMessage()]
    assert len(refresh) == 1
