"""``waitlist add Joseph Bailey "Swedish Massage 60" tomorrow …`` says first that a name of several words goes in
quotes, with the command as typed but for them (walk41: it led with "Swedish Massage 60 is not a date")."""

from __future__ import annotations

import pytest

from spa_copilot.slack.command_parser import CommandError, check_command, parse_command


def _problem(text: str) -> str:
    with pytest.raises(CommandError) as raised:
        check_command(parse_command(text))
    return raised.value.problem


@pytest.mark.parametrize(
    ("typed", "name", "rest", "day"),
    [
        (
            'waitlist add Joseph Bailey "Swedish Massage 60" tomorrow 14:00-18:00 Venice',
            "Joseph Bailey",
            '"Swedish Massage 60" tomorrow 14:00-18:00 Venice',
            "tomorrow",
        ),
        (
            'waitlist add Mary Kate Smith "Hot Stone Massage 75" fri 2pm-6pm',
            "Mary Kate Smith",
            '"Hot Stone Massage 75" fri 2pm-6pm',
            "fri",
        ),
    ],
)
def test_an_unquoted_name_of_several_words_is_said_first(typed: str, name: str, rest: str, day: str) -> None:
    problem = _problem(typed)
    assert problem.startswith(f'A name of several words goes in quotes: waitlist add "{name}" {rest}'), problem
    assert "is not a date" not in problem
    # quoted, a day not read is still what is said
    quoted = _problem(typed.replace(name, f'"{name}"').replace(f'" {day} ', '" someday '))
    assert quoted.startswith("someday is not a date"), quoted
