"""s41 texts41: the words of ``/spa texts`` (pure): only a last word that is exactly stop or start is the action, so a
guest whose last name is another word for it ("Hazel Block", "Amy End", "Jo Allow") can be named."""

from __future__ import annotations

import pytest

from spa_copilot.slack.command_parser import check_command, parse_command, texts_request


@pytest.mark.parametrize(
    ("typed", "client", "action"),
    [
        ("texts Hazel Block", "Hazel Block", None),
        ("texts Hazel Block stop", "Hazel Block", "stop"),
        ("texts Amy End start", "Amy End", "start"),
        ("texts Jo Allow", "Jo Allow", None),
        ("texts Jo Off STOP", "Jo Off", "stop"),
    ],
)
def test_a_last_name_that_is_a_word_for_stop_or_start_is_part_of_the_name(
    typed: str, client: str, action: str | None
) -> None:
    command = parse_command(typed)
    check_command(command)
    assert texts_request(command.args) == (client, action)
