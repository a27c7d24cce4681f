"""Allergens after an allergy heading's first item that the reader lost (session 32).

A line under "Allergies: penicillin (rash)" ("Zosyn") was lost: a heading's answer with an item's reaction in brackets
or after a dash was no plain list, so the next line was not read on. A scent alone on the next line ("Allergies:
latex⏎lavender") was read as a liked scent, not as the essential-oils allergy a bulleted line there is. An animal
("cats") after a pipe, a semicolon or on the next line was lost, though "Allergies: latex, cats" reads it.
"""

from __future__ import annotations

from datetime import date

import pytest

from spa_copilot.ai.extraction import extract_profile_offline

DAY = date(2026, 12, 5)


def read(note: str) -> tuple[list[str], list[str]]:
    profile = extract_profile_offline(note, today=DAY)
    return sorted(profile.values("allergies")), sorted(profile.values("scent"))


@pytest.mark.parametrize(("note", "expected"), [
    ("Allergies: penicillin (rash)\nZosyn", ["penicillin", "zosyn"]),
    ("Allergies: latex - hives\nZosyn", ["latex", "zosyn"]),
    ("Allergies: penicillin (severe hives), sulfa - rash\nKeflex", ["keflex", "penicillin", "sulfa"]),
    ("Allergies: latex\nlavender", ["essentialOils", "latex"]),
    ("Allergies:\nlatex\neucalyptus", ["essentialOils", "latex"]),
    ("Allergies: latex\ncats", ["cats", "latex"]),
    ("Allergies: latex - hives | cats", ["cats", "latex"]),
    ("Allergies: latex - hives; cats", ["cats", "latex"]),
    ("Allergies: latex; dogs", ["dogs", "latex"]),
])
def test_an_allergen_after_the_first_item_is_read(note: str, expected: list[str]) -> None:
    allergies, scents = read(note)
    assert allergies == expected
    assert scents == []


@pytest.mark.parametrize(("note", "expected"), [
    ("Allergies: latex\nAdvil", ["latex"]),  # a pain reliever she takes, no allergen
    ("Allergies: latex - see chart\ncodeine", ["latex"]),  # a longer answer still ends the list
    ("Allergies: latex\nPressure: firm", ["latex"]),
    ("Allergies: latex\nlavender, firm pressure", ["latex"]),
])
def test_what_is_no_plain_allergen_line_is_not_read_as_one(note: str, expected: list[str]) -> None:
    assert read(note)[0] == expected
