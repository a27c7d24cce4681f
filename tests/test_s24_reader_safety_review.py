"""The notes reader's additions of session 24 after their adversarial review: a form's one-line pregnancy and
breastfeeding answers, the weeks of something else read as no pregnancy, a doctor's initial read as no side, an
insulin pump's site, and the allergen after a 'causes no reaction'. Each case failed before its fix."""

from __future__ import annotations

from datetime import date

import pytest

from spa_copilot.ai.extraction import extract_profile_offline

TODAY = date(2026, 12, 4)


def _read(note: str) -> dict[str, list[str]]:
    profile = extract_profile_offline(note, today=TODAY).to_json_dict()
    return {field: sorted(str(item["value"]) for item in items) for field, items in profile.items() if items}


@pytest.mark.parametrize("note", [
    "Pregnant: no Breastfeeding: no", "Pregnant: N Breastfeeding: N", "Pregnant: no Diabetic: no",
])
def test_a_one_line_forms_no_answers_its_own_pregnancy_question(note: str) -> None:
    assert "pregnancy" not in _read(note).get("contraindications", [])


@pytest.mark.parametrize("note", ["Pregnant: yes Breastfeeding: no", "Pregnant: yes Diabetic: no"])
def test_a_one_line_forms_yes_still_reads_the_pregnancy(note: str) -> None:
    assert "pregnancy" in _read(note)["contraindications"]


@pytest.mark.parametrize(("note", "site"), [
    ("Seen by Dr. L. Hip replacement 3 wks ago, right", "hip"),  # the doctor's initial is no side
    ("Dr L. Knee surgery 2 wks ago", "knee"),
    ("Referred by J. R. knee surgery 2 wks ago", "knee"),
    ("R. knee surgery 2 wks ago", "right knee"),  # a side's letter still is
    ("Lt. hip replacement 3 wks ago", "left hip"),
])
def test_a_persons_initial_before_an_area_is_no_side(note: str, site: str) -> None:
    from spa_copilot.ai.note_questions import caution_site

    [surgery] = [item for item in extract_profile_offline(note, today=TODAY).to_json_dict()["contraindications"]
                 if item["value"] == "recentSurgery"]
    assert caution_site(surgery["evidence"]) == site


@pytest.mark.parametrize(("note", "allergen"), [
    ("Advil causes no reaction and latex causes anaphylaxis", "latex"),
    ("almond oil -> no reaction / tree nuts cause anaphylaxis", "nutOil"),
    ("Allergies (please list): sulfa & penicillin causes no reaction & latex cause anaphylaxis", "latex"),
    ("Allergies: Y - Advil - hives and bee stings - rash and Keflex", "beeStings"),
    ("Allergies: Y - Night Nurse / Tylenol PM (no reaction) / latex: fine", "latex"),
    ("Allergies? Yes - codeine: ok + Tylenol PM = no reaction + peanuts = no reaction + latex", "latex"),
])
def test_an_allergen_after_a_reaction_said_otherwise_is_kept(note: str, allergen: str) -> None:
    assert allergen in _read(note).get("allergies", [])


@pytest.mark.parametrize("note", [
    "Side-lying only - shoulder, 12 wks PT", "Prone hurts neck - 12 wks whiplash", "Belly fat, 12 wks cutting",
    "Bump on shin, 10 wks", "Side-lying @ 20 wks w/ 1st baby", "Side-lying at 20 wks last time; delivered 3/2026",
])
def test_weeks_of_something_else_are_no_pregnancy(note: str) -> None:
    assert "pregnancy" not in _read(note).get("contraindications", [])


@pytest.mark.parametrize("note", [
    "no prone - 30 wks", "30wks, side-lying only", "30 wks side-lying only", "no prone, 24 wks pregnant",
    "Bump at 20 wks, no prone", "G2P1, 22 wks",
])
def test_weeks_of_a_pregnancy_are_still_read(note: str) -> None:
    assert "pregnancy" in _read(note)["contraindications"]


@pytest.mark.parametrize(("note", "avoid"), [
    ("Insulin pump on back of L arm", ["arms"]),
    ("Open wound on back of L arm", ["arms"]),
    ("New tattoo on back of arm", ["arms"]),
    ("avoid back of hands", ["hands"]),
])
def test_the_back_of_an_arm_or_hand_is_that_limb_not_the_back(note: str, avoid: list[str]) -> None:
    assert _read(note).get("avoidAreas") == avoid


def test_the_back_itself_is_still_the_back() -> None:
    read = _read("Focus back. Insulin pump on back of arm")
    assert (read["focusAreas"], read["avoidAreas"]) == (["back"], ["arms"])
    assert _read("avoid back")["avoidAreas"] == ["back"]


def _severe(note: str, allergy: str) -> bool:
    from spa_copilot.engines.briefing import _said_severe

    return _said_severe(allergy, extract_profile_offline(note, today=TODAY), texts=(note,))


@pytest.mark.parametrize(("note", "allergy"), [
    ("Penicillin - rash. Nut allergy. Penicillin allergy: anaphylaxis", "penicillin"),
    ("Penicillin (rash). Severe penicillin allergy, SEVERE", "penicillin"),
    ("Latex: rash.\nAllergic to latex - SEVERE", "latex"),
])
def test_a_mild_reaction_item_never_hides_a_grave_allergy_said_later(note: str, allergy: str) -> None:
    assert _severe(note, allergy)


@pytest.mark.parametrize("note", [
    "Medications:\nZofran - nausea\nBenadryl - hives", "Meds:\nAdvil - swelling", "Penicillin - hives, retested fine",
    "Penicillin - hives, now tolerates", "Allergies:\nTongue - swelling", "Allergies:\nStress - hives",
    "Allergies:\nZyrtec (hives)", "Benadryl - hives, side effect",
])
def test_a_treatment_an_area_a_cause_or_a_cleared_allergy_before_a_reaction_is_no_allergy(note: str) -> None:
    assert _read(note).get("allergies") is None
