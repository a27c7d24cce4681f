"""``/spa risk tomorrow Venice`` says risk covers every location and takes only a day (it said "risk takes one day,
not tomorrow Venice"); ``/spa today 2/29`` is 29 Feb of the nearest leap year within two years (it was "not a
date" unless this year or the next or last had one)."""

from __future__ import annotations

from datetime import date

import pytest

from spa_copilot.sandbox.world import FRONT_DESK_USER, SandboxWorld
from spa_copilot.slack.command_parser import CommandError, check_command, parse_command, parse_day
from spa_copilot.slack.listeners.commands import answer_command


@pytest.mark.parametrize(("typed", "extra"), [("risk tomorrow Venice", "Venice"), ("risk Venice fri", "Venice"),
                                               ("conflicts tomorrow SoHo", "SoHo")])
def test_a_location_after_risk_s_day_is_said_to_be_no_day_risk_takes(typed: str, extra: str) -> None:
    name = typed.split()[0]
    with pytest.raises(CommandError) as raised:
        check_command(parse_command(typed))
    assert raised.value.problem.startswith(f"{name} covers every location, so it takes only a day: {extra} is not one"), raised.value.problem


@pytest.mark.parametrize(("typed", "said"), [("risk tomorrow fri", "risk takes one day, not tomorrow fri"),
                                             ("risk banana kiwi", "risk takes one day, not banana kiwi")])
def test_two_days_or_no_day_still_say_it_takes_one(typed: str, said: str) -> None:
    with pytest.raises(CommandError) as raised:
        check_command(parse_command(typed))
    assert raised.value.problem.startswith(said), raised.value.problem


@pytest.mark.parametrize("word", ["2/29", "Feb 29", "29 Feb"])
def test_feb_29_is_the_nearest_leap_years_within_two_years(word: str) -> None:
    assert parse_day(word, today=date(2026, 12, 3)) == date(2028, 2, 29)
    assert parse_day(word, today=date(2027, 6, 1)) == date(2028, 2, 29)
    assert parse_day(word, today=date(2025, 1, 1)) == date(2024, 2, 29)  # a year back is nearer
    assert parse_day("2/28", today=date(2026, 12, 3)) == date(2027, 2, 28)  # other days as before


async def test_today_2_29_answers_through_slack(world: SandboxWorld) -> None:
    kwargs = (await answer_command(world.copilot, text="today 2/29", user_id=FRONT_DESK_USER)).to_kwargs()
    assert kwargs["text"].startswith("Tue 29 Feb 2028 at "), kwargs["text"]
