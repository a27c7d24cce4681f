"""An apostrophe inside a name is no quote: "client D'Angelo O'Neil" was searched as "DAngelo ONeil" (two apostrophes
paired as a quoted part), "client O'Brien's" as "OBriens"."""

from __future__ import annotations

import pytest

from spa_copilot.slack.command_parser import parse_command


@pytest.mark.parametrize(("text", "args"), [
    ("client D'Angelo O'Neil", ("D'Angelo", "O'Neil")),
    ("client O'Brien", ("O'Brien",)),
    ("client O'Brien's", ("O'Brien's",)),
    ("client 'Nora Long'", ("Nora Long",)),  # quotes around words still group them
    ('client "Nora O\'Long"', ("Nora O'Long",)),
    ("waitlist add 'Nora Long' 'Swedish Massage 60' fri 2pm-6pm", ("add", "Nora Long", "Swedish Massage 60", "fri", "2pm-6pm")),
])
def test_an_apostrophe_inside_a_word_is_kept(text: str, args: tuple[str, ...]) -> None:
    assert parse_command(text).args == args
