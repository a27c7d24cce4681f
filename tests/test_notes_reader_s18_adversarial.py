"""The guest-notes reader after an adversarial review of 66d7ef9 and 4a6f73b (4 Dec 2026): readings those commits broke.

- Another field's heading after a semicolon or a bullet ends an allergy heading's list: "Allergies: latex; Scent:
  eucalyptus" read a fragrance and essential-oil allergy and lost the scent she likes (4a6f73b's semicolon carry).
- A liking said of a scent after the semicolon, or right after it under the heading, is a liked scent, no allergy:
  "Allergies: latex; eucalyptus - loves it", "…; lavender (her fave)", "…; lavender and eucalyptus in the diffuser",
  and a form's "Any allergies? Yes⏎If yes, please specify: eucalyptus - loves it".
- "took X" with no harm said ("took sulfa, no issues", "took Advil, ok", "took sulfa without issue") names no
  allergy, nor does an antihistamine taken ("seasonal, took Zyrtec"); "took penicillin - hives" still names penicillin.
- "Allergies: nuts (husband), he says she is allergic to latex": "she" after his every word keeps latex hers.
"""

from __future__ import annotations

from datetime import date

import pytest

from spa_copilot.ai.extraction import extract_profile_offline

TODAY = date(2026, 12, 4)


def read(note: str) -> dict[str, list[str]]:
    profile = extract_profile_offline(note, today=TODAY)
    return {"allergies": sorted(profile.values("allergies")), "scent": sorted(profile.values("scent"))}


@pytest.mark.parametrize(
    ("note", "allergies", "scent"),
    [
        # 1. another heading ends the list a semicolon carried on
        ("Allergies: latex; Scent: eucalyptus", ["latex"], ["eucalyptus"]),
        ("Allergies: latex; Scent: lavender; Music: jazz", ["latex"], ["lavender"]),
        ("Allergies: latex;\n- Scent: lavender", ["latex"], ["lavender"]),
        # 2. a liking after the semicolon, or right after the scent
        ("Allergies: latex; eucalyptus - loves it", ["latex"], ["eucalyptus"]),
        ("Allergies: latex; lavender (her fave)", ["latex"], ["lavender"]),
        ("Allergies: latex; eucalyptus (fav)", ["latex"], ["eucalyptus"]),
        ("Allergies: latex; lavender and eucalyptus in the diffuser", ["latex"], ["eucalyptus", "lavender"]),
        # her yes names nothing she is allergic to: one to ask about (session 27)
        ("Any allergies? Yes\nIf yes, please specify: eucalyptus - loves it", ["unnamedAllergy"], ["eucalyptus"]),
    ],
)
def test_a_scent_she_likes_is_no_allergy(note: str, allergies: list[str], scent: list[str]) -> None:
    assert read(note) == {"allergies": allergies, "scent": scent}


@pytest.mark.parametrize(
    ("note", "allergies"),
    [
        ("Allergies: took sulfa, no issues", []),
        ("Allergies: took penicillin, no reaction", []),
        ("Allergies: took ibuprofen, fine", []),
        ("Allergies: took Advil, ok", []),
        ("Allergies: took sulfa without issue", []),
        ("Allergies: seasonal, took Zyrtec", ["seasonal"]),
        ("Allergies: took Claritin, latex", ["latex"]),
        ("Allergies: took benadryl, nuts", ["nutOil"]),
        ("Allergies: took penicillin, no reaction, latex", ["latex"]),
    ],
)
def test_a_drug_taken_without_harm_is_no_allergy(note: str, allergies: list[str]) -> None:
    assert read(note)["allergies"] == allergies


def test_she_after_his_words_keeps_the_allergy_hers() -> None:
    assert read("Allergies: nuts (husband), he says she is allergic to latex")["allergies"] == ["latex"]


@pytest.mark.parametrize(
    ("note", "allergies", "scent"),
    [
        # kept as 66d7ef9 and 4a6f73b read them
        ("Allergies: latex; eucalyptus", ["essentialOils", "latex"], []),
        ("Allergies: loves lavender; eucalyptus", ["essentialOils"], ["lavender"]),
        ("Allergies: latex; nuts: severe", ["latex", "nutOil"], []),
        ("Allergies: latex; nuts (severe)", ["latex", "nutOil"], []),
        ("Allergies: latex; eucalyptus - severe", ["essentialOils", "latex"], []),
        ("Allergies: latex;\n- nuts", ["latex", "nutOil"], []),
        ("Allergies: penicillin;\n- sulfa", ["penicillin", "sulfa"], []),
        ("Allergies: lavender - loves it but breaks out", ["essentialOils"], []),
        ("Allergies: took penicillin - hives", ["penicillin"], []),
        ("Allergies: took penicillin once - hives", ["penicillin"], []),
        ("Allergies: took amoxicillin, rash", ["amoxicillin"], []),
        ("Allergies: took benadryl - hives", ["benadryl"], []),
        ("Allergies: took sulfa and broke out in hives", ["sulfa"], []),
        ("Allergies: took ibuprofen", ["ibuprofen"], []),
        ("Allergies: took penicillin, ok with amoxicillin", ["penicillin"], []),
        ("Allergies: latex (husband), he is also allergic to nuts", [], []),
        ("Allergies: nuts (husband), his latex too", [], []),
        ("Allergies: nuts (husband), she says he is allergic to latex", [], []),
    ],
)
def test_readings_kept(note: str, allergies: list[str], scent: list[str]) -> None:
    assert read(note) == {"allergies": allergies, "scent": scent}
