"""s40 optout40: the words of ``/spa texts <client name or id> [stop|start]`` (pure)."""

from __future__ import annotations

import pytest

from spa_copilot.slack.command_parser import CommandError, check_command, parse_command, texts_request


@pytest.mark.parametrize(("typed", "client", "action"), [
    ("texts cl_0042", "cl_0042", None),
    ("texts cl_0042 STOP", "cl_0042", "stop"),
    ("texts Nora Long stop please", "Nora Long", "stop"),
    ('texts "Nora Long" start.', "Nora Long", "start"),
    ("texts O'Neil, Kay", "O'Neil, Kay", None),  # a name keeps its comma, as client's does
])
def test_the_client_and_what_to_do(typed: str, client: str, action: str | None) -> None:
    command = parse_command(typed)
    check_command(command)
    assert texts_request(command.args) == (client, action)


# "texts Nora Long pause" is refused by the answer now, when no guest is named so: "Hazel Block" is a guest's name
# (s41 texts41, tests/test_s41_texts41_command.py)
@pytest.mark.parametrize("typed", ["texts", "texts stop", "texts cl_0042 off", "texts cl_0042 stop now",
                                   "texts <@U0ANA|ana> stop"])
def test_a_form_it_does_not_take_is_a_command_error(typed: str) -> None:
    with pytest.raises(CommandError):
        check_command(parse_command(typed))


def test_the_words_swapped_suggest_the_right_order() -> None:
    """rev40d L: ``texts stop cl_0042`` was searched as a client named "stop cl_0042" ("No client matches")."""
    with pytest.raises(CommandError) as raised:
        check_command(parse_command("texts stop cl_0042"))
    assert raised.value.suggestion == "texts cl_0042 stop"
