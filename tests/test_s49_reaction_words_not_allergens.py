"""s49 (probe49a LOW): how bad a reaction is, as a front desk writes it after the allergy, was shown as an allergy of
its own: "allergic to nuts - throat closes up" gave "SEVERE throat closes up allergy", "Nut allergy (sev)" a "sev
allergy", "latex allergy (hospitalised 2021)" a "hospitalised allergy", "- grave" a "grave allergy". These words are
``lexicon.SEVERITY_WORDS`` now: the allergy alone is shown (SEVERE where they say so). Not "throat", "hospital" nor
"ER", which begin real items ("hospital tape", "throat spray": rev49d); "throat closes up" still names a junk "throat
allergy" beside the SEVERE one."""

from __future__ import annotations

from datetime import date

import pytest

from spa_copilot.ai.extraction import extract_profile_offline


@pytest.mark.parametrize(
    ("notes", "allergies"),
    [
        ("Nut allergy (sev)", ["nutOil"]),
        ("latex allergy (hospitalised 2021)", ["latex"]),
        ("Latex allergy - grave", ["latex"]),
        ("Allergic to tree nuts - grave risk", ["nutOil"]),
    ],
)
def test_how_bad_a_reaction_is_names_no_allergen(notes: str, allergies: list[str]) -> None:
    assert extract_profile_offline(notes, today=date(2026, 12, 1)).values("allergies") == allergies
