"""s47 (probe47c): a therapist double-booked across the two locations (Ana, SoHo 9:00-10:15am EST with Wei W.; the
same morning booked at Venice 7:00-7:30am PST = 10:00-10:30am EST), found by `/spa conflicts`, is marked "⚠ overlaps"
in `/spa today @Ana` and `/spa today` too, the other booking named on its own location's clock: the desk had to
convert PST to EST to see it (`alerts.mark_book_clashes` now gives the engine the other locations' books)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from spa_copilot.sandbox.world import FRONT_DESK_USER, SandboxWorld
from tests.conftest import float_staff


async def _ask(world: SandboxWorld, text: str) -> str:
    before = len(world.slack.responses)
    assert (await world.sender.slash_command(text, user_id=FRONT_DESK_USER)).status_code == 200
    await world.slack.wait_for(lambda s: len(s.responses) > before, timeout=30)
    r = world.slack.responses[before]
    return "\n".join(b["text"]["text"] for b in r.blocks if isinstance(b.get("text"), dict))


def _line(text: str, needle: str) -> str:
    return next(line for line in text.splitlines() if needle in line)


async def test_a_cross_location_double_booking_is_marked_in_the_day_book(world: SandboxWorld) -> None:
    la = ZoneInfo("America/Los_Angeles")
    float_staff(world, "st_ana_reyes", "loc_venice", datetime(2026, 11, 24, 7, 0, tzinfo=la), "ap_float1")

    conflicts = await _ask(world, "conflicts")
    assert "Ana Reyes is booked for 2 appointments at once" in conflicts  # the engine sees it

    mine = await _ask(world, "today @Ana")
    assert "overlaps" in _line(mine, "Wei W."), mine
    soho = await _ask(world, "today")
    assert "overlaps" in _line(soho, "Wei W."), soho


async def test_the_mark_names_the_other_booking_on_its_own_clock_in_both_books(world: SandboxWorld) -> None:
    la = ZoneInfo("America/Los_Angeles")
    float_staff(world, "st_ana_reyes", "loc_venice", datetime(2026, 11, 24, 7, 0, tzinfo=la), "ap_float1")

    soho = _line(await _ask(world, "today @Ana"), "Wei W.")
    assert "overlaps Aria O.'s 7:00am PST" in soho, soho  # the Venice booking, as its own row shows it
    venice = await _ask(world, "today Venice")
    assert "overlaps Wei W.'s 9:00am EST" in _line(venice, "Aria O."), venice
    # the row under "Also booked at" is not marked: the clash is said once, on this location's own line
    assert "overlaps" not in _line(venice, "Wei W. — Hot Stone"), venice
    # a clash within one location is still named without a zone
    assert "overlaps Bella W.'s 4:15pm*" in _line(venice, "Bella E."), venice

