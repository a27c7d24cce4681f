"""Allergy lists whose items each carry a reaction, parted by a list mark other than a comma (session 31).

- A pair of spaced hyphens around a few words was read as an aside even across a pipe, a bullet or a spaced
  slash: "Allergies: latex - hives | codeine - itching" took " - hives | codeine - " for one aside and lost the
  codeine (the same note with a comma read it).
- A term of the lexicon (a scent, an oil, a food) after a pipe or a bullet whose item before it carries a
  reaction was not read as the heading's: "Allergies: coconut oil - hives | chamomile: rash" lost the chamomile, and
  "latex: hives | lavender oil: rash" read the lavender as a liked scent. A pipe between such items now parts them as
  a comma does; a label after the pipe ("| Aromatherapy: lavender"), a table's cell or a liking still does not.
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


@pytest.mark.parametrize(("note", "expected"), [
    ("Allergies: coconut oil - hives | chamomile: rash", ["coconut", "essentialOils"]),
    ("Allergies: latex: hives | chamomile", ["essentialOils", "latex"]),
    ("Allergies: latex - hives \u2022 lavender", ["essentialOils", "latex"]),
    ("Allergies: bee stings: hives | shellfish: anaphylaxis", ["beeStings", "shellfish"]),
    ("Allergies: tree nuts: hives | lavender oil: rash", ["essentialOils", "nutOil"]),
    ("Allergies: penicillin - hives | tea tree oil", ["essentialOils", "penicillin"]),
])
def test_a_term_after_an_item_with_its_reaction_and_a_pipe_is_read(note: str, expected: list[str]) -> None:
    assert allergies(note) == expected


def test_a_scent_listed_with_a_reaction_is_no_liked_scent() -> None:
    profile = extract_profile_offline("Allergies: latex: hives | lavender oil: rash", today=DAY)
    assert "lavender" not in profile.values("scent")


@pytest.mark.parametrize(("note", "expected"), [
    # another field's label, a liking or a table's cell after the pipe: read as before
    ("Allergies: latex - hives | Aromatherapy: lavender", ["latex"]),
    ("Allergies: latex - hives | loves lavender", ["latex"]),
    ("Allergies: tree nuts | HydraFacial | shellfish", ["nutOil"]),
    ("Allergies: Y | Reaction: latex, hives", ["latex"]),
])
def test_a_pipe_before_a_label_a_liking_or_a_cell_reads_as_before(note: str, expected: list[str]) -> None:
    assert allergies(note) == expected
