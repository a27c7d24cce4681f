"""A scent with her reaction after a dash read a LIKED scent when the dash was long ("Lavender – hives", "Rose oil —
throat swollen last time": a long dash ends the clause, and the hyphens' reading was turned down for a liked scent),
when a word for the form she had it in stood before the dash ("Eucalyptus steam - throat tight"), or when the throat's
reaction had its time after it (session 35). A throat said with its cause, a pen said for someone else, a liking after
the dash and an allergy word before another allergen read as before (rev34k F1-F3, s15 dashes)."""
from datetime import date

import pytest

from spa_copilot.ai.extraction import extract_profile_offline

DAY = date(2026, 12, 6)


def read(note):
    p = extract_profile_offline(note, today=DAY)
    return set(p.values("allergies")), set(p.values("scent"))


@pytest.mark.parametrize("note", [
    "Lavender \u2013 hives",
    "Lavender\u2014hives",
    "Lavender -- hives",
    "Lavender \u2013 throat swelling",
    "Lavender \u2013 carries an EpiPen",
    "Rose oil \u2014 throat swollen last time",
    "Rose oil - throat swollen last time",
    "Eucalyptus steam - throat tight",
    "Eucalyptus steam \u2013 hives",
    "Lavender - throat tightness",
    "Lavender oil - throat swelling in 2019",
])
def test_her_reaction_to_the_scent_is_an_allergy_not_a_liking(note):
    allergies, scent = read(note)
    assert "essentialOils" in allergies
    assert scent == set()


def test_another_scent_she_likes_stays_liked():
    allergies, scent = read("Loves lavender. Peppermint \u2013 hives")
    assert allergies == {"essentialOils"} and scent == {"lavender"}


@pytest.mark.parametrize("note", [
    "Lavender - throat tight from stress, loves it",
    "Lavender - throat tightness eases with it",
    "Lavender (throat tight from cold, not allergy)",
    "Lavender - throat tightening exercises",
    "Lavender - throat closing exercises (singer)",
    "Lavender - throat swelling (her husband)",
    "Lavender - EpiPen expired, reminded her",
    "Lavender \u2013 loves it",
    "Lavender steam - relaxing",
    "Lavender \u2013 throat tight after talking all day",
])
def test_a_liked_scent_stays_liked(note):
    allergies, scent = read(note)
    assert "lavender" in scent
    assert not allergies & {"essentialOils", "fragrance"}


def test_an_allergy_word_across_dashes_is_still_the_next_allergens():
    assert read("Rose \u2013 allergy \u2013 latex") == ({"latex"}, {"rose"})
