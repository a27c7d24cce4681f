"""A focus on one side and an area kept off on the other are both said (staff-eye review, 4 December).

"Focus right hip. Left hip replaced - avoid" gave only "Avoid: hips": 072ef99 shows an area both a focus and one to
avoid once, under Avoid, and the reader names areas without their side, so the right hip's focus was lost."""

from __future__ import annotations

from datetime import date

from spa_copilot.ai.extraction import extract_profile_offline
from spa_copilot.engines import briefing
from tests.builders import client

DAY = date(2026, 12, 4)


def preferences(note: str) -> list[str]:
    return briefing.preferences(client("cl_1", notes=note), extract_profile_offline(note, today=DAY))


def test_sides_that_differ_keep_the_focus_each_with_its_words() -> None:
    assert preferences("Focus right hip. Left hip replaced - avoid") == [
        "Focus: hips (“Focus right hip”)", "Avoid: hips (“Left hip replaced - avoid”)"
    ]
    assert preferences("Focus R shoulder. avoid L shoulder") == [
        "Focus: shoulders (“Focus R shoulder”)", "Avoid: shoulders (“avoid L shoulder”)"
    ]


def test_one_side_or_none_is_still_said_once_under_avoid() -> None:
    assert preferences("Focus right hip. Avoid right hip") == ["Avoid: hips (“Avoid right hip”)"]
    assert preferences("Focus on feet. Skip the feet, very ticklish") == ["Avoid: feet (“Skip the feet, very ticklish”)"]
