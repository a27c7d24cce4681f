"""A drug's brand name with its reaction, after a semicolon of an allergy list (session 31).

"Known allergies: penicillin; Zosyn - itching" lost the Zosyn: a two-item semicolon list reads a brand name only
when every item is a brand the lexicon knows or plainly an allergen, and the reaction after the dash ("itching")
or the colon ("Zosyn: hives", which also looked like another field's label and broke the list) counted as an item.
The reaction is now left out of that check; with a dash in place of the hyphen the brand is read as well.
"""

from __future__ import annotations

from datetime import date

import pytest

from spa_copilot.ai.extraction import extract_profile_offline

DAY = date(2026, 12, 5)


def allergies(note: str) -> list[str]:
    return sorted(extract_profile_offline(note, today=DAY).values("allergies"))


@pytest.mark.parametrize(("note", "expected"), [
    ("Known allergies: penicillin; Zosyn - itching", ["penicillin", "zosyn"]),
    ("Allergies: penicillin; zosyn - hives", ["penicillin", "zosyn"]),
    ("Allergies: latex; Lamictal - itching", ["lamictal", "latex"]),
    ("Allergies: penicillin; Zosyn: hives", ["penicillin", "zosyn"]),
    ("Allergies: latex; Rocephin: rash", ["latex", "rocephin"]),
    ("Allergies: latex; zosyn \u2013 hives", ["latex", "zosyn"]),
    ("Allergies: latex; Rocephin \u2014 swelling", ["latex", "rocephin"]),
    ("Allergies: coconut oil - hives; Zosyn - itching", ["coconut", "zosyn"]),
])
def test_a_brand_with_its_reaction_after_a_semicolon_is_read(note: str, expected: list[str]) -> None:
    assert allergies(note) == expected


@pytest.mark.parametrize(("note", "expected"), [
    # taken back, asked, someone else's, another field, a device or a name: no brand read, as before
    ("Allergies: latex; Zosyn: no", ["latex"]),
    ("Allergies: latex; Zosyn: negative", ["latex"]),
    ("Allergies: latex; Zosyn? \u2013 hives", ["latex"]),
    ("Allergies: latex; Zosyn (husband) \u2013 hives", ["latex"]),
    ("Allergies: latex; Meds: Zosyn", ["latex"]),
    ("Allergies: latex; Cefaly - hives", ["latex"]),
    ("Allergies: latex; Maria: hives", ["latex"]),
])
def test_a_semicolon_item_that_is_no_allergy_of_hers_is_not_read(note: str, expected: list[str]) -> None:
    assert allergies(note) == expected
