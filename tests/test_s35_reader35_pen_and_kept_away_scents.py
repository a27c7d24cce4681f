"""A list of scents before her reaction marked only the last one ("Eucalyptus, peppermint (EpiPen)" kept a liked
eucalyptus), a pen said to be for another allergen lost that allergen ("Lavender - EpiPen is for bee stings"), and a
scent kept away for her reaction lost the scent to avoid ("Avoid lavender - throat swelling") (session 35). A pen for
someone else, a liking before the list and a liked lavender beside the pen read as before (rev34k F2, F5)."""
from datetime import date

import pytest

from spa_copilot.ai.extraction import extract_profile_offline

DAY = date(2026, 12, 6)


def read(note):
    p = extract_profile_offline(note, today=DAY)
    return set(p.values("allergies")), set(p.values("scent")), set(p.values("avoid_scents"))


@pytest.mark.parametrize("note", [
    "Eucalyptus, peppermint (EpiPen)",
    "Eucalyptus, peppermint (hives)",
    "Eucalyptus and peppermint - hives",
])
def test_every_scent_of_the_list_is_the_allergys(note):
    allergies, scent, _ = read(note)
    assert allergies == {"essentialOils"} and scent == set()


@pytest.mark.parametrize("note", ["Lavender - EpiPen is for bee stings", "EpiPen is for bee stings"])
def test_the_pens_allergen_is_hers(note):
    allergies, _, _ = read(note)
    assert "beeStings" in allergies
    assert "essentialOils" not in allergies


def test_the_pens_allergen_leaves_her_liked_lavender_liked():
    assert read("Lavender - EpiPen is for bee stings")[1] == {"lavender"}


@pytest.mark.parametrize("note", [
    "Avoid lavender - throat swelling",
    "Avoid lavender (EpiPen)",
    "Avoid lavender - hives",
])
def test_a_scent_kept_away_for_her_reaction_stays_one_to_avoid(note):
    allergies, scent, avoid = read(note)
    assert allergies == {"essentialOils"} and avoid == {"lavender"} and scent == set()


@pytest.mark.parametrize(("note", "allergies", "scent", "avoid"), [
    ("Loves eucalyptus, peppermint (EpiPen)", {"essentialOils"}, {"eucalyptus"}, set()),
    ("Lavender, eucalyptus - she loves them", set(), {"lavender", "eucalyptus"}, set()),
    ("Lavender - EpiPen is for her son", set(), {"lavender"}, set()),
    ("EpiPen is for her son", set(), set(), set()),
    ("Lavender - EpiPen expired, reminded her", set(), {"lavender"}, set()),
    ("Lavender - throat swelling (her husband)", set(), {"lavender"}, set()),
    ("Avoid lavender", set(), set(), {"lavender"}),
    ("No lavender - hives", {"essentialOils"}, set(), {"lavender"}),
])
def test_others_read_as_before(note, allergies, scent, avoid):
    assert read(note) == (allergies, scent, avoid)
