"""Notes a black-box probe of the briefings found misread (its cases, and the denials it confirmed must stay so): a
"no …" whose reach ran across a dash or a colon onto a new allergy or condition, product instructions and bare flags
that were dropped, severity words read as allergens, and a few preferences."""

from __future__ import annotations

from datetime import date

import pytest

from spa_copilot.ai.extraction import extract_profile_offline

#: The probe's day: "Was pregnant last yr - baby born Jan 2026" is read on it.
DAY = date(2026, 12, 3)


def _safety(note: str) -> tuple[list[str], list[str]]:
    profile = extract_profile_offline(note, today=DAY)
    return sorted(profile.values("allergies")), sorted(profile.values("contraindications"))


@pytest.mark.parametrize(
    ("note", "allergies", "contraindications"),
    [
        # a "no" ends at a spaced dash, an en or em dash or a colon when a new allergy or condition follows it
        ("NKA - pregnant 20 wks", [], ["pregnancy"]),
        ("No allergies - pregnant", [], ["pregnancy"]),
        ("Allergies: none - pregnant", [], ["pregnancy"]),
        ("NO ALMOND OIL - NUT ALLERGY", ["nutOil"], []),
        ("No oils - nut allergy", ["nutOil"], []),
        ("No oils - allergic to nuts", ["nutOil"], []),
        ("no heat - high blood pressure", [], ["hypertension"]),
        ("NO HOT STONES - HAS VARICOSE VEINS", [], ["varicoseVeins"]),
        ("no hot stones - has varicose veins", [], ["varicoseVeins"]),
        ("No hot stones: varicose veins", [], ["varicoseVeins"]),
        ("Not a fan of music - latex allergy", ["latex"], []),
        ("NKA - allergic to penicillin", ["penicillin"], []),
        ("No nut allergy - latex allergy", ["latex"], []),
        # as the en and em dash already did
        ("NKA – pregnant 20 wks", [], ["pregnancy"]),
        ("No hot stones — varicose veins", [], ["varicoseVeins"]),
        ("NO ALMOND OIL – NUT ALLERGY", ["nutOil"], []),
        # and as a comma or a full stop did
        ("NKA, pregnant 20 wks", [], ["pregnancy"]),
        ("no allergies. pregnant", [], ["pregnancy"]),
    ],
)
def test_a_no_does_not_reach_across_a_dash_or_colon_onto_a_new_allergy_or_condition(
    note: str, allergies: list[str], contraindications: list[str]
) -> None:
    assert _safety(note) == (allergies, contraindications)


@pytest.mark.parametrize(
    ("note", "allergies", "contraindications"),
    [
        # the allergy word after the dash is the reason for the "no"
        ("No lavender – allergy", ["essentialOils"], []),
        ("No nuts - allergic", ["nutOil"], []),
        ("NO LATEX – ALLERGY", ["latex"], []),
        ("No lavender - nut allergy", ["nutOil"], []),
        # a denial that names what it denies after the dash or colon stays one
        ("latex - no allergy", [], []),
        ("Not allergic to: latex", [], []),
        ("No allergies - latex", [], []),
        ("No nuts or latex allergies", [], []),
        ("Denies: pregnancy", [], []),
        ("Denies: pregnancy, HBP", [], []),
        ("Negative for: pregnancy", [], []),
        ("No history of: DVT", [], []),
        ("Pregnant? No - confirmed at check-in", [], []),
    ],
)
def test_reasons_and_denials_across_a_dash_or_colon_are_unchanged(
    note: str, allergies: list[str], contraindications: list[str]
) -> None:
    assert _safety(note) == (allergies, contraindications)


@pytest.mark.parametrize(
    ("note", "allergies"),
    [
        ("Tree nut allergy (anaphylactic)", ["nutOil"]),
        ("Nut allergy - anaphylaxis", ["nutOil"]),
        ("Nut allergy (severe, epipen)", ["nutOil"]),
        ("Nut allergy - life threatening", ["nutOil"]),
        ("Shellfish allergy - hives", ["shellfish"]),
        ("Peanut allergy: severe, carries epipen", ["nutOil"]),
        ("allergic to penicillin - severe", ["penicillin"]),
        ("allergic to penicillin (anaphylactic)", ["penicillin"]),
        ("Allergic to: anaphylactic bee stings", ["beeStings"]),
    ],
)
def test_severity_and_reaction_words_are_never_allergens(note: str, allergies: list[str]) -> None:
    assert _safety(note) == (allergies, [])


@pytest.mark.parametrize(
    ("note", "allergies", "contraindications"),
    [
        # the probe confirmed these are read right: they must stay so
        ("No nut allergy. Loves the almond oil", [], []),
        ("NKA", [], []),
        ("NKDA", [], []),
        ("No known allergies", [], []),
        ("Allergies: N/A", [], []),
        ("allergic to NOTHING", [], []),
        ("Allergic to latex? No.", [], []),
        ("NO LATEX ALLERGY. sensitive to strong fragrances", ["fragrance"], []),
        ("Client's daughter has a nut allergy", [], []),
        ("Her husband has a latex allergy", [], []),
        ("Mom is pregnant", [], []),
        ("Was pregnant last yr - baby born Jan 2026", [], []),
        ("no longer pregnant", [], []),
        ("Pregnant? N", [], []),
        ("Pregnancy: no", [], []),
    ],
)
def test_what_the_probe_confirmed_stays_so(note: str, allergies: list[str], contraindications: list[str]) -> None:
    assert _safety(note) == (allergies, contraindications)
