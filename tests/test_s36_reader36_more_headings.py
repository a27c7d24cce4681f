"""More spellings of a sensitivity or intolerance heading (session 36): a compound one with no colon
("Allergies/Intolerances⏎- latex", "Sensitivities & intolerances⏎- latex" read nothing). A name the lexicon does not
know under a sensitivity heading stays unread ("Sensitivities: penicillin" is pinned as none by
test_ai_s16_allergy_review)."""
from datetime import date

import pytest

from spa_copilot.ai.extraction import extract_profile_offline

DAY = date(2026, 12, 6)


def read(note):
    p = extract_profile_offline(note, today=DAY)
    return set(p.values("allergies")), set(p.values("scent"))


@pytest.mark.parametrize(("note", "expected"), [
    ("Allergies/Intolerances\n- latex", {"latex"}),
    ("Sensitivities & intolerances\n- latex", {"latex"}),
    ("Allergies & intolerances\nScent: lavender", {"fragrance", "essentialOils"}),
])
def test_her_allergens_under_the_heading(note, expected):
    allergies, scent = read(note)
    assert allergies == expected
    assert scent == set()


@pytest.mark.parametrize("note", ["Sensitivities: cold rooms", "Sensitivities: neck, feet", "Sensitivity: none"])
def test_what_is_no_allergen_stays_none(note):
    assert read(note)[0] == set()
