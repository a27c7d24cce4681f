"""Safety facts the offline notes reader missed (s24), each with the near misses that must read as before.

1. An allergen, "=" (or "->", "cause") and anaphylaxis ("Nuts = anaphylaxis") read no allergy: the reaction words
   after "=" had hives and rash but not the gravest one. It reads the allergy now, and the briefing says SEVERE.
2. A form's question answered "Y" or "Yes" then the list ("Intake: Allergies? Y - tree nuts") read nothing behind a
   label, and "Allergies? Y - Sudafed, codeine, latex" lost the latex: the "Y - " is dropped as "Allergies: Yes, …"'s
   is, and a label may stand before the question.
"""

from __future__ import annotations

from datetime import date

import pytest

from spa_copilot.ai.extraction import extract_profile_offline
from spa_copilot.engines import briefing as engine
from tests.builders import client

TODAY = date(2026, 12, 4)


def allergies(note: str) -> list[str]:
    return sorted(extract_profile_offline(note, today=TODAY).values("allergies"))


# 1. "<allergen> = anaphylaxis"


@pytest.mark.parametrize(
    ("note", "expected"),
    [
        ("Nuts = anaphylaxis", ["nutOil"]),
        ("nuts=anaphylaxis", ["nutOil"]),
        ("Peanuts = anaphylaxis", ["nutOil"]),
        ("Nuts -> anaphylaxis", ["nutOil"]),
        ("nuts cause anaphylaxis", ["nutOil"]),
        ("Nuts = anaphylaxis, latex = rash", ["latex", "nutOil"]),
        ("Nuts - anaphylaxis, latex - rash", ["latex", "nutOil"]),  # the nuts were lost before the comma
        ("Shellfish = anaphylactic", ["shellfish"]),
        ("lavender = anaphylaxis", ["essentialOils"]),  # was read as a scent she likes
        ("Latex = anaphylaxis + hives", ["latex"]),
        ("No latex = hives", ["latex"]),  # the "=" sets the reaction apart: kept away for it, as "No latex - hives"
        ("no nuts -> anaphylaxis", ["nutOil"]),
    ],
)
def test_an_allergen_equal_to_anaphylaxis_is_an_allergy(note: str, expected: list[str]) -> None:
    assert allergies(note) == expected


@pytest.mark.parametrize(
    "note",
    [
        "Not allergic to nuts = anaphylaxis was her sister",  # denied, someone else
        "Husband: nuts = anaphylaxis",  # someone else's
        "Nuts = no anaphylaxis",
        "Nuts = ok",
    ],
)
def test_anaphylaxis_near_misses_read_as_before(note: str) -> None:
    assert allergies(note) == []


@pytest.mark.parametrize("note", ["Nuts = anaphylaxis", "Tree nuts -> anaphylaxis"])
def test_an_allergy_equal_to_anaphylaxis_is_briefed_severe(note: str) -> None:
    profile = extract_profile_offline(note, today=TODAY)
    assert engine.severe_allergies(client("cl_1", notes=note), profile) == ["nutOil"]


# 2. "Allergies? Y - <list>", behind a form's label too


@pytest.mark.parametrize(
    ("note", "expected"),
    [
        ("Intake: Allergies? Y - tree nuts", ["nutOil"]),
        ("Allergies? Yes - latex", ["latex"]),
        ("Intake: Allergies? Yes - latex", ["latex"]),
        ("Intake form - Allergies? Y - tree nuts", ["nutOil"]),
        ("Per intake: Allergies? Yes - latex, tree nuts", ["latex", "nutOil"]),
        ("Allergies? Y - latex + nuts", ["latex", "nutOil"]),
        ("Intake: Allergies? Y - Sudafed, codeine, latex", ["codeine", "latex", "sudafed"]),
        ("Allergies: Y - Sudafed, codeine, latex", ["codeine", "latex", "sudafed"]),
        ("Allergies? Y - Tylenol PM, latex", ["latex", "tylenolPm"]),
        ("Allergies? y - Night Nurse, latex", ["latex", "nightNurse"]),
        ("Intake: Allergies? Y - asthma, latex", ["asthma", "latex"]),  # a condition listed is kept, as before
        ("Allergies? Y - nuts (negative test), latex, shellfish", ["latex", "nutOil", "shellfish"]),
        ("Allergies? Y (latex)", ["latex"]),
        ("Intake: Allergies? Y - penicillin", ["penicillin"]),
    ],
)
def test_a_forms_yes_then_the_list_reads_the_list(note: str, expected: list[str]) -> None:
    assert allergies(note) == expected


@pytest.mark.parametrize(
    "note",
    [
        "Allergies? N",
        "Allergies? No",
        "Intake: Allergies? N",
        "Intake: Allergies? No",
        "Intake: Allergies? None",
        "Intake: Allergies? Y",  # a yes with nothing listed names nothing
        "Allergies? N - latex is fine",
        "Husband: Allergies? Y - latex",  # someone else's
    ],
)
def test_a_forms_no_reads_none(note: str) -> None:
    assert allergies(note) == []


def test_the_evidence_is_the_notes_own_words() -> None:
    found = extract_profile_offline("Intake: Allergies? Y - Sudafed, codeine, latex", today=TODAY)
    assert {item.evidence for item in found.allergies} == {"Intake: Allergies? Y - Sudafed, codeine, latex"}
