"""Evidence is a faithful quote: words the note says, in its order, with its brackets and dashes."""

from __future__ import annotations

from datetime import date

import pytest

from spa_copilot.ai.extraction import extract_profile_offline

DECEMBER = date(2026, 12, 2)


def _evidence(note: str, field: str) -> dict[str, str]:
    return {e.value: e.evidence for e in getattr(extract_profile_offline(note, today=DECEMBER), field)}


@pytest.mark.parametrize(
    ("note", "field", "evidence"),
    [
        ("not pregnant. no allergies except shellfish.", "allergies", {"shellfish": "no allergies except shellfish"}),
        ("NKA other than nuts", "allergies", {"nutOil": "NKA other than nuts"}),
        ("On Accutane (2026).", "contraindications", {"isotretinoin": "On Accutane (2026)"}),
        ("latex (allergy)", "allergies", {"latex": "latex (allergy)"}),
        ("(Pregnant) firm pressure", "contraindications", {"pregnancy": "(Pregnant) firm pressure"}),
        ("No lavender – allergy. Eucalyptus is fine.", "allergies", {"essentialOils": "No lavender – allergy"}),
        ("Allergic to nuts; no lavender", "allergies", {"nutOil": "Allergic to nuts", "essentialOils": "Allergic to nuts; no lavender"}),
        ("Insulin pump on the abdomen — avoid that area", "avoid_areas", {"abdomen": "Insulin pump on the abdomen — avoid that area"}),
        ("Pregnant: yes\r\nfirm", "contraindications", {"pregnancy": "Pregnant: yes"}),
    ],
)
def test_evidence_is_the_notes_own_words(note: str, field: str, evidence: dict[str, str]) -> None:
    assert _evidence(note, field) == evidence


@pytest.mark.parametrize(
    "note",
    [
        "not pregnant. no allergies except shellfish.",
        "No nuts - allergic, no lavender, it makes her nauseous",
        "Allergic to nuts; no lavender — she finds it too strong",
        "Husband has a nut allergy. Pregnant (20 wks) — no hot stones; warfarin daily",
        "insulin pump on L abdomen -- avoid area, tight shoulders",
        "Accutane (2026), firm pressure (back), NO LATEX – ALLERGY",
    ],
)
def test_every_quote_is_found_in_the_note(note: str) -> None:
    profile = extract_profile_offline(note, today=DECEMBER)
    for field in ("allergies", "contraindications", "avoid_areas", "focus_areas", "pressure", "scent"):
        for found in getattr(profile, field):
            assert found.evidence in note, (field, found.value, found.evidence)
            assert found.evidence.count("(") == found.evidence.count(")"), found.evidence
