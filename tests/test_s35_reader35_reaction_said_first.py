"""Her throat's reaction said before what causes it ("Throat swells with shellfish", "Throat swelling after eating
nuts", "Throat swelling with lavender") read nothing or a liked scent, and a scent with its reaction after a colon
("Lavender: throat swelling", "Lavender: hives") read a liked scent (session 35). A throat said with another cause,
denied or someone else's reads as before."""
from datetime import date

import pytest

from spa_copilot.ai.extraction import extract_profile_offline

DAY = date(2026, 12, 6)


def read(note):
    p = extract_profile_offline(note, today=DAY)
    return set(p.values("allergies")), set(p.values("scent"))


@pytest.mark.parametrize(("note", "allergy"), [
    ("Throat swells with shellfish", "shellfish"),
    ("Throat swelling after eating nuts", "nutOil"),
    ("Mild throat swelling with tree nuts", "nutOil"),
    ("Hives after eating nuts", "nutOil"),
    ("Throat swelling with lavender", "essentialOils"),
    ("Throat closes with eucalyptus", "essentialOils"),
    ("Lavender: throat swelling", "essentialOils"),
    ("Lavender: hives", "essentialOils"),
    ("Lavender: EpiPen", "essentialOils"),
])
def test_the_reaction_names_her_allergy(note, allergy):
    allergies, scent = read(note)
    assert allergy in allergies
    assert scent == set()


def test_a_liked_scent_beside_it_stays_liked():
    allergies, scent = read("Lavender ok; throat swelling from shellfish")
    assert allergies == {"shellfish"} and scent == {"lavender"}


@pytest.mark.parametrize(("note", "allergies", "scent"), [
    ("Throat tight from stress", set(), set()),
    ("throat tightness from anxiety - lavender helps", set(), {"lavender"}),
    ("Her husband's throat swells with shellfish", set(), set()),
    ("No throat swelling with lavender", set(), set()),
    ("Lavender: loves it", set(), {"lavender"}),
    ("Lavender: yes", set(), {"lavender"}),
    ("Lavender: no reaction", set(), {"lavender"}),
    ("Lavender: throat tight from stress", set(), {"lavender"}),
])
def test_other_throats_and_likings_read_as_before(note, allergies, scent):
    assert read(note) == (allergies, scent)
