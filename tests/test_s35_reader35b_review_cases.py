"""rev35e repros for the reader35 commits (cc7e64f..68124a3).
Run: python -m pytest -q tests/test_s35_reader35b_review_cases.py
(copied from /tmp/rev35e/test_rev35e.py for reader35b.) Each assert is what the spa needs; failures = findings."""
from datetime import date

import pytest

from spa_copilot.ai.extraction import extract_profile_offline as e

T = date(2026, 12, 6)
def A(n): return e(n, today=T).values("allergies")
def S(n): return e(n, today=T).values("scent")

# H1: a year after the reaction hides what follows it: someone else's, a denial, a clearance -> HER allergy (new)
@pytest.mark.parametrize("note,allergen", [
    ("latex - anaphylaxis 2019 (husband)", "latex"), ("latex - anaphylaxis 2019 - husband", "latex"),
    ("Penicillin - anaphylaxis 2019 - mom", "penicillin"), ("Peanuts - anaphylaxis 2019 (son)", "nutOil"),
    ("latex, penicillin - anaphylaxis 2019 (husband)", "penicillin"), ("penicillin - hives 2019 (husband)", "penicillin"),
    ("Sulfa - rash 2019 - mom", "sulfa"),
])
def test_h1_relatives_dated_reaction_is_not_hers(note, allergen):
    assert allergen not in A(note)

@pytest.mark.parametrize("note,allergen", [
    ("Penicillin - rash 2019 - not allergic per allergist", "penicillin"),
    ("Penicillin - rash 2019, retested 2021 negative", "penicillin"),
    ("Penicillin - hives 2019, cleared by allergist", "penicillin"),
    ("Codeine - nausea 2019, not allergic", "codeine"), ("Codeine - nausea 2019 not allergic", "codeine"),
    ("Codeine - nausea 2019 - side effect", "codeine"),
])
def test_h1b_dated_reaction_then_denial_is_no_allergy(note, allergen):
    assert allergen not in A(note)

# H2: the square-bracket pass puts a relative's reaction on her record and takes her liked scent away (new)
@pytest.mark.parametrize("note", [
    "Peppermint [hives - her son]", "Peppermint [hives - son]", "Lavender [hives - husband]", "Lavender [hives (husband)]",
    "Lavender [rash - daughter]", "Lavender [her fave]. Peppermint [hives - husband]",
])
def test_h2_square_remark_about_another_is_not_her_allergy(note):
    assert "essentialOils" not in A(note)

# H2/M1 (square remarks): a remark about a past, over or doubted reaction, or what a scent helps, keeps the liked scent
@pytest.mark.parametrize("note,scent", [
    ("Lavender [migraine relief]", "lavender"), ("Peppermint [headache relief]", "peppermint"),
    ("Lavender [rash years ago, fine now]", "lavender"), ("Lavender [hives as a child, fine now]", "lavender"),
    ("Lavender [hives once, tolerated since]", "lavender"), ("Lavender [reaction unlikely]", "lavender"),
    ("Peppermint [hives - her son]", "peppermint"), ("Lavender [hives - husband]", "lavender"),
])
def test_square_remark_keeps_liked_scent(note, scent):
    assert scent in S(note) and "essentialOils" not in A(note)


# the square reading's gains stay: her own reaction in square brackets is still hers
@pytest.mark.parametrize("note", ["lavender [hives]", "Lavender [hives, not ok]", "Lavender [rash - not fine]"])
def test_square_remark_of_her_reaction_still_read(note):
    assert "essentialOils" in A(note)


# H3: 'throat ... with/after X' said first, then whose: someone else's throat now hers (new; docs call it "as before")
@pytest.mark.parametrize("note,allergen", [
    ("Throat swells with shellfish (husband)", "shellfish"), ("Throat swells with shellfish - her son", "shellfish"),
    ("Throat swelling after eating nuts (husband)", "nutOil"), ("Throat swelling after eating nuts - mom", "nutOil"),
    ("Throat swelling with lavender (husband)", "essentialOils"),
])
def test_h3_someone_elses_throat_said_first(note, allergen):
    assert allergen not in A(note)

@pytest.mark.parametrize("note,scent", [("Throat tight with eucalyptus steam, she loves it", "eucalyptus")])
def test_m1_throat_then_liked_scent_kept(note, scent):
    assert scent in S(note) and "essentialOils" not in A(note)


# the throat-first reading's gain stays: her own throat reaction is still hers
@pytest.mark.parametrize("note,allergen", [
    ("Throat swells with shellfish", "shellfish"), ("Throat swelling after eating nuts", "nutOil"),
])
def test_throat_first_of_her_own_still_read(note, allergen):
    assert allergen in A(note)


# M1: a colon or a long dash (and the hyphen, already wrong before) with a reaction that is over, eased or another's
@pytest.mark.parametrize("note,scent", [
    ("Lavender: hives gone", "lavender"), ("Lavender: itchy scalp treatment", "lavender"),
    ("Peppermint: headache relief", "peppermint"), ("Lavender — hives gone since switching", "lavender"),
    ("Lavender – headaches gone with it", "lavender"), ("Lavender: hives (son)", "lavender"),
    ("Lavender - hives gone", "lavender"), ("Lavender - headache relief", "lavender"),
    ("Lavender - hives (son)", "lavender"),
])
def test_m1_colon_and_dash_keep_liked_scent(note, scent):
    assert scent in S(note) and "essentialOils" not in A(note)


# her own reaction after a colon or a long dash is still hers
@pytest.mark.parametrize("note", ["Lavender: hives", "Lavender — hives", "Lavender – headaches", "Lavender - rash"])
def test_colon_and_dash_reaction_still_read(note):
    assert "essentialOils" in A(note)


# M2: 'EpiPen is for <anything>' makes <anything> an allergen; a son's bee stings become hers (new)
@pytest.mark.parametrize("note,bad", [
    ("EpiPen is for backup", "backup"), ("EpiPen is for travel", "travel"),
    ("Lavender - EpiPen is for safety", "safety"), ("Lavender - EpiPen is for emergencies", "emergencies"),
    ("EpiPen is for bee stings (son)", "beeStings"), ("Rose - EpiPen is for bee stings (son)", "beeStings"),
])
def test_m2_epipen_is_for_non_allergen(note, bad):
    assert bad not in A(note)


@pytest.mark.parametrize("note", ["EpiPen for bee stings (son)", "EpiPen is for bee stings - husband"])
def test_m2_epipen_for_anothers_bee_stings(note):
    assert "beeStings" not in A(note)


# her own EpiPen's allergen is still read
@pytest.mark.parametrize("note", ["EpiPen is for bee stings", "Lavender - EpiPen is for bee stings", "EpiPen for bee stings"])
def test_m2_her_epipen_still_read(note):
    assert "beeStings" in A(note)


# L1: gloves: a daughter's / outgrown / powder irritation now reads her latex allergy (inherits 'latex - X' reading)
@pytest.mark.parametrize("note", [
    "Latex gloves - hives (daughter)", "Latex gloves - hives as a child, fine now",
])
def test_l1_gloves(note):
    assert "latex" not in A(note)


# a glove reaction of her own is still hers
def test_l1_her_glove_reaction_still_read():
    assert "latex" in A("Latex gloves - hives")
