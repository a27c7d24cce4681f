"""rev41i: the new 'name of several words goes in quotes' lead fires on commands whose name is fine (one word or an
id) and whose only quoted phrase is the location: it tells staff to quote the service, day and window as a name."""
from __future__ import annotations

import pytest

from spa_copilot.slack.command_parser import CommandError, check_command, parse_command


def _problem(text: str) -> str:
    with pytest.raises(CommandError) as raised:
        check_command(parse_command(text))
    return raised.value.problem


@pytest.mark.parametrize(
    "typed",
    [
        'waitlist add Nora Swedish Massage 60 fri 2pm-6pm "Venice Beach"',  # one-word name, unquoted service
        'waitlist add cl_0042 Swedish Massage 60 fri 2pm-6pm "Venice Beach"',  # an id, unquoted service
        'waitlist add Nora Long svc_001 fri 2pm-6pm "Venice Beach"',  # hint right, but the name it quotes is wrong
        'waitlist add Nora massage frday 2pm-6pm "Upper East Side"',  # a typo in the day, the location quoted
    ],
)
def test_the_quote_the_name_lead_does_not_quote_service_day_and_window_as_a_name(typed: str) -> None:
    problem = _problem(typed)
    assert "2pm-6pm\" \"" not in problem, problem  # e.g. waitlist add "Nora Swedish Massage 60 fri 2pm-6pm" ...
