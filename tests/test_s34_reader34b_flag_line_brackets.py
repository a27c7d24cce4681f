"""A bare line flagged by its latex reads its other items only when a bracket after one says how she reacts, how bad
it is, or that it is hers: a drug she takes or someone else's item stays off her allergies, the latex stays
(rev34d M1)."""
from datetime import date

import pytest

from spa_copilot.ai.extraction import extract_profile_offline

DAY = date(2026, 12, 5)


def allergies(note):
    return set(extract_profile_offline(note, today=DAY).values("allergies"))


@pytest.mark.parametrize(("note", "not_hers"), [
    ("latex, penicillin (takes daily)", "penicillin"),
    ("latex, amoxicillin (current rx)", "amoxicillin"),
    ("latex, penicillin (prescribed)", "penicillin"),
    ("latex, penicillin (taking)", "penicillin"),
    ("latex, penicillin (for UTI)", "penicillin"),
    ("latex, cipro (current)", "cipro"),
    ("Latex | Keflex (takes)", "keflex"),
    ("latex, penicillin (hubby)", "penicillin"),
    ("latex, penicillin (DH)", "penicillin"),
    ("latex, cats (kids)", "cats"),
    ("latex (self), penicillin (hubby)", "penicillin"),
])
def test_a_bracket_that_is_no_reaction_keeps_the_item_off_her_allergies(note, not_hers):
    found = allergies(note)
    assert "latex" in found
    assert not_hers not in found
