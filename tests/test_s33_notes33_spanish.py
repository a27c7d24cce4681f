"""Spanish guest notes (review rev33a, H1): "Alérgica a los frutos secos y al látex. Presión suave. Tiene la tensión
alta." was briefed "Pressure: light" alone: no latex, no nuts, no hypertension (so a Hot Stone was not flagged, and a
waitlisted guest writing it in Spanish was offered one an English one was kept off)."""

from __future__ import annotations

from datetime import date

import pytest

from spa_copilot.ai.extraction import extract_profile_offline
from spa_copilot.ai.vocabulary import service_conflicts
from spa_copilot.domain import HealthHistory

DAY = date(2026, 11, 24)
HOT_STONE = ["Pregnancy", "Hypertension"]


def read(note: str, field: str) -> list[str]:
    return extract_profile_offline(note, today=DAY).values(field)


def test_the_reviewed_note_reads_both_allergies_and_the_hypertension() -> None:
    profile = extract_profile_offline(
        "Alérgica a los frutos secos y al látex. Presión suave. Tiene la tensión alta.", today=DAY
    )
    assert sorted(profile.values("allergies")) == ["latex", "nutOil"]
    assert profile.values("contraindications") == ["hypertension"]
    assert profile.values("pressure") == ["light"]


@pytest.mark.parametrize(("note", "allergies"), [
    ("Alérgica a los frutos secos y al látex.", ["latex", "nutOil"]),
    ("Alérgica al látex y a los frutos secos", ["latex", "nutOil"]),
    ("Alergia al marisco y a los frutos secos", ["nutOil", "shellfish"]),
    ("Alérgica a la lavanda y al látex", ["essentialOils", "latex"]),  # as "allergic to lavender" is read
    ("Alérgica a los frutos secos.", ["nutOil"]),  # was a raw "frutosSecos", without its nut-free note
    ("Alérgica a la penicilina y a los cacahuetes", ["nutOil", "penicillin"]),
    ("Alérgica a la penicilina, al gluten y a los lácteos", ["dairy", "gluten", "penicillin"]),
    ("alergias: látex, penicilina", ["latex", "penicillin"]),
    ("Alérgica a las fragancias y a los mariscos", ["fragrance", "shellfish"]),
    ("Alergia al yodo y a la soja", ["iodine", "soy"]),
])
def test_spanish_allergy_lists_are_read_as_the_english_ones(note: str, allergies: list[str]) -> None:
    assert sorted(read(note, "allergies")) == allergies


@pytest.mark.parametrize(("note", "condition"), [
    ("Tiene la tensión alta.", "hypertension"),
    ("Hipertensión", "hypertension"),
    ("Es hipertensa", "hypertension"),
    ("presión arterial alta", "hypertension"),
    ("Tiene varices en las piernas", "varicoseVeins"),
    ("Tuvo un ictus", "bloodClots"),
])
def test_spanish_conditions_are_the_english_canonical_ones(note: str, condition: str) -> None:
    assert read(note, "contraindications") == [condition]


def test_a_spanish_allergy_keeps_its_handling_note_and_rules_out_the_same_services() -> None:
    spanish = extract_profile_offline("Alérgica a los frutos secos. Tiene la tensión alta (hipertensión).", today=DAY)
    english = extract_profile_offline("Nut allergy. High blood pressure.", today=DAY)
    assert spanish.values("allergies") == english.values("allergies") == ["nutOil"]
    for profile in (spanish, english):
        assert service_conflicts(
            allergies=profile.values("allergies"), contraindications=profile.values("contraindications"),
            service_contraindications=HOT_STONE + ["Nut allergy"],
        ) == ["hypertension", "nutAllergy"]


def test_the_intake_list_in_spanish_keeps_both() -> None:
    profile = extract_profile_offline("", intake=HealthHistory(allergies=["látex, frutos secos"]), today=DAY)
    assert sorted(profile.values("allergies")) == ["latex", "nutOil"]


@pytest.mark.parametrize(("note", "allergy"), [
    ("alergic to latex, nutts and lavendar oil", "nutOil"),
    ("shelfish allergy", "shellfish"),
    ("allergic to latx", "latex"),
    ("lattex allergy", "latex"),
])
def test_typed_allergens_keep_their_handling(note: str, allergy: str) -> None:
    assert allergy in read(note, "allergies")
