"""Every ``/spa`` subcommand says what is wrong with its day before the spa system is asked anything (5 December).

``today`` and ``brief`` had their days read on the location's today at parse time (tests/test_s30_slack_weekday_not_
the_dates.py); an audit of the other subcommands found ``risk``, ``conflicts`` and ``waitlist add`` still reading the
locations first and ``parse_day`` only then, so a day refused in every zone (more than two years away, a weekday
that is not the date's, ``next fri`` said early in the week) got "the spa system is not answering" while it was down;
so did ``brief 2031-01-01 Thu``, whose two days the answer settles with the staff list (Thu may be a therapist), though
the date is refused whichever of them is the day. Now each gets the help at once, the problem the answer itself gave."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from spa_copilot.domain import Shift
from spa_copilot.sandbox.world import FRONT_DESK_USER, SandboxWorld
from spa_copilot.settings import Settings
from spa_copilot.slack import texts
from spa_copilot.slack.answers import ANSWERS
from spa_copilot.slack.command_parser import CommandError, check_command, parse_command
from tests import builders as b
from tests.conftest import DAY, front_desk_asks, small_spa_world

SHIFTS = [Shift(weekday=d, start="09:00", end="18:00") for d in range(7)]
# the scenario's now is Tue 24 Nov 2026 2:00pm UTC: Wed 9 Dec; next fri is the 27th to some, Dec 4 to others
REFUSED = {
    "risk 2031-01-01": "2031-01-01 is too far away",
    "risk Thu Dec 9": "Wed 9 Dec is a Wednesday, not a Thursday",
    "risk next fri": "next fri could be Fri 27 Nov or Fri 4 Dec",
    "conflicts 2031-01-01": "2031-01-01 is too far away",
    "conflicts Thu Dec 9": "Wed 9 Dec is a Wednesday, not a Thursday",
    "conflicts 2031-01-01 Downtown": "2031-01-01 is too far away",
    "waitlist add cl_1 sv_1 Thu Dec 9 2pm-6pm": "Wed 9 Dec is a Wednesday, not a Thursday",
    "waitlist add cl_1 sv_1 2031-01-01 2pm-6pm": "2031-01-01 is too far away",
    "brief 2031-01-01 Thu": "2031-01-01 is too far away",
    "today tomorrow 2031-01-01": "today takes one day",
}


class NoRisk:
    """A risk model that scores nothing (``risk`` answers only with one installed)."""

    def score(self, *args: object, **kwargs: object) -> dict:
        return {}


@pytest.fixture
async def thu_world(settings: Settings, clock: object, tmp_path: Path) -> AsyncIterator[SandboxWorld]:
    """The small spa (Downtown; Mia, a manager Bea; clients cl_1 and cl_2; service sv_1) with Thu Nguyen."""
    staff = [b.staff("st_thu", first_name="Thu", last_name="Nguyen", shifts=SHIFTS, skills=["massage", "facial"])]
    appointments = [b.appointment(b.at(DAY, "10:00"), staff_id="st_thu", resource_ids=[], id="ap_thu")]
    async with small_spa_world(settings, tmp_path, clock, appointments, shifts=SHIFTS, staff=staff) as world:
        world.copilot.risk = NoRisk()
        yield world


@pytest.mark.parametrize("typed", sorted(REFUSED))
async def test_the_help_comes_before_any_read_while_the_spa_system_is_down(
    thu_world: SandboxWorld, monkeypatch: pytest.MonkeyPatch, typed: str
) -> None:
    world = thu_world
    world.copilot.catalog_ttl_seconds = 0
    world.spa.faults.fail_next(50, status=503)
    read = world.copilot.catalog
    reads: list[object] = []

    async def counted(**kwargs: object) -> object:
        reads.append(1)
        return await read(**kwargs)

    monkeypatch.setattr(world.copilot, "catalog", counted)
    answer = await front_desk_asks(world, typed)
    assert REFUSED[typed] in answer, answer[:400]
    assert texts.PLATFORM_DOWN_TEXT not in answer
    assert reads == [], "the help comes before any read of the spa system"
    assert world.spa.faults.scripted_pending == 50, "no request reached the spa system"


@pytest.mark.parametrize("typed", sorted(set(REFUSED) - {"today tomorrow 2031-01-01", "conflicts 2031-01-01 Downtown"}))
async def test_it_is_the_problem_the_answer_found_after_its_read(thu_world: SandboxWorld, typed: str) -> None:
    command = parse_command(typed)
    with pytest.raises(CommandError) as found_late:
        await ANSWERS[command.name](thu_world.copilot, command, FRONT_DESK_USER)
    with pytest.raises(CommandError) as found_early:
        check_command(command, now=thu_world.copilot.now())
    assert found_early.value.problem == found_late.value.problem


@pytest.mark.parametrize("typed", ["conflicts next fri", "risk next fri", "today next fri", "brief Mia next fri",
                                   "waitlist add cl_1 sv_1 next fri 2pm-6pm"])
def test_a_day_some_zone_reads_is_left_to_the_answer(typed: str) -> None:
    """Thursday 11:00pm UTC is Friday in Auckland, where "next fri" is a week away: the location's zone decides."""
    check_command(parse_command(typed), now=datetime(2026, 11, 26, 23, 0, tzinfo=UTC))


async def test_valid_days_are_answered_as_before(thu_world: SandboxWorld) -> None:
    world = thu_world
    assert "High no-show risk" in await front_desk_asks(world, "risk Wed Dec 9") or "No high-risk bookings" in (
        await front_desk_asks(world, "risk Wed Dec 9")
    )
    assert "Wed 9 Dec" in await front_desk_asks(world, "conflicts Wed Dec 9")
    assert "Briefing for Thu Nguyen, Wed 25 Nov" in await front_desk_asks(world, "brief Thu tomorrow")
