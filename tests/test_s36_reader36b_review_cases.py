"""The review of session 36's notes-reader commits (rev36e): shapes those commits broke, each read as before them.

H1: a scent's reaction said to be "caused by / triggered by / from" the same scent, or from another one "also" or
"too", dropped her oil allergy and read the scent as LIKED ("Peppermint - migraine triggered by peppermint oil"). A
reaction from another scent leaves a scent liked only when a liking comes before it ("loves citrus - hives from
peppermint").

H2: a scent she dislikes or hates under a singular "Sensitivity:" or an "Intolerance:" heading read nothing: the
heading made the clause an allergy's, whose path does not read a dislike. It is a scent to avoid, as before (and under
the plural "Sensitivities:", which lost it already).

L1: a reaction's year or span of years before "not allergic" kept the allergy ("Codeine - nausea 2019-2020, not an
allergy" read codeine): it is ruled out as without the year.

M2: the privacy scrubber reads the allergy cue too (a capitalised word in an allergy list is no name): since the
reader's cue took the singular "Sensitivity:" and "Intolerance(s):" headings, a companion's or contact's name after
one reached the model ("Intolerance: paid by Xiomara"). The scrubber keeps its own cue, as before."""
from datetime import date

import pytest

from spa_copilot.ai.extraction import extract_profile_offline
from spa_copilot.ai.guardrails import scrub_for_model

DAY = date(2026, 12, 6)


def read(note):
    p = extract_profile_offline(note, today=DAY)
    return {f: set(p.values(f)) for f in ("allergies", "scent", "avoid_scents", "avoid_areas")}


# H1 ------------------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("note", [
    "Peppermint - migraine triggered by peppermint oil",
    "Peppermint - hives caused by peppermint oil",
    "Lavender - rash, caused by the lavender massage oil",
    "Lavender (rash caused by lavender oil)",
    "Eucalyptus - wheezing brought on by eucalyptus steam",
    "Lavender - rash by the lavender scrub",
    "Eucalyptus - hives by eucalyptus",
    "Lavender - headaches from fragrance",
    "Lavender - sneezing, also from eucalyptus",
    "Peppermint - sneezing from eucalyptus too",
])
def test_h1_the_scent_stays_an_allergy_never_liked(note):
    r = read(note)
    assert "essentialOils" in r["allergies"], r
    subject = note.split()[0].strip("(").lower()  # the scent the line is about
    assert subject not in r["scent"], r


def test_h1_the_reaction_is_the_citrus_not_liked():
    r = read("Lavender and citrus - sneezing from the citrus only")
    assert "citrus" not in r["scent"], r


@pytest.mark.parametrize(("note", "liked"), [
    ("Loves citrus - hives from peppermint too", set()),  # "too": the citrus gives her hives as well
    ("Loves citrus, eucalyptus - sneezing from eucalyptus", {"citrus"}),  # from the same scent: the eucalyptus's own
])
def test_h1_a_liked_scent_with_its_own_reaction_is_not_liked(note, liked):
    r = read(note)
    assert "essentialOils" in r["allergies"] and r["scent"] == liked, r


# H2 ------------------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("note", "scent"), [
    ("Sensitivity: hates citrus", "citrus"),
    ("Sensitivity: dislikes peppermint", "peppermint"),
    ("Intolerance: hates citrus", "citrus"),
    ("Sensitivity: loves lavender, hates citrus", "citrus"),
    ("Sensitivities: hates citrus", "citrus"),
])
def test_h2_the_disliked_scent_is_kept_away(note, scent):
    r = read(note)
    assert scent in r["avoid_scents"] and scent not in r["scent"], r


# L1 ------------------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("note", [
    "Codeine - nausea 2019-2020, not an allergy",
    "Penicillin - rash 2019-20, not allergic per allergist",
    "Tramadol - nausea 2021-22, side effect not allergy",
    "Penicillin - rash 2019 - not allergic per allergist",
    "Codeine - nausea 2019, not an allergy",
])
def test_l1_ruled_out_stays_ruled_out(note):
    r = read(note)
    assert r["allergies"] == set(), r


# M2 ------------------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "name"), [
    ("Intolerance: paid by Xiomara", "Xiomara"),
    ("Light sensitivity - brought by Sana", "Sana"),
    ("Intolerance: cold, ICE: Carlos Mendez", "Carlos"),
    ("Pressure sensitivity: neck, paid by Tom", "Tom"),
    ("Sensitivity - accompanied by Xiomara", "Xiomara"),
])
def test_m2_the_name_is_masked(text, name):
    scrubbed = scrub_for_model(text)
    assert name not in scrubbed and "[name]" in scrubbed, scrubbed

