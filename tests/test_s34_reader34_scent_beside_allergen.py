"""Session 34 (reader34): a scent named beside an allergen before its reaction ("Lavender cats - sneezing") is an
allergy, never a liked scent (rev33e M1)."""

from datetime import date

import pytest

from spa_copilot.ai.extraction import extract_profile_offline


@pytest.mark.parametrize(
    ("note", "scent"),
    [
        ("Lavender cats - sneezing", "lavender"),
        ("Eucalyptus cats - sneezing", "eucalyptus"),
        ("lavender cats (sneezing)", "lavender"),
        ("Lavender cats - hives", "lavender"),
        ("lavender, cats - sneezing", "lavender"),
    ],
)
def test_a_scent_beside_an_allergen_before_its_reaction_is_an_allergy(note: str, scent: str) -> None:
    profile = extract_profile_offline(note, today=date(2026, 12, 5))
    assert scent not in {e.value for e in profile.scent}
    assert {"cats", "essentialOils"} <= {e.value for e in profile.allergies}


def test_latex_before_an_allergen_and_its_doubted_reaction_is_kept() -> None:
    allergies = {e.value for e in extract_profile_offline("Latex cats - hives?", today=date(2026, 12, 5)).allergies}
    assert {"latex", "cats"} <= allergies
