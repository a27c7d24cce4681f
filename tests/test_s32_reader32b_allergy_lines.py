"""Allergies the notes reader lost or read as liked scents, found by a review of session 32's reader (rev32d).

Losing an allergy from a therapist's briefing is the worst harm, so each case here is one the reader got wrong:
an allergen on the allergy heading's next line with a full stop, its oil or how she reacts ("Keflex.", "eucalyptus
oil", "cats (sneezing)"); an item after a sign-off and a pipe ("penicillin (rash) - KL 12/1 | latex"); a dated or
"update" heading ("Allergy update 12/1: tree nuts"); a preference field inside the allergy answer ("Allergies:
latex, Scent pref: eucalyptus" read the liked scent as an allergy and "prefs" as an allergen); staff initials as an
allergen ("latex, JM"); a scent under "NKDA" (no drug allergies only); animals the lexicon did not know.
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
    ("Allergies: latex\neucalyptus oil", ["essentialOils", "latex"]),
    ("Allergies: latex\ntea tree oil", ["essentialOils", "latex"]),
    ("Allergies:\nlatex\nlavender oil", ["essentialOils", "latex"]),
    ("Allergies:\nlatex\nlavender essential oil", ["essentialOils", "latex"]),
    ("Allergies: latex\nlavender EO", ["essentialOils", "latex"]),
    ("Allergies: latex\nLavender.", ["essentialOils", "latex"]),
    ("Allergies: latex\nlavender!", ["essentialOils", "latex"]),
    ("Allergies: arnica\nlavender oil\ncats", ["arnica", "cats", "essentialOils"]),
    ("Allergies: latex\nKeflex.", ["keflex", "latex"]),
    ("Allergies: latex\ncats.", ["cats", "latex"]),
    ("Allergies: latex\ncats (sneezing)", ["cats", "latex"]),
    ("Allergies: latex\ncats - sneezing", ["cats", "latex"]),
])
def test_an_allergen_on_the_next_line_is_read_not_liked(note: str, expected: list[str]) -> None:
    allergies, scents = read(note)
    assert allergies == expected
    assert scents == []


@pytest.mark.parametrize(("note", "expected"), [
    ("Allergies: penicillin (rash) - KL 12/1 | latex", ["latex", "penicillin"]),
    ("Allergies: latex - hives - JM 11/3 | cats", ["cats", "latex"]),
    ("Allergies: latex - JM 11/3 | cats", ["cats", "latex"]),
])
def test_an_item_after_a_dated_sign_off_and_a_pipe_is_read(note: str, expected: list[str]) -> None:
    assert read(note)[0] == expected


@pytest.mark.parametrize("note", [
    "Allergy update: tree nuts",
    "Allergy update 12/1: tree nuts",
    "Allergies 12/1: tree nuts",
    "Allergy update 12/1: tree nuts (JM)",
])
def test_a_dated_or_update_allergy_heading_is_read(note: str) -> None:
    assert read(note)[0] == ["nutOil"]


def test_a_dated_heading_alone_heads_the_lines_under_it() -> None:
    assert read("Allergy update 12/1:\nlatex\nKeflex")[0] == ["keflex", "latex"]


@pytest.mark.parametrize(("note", "expected", "scents"), [
    ("Allergies: latex, Scent pref: eucalyptus", ["latex"], ["eucalyptus"]),
    ("Allergies: latex Scent pref: eucalyptus", ["latex"], ["eucalyptus"]),
    ("Allergies: latex, Scent: eucalyptus", ["latex"], ["eucalyptus"]),
    ("Allergies: latex, Prefs: lavender", ["latex"], ["lavender"]),
    ("Allergies: nuts, Prefs: firm, Scent pref: lavender", ["nutOil"], ["lavender"]),
    ("Allergies: nuts, cats Prefs: firm, lavender", ["cats", "nutOil"], ["lavender"]),
])
def test_a_preference_field_ends_the_allergy_answer(note: str, expected: list[str], scents: list[str]) -> None:
    assert read(note) == (expected, scents)


@pytest.mark.parametrize(("note", "expected"), [
    ("Allergies: latex, AB", ["latex"]),
    ("Allergies: latex (hives), JM", ["latex"]),
    ("Allergies: cats, JM", ["cats"]),
    ("Allergies: penicillin - rash - KL | latex", ["latex", "penicillin"]),
    ("Allergies: penicillin (rash) - KL | latex", ["latex", "penicillin"]),
])
def test_staff_initials_are_no_allergen(note: str, expected: list[str]) -> None:
    assert read(note)[0] == expected


@pytest.mark.parametrize(("note", "expected"), [
    ("Allergies: latex, PCN", ["latex", "penicillin"]),
    ("Allergies: latex, MSG", ["latex", "msg"]),
    ("Allergies: latex - hives | cats", ["cats", "latex"]),
    # initials before a semicolon stay as before, so the list still reads on to the scent oil after it
    ("Allergies: penicillin (rash), AB; eucalyptus oil", ["ab", "essentialOils", "penicillin"]),
])
def test_a_short_allergen_name_is_still_read(note: str, expected: list[str]) -> None:
    assert read(note)[0] == expected


def test_a_scent_under_no_drug_allergies_is_an_allergy() -> None:
    assert read("Allergies: NKDA\nlavender") == (["essentialOils"], [])


@pytest.mark.parametrize(("note", "animal"), [
    ("Allergies: latex | birds", "birds"),
    ("Allergies: latex\nbirds", "birds"),
    ("Allergies: latex\nparrots", "parrots"),
    ("Allergies: latex\nguinea pigs", "guineaPigs"),
    ("Allergies: latex | dog hair", "dogHair"),
])
def test_an_animal_after_a_pipe_or_on_the_next_line_is_read(note: str, animal: str) -> None:
    assert read(note)[0] == sorted(["latex", animal])
