"""``/spa risk 2026-02-30 Venice`` says the date is none first (it said "risk covers every location … Did you mean
/spa risk 2026-02-30?", suggesting the impossible date), and that the location is to be left out, in one line."""

from __future__ import annotations

import pytest

from spa_copilot.slack.command_parser import DATE_HINT, CommandError, check_command, parse_command


def _refusal(typed: str) -> CommandError:
    with pytest.raises(CommandError) as raised:
        check_command(parse_command(typed))
    return raised.value


@pytest.mark.parametrize(
    ("typed", "problem"),
    [
        ("risk 2026-02-30 Venice", f"2026-02-30 is not a date ({DATE_HINT}); risk covers every location, so leave out Venice"),
        ("risk Venice 2026-02-30", f"2026-02-30 is not a date ({DATE_HINT}); risk covers every location, so leave out Venice"),
        ("risk 13/45 Juniper Venice", f"13/45 is not a date ({DATE_HINT}); risk covers every location, so leave out Juniper Venice"),
        ("conflicts 2026-02-30 SoHo", f"2026-02-30 is not a date ({DATE_HINT}); conflicts covers every location, so leave out SoHo"),
    ],
)
def test_an_impossible_date_with_a_location_names_the_date_first(typed: str, problem: str) -> None:
    refusal = _refusal(typed)
    assert refusal.problem == problem
    assert refusal.suggestion is None  # never "Did you mean /spa risk 2026-02-30?"


def test_a_good_date_with_a_location_still_says_only_a_day_is_taken() -> None:
    refusal = _refusal("risk fri Venice")
    assert refusal.problem.startswith("risk covers every location, so it takes only a day: Venice is not one")
    assert refusal.suggestion == "risk fri"


def test_conflicts_suggests_its_own_default_day_and_risk_its_own() -> None:
    """``conflicts`` shows today with no day, ``risk`` tomorrow: a word that is no day is answered with each one's."""
    with pytest.raises(CommandError) as conflicts:
        check_command(parse_command("conflicts banana"))
    with pytest.raises(CommandError) as risk:
        check_command(parse_command("risk banana"))
    assert conflicts.value.suggestion == "conflicts today" and risk.value.suggestion == "risk tomorrow"
