"""``/spa brief tomorrow`` (no therapist) gets the short help first, before any read of the spa system (5 December).

The shape check let ``brief`` with only a day through, and the answer read the staff list before saying a therapist
was needed: while the spa system was down the front desk was told it is not answering, as if trying again later
would help, instead of what to type. Now the check says so at once; a lone weekday's word (``brief Thu``, which may be
a therapist's first name) is still left to the answer, which asks the staff list."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from spa_copilot.domain import Shift
from spa_copilot.sandbox.world import SandboxWorld
from spa_copilot.settings import Settings
from spa_copilot.slack import texts
from spa_copilot.slack.command_parser import BRIEF_NEEDS_A_THERAPIST, CommandError, check_command, parse_command
from tests import builders as b
from tests.conftest import DAY, front_desk_asks, small_spa_world

SHIFTS = [Shift(weekday=d, start="09:00", end="18:00") for d in range(7)]
NO_NAME = ["brief tomorrow", "brief tmrw", "brief tomorrow!", "brief “tomorrow”", "brief next fri", "brief Dec 7",
           "brief 12/7", "brief 2026-12-07", "brief in 2 days", "brief the 8th"]


@pytest.fixture
async def thu_world(settings: Settings, clock: object, tmp_path: Path) -> AsyncIterator[SandboxWorld]:
    """The small spa (Downtown; Mia, a manager Bea) with Thu Nguyen, booked at 10:00 on the scenario's Tuesday."""
    staff = [b.staff("st_thu", first_name="Thu", last_name="Nguyen", shifts=SHIFTS, skills=["massage", "facial"])]
    appointments = [b.appointment(b.at(DAY, "10:00"), staff_id="st_thu", resource_ids=[], id="ap_thu")]
    async with small_spa_world(settings, tmp_path, clock, appointments, shifts=SHIFTS, staff=staff) as world:
        yield world


@pytest.mark.parametrize("typed", NO_NAME)
def test_the_shape_check_says_brief_needs_a_therapist(typed: str) -> None:
    with pytest.raises(CommandError) as raised:
        check_command(parse_command(typed))
    assert raised.value.problem == BRIEF_NEEDS_A_THERAPIST


@pytest.mark.parametrize("typed", NO_NAME)
async def test_brief_without_a_therapist_gets_the_help_while_the_spa_system_is_down(
    thu_world: SandboxWorld, monkeypatch: pytest.MonkeyPatch, typed: str
) -> None:
    world = thu_world
    world.copilot.catalog_ttl_seconds = 0
    world.spa.faults.fail_next(50, status=503)
    read = world.copilot.catalog
    reads: list[object] = []

    async def counted() -> object:
        reads.append(1)
        return await read()

    monkeypatch.setattr(world.copilot, "catalog", counted)
    answer = await front_desk_asks(world, typed)
    assert "brief needs a therapist" in answer, answer[:300]
    assert texts.PLATFORM_DOWN_TEXT not in answer
    assert reads == [], "the help comes before any read of the spa system"


@pytest.mark.parametrize("typed", ["brief Thu", "brief Thu Nov 26", "brief Thu tomorrow"])
def test_a_weekday_word_that_may_be_a_name_is_left_to_the_answer(typed: str) -> None:
    try:
        check_command(parse_command(typed))
    except CommandError as refused:  # "brief Thu tomorrow" is TwoDays, which the answer settles
        assert refused.problem != BRIEF_NEEDS_A_THERAPIST


async def test_the_answers_with_the_spa_system_up_are_unchanged(thu_world: SandboxWorld) -> None:
    assert "brief needs a therapist" in await front_desk_asks(thu_world, "brief tomorrow")
    assert "brief needs a therapist" in await front_desk_asks(thu_world, "brief sun")
    assert "Briefing for Thu Nguyen, Thu 26 Nov" in await front_desk_asks(thu_world, "brief Thu Nov 26")
    assert "Briefing for Thu Nguyen, Tue 24 Nov" in await front_desk_asks(thu_world, "brief Thu")
    assert "Briefing for Mia Test, Wed 25 Nov" in await front_desk_asks(thu_world, "brief Mia tomorrow")
