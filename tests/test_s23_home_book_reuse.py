"""The App Home reuses a location's day book for a minute (an adversarial Slack review, 4 December).

Slack sends ``app_home_opened`` at every visit to the tab; each Home read the spa system again (the day's book and
every guest's record, ~30 requests), so a team clicking between tabs spent the spa system's rate limit. ``/spa
today`` still reads afresh."""

from __future__ import annotations

import json

import pytest

from spa_copilot.sandbox.world import FRONT_DESK_USER, SandboxWorld
from spa_copilot.scheduler import poll_calendar
from spa_copilot.slack import home
from spa_copilot.slack.home import home_view_for

from .conftest import count_book_reads


async def test_home_opens_within_a_minute_read_the_book_once(world: SandboxWorld, monkeypatch: pytest.MonkeyPatch) -> None:
    await poll_calendar(world.copilot)  # the snapshot: only the location's own book is read
    reads = count_book_reads(world)
    first = json.dumps((await home_view_for(world.copilot, world.manager_id)).to_dict())
    again = json.dumps((await home_view_for(world.copilot, FRONT_DESK_USER)).to_dict())
    assert len(reads) == 1, reads
    assert "Today" in first or "today" in first.lower()
    assert first.count("am") + first.count("pm") > 0 and again.count("pm") + again.count("am") > 0  # the book is shown
    monkeypatch.setattr(home, "HOME_BOOK_SECONDS", -1.0)  # a minute later
    await home_view_for(world.copilot, world.manager_id)
    assert len(reads) == 2, "read again once it is older than a minute"


async def test_spa_today_still_reads_the_book_afresh(world: SandboxWorld) -> None:
    from .test_slack_scenarios import ask

    await home_view_for(world.copilot, world.manager_id)
    reads = count_book_reads(world)
    await ask(world, "today", user=FRONT_DESK_USER)
    assert reads, "the command read the spa system"


async def test_homes_opened_together_wait_for_one_read_and_a_failed_read_is_not_kept(world: SandboxWorld) -> None:
    import asyncio

    from spa_copilot.platform.errors import PlatformUnavailable

    await poll_calendar(world.copilot)
    reads = count_book_reads(world)
    views = await asyncio.gather(*(home_view_for(world.copilot, world.manager_id) for _ in range(8)))
    assert len(reads) == 1, reads  # a review of the fix: eight Homes opened at once made eight reads
    assert len({json.dumps(view.to_dict()) for view in views}) == 1

    world.copilot.home_books.clear()
    platform = world.copilot.platform
    real = platform.list_appointments
    failing = {"left": 1}

    async def down_once(**kwargs: object) -> object:
        if failing["left"]:
            failing["left"] -= 1
            raise PlatformUnavailable("GET /v1/appointments: HTTP 503 after 5 attempts", status=503)
        return await real(**kwargs)

    platform.list_appointments = down_once  # type: ignore[method-assign]
    unread = json.dumps((await home_view_for(world.copilot, world.manager_id)).to_dict())
    read = json.dumps((await home_view_for(world.copilot, world.manager_id)).to_dict())
    assert unread != read, "the failed read was not kept: the next Home reads the book"
