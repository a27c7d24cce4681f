"""Body areas in the shorthand therapists write are read (a safety review of the notes reader, 4 December): "avoid
abd", "No abd work", "skip abs", "avoid R trap", "no work on L pec", "avoid L SCM" read no area to avoid."""

from __future__ import annotations

from datetime import date

import pytest

from spa_copilot.ai.extraction import extract_profile_offline

DAY = date(2026, 12, 4)


@pytest.mark.parametrize(
    ("note", "area"),
    [("avoid abd", "abdomen"), ("No abd work", "abdomen"), ("skip abs", "abdomen"), ("avoid R trap", "shoulders"),
     ("no work on L pec", "chest"), ("avoid L SCM", "neck")],
)
def test_an_area_in_shorthand_is_kept_away(note: str, area: str) -> None:
    assert area in extract_profile_offline(note, today=DAY).values("avoid_areas"), note


def test_shorthand_is_a_focus_too_and_an_unrelated_word_is_no_area() -> None:
    assert extract_profile_offline("focus traps", today=DAY).values("focus_areas") == ["shoulders"]
    profile = extract_profile_offline("ABS allergy", today=DAY)  # no area read from it
    assert profile.values("avoid_areas") == [] and profile.values("focus_areas") == []
