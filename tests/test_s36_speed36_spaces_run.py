"""The reader's "tab before a form's allergy question" pattern on long runs of spaces: a match starts only where a run
of spaces starts, never again at each space inside it (a note of 10,000 spaces took a quarter of a second there,
squared in the run's length), and it splits what the plain pattern split."""

from __future__ import annotations

import re

import pytest

from spa_copilot.ai import extraction
from spa_copilot.ai import lexicon as lx

#: the pattern as it was before it learned where a run starts
PLAIN = re.compile(
    rf"[^\S\n\t]*+{lx.FIELD_SEPARATOR}[^\S\n]*+(?=(?:do[^\S\n]+you[^\S\n]+have[^\S\n]+any|any)[^\S\n]+(?:known[^\S\n]+)?{lx.ALLERGY_WORD}[^\S\n]*\?)",
    re.IGNORECASE,
)


def test_no_match_is_tried_from_inside_a_run_of_spaces() -> None:
    line = "Jane Roe" + " " * 50 + "| Any allergies? nuts"
    inside = len("Jane Roe") + 10
    assert extraction._TAB_BEFORE_A_QUESTION.match(line, inside) is None
    assert extraction._TAB_BEFORE_A_QUESTION.match(line, len("Jane Roe")) is not None
    assert PLAIN.match(line, inside) is not None  # the plain pattern tried again there, and at every space


@pytest.mark.parametrize(
    "line",
    [
        "Client: Jane Roe\tDo you have any allergies? citrus, iodine",
        "Client: Jane Roe \t Any allergies? latex",
        "Jane Roe" + " " * 10_000 + "| any known allergies ? nuts",
        "Jane Roe" + " " * 300 + "\t" + " " * 300 + "any allergies? x | any allergies? y",
        "Name: A • any allergies? none",
        "Name: A  •  Any allergies? nuts\tMeds: none",
        " " * 10_000,
        "\t" * 500 + " " * 500 + "|",
        "x |any allergies?|any allergies? nuts",
        "  | any allergies?\t| any allergies?",
    ],
)
def test_it_splits_a_line_as_the_plain_pattern_did(line: str) -> None:
    assert extraction._TAB_BEFORE_A_QUESTION.sub("\n", line) == PLAIN.sub("\n", line)
