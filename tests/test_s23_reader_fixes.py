"""Four notes the offline reader misread (s23), each with the near misses that must read as before.

1. "Sulfa drug allergy" read nothing: the drug word between the name and the allergy hid the name.
2. "Hip replacement (both sides) 3 wks ago" read nothing: only one side in brackets was let before the date.
3. "prefers female therapist, shellfish allergy" made up an allergy "femaleTherapist" from the wish before it.
4. "Nut allergy (negative)" made up an allergy "negative"; the nut allergy is kept (a therapist asks).
"""

from __future__ import annotations

from datetime import date

import pytest

from spa_copilot.ai.extraction import extract_profile_offline

TODAY = date(2026, 12, 4)


def allergies(note: str) -> list[str]:
    return sorted(extract_profile_offline(note, today=TODAY).values("allergies"))


# 1. "<X> drug allergy" reads X, as "<X> allergy" does


@pytest.mark.parametrize(
    ("note", "expected"),
    [
        ("Sulfa drug allergy", ["sulfa"]),
        ("Sulfa drugs allergy", ["sulfa"]),
        ("sulfa drug allergies", ["sulfa"]),
        ("Codeine drug allergy", ["codeine"]),
        ("Has a sulfa drug allergy", ["sulfa"]),
        ("Penicillin and sulfa drug allergies", ["penicillin", "sulfa"]),
        ("Sulfa medication allergy", ["sulfa"]),
        ("Light pressure, sulfa drug allergy", ["sulfa"]),
    ],
)
def test_the_name_before_a_drug_allergy_is_read(note: str, expected: list[str]) -> None:
    assert allergies(note) == expected


@pytest.mark.parametrize(
    ("note", "expected"),
    [
        ("Penicillin allergy", ["penicillin"]),
        ("Allergic to sulfa", ["sulfa"]),
        ("allergic to sulfa drugs", ["sulfaDrugs"]),
        ("Allergies: penicillin, latex", ["latex", "penicillin"]),
        ("Drug allergy", []),
        ("Multiple drug allergies", []),
        ("No sulfa drug allergy", []),
        ("Husband's sulfa drug allergy", []),
        ("Sulfa drug allergy (husband)", []),
        ("No sulfa soap - skin reacts", []),
    ],
)
def test_drug_allergy_near_misses_read_as_before(note: str, expected: list[str]) -> None:
    assert allergies(note) == expected
