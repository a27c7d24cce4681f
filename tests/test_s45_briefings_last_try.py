"""probe45f: an incomplete morning run is tried one last time in the window's last minute (a spa system back at
10:22 had its briefings lost: the 10:20 retry failed and the next, 10:30, fell outside a window closing at 10:30), and
when no try is left the ops channel is told once that they did not go out."""

from __future__ import annotations

from datetime import UTC, datetime
from types import SimpleNamespace
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from spa_copilot import scheduler
from spa_copilot.briefings import BriefingRun
from spa_copilot.sandbox.world import SandboxWorld
from tests.builders import location

NY = ZoneInfo("America/New_York")
SOHO = location()  # America/New_York
COPILOT = SimpleNamespace(settings=SimpleNamespace(briefing_time="07:30"))


def _ny(hhmm: str) -> datetime:
    hours, minutes = map(int, hhmm.split(":"))
    return datetime(2026, 11, 24, hours, minutes, tzinfo=NY)


@pytest.mark.parametrize(
    ("now", "retry"),
    [
        ("07:40", "07:50"),
        ("10:15", "10:25"),
        ("10:20", "10:29"),  # the window's last minute, not 10:30 (outside it)
        ("10:25", "10:29"),
        ("10:29", None),  # the last try itself: none left
        ("06:00", None),  # before the window
    ],
)
def test_briefing_retry_at(now: str, retry: str | None) -> None:
    got = scheduler.briefing_retry_at(COPILOT, SOHO, _ny(now))  # type: ignore[arg-type]
    assert got == (_ny(retry).astimezone(UTC) if retry else None)


class _Jobs:
    def __init__(self) -> None:
        self.added: list[dict[str, Any]] = []

    def add_job(self, *args: Any, **kwargs: Any) -> None:
        self.added.append(kwargs)


async def test_the_ops_channel_is_told_once_when_no_try_is_left(
    world: SandboxWorld, monkeypatch: pytest.MonkeyPatch
) -> None:
    import spa_copilot.briefings as briefings

    location = next(loc for loc in world.data.locations if loc.time_zone == "America/New_York")

    async def down(copilot: Any, location_id: str, now: Any = None) -> BriefingRun:
        return BriefingRun(location_id, error="PlatformUnavailable")

    monkeypatch.setattr(briefings, "send_morning_briefings", down)
    world.copilot.clock.current = _ny(world.settings.briefing_time).replace(hour=10, minute=29).astimezone(UTC)
    jobs = _Jobs()
    for _ in range(2):
        await scheduler.morning_briefings(world.copilot, jobs, location)  # type: ignore[arg-type]
    notes = [m.text for m in world.slack.messages(world.settings.ops_channel) if "morning briefing" in m.text]
    assert jobs.added == []
    assert len(notes) == 1, notes
    assert location.name.replace("&", "&amp;") in notes[0] and "the spa system was not answering" in notes[0]


async def test_a_location_no_longer_read_is_no_ops_note(world: SandboxWorld, monkeypatch: pytest.MonkeyPatch) -> None:
    """A closed location's last retry (the spa system answered: the location is gone) says nothing (rev45k)."""
    import spa_copilot.briefings as briefings

    location = next(loc for loc in world.data.locations if loc.time_zone == "America/New_York")

    async def gone(copilot: Any, location_id: str, now: Any = None) -> BriefingRun:
        return BriefingRun(location_id, error=briefings.LOCATION_NOT_READ)

    monkeypatch.setattr(briefings, "send_morning_briefings", gone)
    world.copilot.clock.current = _ny("10:29").astimezone(UTC)
    await scheduler.morning_briefings(world.copilot, _Jobs(), location)  # type: ignore[arg-type]
    assert not [m.text for m in world.slack.messages(world.settings.ops_channel) if "morning briefing" in m.text]
