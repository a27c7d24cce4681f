"""docs/behaviour.md states the rule for a waitlist window typed without am or pm once, in the full ``/spa`` table's
``waitlist`` row (5 December): the paragraph on windows under the table said it again in other words ("a start
without am or pm takes the end's"), a second statement to keep in step. It now points to the row, and the examples it
keeps read as it says. (The README's short table gives no rule to keep in step.)"""

from __future__ import annotations

import re
from pathlib import Path

from spa_copilot.slack.command_parser import parse_time_range

DOC = (Path(__file__).resolve().parent.parent / "docs" / "behaviour.md").read_text(encoding="utf-8")
README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


def _paragraph() -> str:
    start = DOC.index("A waitlist window is")
    return " ".join(DOC[start:DOC.index("`status` and `audit`", start)].split())


def test_the_rule_is_stated_once_in_the_waitlist_row_and_the_paragraph_points_to_it() -> None:
    assert DOC.count("is read as a spa's staff mean it") == 1
    assert "takes the end's" not in DOC and "takes the end's" not in README
    assert "by the rule the `waitlist` row above gives" in _paragraph()


def test_the_paragraphs_examples_read_as_it_says() -> None:
    said = re.findall(r"`(\d+-\d+pm)` (?:is )?(\d+)(am|pm) to (\d+)(am|pm)", _paragraph())
    assert len(said) == 2, said
    for typed, start, start_half, end, end_half in said:
        def clock(hour: str, half: str) -> str:
            return f"{int(hour) % 12 + (12 if half == 'pm' else 0):02d}:00"

        assert parse_time_range(typed) == (clock(start, start_half), clock(end, end_half)), typed
