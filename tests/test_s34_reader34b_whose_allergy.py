"""Someone else's allergy is not hers: an allergy list's item with a person after a dash ("- cats - daughter"), as
with the person in brackets (rev34d M3)."""
from datetime import date

import pytest

from spa_copilot.ai.extraction import extract_profile_offline

DAY = date(2026, 12, 5)


def allergies(note):
    return set(extract_profile_offline(note, today=DAY).values("allergies"))


@pytest.mark.parametrize("note", [
    "Allergies\n- cats - daughter\n- latex",
    "Allergies:\n- cats - daughter\n- latex",
    "Allergies:\n- cats - her husband\n- latex",
])
def test_an_item_of_someone_elses_in_an_allergy_list_is_not_hers(note):
    found = allergies(note)
    assert "cats" not in found
    assert "latex" in found  # her own item stays

