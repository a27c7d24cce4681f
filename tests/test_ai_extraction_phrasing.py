"""How a US spa's front desk really writes an allergy or a condition: headings with a colon, a question mark, a dash
or a bracket, misspellings, short forms, brand names and a little Spanish; and the denials that must stay denials."""

from __future__ import annotations

from datetime import date

import pytest

from spa_copilot.ai.extraction import extract_profile_offline

#: The day the notes are read on: a dated note ("Baby due Aug 2026") reads as current or long past by the day, and
#: read on the wall clock's day it stopped reading as a pregnancy in August 2027.
READ_ON = date(2026, 12, 2)


def _safety(note: str) -> tuple[list[str], list[str]]:
    profile = extract_profile_offline(note, today=READ_ON)
    return profile.values("allergies"), profile.values("contraindications")


@pytest.mark.parametrize(
    ("note", "allergies"),
    [
        ("Allergic: latex", ["latex"]),
        ("Allergic:\n- latex\n- nuts", ["latex", "nutOil"]),
        ("Allergies? latex", ["latex"]),
        ("Takes Eliquis. Pregnant? no. Allergies? latex", ["latex"]),
        ("Allergies — latex", ["latex"]),
        ("ALLERGIES -- LATEX", ["latex"]),
        ("Known allergies – latex, shellfish", ["latex", "shellfish"]),
        ("latex (allergy)", ["latex"]),
        ("Nuts (severe allergy)", ["nutOil"]),
        ("allergic (latex)", ["latex"]),
        ("allergic: latex, shellfish, penicillin", ["latex", "shellfish", "penicillin"]),
        ("alergic to latex", ["latex"]),
        ("latex alergy", ["latex"]),
        ("allergc to nuts", ["nutOil"]),
        ("nut alergy - severe", ["nutOil"]),
        ("Alergies: shellfish", ["shellfish"]),
        ("alérgica al látex", ["latex"]),
        ("Alergia: latex", ["latex"]),
        ("Alergica a las nueces. Prefiere presion firme.", ["nutOil"]),
        ("hives w/ latex", ["latex"]),
    ],
)
def test_common_ways_of_writing_an_allergy_are_read(note: str, allergies: list[str]) -> None:
    assert _safety(note)[0] == allergies


@pytest.mark.parametrize(
    ("note", "contraindications"),
    [
        ("embarazada 20 semanas", ["pregnancy"]),
        ("22 wks preggo", ["pregnancy"]),
        ("preg 12w", ["pregnancy"]),
        ("pt is preggers 🤰 16wks", ["pregnancy"]),
        ("Baby due Aug 2026", ["pregnancy"]),
        ("Juvederm last week", ["recentInjectables"]),
        ("Dysport 1 wk ago", ["recentInjectables"]),
        ("Xeomin + Restylane on Friday", ["recentInjectables"]),
        ("tox 10 days ago, no facial massage", ["recentInjectables"]),
        ("on Lovenox injections", ["bloodThinners"]),
        ("On blood thiners", ["bloodThinners"]),
        ("takes Brilinta after her stent", ["bloodThinners", "heartCondition"]),
        ("T2D", ["diabetes"]),
        ("HTN, on meds", ["hypertension"]),
        ("BP runs high, on meds", ["hypertension"]),
        ("knee replacement 3 wks ago", ["recentSurgery"]),
        ("hip replacement 10d ago", ["recentSurgery"]),
        ("tummy tuck last month", ["recentSurgery"]),
        ("Retin A nightly", ["retinoids"]),
    ],
)
def test_common_ways_of_writing_a_condition_are_read(note: str, contraindications: list[str]) -> None:
    assert _safety(note)[1] == contraindications


@pytest.mark.parametrize(
    "note",
    [
        "no alergies",
        "Alergies: none",
        "Allergies? none",
        "Allergies? unsure, will ask",
        "Allergies — none",
        "ALLERGIES -- NKA",
        "Allergic: N/A",
        "not alergic to latex",
        "husband is alergic to latex",
        "Latex - no allergy",
        "latex (no allergy)",
        "Preg: N",
        "Preg? no",
        "not preggo anymore, baby born in May",
        "T2D: no",
        "knee replacement 10 yrs ago",
        "Allergy-friendly products please",
        "detox wrap, firm pressure",
        "Nuts (she loves them)",
        "Allergist appointment next week",
    ],
)
def test_denials_and_look_alikes_stay_empty(note: str) -> None:
    assert _safety(note) == ([], [])
