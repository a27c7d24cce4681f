"""An allergy list whose first item gives its reaction after a colon (session 31, second pass).

"Allergies: latex: hives, codeine" stopped the list at the colon and lost every item after the first, where
"latex (hives), codeine" and "latex - hives, codeine" read them all. The reaction after a colon is now an aside up to
the next list mark; a colon before anything else still ends the list ("meds: none").
"""

from __future__ import annotations

from datetime import date

import pytest

from spa_copilot.ai.extraction import extract_profile_offline

DAY = date(2026, 12, 5)


def allergies(note: str) -> list[str]:
    return sorted(extract_profile_offline(note, today=DAY).values("allergies"))


@pytest.mark.parametrize(("note", "expected"), [
    ("Allergies: latex: hives, codeine", ["codeine", "latex"]),
    ("Allergies: latex: hives, Zosyn, Keflex", ["keflex", "latex", "zosyn"]),
    ("Allergies: penicillin: rash, Zosyn", ["penicillin", "zosyn"]),
    ("Known allergies: latex: hives / codeine", ["codeine", "latex"]),
    ("Allergies: latex: hives \u2022 morphine", ["latex", "morphine"]),
    ("Allergies: coconut oil: severe swelling, amoxicillin", ["amoxicillin", "coconut"]),
    ("Allergic to latex: hives and swelling, codeine", ["codeine", "latex"]),
    ("Allergies: latex: hives, swelling, codeine", ["codeine", "latex"]),
])
def test_the_items_after_a_reaction_after_a_colon_are_read(note: str, expected: list[str]) -> None:
    assert allergies(note) == expected


@pytest.mark.parametrize(("note", "expected"), [
    # the reaction words themselves are no allergen
    ("Allergies: latex: hives, swelling", ["latex"]),
    # a colon before no reaction still ends the list: a label answered no names nothing
    ("Allergies: latex, meds: none", ["latex"]),
    ("Allergies: latex\nPressure: firm", ["latex"]),
])
def test_a_colon_before_no_reaction_still_ends_the_list(note: str, expected: list[str]) -> None:
    assert allergies(note) == expected
