"""Only Venice's book is down while SoHo's answers (probe46j): ``/spa status`` and the App Home name the location whose
sync fails, each in its own zone, and each location's own last good read; ``/spa conflicts`` lists SoHo's conflicts
and names Venice's book as unread, instead of refusing outright. With every book down, both read as before."""

import json
from datetime import datetime, timedelta

from spa_copilot import scheduler
from spa_copilot.domain import Location
from spa_copilot.platform.errors import PlatformUnavailable
from spa_copilot.sandbox.world import FRONT_DESK_USER, SandboxWorld
from spa_copilot.slack import texts
from spa_copilot.slack.blocks import escape, zoned_clock
from spa_copilot.slack.home import home_view_for
from tests.conftest import FakeClock, book_down
from tests.test_alerts_s17_over_and_acknowledge_all import _ask


async def _venice_down(world: SandboxWorld, clock: FakeClock, minutes: int) -> tuple[datetime, datetime]:
    """Both books read, then Venice's down for ``minutes`` polls, a minute apart: when both were last read together,
    and when Venice's first failed."""
    await scheduler.poll_calendar(world.copilot)
    read_together = clock()
    book_down(world, _venice(world).id, PlatformUnavailable("down"))
    world.copilot.platform._max_retries = 0
    for _ in range(minutes):
        clock.advance(minutes=1)
        await scheduler.poll_calendar(world.copilot)
    return read_together, read_together + timedelta(minutes=1)


def _soho(world: SandboxWorld) -> Location:
    return world.data.locations[0]


def _venice(world: SandboxWorld) -> Location:
    return world.data.locations[1]


async def test_status_names_the_location_whose_sync_fails_in_its_own_zone(
    world: SandboxWorld, clock: FakeClock
) -> None:
    _, failed_at = await _venice_down(world, clock, 5)
    venice, soho = _venice(world), _soho(world)
    assert venice.time_zone != soho.time_zone  # Venice's time is said in its own zone, not SoHo's
    status = await _ask(world, "status")
    since = zoned_clock(failed_at, venice.time_zone)
    assert f"{escape(venice.name)}: sync failing since {since} (the spa system is not answering)." in status, status
    assert f"{escape(soho.name)}: in sync." in status and "Calendar sync failing" not in status, status
    assert "sync failing" in status.splitlines()[1]  # the health itself is still "sync failing"

    book_down(world, soho.id, PlatformUnavailable("down"))  # every book down: the status reads as before
    clock.advance(minutes=1)
    await scheduler.poll_calendar(world.copilot)
    status = await _ask(world, "status")
    assert f"Calendar sync failing since {zoned_clock(failed_at, soho.time_zone)}" in status, status
    assert "in sync." not in status and f"{escape(venice.name)}:" not in status, status


async def test_last_poll_gives_each_locations_own_last_read(world: SandboxWorld, clock: FakeClock) -> None:
    read_together, _ = await _venice_down(world, clock, 90)
    venice, soho = _venice(world), _soho(world)
    status = await _ask(world, "status")
    venice_read = f"{zoned_clock(read_together, venice.time_zone)} ({escape(venice.name)})"
    soho_read = f"{zoned_clock(clock(), soho.time_zone)} ({escape(soho.name)})"
    assert f"last poll {soho_read}, {venice_read} ·" in status, status  # not SoHo's fresh poll alone

    del world.copilot.platform.list_appointments  # Venice answers again: both read together, one time as before
    clock.advance(minutes=1)
    await scheduler.poll_calendar(world.copilot)
    status = await _ask(world, "status")
    assert f"in sync · last poll {zoned_clock(clock(), soho.time_zone)} · last webhook" in status, status
    assert escape(venice.name) not in status, status


async def test_conflicts_lists_the_locations_that_answer_and_names_the_one_unread(
    world: SandboxWorld, clock: FakeClock
) -> None:
    await _venice_down(world, clock, 5)
    venice, soho = _venice(world), _soho(world)
    reply = await _ask(world, "conflicts")
    assert f" · {escape(soho.name)} · " in reply, reply  # SoHo's conflicts, listed
    unread = f"{escape(venice.name)}'s book could not be read just now; its conflicts are not listed."
    assert reply.endswith(unread) and f" · {escape(venice.name)} · " not in reply, reply
    assert "may be missing" not in reply, reply  # Venice is named once

    book_down(world, soho.id, PlatformUnavailable("down"))  # every book down: the refusal, as before
    assert await _ask(world, "conflicts") == escape(texts.PLATFORM_DOWN_TEXT)


async def test_a_soho_home_shows_its_book_and_names_venice_as_the_one_failing(
    world: SandboxWorld, clock: FakeClock
) -> None:
    await _venice_down(world, clock, 5)
    home = json.dumps((await home_view_for(world.copilot, FRONT_DESK_USER)).to_dict())
    assert f"Today at {escape(_soho(world).name)}" in home and "could not be read" not in home, home[:1500]
    assert f"{escape(_venice(world).name)}: sync failing since" in home, home[:1500]
