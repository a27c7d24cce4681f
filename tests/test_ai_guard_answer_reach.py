"""The guardrails read a checklist answer after a term as the offline notes reader does (84d891a and its review): a
draft's "Pregnant 14wks, Meds: none" does not take the pregnancy back, the meds' "none" being the meds' answer, while
"Pregnant: no" and "Pregnant? No and Meds: none" do. A past answer at the term's own colon puts it in the past, as
the reader reads it ("Retinol: stopped", "Pregnant: no longer, meds: none"); one after another item does not ("On
Eliquis, Advil: stopped")."""

from __future__ import annotations

from datetime import date

import pytest

from spa_copilot.ai.guardrails import contradictions, unsupported


def _flags(text: str, field: str, value: str) -> list[str]:
    return contradictions(text, {field: [value]})


@pytest.mark.parametrize(
    ("text", "field", "value"),
    [
        ("Pregnant 14wks, Meds: none", "contraindications", "pregnancy"),
        ("Pregnant 14 wks, Meds? No", "contraindications", "pregnancy"),
        ("Pregnant 14wks - Meds: none", "contraindications", "pregnancy"),
        ("Pregnant: yes, Meds: none", "contraindications", "pregnancy"),
        ("Currently pregnant, meds: none", "contraindications", "pregnancy"),
        ("On Eliquis, Advil: no", "contraindications", "bloodThinners"),
        ("On warfarin, started 2020, Meds: none", "contraindications", "bloodThinners"),
        ("Retinol nightly, peels: none", "contraindications", "retinoids"),
        ("Allergic to latex, meds: none", "allergies", "latex"),
        ("Allergies: latex, meds: none", "allergies", "latex"),
        ("Allergies: latex, other: none", "allergies", "latex"),
        ("Nut allergy, meds: none", "allergies", "nutOil"),
        ("Shellfish allergy, other: none", "allergies", "shellfish"),
    ],
)
def test_another_labels_answer_does_not_take_the_term_back(text: str, field: str, value: str) -> None:
    assert _flags(text, field, value) == []


@pytest.mark.parametrize(
    ("text", "field", "value"),
    [
        ("Pregnant: no", "contraindications", "pregnancy"),
        ("Pregnant 14wks: no", "contraindications", "pregnancy"),
        ("Pregnant (14 wks, due May): no", "contraindications", "pregnancy"),
        ("Pregnant/nursing? No", "contraindications", "pregnancy"),
        ("Pregnant, meds: none", "contraindications", "pregnancy"),
        ("Pregnant? No and Meds: none", "contraindications", "pregnancy"),
        ("Blood thinners (warfarin, eliquis)? No", "contraindications", "bloodThinners"),
        ("Blood thinners: no and Advil: stopped", "contraindications", "bloodThinners"),
        ("Latex allergy: no", "allergies", "latex"),
        ("Allergic to latex gloves? no", "allergies", "latex"),
        # the term's own past answer, as the reader reads it
        ("Pregnant: no longer, meds: none", "contraindications", "pregnancy"),
        ("Pregnant: no longer", "contraindications", "pregnancy"),
        ("Retinol: stopped", "contraindications", "retinoids"),
        ("Retinol, tret: stopped", "contraindications", "retinoids"),
        ("Retinol? Stopped a while ago.", "contraindications", "retinoids"),
    ],
)
def test_the_terms_own_answer_takes_it_back(text: str, field: str, value: str) -> None:
    assert _flags(text, field, value) == [f"contradicts:{field}:{value}"]


@pytest.mark.parametrize(
    ("text", "field", "value"),
    [
        ("On Eliquis, Advil: stopped", "contraindications", "bloodThinners"),
        ("Retinol nightly, Accutane: stopped", "contraindications", "retinoids"),
        ("Pregnant 14wks, Meds: no longer", "contraindications", "pregnancy"),
        ("Latex allergy, rash: resolved", "allergies", "latex"),
        ("Blood thinners: none and Eliquis: yes", "contraindications", "bloodThinners"),
    ],
)
def test_a_past_answer_after_another_item_is_that_items(text: str, field: str, value: str) -> None:
    assert _flags(text, field, value) == []


def test_a_models_evidence_is_read_in_the_note_as_the_reader_reads_it() -> None:
    day = date(2026, 3, 10)
    assert unsupported("contraindications", "pregnancy", "Pregnant 14wks", "Pregnant 14wks, Meds: none", today=day) is None
    assert unsupported("allergies", "latex", "latex", "Allergies: latex, meds: none", today=day) is None
    assert unsupported("contraindications", "pregnancy", "Pregnant", "Pregnant: no, Meds: none", today=day) is not None
