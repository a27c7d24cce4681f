"""Session 34 (reader34): a bare line of allergens flagged by its latex reads every other allergen on it too
("latex, penicillin", "latex, sulfa", "Latex | Keflex" read only the latex; rev33e M2)."""

from datetime import date

import pytest

from spa_copilot.ai.extraction import extract_profile_offline


def _allergies(note: str) -> set[str]:
    return {e.value for e in extract_profile_offline(note, today=date(2026, 12, 5)).allergies}


@pytest.mark.parametrize(
    ("note", "other"),
    [
        ("latex, penicillin", "penicillin"),
        ("latex, sulfa", "sulfa"),
        ("Latex | Keflex", "keflex"),
        ("Notes: nice lady\nLATEX!, sulfa", "sulfa"),
        ("latex, cats", "cats"),
    ],
)
def test_every_allergen_of_a_bare_flag_line_is_read(note: str, other: str) -> None:
    assert {"latex", other} <= _allergies(note)


def test_a_line_not_hers_or_denied_gains_nothing() -> None:
    assert not _allergies("Husband allergies:\nlatex, sulfa")
    assert "sulfa" not in _allergies("no latex, sulfa")
    # the bare line beside them is still read whole
    assert {"latex", "sulfa"} <= _allergies("Husband allergies: none\n\nlatex, sulfa")
