"""Allergy lists whose items each carry a reaction, parted by a list mark other than a comma (session 31).

- A pair of spaced hyphens around a few words was read as an aside even across a pipe, a bullet or a spaced
  slash: "Allergies: latex - hives | codeine - itching" took " - hives | codeine - " for one aside and lost the
  codeine (the same note with a comma read it).
"""

from __future__ import annotations

from datetime import date

import pytest

from spa_copilot.ai.extraction import extract_profile_offline

DAY = date(2026, 12, 5)


def allergies(note: str) -> list[str]:
    return sorted(extract_profile_offline(note, today=DAY).values("allergies"))


@pytest.mark.parametrize(("note", "expected"), [
    ("Allergies: latex - hives | codeine - itching", ["codeine", "latex"]),
    ("Allergies: coconut oil - hives | Zosyn - itching", ["coconut", "zosyn"]),
    ("Allergies: coconut oil - hives \u2022 sulfa - itching", ["coconut", "sulfa"]),
    ("Allergies: coconut oil - hives / Rocephin - itching", ["coconut", "rocephin"]),
    ("Allergies: penicillin - hives | sulfa - rash | codeine - nausea", ["codeine", "penicillin", "sulfa"]),
    ("Known allergies: penicillin - rash \u00b7 morphine - itching", ["morphine", "penicillin"]),
])
def test_an_item_and_its_reaction_after_a_list_mark_is_read(note: str, expected: list[str]) -> None:
    assert allergies(note) == expected


@pytest.mark.parametrize(("note", "expected"), [
    # a dash pair with no list mark inside is still an aside: the reaction of the item before it
    ("Allergies: latex - hives - tree nuts", ["latex", "nutOil"]),
    ("Allergies: latex - hives, codeine - itching", ["codeine", "latex"]),
])
def test_dash_asides_without_a_list_mark_read_as_before(note: str, expected: list[str]) -> None:
    assert allergies(note) == expected
