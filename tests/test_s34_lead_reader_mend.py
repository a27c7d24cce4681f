"""Mends of reader34b after its short review (rev34f).

- F4: "Sensitivities:⏎Scent: no preference⏎Pressure: firm" read a fragrance allergy: the "names no sensitivity" check
  looked for the note's end, not the line's, so any line after the Scent line undid it.
- F2: "Allergies⏎Scent: eucalyptus; lavender is fine" read eucalyptus as a liked scent: "… is fine" took the whole line.
"""

from __future__ import annotations

from datetime import date

import pytest

from spa_copilot.ai.extraction import extract_profile_offline

TODAY = date(2026, 12, 6)


@pytest.mark.parametrize("note", [
    "Sensitivities:\nScent: no preference\nPressure: firm", "Allergies\nScent: any\nPressure: firm",
    "Allergies/sensitivities:\nScent: no preference\nNotes: first visit",
])
def test_a_scent_line_naming_no_sensitivity_is_no_allergy_whatever_follows(note: str) -> None:
    assert extract_profile_offline(note, today=TODAY).values("allergies") == []


@pytest.mark.parametrize("note", ["Allergies\nScent: eucalyptus; lavender is fine", "Sensitivities:\nScent: eucalyptus, lavender is ok"])
def test_a_scent_said_fine_beside_another_keeps_the_others_allergy(note: str) -> None:
    assert "fragrance" in extract_profile_offline(note, today=TODAY).values("allergies")


def test_a_scent_line_naming_a_scent_under_the_heading_stays_an_allergy() -> None:
    note = "Allergies\nScent: lavender\nPressure: firm"
    assert "fragrance" in extract_profile_offline(note, today=TODAY).values("allergies")


@pytest.mark.parametrize("note", ["Meds\nlatex, penicillin", "latex, penicillin\nMeds: penicillin",
                                  "Current meds: lisinopril\nlatex, keflex"])
def test_a_drug_on_a_latex_line_of_a_note_listing_her_meds_is_no_allergy(note: str) -> None:
    # rev34f F7: a drug she takes was read as her allergy; the latex stays
    allergies = extract_profile_offline(note, today=TODAY).values("allergies")
    assert "latex" in allergies and len(allergies) == 1, allergies


def test_a_latex_line_without_meds_still_reads_its_drug() -> None:
    assert set(extract_profile_offline("latex, penicillin", today=TODAY).values("allergies")) == {"latex", "penicillin"}


@pytest.mark.parametrize(("note", "allergens"), [
    ("Allergies:\nScent: any\n- latex\n- penicillin", {"latex", "penicillin"}),
    ("Allergies\nScent: any\n- latex", {"latex"}),
    ("Allergies:\nScent: no preference\n- latex", {"latex"}),
    ("Allergies\nScent: likes lavender\n- latex", {"latex"}),
])
def test_a_scent_field_naming_none_above_the_list_loses_no_allergen(note: str, allergens: set[str]) -> None:
    # rev34i H2 (older than s34): the form's empty scent field between the heading and its bullets cut the list off,
    # so its allergens were lost ("Allergies⏎Scent: any⏎- latex" read nothing)
    assert set(extract_profile_offline(note, today=TODAY).values("allergies")) == allergens


@pytest.mark.parametrize(("note", "allergens"), [
    ("latex, almond oil (throat swells)", {"latex", "nutOil"}),
    ("latex, nuts (epi pen)", {"latex", "nutOil"}),
    ("nuts (epi pen)", {"nutOil"}),
    ("latex, nuts (EpiPen)", {"latex", "nutOil"}),
])
def test_a_reaction_charted_as_throat_swelling_or_an_epipen_keeps_the_line(note: str, allergens: set[str]) -> None:
    # rev34f (older than s34): a bare line whose bracket said "throat swells" or "epi pen" read no allergy at all
    assert set(extract_profile_offline(note, today=TODAY).values("allergies")) == allergens


def test_an_epipen_alone_is_no_allergy() -> None:
    assert extract_profile_offline("Epi pen in her bag", today=TODAY).values("allergies") == []


@pytest.mark.parametrize("note", [
    "Allergies:\nScent: likes\n- lavender\n- eucalyptus", "Allergies\nScent: prefers the following:\n- lavender",
])
def test_a_scent_line_heading_her_liked_scents_keeps_them_liked(note: str) -> None:
    # rev34j: skipping the Scent line made the liked scents below it the allergy heading's items
    profile = extract_profile_offline(note, today=TODAY)
    assert "lavender" in profile.values("scent") and "essentialOils" not in profile.values("allergies")


@pytest.mark.parametrize("note", [
    "Lavender (EpiPen)", "Lavender - carries an epipen", "Lavender - throat swelling", "Lavender - throat closing",
])
def test_a_scent_she_reacts_to_by_her_throat_or_an_epipen_is_an_allergy(note: str) -> None:
    # rev34j (older than s34): read as a liked lavender
    profile = extract_profile_offline(note, today=TODAY)
    assert "essentialOils" in profile.values("allergies") and "lavender" not in profile.values("scent")


@pytest.mark.parametrize("note", [
    "Lavender - throat feels tight from stress",
    # rev34k: 4bde602 read these as an oil allergy and dropped her lavender
    "Lavender - throat tight from stress, loves it", "Lavender (throat tight from cold, not allergy)",
    "Lavender - throat closing exercises (singer)", "Lavender - EpiPen is for bee stings", "Lavender (EpiPen for nuts)",
    "Lavender - EpiPen expired", "Lavender - throat swelling (her husband)",
])
def test_a_throat_or_an_epipen_said_of_something_else_beside_a_scent_is_no_oil_allergy(note: str) -> None:
    profile = extract_profile_offline(note, today=TODAY)
    assert "essentialOils" not in profile.values("allergies") and "lavender" in profile.values("scent")
