"""A therapist whose first name is a weekday's short form (Thu, Sun, Sat) can be asked for by it (a report-only
Slack review, 5 December).

``/spa brief Thu`` answered "brief needs a therapist", ``/spa brief Thu tomorrow`` and ``/spa brief tomorrow Thu``
"brief takes one day, not Thu and tomorrow", and ``/spa today Thu`` gave Thursday's whole book instead of her day:
the word was always read as the day. Now ``brief``, which needs a therapist, reads a lone weekday word that is a
staff member's first name as that person, and of two days the one a staff member is called by; ``today`` asks
which was meant when nothing else typed settles it."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from spa_copilot.domain import Shift
from spa_copilot.sandbox.world import SandboxWorld
from spa_copilot.settings import Settings
from spa_copilot.slack.command_parser import CommandError, TwoDays, check_command, parse_command, take_day_or_name
from tests import builders as b
from tests.conftest import DAY, front_desk_asks, small_spa_world

SHIFTS = [Shift(weekday=d, start="09:00", end="18:00") for d in range(7)]


@pytest.fixture
async def thu_world(settings: Settings, clock: object, tmp_path: Path) -> AsyncIterator[SandboxWorld]:
    """The small spa (Downtown; Mia, a manager Bea) with Thu Nguyen, booked at 10:00 on the scenario's Tuesday."""
    staff = [b.staff("st_thu", first_name="Thu", last_name="Nguyen", shifts=SHIFTS, skills=["massage", "facial"])]
    appointments = [b.appointment(b.at(DAY, "10:00"), staff_id="st_thu", resource_ids=[], id="ap_thu")]
    async with small_spa_world(settings, tmp_path, clock, appointments, shifts=SHIFTS, staff=staff) as world:
        yield world


async def test_brief_reads_a_lone_weekday_word_that_is_a_first_name_as_the_therapist(thu_world: SandboxWorld) -> None:
    answer = await front_desk_asks(thu_world, "brief Thu")
    assert "Briefing for Thu Nguyen, Tue 24 Nov: 1 appointment" in answer
    assert "needs a therapist" not in answer


@pytest.mark.parametrize("typed", ["brief Thu tomorrow", "brief tomorrow Thu", "brief thu Nov 25"])
async def test_brief_of_two_days_takes_the_one_a_staff_member_is_called_by_as_the_therapist(
    thu_world: SandboxWorld, typed: str
) -> None:
    answer = await front_desk_asks(thu_world, typed)
    assert "Briefing for Thu Nguyen, Wed 25 Nov" in answer, answer[:300]


async def test_today_asks_whether_a_weekday_word_that_is_a_first_name_is_the_day_or_the_person(
    thu_world: SandboxWorld,
) -> None:
    answer = await front_desk_asks(thu_world, "today Thu")
    assert "Thu is a day and a name here" in answer
    assert "/spa today Thu Nguyen" in answer and "/spa today Nov 26" in answer
    assert "appointments" not in answer, "no book until it is clear which was meant"
    # each reading as the answer suggests typing it
    assert "Tue 24 Nov at Downtown — Thu Nguyen: 1 appointment" in await front_desk_asks(thu_world, "today Thu Nguyen")
    assert "Thu 26 Nov at Downtown:" in await front_desk_asks(thu_world, "today Nov 26")


@pytest.mark.parametrize("typed", ["today Thu tomorrow", "today tomorrow Thu"])
async def test_today_with_another_day_word_settles_it_as_the_person(thu_world: SandboxWorld, typed: str) -> None:
    assert "Wed 25 Nov at Downtown — Thu Nguyen" in await front_desk_asks(thu_world, typed)


async def test_weekday_words_nobody_is_called_by_stay_days(thu_world: SandboxWorld) -> None:
    assert "Fri 27 Nov at Downtown:" in await front_desk_asks(thu_world, "today fri")
    assert "today takes one day, not tomorrow and fri" in await front_desk_asks(thu_world, "today tomorrow fri")
    assert "brief needs a therapist" in await front_desk_asks(thu_world, "brief sun")
    assert "brief takes one day, not tomorrow and sun" in await front_desk_asks(thu_world, "brief tomorrow sun")
    # a name typed as well: the weekday word is no person here
    assert "brief takes one day, not tomorrow and Thu" in await front_desk_asks(thu_world, "brief Mia tomorrow Thu")


def test_the_shape_check_leaves_a_weekday_word_beside_a_day_to_the_answer() -> None:
    with pytest.raises(TwoDays):
        check_command(parse_command("brief Thu tomorrow"))
    with pytest.raises(CommandError) as raised:
        check_command(parse_command("today 2026-11-24 2026-11-25"))
    assert not isinstance(raised.value, TwoDays)
    words = ["tomorrow", "Thu"]
    assert take_day_or_name("brief", words, lambda word: word.lower() == "thu", typed="tomorrow Thu") == "tomorrow"
    assert words == ["Thu"]
    with pytest.raises(CommandError, match="takes one day, not Thu and Sun"):
        take_day_or_name("brief", ["Thu", "Sun"], lambda word: True, typed="Thu Sun")
