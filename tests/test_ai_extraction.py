"""The offline notes → profile engine: the labelled evaluation set, negation and history, intake, vocabulary."""

from __future__ import annotations

from pathlib import Path

import pytest

from spa_copilot.ai.evaluation import load_eval_rows, score
from spa_copilot.ai.extraction import extract_profile_offline, normalise_safety_name
from spa_copilot.ai.vocabulary import (
    ALLERGIES,
    ALLERGY_CONTRAINDICATIONS,
    BODY_AREAS,
    COMMUNICATION_STYLES,
    CONTRAINDICATIONS,
    MUSIC,
    PRESSURE_LEVELS,
    SERVICE_CONTRAINDICATIONS,
    TEMPERATURES,
    service_conflicts,
)
from spa_copilot.domain import HealthHistory

FIXTURES = Path(__file__).parent / "fixtures"


def test_eval_set_is_large_and_labelled() -> None:
    rows = load_eval_rows(FIXTURES / "notes_eval.jsonl")
    assert len(rows) >= 60
    assert len({row["id"] for row in rows}) == len(rows)
    negation_or_history = [r for r in rows if any(w in r["text"].lower() for w in ("not ", "no longer", "stopped", "used to", "was "))]
    assert len(negation_or_history) >= 15


@pytest.mark.parametrize("path", ["notes_eval.jsonl", "notes_holdout.jsonl"])
def test_offline_engine_meets_the_safety_recall_goal(path: str) -> None:
    result = score(load_eval_rows(FIXTURES / path))
    for field in ("allergies", "contraindications"):
        assert result.fields[field].recall >= 0.9, (field, result.misses)
        assert result.fields[field].precision >= 0.8, (field, result.misses)


def test_offline_engine_on_preferences_is_useful() -> None:
    result = score(load_eval_rows(FIXTURES / "notes_eval.jsonl"))
    for field in ("pressure", "temperature", "music", "scent", "focus_areas", "avoid_areas", "communication_style"):
        assert result.fields[field].recall >= 0.8, (field, result.misses)
        assert result.fields[field].precision >= 0.8, (field, result.misses)


@pytest.mark.parametrize(
    ("note", "field", "expected"),
    [
        ("No longer pregnant, baby arrived in May.", "contraindications", []),
        ("Pregnant (22 weeks).", "contraindications", ["pregnancy"]),
        ("Not allergic to latex.", "allergies", []),
        ("Not allergic to latex, but allergic to almond oil.", "allergies", ["nutOil"]),
        ("Her husband has a nut allergy.", "allergies", []),
        ("No nuts, latex or fragrance allergies.", "allergies", []),
        ("Latex fine.", "allergies", []),
        ("Stopped Accutane two years ago.", "contraindications", []),
        ("Stopped Accutane two months ago.", "contraindications", ["isotretinoin"]),
        ("Used to take warfarin.", "contraindications", []),
        ("Takes warfarin daily.", "contraindications", ["bloodThinners"]),
        ("Pregnant? No.", "contraindications", []),
        ("Currently on isotretinoin (Accutane): no peels.", "contraindications", ["isotretinoin"]),
        ("Diagnosed with hypertension years ago, managed with meds.", "contraindications", ["hypertension"]),
        ("Mother has high blood pressure.", "contraindications", []),
        ("Prefers firm, but light on shoulders.", "pressure", ["firm", "light (shoulders)"]),
        ("No deep tissue please.", "pressure", []),
        ("Likes soft piano music.", "pressure", []),
        ("Skip shoulders today, focus on legs.", "avoid_areas", ["shoulders"]),
        ("Skip shoulders today, focus on legs.", "focus_areas", ["legs"]),
        ("No music, firm pressure.", "pressure", ["firm"]),
        ("No music, firm pressure.", "music", ["silence"]),
        ("Not chatty at all.", "communication_style", ["quiet"]),
        ("Doesn't like lavender; likes eucalyptus.", "scent", ["eucalyptus"]),
        ("Lavender allergy.", "allergies", ["essentialOils"]),
    ],
)
def test_negation_history_and_context(note: str, field: str, expected: list[str]) -> None:
    assert extract_profile_offline(note).values(field) == expected


def test_every_value_carries_the_phrase_it_came_from() -> None:
    note = "Prefers firm pressure but light on the shoulders. Allergic to almond oil; carries an EpiPen."
    profile = extract_profile_offline(note)
    for field in ("pressure", "allergies"):
        for item in getattr(profile, field):
            assert item.evidence and item.evidence.lower() in note.lower()
    assert profile.allergies[0].evidence == "Allergic to almond oil"


def test_intake_answers_are_normalised_and_joined_with_the_notes() -> None:
    intake = HealthHistory(allergies=["nuts", "none"], conditions=["High blood pressure"], medications=["apixaban"], pregnant=True)
    profile = extract_profile_offline("Likes firm pressure.", intake=intake)
    assert profile.values("allergies") == ["nutOil"]
    assert profile.values("contraindications") == ["hypertension", "bloodThinners", "pregnancy"]
    assert profile.allergies[0].evidence == "intake allergies: nuts"


def test_values_stay_inside_the_canonical_vocabulary() -> None:
    allowed = {
        "allergies": set(ALLERGIES),
        "contraindications": set(CONTRAINDICATIONS),
        "temperature": set(TEMPERATURES),
        "music": set(MUSIC),
        "communication_style": set(COMMUNICATION_STYLES),
        "focus_areas": set(BODY_AREAS),
        "avoid_areas": set(BODY_AREAS),
    }
    for row in load_eval_rows(FIXTURES / "notes_eval.jsonl"):
        profile = extract_profile_offline(row["text"])
        for field, names in allowed.items():
            assert set(profile.values(field)) <= names, (row["id"], field)
        for value in profile.values("pressure"):
            assert value.split(" (")[0] in PRESSURE_LEVELS


def test_vocabulary_matches_the_sandbox_services() -> None:
    from spa_copilot.sandbox.notes_corpus import CONTRAINDICATION_SIGNALS, HEALTH_TERMS

    assert set(CONTRAINDICATION_SIGNALS) <= set(SERVICE_CONTRAINDICATIONS)
    for raw in HEALTH_TERMS["allergies"]:
        name = normalise_safety_name("allergies", raw)
        assert name in ALLERGIES, raw
        assert ALLERGY_CONTRAINDICATIONS[name] in CONTRAINDICATION_SIGNALS, raw
    assert normalise_safety_name("contraindications", "adapalene") == "retinoids"


def test_service_conflicts_use_the_service_spelling_of_allergies() -> None:
    conflicts = service_conflicts(
        allergies=["nutOil"], contraindications=["pregnancy"], service_contraindications=["nutAllergy", "sunburn", "pregnancy"]
    )
    assert conflicts == ["nutAllergy", "pregnancy"]
