"""The notes reader, session 30: a form's "Y" before a list as its "Yes" is, a field answered none after a yes that
is the avoid list's (not the allergy's), and a drug's brand after a semicolon with its remark in brackets."""

from __future__ import annotations

from datetime import date

import pytest

from spa_copilot.ai.extraction import extract_profile_offline

DAY = date(2026, 12, 5)


def allergies(note: str) -> list[str]:
    return sorted(extract_profile_offline(note, today=DAY).values("allergies"))


@pytest.mark.parametrize(("note", "expected"), [
    # a "Y" with a comma or a semicolon before the list is the form's yes, dropped as "Yes" is (the list was only asked
    # about under a compound heading, its allergens lost)
    ("Allergies/Sensitivities: Y; lanolin (mild)\tiodine", ["iodine", "lanolin"]),
    ("Allergies/Sensitivities: Y; amoxicillin\tConditions: none", ["amoxicillin"]),
    ("Allergic to: Y; seasonal pollen: EpiPen", ["seasonalPollen"]),
    ("Known allergies: Y; salicylic acid (hives)", ["salicylicAcid"]),
    # a "Y" alone still asks, and "Y; N" says nothing named
    ("Allergies: Y", ["unnamedAllergy"]),
    ("Allergies: Y; N", ["unnamedAllergy"]),
    # not a list's yes: what follows is a sensitivity, no allergen
    ("Allergies/Sensitivities: Y, cold rooms", ["unnamedAllergy"]),
])
def test_a_forms_y_before_the_list_is_its_yes(note: str, expected: list[str]) -> None:
    assert allergies(note) == expected


@pytest.mark.parametrize(("note", "expected"), [
    # the avoid field's none answers the avoid field: the allergy stands (it read none: the nut allergy was lost)
    ("Nut allergy: yes; Avoid: none", ["nutOil"]),
    ("Nut allergy: Y; Avoid: none", ["nutOil"]),
    ("Lanolin allergy: Y; Avoid: no", ["lanolin"]),
    ("Allergies: yes; Avoid: latex", ["latex"]),
])
def test_an_avoid_field_answered_none_after_a_yes_keeps_the_allergy(note: str, expected: list[str]) -> None:
    assert allergies(note) == expected


@pytest.mark.parametrize(("note", "expected"), [
    ("Allergies: latex; Zosyn (severe)", ["latex", "zosyn"]),
    ("Allergies: aloe; Zosyn (severe)", ["aloe", "zosyn"]),
    # a remark that undoes it, or no drug's brand: as before
    ("Allergies: latex; Zosyn (tolerated)", ["latex"]),
    ("Allergies: latex; Cefaly (device)", ["latex"]),
    ("Allergies: latex; Maria (mom)", ["latex"]),
])
def test_a_drugs_brand_after_a_semicolon_keeps_its_remark(note: str, expected: list[str]) -> None:
    assert allergies(note) == expected
