"""An oil the note says the spa uses or switched to is not an allergy (regression reviews of fecad04, 4 December).

Since coconut became its own allergen, "Peanut allergy - we use fractionated coconut oil for her" gave a coconut
allergy, briefed "coconut allergy: no coconut oil (fractionated coconut oil too)": the opposite of the note."""

from __future__ import annotations

from datetime import date

import pytest

from spa_copilot.ai.extraction import extract_profile_offline

DAY = date(2026, 12, 4)


def allergies(note: str) -> list[str]:
    return [item.value for item in extract_profile_offline(note, today=DAY).allergies]


@pytest.mark.parametrize("note, found", [
    ("Peanut allergy - we use fractionated coconut oil for her", ["nutOil"]),
    ("Nut allergy - switch to coconut oil", ["nutOil"]),
    ("allergic to almond oil, using coconut", ["nutOil"]),
])
def test_the_oil_used_is_no_allergy(note: str, found: list[str]) -> None:
    assert allergies(note) == found


@pytest.mark.parametrize("note, found", [
    ("allergic to coconut", ["coconut"]),
    ("Don't use coconut oil - allergic", ["coconut"]),  # kept away
    ("Allergic to coconut - use coconut-free products", ["coconut"]),
    ("Coconut allergy, we use almond oil", ["coconut"]),  # the allergy named before the oil used
    ("Use almond oil instead of coconut oil", ["coconut"]),  # the cautious reading kept (fecad04)
])
def test_an_oil_kept_away_is_still_an_allergy(note: str, found: list[str]) -> None:
    assert allergies(note) == found


def test_an_expired_epipen_is_no_allergy_to_expired() -> None:
    # a staff-eye review: "Nut allergy (EpiPen expired)" briefed a second line, "SEVERE expired allergy"
    assert allergies("Nut allergy (EpiPen expired)") == ["nutOil"]


@pytest.mark.parametrize("note", ["Coconut and walnut oil give her hives", "Coconut, almond oil - hives",
                                  "Coconut, almond oil - allergic", "Walnut and coconut oil give her hives"])
def test_a_list_before_a_reaction_names_each_allergy(note: str) -> None:
    # an adversarial review of fecad04: only the item next to the reaction was read, so coconut (or the nut) was lost
    # (before, coconut was a nut oil and the one item stood for both)
    assert sorted(allergies(note)) == ["coconut", "nutOil"]


@pytest.mark.parametrize("box", ["[v]", "[V]", "[*]", "[x]", "[✓]"])
def test_a_box_ticked_with_a_v_or_a_star_is_ticked(box: str) -> None:
    # an adversarial review: "Allergies: [v] Nuts [ ] Latex" read no allergy at all
    assert allergies(f"Allergies: {box} Nuts [ ] Latex") == ["nutOil"]
    assert "pregnancy" in [c.value for c in extract_profile_offline(f"Pregnant? Yes {box} No [ ]", today=DAY)
                           .contraindications]
