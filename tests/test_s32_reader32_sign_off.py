"""Staff initials that sign an allergy list (session 32).

Initials after an item's reaction between dashes ("codeine - itching - JM") were read as an allergen "jm": the
reaction's dashes were blanked as an aside before the sign-off was looked for.
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
    ("Allergies: latex - hives, codeine - itching - JM", ["codeine", "latex"]),
    ("Allergies: latex - hives - JM", ["latex"]),
    ("Allergic to latex, codeine - itching - JM", ["codeine", "latex"]),
    ("Allergies: latex - hives, codeine - itching - Kiwi", ["codeine", "kiwi", "latex"]),  # a name may be an allergen
])
def test_staff_initials_after_a_reaction_are_no_allergen(note: str, expected: list[str]) -> None:
    assert read(note)[0] == expected


@pytest.mark.parametrize(("note", "expected"), [
    ("Drug allergies: Keflex; Keflex, - JM", ["keflex"]),
    ("Allergies: latex - hives; - JM, Keflex", ["latex"]),
    ("Allergies: latex; Keflex - JM", ["keflex", "latex"]),
    ("Allergies: latex; Zosyn, Keflex - JM", ["keflex", "latex", "zosyn"]),
])
def test_a_sign_off_in_a_semicolon_list_of_brands_is_read_without_a_crash(note: str, expected: list[str]) -> None:
    assert read(note)[0] == expected
