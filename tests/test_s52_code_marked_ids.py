"""An id copied from the client card or a match list, where Slack shows it in code marks (`cl_0042`), was searched
with its backticks: "No client matches “cl_0042”" for a client who exists, and a guest's STOP not recorded."""

from __future__ import annotations

import pytest

from spa_copilot.sandbox.world import FRONT_DESK_USER
from spa_copilot.slack.command_parser import parse_command


@pytest.mark.parametrize(("typed", "args"), [
    ("client `cl_0042`", ("cl_0042",)),
    ("texts `cl_0042` stop", ("cl_0042", "stop")),
    ("fill ```ap_7```", ("ap_7",)),
    ("client a`b", ("a`b",)),  # a backtick inside a word is the word's
    ("client ``", ("``",)),  # nothing inside the marks: left as typed, to be answered as no match
])
def test_a_word_in_code_marks_is_the_word(typed, args) -> None:
    assert parse_command(typed).args == args


async def test_a_client_id_in_code_marks_opens_the_card(world) -> None:
    """Guards the whole path: the real /spa through Bolt against the sandbox finds the client."""
    client_id = sorted(world.spa.clients)[0]
    before = len(world.slack.responses)
    await world.sender.slash_command(f"client `{client_id}`", user_id=FRONT_DESK_USER)
    await world.slack.wait_for(lambda s: len(s.responses) > before, timeout=10)
    assert world.slack.responses[before].text.startswith("Client card:"), world.slack.responses[before].text
