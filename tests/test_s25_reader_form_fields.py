"""A one-line form's free-text fields answered none deny only themselves however many follow (a re-review of the
session's reader fixes: "Pregnant: 22 wks  Details? none  Avoid? none" lost the pregnancy), and a due date in
figures or an EDD is a pregnancy."""

from __future__ import annotations

from datetime import date

import pytest

from spa_copilot.ai.extraction import extract_profile_offline

DAY = date(2026, 7, 1)


def _safety(note: str) -> set[str]:
    profile = extract_profile_offline(note, today=DAY)
    return set(profile.values("allergies")) | set(profile.values("contraindications"))


@pytest.mark.parametrize(("note", "kept"), [
    ("Pregnant: 22 wks  Details? none  Avoid? none", "pregnancy"),
    ("Pregnant: 22 wks  Notes? none  Other? none", "pregnancy"),
    ("Pregnant: 22 wks  Conditions: none  Details: none", "pregnancy"),
    ("Latex allergy: yes  Conditions: none  Meds: none", "latex"),
    ("Latex allergy: yes  Notes: none  Details: none", "latex"),
    ("Allergies? latex gloves  Conditions? none  Avoid? none", "latex"),
    ("Allergies: latex, nuts  Conditions: none  Details: none", "nutOil"),
    ("Blood thinners: Eliquis  Conditions: none  Meds: none", "bloodThinners"),
    ("Blood thinners: Eliquis  Avoid? none  Details? none", "bloodThinners"),
    ("Health issues? DVT  Conditions? none", "bloodClots"),
])
def test_a_field_keeps_its_answer_before_several_fields_answered_none(note, kept):
    assert kept in _safety(note)


@pytest.mark.parametrize("note", [
    "Pregnant: no  Details? none  Avoid? none",
    "Latex allergy: no  Conditions: none  Meds: none",
    "Conditions: none  Details: none",
])
def test_what_is_answered_no_stays_denied(note):
    assert not _safety(note) & {"pregnancy", "latex"}


@pytest.mark.parametrize("note", [
    "Baby due 8/15/2026", "baby is due 8/15", "Baby due 15.8.2026 - no prone", "EDD 8/15/26", "EDD: Aug 15",
])
def test_a_due_date_in_figures_or_an_edd_is_a_pregnancy(note):
    assert "pregnancy" in _safety(note)


@pytest.mark.parametrize("note", ["Balance due 8/15", "Eddie came 8/15", "Credited 8/15", "Gift card due 8/15"])
def test_other_dates_are_no_pregnancy(note):
    assert "pregnancy" not in _safety(note)


@pytest.mark.parametrize(("note", "kept"), [
    ("Varicose veins: yes  Conditions: no", "varicoseVeins"),
    ("Recent surgery: yes Conditions: no", "recentSurgery"),
    ("Latex allergy: yes, Medical conditions: none", "latex"),
    ("Conditions: no - Allergy list: latex, nuts", "latex"),
    ("Recent surgery: no - Allergies: yes - latex", "latex"),
    ("Avoid: face - Conditions: no - Allergy list: latex, penicillin", "latex"),
])
def test_a_conditions_field_and_a_spaced_dash_after_no_set_the_next_field_apart(note, kept):
    assert kept in _safety(note)


def test_a_no_before_a_spaced_dash_still_answers_its_own_field():
    assert "pregnancy" not in _safety("Pregnant: no - Latex allergy: yes")
    assert "latex" in _safety("Pregnant: no - Latex allergy: yes")


@pytest.mark.parametrize(("note", "kept"), [
    ("Latex allergy: yes, Meds: no", "latex"),
    ("Latex allergy: yes, Meds: none", "latex"),
    ("Nut allergy: yes; Medications: none", "nutOil"),
    ("Latex allergy: yes, Pregnancy loss: no", "latex"),
    ("Conditions? diabetes / Pregnancy loss? no", "diabetes"),
    ("Health issues: DVT  Pregnancy loss: no", "bloodClots"),
    ("Conditions: epilepsy  Miscarriage: no", "epilepsy"),
    ("Drug allergies: yes, Medication: latex", "latex"),  # the medication after an allergy's yes is what it is to
    ("Allergies: Yes, penicillin, sulfa", "sulfa"),
])
def test_an_allergys_yes_is_kept_before_another_known_field(note, kept):
    assert kept in _safety(note)


@pytest.mark.parametrize(("note", "kept"), [
    ("Allergies: latex gloves  Allergy list: none  Avoid: none", "latex"),
    ("Allergy list: codeine, latex  Allergy list? none  Pregnant? no", "latex"),
    ("Allergies: Y  Details: peanuts  Allergy list: none", "nutOil"),
])
def test_a_second_allergy_list_answered_none_denies_only_itself(note, kept):
    assert kept in _safety(note)


def test_an_allergy_list_answered_none_alone_names_none():
    assert not extract_profile_offline("Allergies: none  Allergy list: none", today=DAY).values("allergies")
