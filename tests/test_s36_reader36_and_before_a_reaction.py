"""Two items joined by "and" before her reaction were read as one name: "Penicillin and codeine (EpiPen)" and
"Cats and dogs - sneezing" read nothing, "Lavender and penicillin (EpiPen)" a liked lavender (session 36); "&"
already parted them."""
from datetime import date

import pytest

from spa_copilot.ai.extraction import extract_profile_offline

DAY = date(2026, 12, 6)


def read(note):
    p = extract_profile_offline(note, today=DAY)
    return set(p.values("allergies")), set(p.values("scent"))


@pytest.mark.parametrize(("note", "expected"), [
    ("Penicillin and codeine (EpiPen)", {"penicillin", "codeine"}),
    ("Penicillin AND codeine - hives", {"penicillin", "codeine"}),
    ("Cats and dogs - sneezing", {"cats", "dogs"}),
    ("Lavender and penicillin (EpiPen)", {"penicillin", "essentialOils"}),
])
def test_both_items_are_hers(note, expected):
    allergies, scent = read(note)
    assert allergies == expected
    assert scent == set()


@pytest.mark.parametrize(("note", "expected"), [
    ("Penicillin & codeine (EpiPen)", {"penicillin", "codeine"}),
    ("Salt and pepper scrub - rash", set()),
    ("Allergies: penicillin and codeine - hives", {"penicillin", "codeine"}),
])
def test_others_read_as_before(note, expected):
    assert read(note)[0] == expected
