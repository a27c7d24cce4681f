"""``/spa today Ana's`` is Ana's day, and ``brief (tmrw)`` / ``today (tomorrow)`` are tomorrow (5 December).

``today Ana's`` looked for a therapist, room or location called "Ana's" and found none; a day in parentheses, as a
day is often written after a name (``brief Mia (tmrw)``), was read as a name too. Now a possessive's ending on the
last word before the day (or the last word) is left out for ``today`` and ``brief`` ("Women's Lounge" keeps its
own), and a day in parentheses is that day for every subcommand that takes one; other words in brackets stay."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from spa_copilot.domain import Shift
from spa_copilot.sandbox.world import SandboxWorld
from spa_copilot.settings import Settings
from spa_copilot.slack.command_parser import parse_command
from tests import builders as b
from tests.conftest import DAY, front_desk_asks, small_spa_world

SHIFTS = [Shift(weekday=d, start="09:00", end="18:00") for d in range(7)]


@pytest.mark.parametrize(
    ("typed", "args"),
    [
        ("today Ana's", ("Ana",)),
        ("today Ana’s", ("Ana",)),
        ("today Ana's tmrw", ("Ana", "tmrw")),
        ("brief Ana's for tmrw", ("Ana", "for", "tmrw")),
        ("brief Ana’s Dec 9", ("Ana", "Dec", "9")),
        ("today <@U0ANA|ana>'s", ("<@U0ANA|ana>",)),
        ("today Women's Lounge", ("Women's", "Lounge")),  # a room's own possessive stays
        ("brief (tmrw)", ("tmrw",)),
        ("today (tomorrow)", ("tomorrow",)),
        ("brief Ana (tmrw)", ("Ana", "tmrw")),
        ("today Ana (Dec 9)", ("Ana", "Dec", "9")),
        ("today Ana's (tmrw)", ("Ana", "tmrw")),
        ("conflicts (tomorrow)", ("tomorrow",)),
        ("today Suite (2)", ("Suite", "(2)")),  # brackets around what is no day stay
    ],
)
def test_the_words_as_read(typed: str, args: tuple[str, ...]) -> None:
    assert parse_command(typed).args == args


@pytest.fixture
async def mia_world(settings: Settings, clock: object, tmp_path: Path) -> AsyncIterator[SandboxWorld]:
    appointments = [b.appointment(b.at(DAY, "10:00"), staff_id="st_1", resource_ids=[], id="ap_mia")]
    async with small_spa_world(settings, tmp_path, clock, appointments, shifts=SHIFTS) as world:
        yield world


@pytest.mark.parametrize(("typed", "said"), [
    ("today Mia's", "Mia Test"),
    ("today Mia’s tomorrow", "Wed 25 Nov"),
    ("today (tomorrow)", "Wed 25 Nov"),
    ("today Mia (tmrw)", "Wed 25 Nov"),
])
async def test_today_answers(mia_world: SandboxWorld, typed: str, said: str) -> None:
    answer = await front_desk_asks(mia_world, typed)
    assert said in answer and "not a therapist, room or location" not in answer, answer[:300]


@pytest.mark.parametrize(("typed", "said"), [
    ("brief Mia's", "Briefing for Mia Test, Tue 24 Nov"),
    ("brief Mia’s tmrw", "Briefing for Mia Test, Wed 25 Nov"),
    ("brief Mia (tmrw)", "Briefing for Mia Test, Wed 25 Nov"),
    ("brief (tmrw)", "brief needs a therapist"),
])
async def test_brief_answers(mia_world: SandboxWorld, typed: str, said: str) -> None:
    answer = await front_desk_asks(mia_world, typed)
    assert said in answer, answer[:300]
