"""Wrong readings of guest notes the last session left (s33 brief), each as the note a spa's staff type it.

A missed allergen is the worst failure (latex gloves or lavender oil on an allergic guest); a liked scent read as an
allergy is as bad; an allergen's evidence should quote the note's own words, not a rewritten line.
"""

from __future__ import annotations

from datetime import date

import pytest

from spa_copilot.ai.extraction import extract_profile_offline
from spa_copilot.ai.guardrails import grounded

DAY = date(2026, 12, 5)


def read(note: str) -> tuple[list[str], list[str]]:
    profile = extract_profile_offline(note, today=DAY)
    return sorted(profile.values("allergies")), sorted(profile.values("scent"))


@pytest.mark.parametrize(("note", "allergies"), [
    # a reaction signed by the staff's initials after a dash lost its allergen
    ("latex; Keflex - hives - JM", ["keflex", "latex"]),
    ("penicillin - hives - JM", ["penicillin"]),
    ("Keflex - hives - JM 11/3", ["keflex"]),
    # a comma before the sign-off's dash broke the list after a semicolon
    ("Allergies: latex; Keflex, - JM", ["keflex", "latex"]),
    ("Allergies: latex; Keflex, codeine, - JM", ["codeine", "keflex", "latex"]),
    # an item with its reaction before a bullet or a pipe was lost
    ("codeine - itching • shellfish", ["codeine", "shellfish"]),
    ("codeine - itching | shellfish", ["codeine", "shellfish"]),
    ("penicillin - hives • latex", ["latex", "penicillin"]),
])
def test_an_allergen_signed_or_bulleted_after_its_reaction_is_read(note: str, allergies: list[str]) -> None:
    assert read(note)[0] == allergies


@pytest.mark.parametrize(("note", "scents"), [
    ("Allergies:\nScent pref: eucalyptus", ["eucalyptus"]),
    ("Allergies:\nScent pref: lavender\nPressure: firm", ["lavender"]),
])
def test_a_preference_field_under_an_empty_allergy_heading_is_no_allergy(note: str, scents: list[str]) -> None:
    assert read(note) == ([], scents)


def test_a_bare_scent_field_under_an_empty_allergy_heading_stays_an_allergy() -> None:
    # moved here (reader33b, rev33e H1): a bare "Scent:" under "Allergies:" is the allergy's kind on an intake form,
    # not a preference's label; reading it as a liked eucalyptus put the oil on an allergic guest
    assert read("Allergies:\nScent: eucalyptus") == (["essentialOils", "fragrance"], [])


@pytest.mark.parametrize(("note", "allergy"), [
    ("Allergies:\ncodeine", "codeine"),
    ("Allergies:\nAllergies: codeine", "codeine"),
    ("Allergies:\ncats - sneezing", "cats"),
])
def test_an_allergen_under_an_empty_heading_quotes_the_note(note: str, allergy: str) -> None:
    (found,) = extract_profile_offline(note, today=DAY).allergies
    assert found.value == allergy
    assert grounded(found.evidence, note), found.evidence
    assert "Allergies:\nAllergies:" not in found.evidence


@pytest.mark.parametrize(("note", "allergies"), [
    # an allergy heading with no colon read nothing
    ("allergies latex cats", ["cats", "latex"]),
    ("allergy latex", ["latex"]),
    ("Food allergies shellfish", ["shellfish"]),
    ("Allergies latex. Loves lavender", ["latex"]),
    ("allergies latex, loves lavender", ["latex"]),
    # allergens named with only a space between them were one allergen, or lost all but the first
    ("Allergies: latex cats", ["cats", "latex"]),
    ("Allergies: guinea pigs cats - sneezing", ["cats", "guineaPigs"]),
    ("guinea pigs cats - sneezing", ["cats", "guineaPigs"]),
    ("dogs, cats - sneezing", ["cats", "dogs"]),
    # an allergen after a liked scent's bullet was taken for another liked one
    ("codeine - itching | Scent pref: lavender • shellfish", ["codeine", "shellfish"]),
    ("codeine - itching | Scent: lavender • shellfish", ["codeine", "shellfish"]),
])
def test_allergens_without_a_colon_or_a_comma_are_each_read(note: str, allergies: list[str]) -> None:
    assert read(note)[0] == allergies


@pytest.mark.parametrize("note", [
    "allergies latex cats",
    "Allergies: latex cats",
    "guinea pigs cats - sneezing",
])
def test_a_colon_or_comma_the_reader_puts_in_is_not_quoted(note: str) -> None:
    allergies = extract_profile_offline(note, today=DAY).allergies
    assert len(allergies) == 2
    for found in allergies:
        assert found.evidence == note

