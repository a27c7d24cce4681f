"""``/spa today Thu Dec 9`` when Dec 9 is a Wednesday gets its help before any read of the spa system (5 December).

The shape check read a weekday before a date on any day, without asking whether the two agree, and left that to
``parse_day``, which the answer calls once it has read the location (and its zone) from the spa system: the help
came only after that read, and while the spa system was down the front desk was told it is not answering instead of
what was wrong. Now the check reads the phrase on every day that can be today somewhere at that instant; a problem
found on all of them (so in the location's zone, whichever it is) is said at once, the same help the answer gave.
``brief Thu Dec 9`` may still be Thu Nguyen's briefing of Dec 9: only its date is checked there."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from spa_copilot.domain import Shift
from spa_copilot.sandbox.world import FRONT_DESK_USER, SandboxWorld
from spa_copilot.settings import Settings
from spa_copilot.slack import texts
from spa_copilot.slack.answers import ANSWERS
from spa_copilot.slack.command_parser import CommandError, check_command, parse_command
from tests import builders as b
from tests.conftest import DAY, NOW, front_desk_asks, small_spa_world

SHIFTS = [Shift(weekday=d, start="09:00", end="18:00") for d in range(7)]
# the scenario's today is Tue 24 Nov 2026: Wed 9 Dec, Tue 1 Dec, Sat 28 Nov
MISMATCHED = {
    "today Thu Dec 9": "Wed 9 Dec is a Wednesday, not a Thursday",
    "today Thursday, Dec 9th": "Wed 9 Dec is a Wednesday, not a Thursday",
    "today Mia Thu Dec 9": "Wed 9 Dec is a Wednesday, not a Thursday",
    "today Thu Dec 9 Downtown": "Wed 9 Dec is a Wednesday, not a Thursday",
    "today fri 12/1": "Tue 1 Dec is a Tuesday, not a Friday",
    "brief Mia Thu Dec 9": "Wed 9 Dec is a Wednesday, not a Thursday",
    "brief Mia sun 2026-11-28": "Sat 28 Nov is a Saturday, not a Sunday",
}


@pytest.fixture
async def thu_world(settings: Settings, clock: object, tmp_path: Path) -> AsyncIterator[SandboxWorld]:
    """The small spa (Downtown; Mia, a manager Bea) with Thu Nguyen, booked at 10:00 on the scenario's Tuesday."""
    staff = [b.staff("st_thu", first_name="Thu", last_name="Nguyen", shifts=SHIFTS, skills=["massage", "facial"])]
    appointments = [b.appointment(b.at(DAY, "10:00"), staff_id="st_thu", resource_ids=[], id="ap_thu")]
    async with small_spa_world(settings, tmp_path, clock, appointments, shifts=SHIFTS, staff=staff) as world:
        yield world


def _down(world: SandboxWorld, monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """The spa system down (every request answered 503) and each catalogue read counted."""
    world.copilot.catalog_ttl_seconds = 0
    world.spa.faults.fail_next(50, status=503)
    read = world.copilot.catalog
    reads: list[object] = []

    async def counted(**kwargs: object) -> object:
        reads.append(1)
        return await read(**kwargs)

    monkeypatch.setattr(world.copilot, "catalog", counted)
    return reads


@pytest.mark.parametrize("typed", sorted(MISMATCHED))
def test_the_shape_check_finds_the_weekday_that_is_not_the_dates(typed: str) -> None:
    with pytest.raises(CommandError) as raised:
        check_command(parse_command(typed), now=NOW)
    assert MISMATCHED[typed] in raised.value.problem


@pytest.mark.parametrize("typed", sorted(MISMATCHED))
async def test_the_help_comes_before_any_read_also_while_the_spa_system_is_down(
    thu_world: SandboxWorld, monkeypatch: pytest.MonkeyPatch, typed: str
) -> None:
    world = thu_world
    reads = _down(world, monkeypatch)
    answer = await front_desk_asks(world, typed)
    assert MISMATCHED[typed] in answer, answer[:300]
    assert texts.PLATFORM_DOWN_TEXT not in answer
    assert reads == [], "the help comes before any read of the spa system"
    assert world.spa.faults.scripted_pending == 50, "no request reached the spa system"


@pytest.mark.parametrize("typed", sorted(MISMATCHED))
async def test_it_is_the_help_the_answer_gave_after_its_read(thu_world: SandboxWorld, typed: str) -> None:
    """The problem is word for word what the answer itself finds once it has read the location (the spa up)."""
    command = parse_command(typed)
    with pytest.raises(CommandError) as found_late:
        await ANSWERS[command.name](thu_world.copilot, command, FRONT_DESK_USER)
    with pytest.raises(CommandError) as found_early:
        check_command(command, now=thu_world.copilot.now())
    assert found_early.value.problem == found_late.value.problem


async def test_days_that_agree_and_a_weekday_that_may_be_a_name_are_unchanged(thu_world: SandboxWorld) -> None:
    world = thu_world
    assert "Wed 9 Dec" in await front_desk_asks(world, "today Wed Dec 9")
    assert "Briefing for Mia Test, Wed 9 Dec" in await front_desk_asks(world, "brief Mia Wed Dec 9")
    # Thu is Thu Nguyen: her briefing of Wed 9 Dec, the weekday's word being her name
    check_command(parse_command("brief Thu Dec 9"), now=NOW)
    assert "Briefing for Thu Nguyen, Wed 9 Dec" in await front_desk_asks(world, "brief Thu Dec 9")
    # with no staff member called Sun, the answer (which asks the staff list) finds nobody to brief
    assert "brief needs a therapist" in await front_desk_asks(world, "brief Sun Dec 9")
