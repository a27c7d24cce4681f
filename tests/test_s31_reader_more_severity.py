"""A drug's brand after a semicolon with how bad it is after its reaction (session 31, second pass).

"Allergies: latex; Zosyn: hives - severe" lost the Zosyn ("…; Zosyn: hives" read it): the item after the dash,
"severe", is no drug's name nor plainly an allergen's, so the two-item semicolon list was not taken for a list of
drug brands. An item after a dash that only says how bad it is now names nothing there, as a reaction after a dash
already did; a device the lexicon does not know as a drug ("…; Cefaly - severe") is still not read.
"""

from __future__ import annotations

from datetime import date

import pytest

from spa_copilot.ai.extraction import extract_profile_offline

DAY = date(2026, 12, 5)


def allergies(note: str) -> list[str]:
    return sorted(extract_profile_offline(note, today=DAY).values("allergies"))


@pytest.mark.parametrize(("note", "expected"), [
    ("Allergies: latex; Zosyn: hives - severe", ["latex", "zosyn"]),
    ("Allergies: latex; Zosyn - hives - severe", ["latex", "zosyn"]),
    ("Allergies: latex; Zosyn - severe", ["latex", "zosyn"]),
    ("Allergies: penicillin; Keflex: rash - mild", ["keflex", "penicillin"]),
])
def test_a_brand_with_how_bad_after_its_reaction_is_read(note: str, expected: list[str]) -> None:
    assert allergies(note) == expected


@pytest.mark.parametrize(("note", "expected"), [
    ("Allergies: latex; Cefaly - severe", ["latex"]),
])
def test_a_device_after_the_semicolon_is_still_no_allergy(note: str, expected: list[str]) -> None:
    assert allergies(note) == expected
