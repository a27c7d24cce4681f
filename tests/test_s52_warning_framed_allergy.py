"""A warning sign straight after an allergen's allergy frames an alert ("⚠️ BEE STING ALLERGY ⚠️ (epi in bag)",
held-out set 7's h7-60): it read no allergy, as a stray mark there had (lex52's "Bee sting allergy x")."""

from __future__ import annotations

from datetime import date

import pytest

from tests.builders import HOT_STONE, dm_lines

BEES = "Check: bee stings allergy"


@pytest.mark.parametrize(("notes", "read"), [
    ("⚠️ BEE STING ALLERGY ⚠️ (epi in bag)", True),
    ("Bee sting allergy ❗", True),
    ("husband: bee sting allergy ⚠️", False),  # his
    ("No bee sting allergy ⚠️", False),  # denied
])
def test_an_allergy_framed_by_warning_signs_is_read(notes, read) -> None:
    assert (BEES in dm_lines(notes, HOT_STONE, day=date(2026, 12, 8))) is read
