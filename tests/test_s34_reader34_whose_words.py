"""Session 34 (reader34): "hubby" and "self" say whose an allergy is and are never an allergen (rev33i L); a bare
line whose item says it is the guest's own ("latex - self", "latex (client)") keeps her latex."""

from datetime import date

import pytest

from spa_copilot.ai.extraction import extract_profile_offline


def _allergies(note: str) -> set[str]:
    return {e.value for e in extract_profile_offline(note, today=date(2026, 12, 5)).allergies}


@pytest.mark.parametrize(
    ("note", "kept"),
    [
        ("Allergies: latex, cats - hubby", {"latex", "cats"}),
        ("Allergies latex cats - self", {"latex", "cats"}),
        ("Allergies: latex - self", {"latex"}),
    ],
)
def test_a_whose_word_is_no_allergen(note: str, kept: set[str]) -> None:
    read = _allergies(note)
    assert kept <= read
    assert not read & {"hubby", "self"}


@pytest.mark.parametrize("note", ["latex - self", "latex (self)", "LATEX - client", "latex - guest"])
def test_the_guests_own_latex_on_a_bare_line_is_kept(note: str) -> None:
    assert _allergies(note) == {"latex"}
