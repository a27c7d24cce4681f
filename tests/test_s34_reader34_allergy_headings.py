"""Session 34 (reader34): a scent line under an allergy or sensitivity heading other than "Allergies:" is the
allergy's kind, never a liked scent (rev33i M4); a colonless "Allergies" heads its list below; a latex named on a
kind line after "Scents:" is kept (rev33e L3)."""

from datetime import date

import pytest

from spa_copilot.ai.extraction import extract_profile_offline


def _read(note: str):
    return extract_profile_offline(note, today=date(2026, 12, 5))


@pytest.mark.parametrize(
    "note",
    [
        "Allergies/sensitivities:\nScent: lavender",
        "Allergies\nScent: lavender",
        "Sensitivities:\nScent: lavender",
        "Allergies / Sensitivities -\nscents: lavender",
        "Allergies & Sensitivities:\nScents: lavender",
    ],
)
def test_scent_line_under_a_sensitivity_heading_is_no_liked_scent(note: str) -> None:
    profile = _read(note)
    assert "lavender" not in {e.value for e in profile.scent}
    assert {"fragrance", "essentialOils"} <= {e.value for e in profile.allergies}


def test_latex_after_a_scents_line_under_allergies_is_kept() -> None:
    profile = _read("Allergies:\nFood: shellfish\nScents: lavender\nOther: latex")
    allergies = {e.value for e in profile.allergies}
    assert {"shellfish", "latex", "fragrance"} <= allergies
    assert "lavender" not in {e.value for e in profile.scent}


def test_colonless_allergy_heading_heads_its_bullets() -> None:
    assert "latex" in {e.value for e in _read("Allergies\n- latex\n- shellfish").allergies}
    # and heads no allergy when the answer below is none
    assert not _read("Allergies\nNone").allergies
    assert not _read("Allergies\n- none").allergies

