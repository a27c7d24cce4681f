"""A bracket after a surgery's site gives its side only when it holds the side (4 Dec 2026).

303be3e's lexicon.SIDE_AFTER_SITE took the first word after "(" as the side: "Knee surgery (right after her fall) 2 wks
ago on the left knee" briefed "surgery (right knee)", the wrong knee; "(r/o meniscus tear)" ("rule out") read as
right. Now "(right)", "(L)", "(left.)", "(R side)", "(right knee)", "(L, 11/20)" give the side, other brackets none
(the line says "surgery (knee)", no side guessed). A dated replacement with its side in brackets ("Hip replacement
(right) 3 wks ago") is a surgery, as "R hip replacement 3 wks ago" is; before, the bracket hid the date and nothing
was read.
"""

from __future__ import annotations

from datetime import date

import pytest

from spa_copilot.ai.extraction import extract_profile_offline
from spa_copilot.engines.briefing import allergies
from tests.builders import client

TODAY = date(2026, 12, 4)


def _surgery_line(note: str) -> list[str]:
    profile = extract_profile_offline(note, today=TODAY)
    return [line for line in allergies(client("cl_1"), profile) if line.startswith("surgery")]


@pytest.mark.parametrize(
    ("note", "line"),
    [
        # a bracket that says more than the side gives none
        ("Knee surgery (right after her fall) 2 wks ago on the left knee", "surgery (knee)"),
        ("Knee surgery (r/o meniscus tear) 2 wks ago, L knee", "surgery (knee)"),
        ("Knee surgery (l/r unclear) 2 wks ago", "surgery (knee)"),
        ("Shoulder surgery (right after the accident) 3 wks ago", "surgery (shoulder)"),
        # a bracket that holds the side gives it
        ("Knee surgery (right) 2 wks ago, left knee fine", "surgery (right knee)"),
        ("Knee surgery (L) 2 wks ago", "surgery (left knee)"),
        ("Knee surgery (left.) 2 wks ago", "surgery (left knee)"),
        ("Knee surgery ( R side ) 2 wks ago", "surgery (right knee)"),
        ("Knee surgery (right knee) 2 wks ago", "surgery (right knee)"),
        ("Shoulder surgery (R), 3 wks ago", "surgery (right shoulder)"),
        ("knee surgery on the left side", "surgery (left knee)"),
        # a dated replacement with its side in brackets
        ("Hip replacement (right) 3 wks ago", "surgery (right hip)"),
        ("Hip replacement (R) on 11/20", "surgery (right hip)"),
    ],
)
def test_a_bracket_gives_the_side_only_when_it_holds_the_side(note: str, line: str) -> None:
    assert _surgery_line(note) == [f"{line}: keep clear of the surgical area"]


@pytest.mark.parametrize("note", ["Hip replacement (right) 2015", "Hip replacement (right)"])
def test_a_replacement_long_ago_or_undated_is_still_no_surgery(note: str) -> None:
    assert _surgery_line(note) == []
