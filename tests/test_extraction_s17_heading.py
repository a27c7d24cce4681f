"""The plain allergy heading "Allergies: <items>" (and "Allergies: Yes, <items>", its twin since 7628016), 3 Dec 2026.

A negation in front of one item denied the whole list ("Allergies: not latex, shellfish" read nothing); a liking, a
remark, a medication taken and someone else's allergy under the heading were read as allergies; and a list carried
on by a semicolon ended at the line break after it ("Allergies: penicillin;⏎sulfa" lost sulfa). Each item is now
read on its own. Unknown words that may be allergens are still read (missing an allergy is worse than an extra one).
"""

from __future__ import annotations

from datetime import date

import pytest

from spa_copilot.ai.extraction import extract_profile_offline

TODAY = date(2026, 12, 3)


def allergies(note: str) -> list[str]:
    return sorted(extract_profile_offline(note, today=TODAY).values("allergies"))


@pytest.mark.parametrize(
    ("note", "expected"),
    [
        ("Allergies: not latex, shellfish", ["shellfish"]),
        ("Allergies: Yes, not latex, shellfish", ["shellfish"]),
        ("Allergies: not kiwi, sulfa", ["sulfa"]),
        ("Allergies: no kiwi, sulfa", ["sulfa"]),
        ("Allergies: Yes, no kiwi, sulfa", ["sulfa"]),
        ("Allergies: not kiwi, Keflex", ["keflex"]),
        ("Allergies: not kiwi, shellfish", ["shellfish"]),
        ("Allergies: no kiwi, shellfish; sulfa", ["shellfish", "sulfa"]),
        ("Allergies: kiwi, not latex, shellfish", ["kiwi", "shellfish"]),
        ("Allergies: not latex, shellfish, sulfa", ["shellfish", "sulfa"]),
    ],
)
def test_a_negation_covers_only_its_own_item(note: str, expected: list[str]) -> None:
    assert allergies(note) == expected


@pytest.mark.parametrize(
    ("note", "expected"),
    [
        # unchanged: a negation over a list joined by "or", an item denied last, the heading's own denial
        ("Allergies: not latex or shellfish", []),
        ("Allergies: kiwi, not sulfa", ["kiwi"]),
        ("Allergies: none", []),
        ("Not allergic to latex, shellfish", []),
        ("Not allergic to sulfa (husband), shellfish", []),
        ("Not allergic to no kiwi, shellfish", []),
        ("Allergies: no latex, shellfish", ["latex", "shellfish"]),  # "no latex": kept away, read as before
        ("Allergies: no kiwi or sulfa", []),
        ("Allergies: not allergic to latex, shellfish", []),
        ("Nut allergy: no nut-based oils or scrubs", ["nutOil"]),  # kept away, both: "scrubs" is no allergen
    ],
)
def test_negations_that_still_reach_as_before(note: str, expected: list[str]) -> None:
    assert allergies(note) == expected


def test_a_liked_scent_under_the_heading_is_no_allergy() -> None:
    for note in ("Allergies: loves lavender", "Allergies: Yes, loves lavender", "Allergies: likes lavender"):
        profile = extract_profile_offline(note, today=TODAY)
        # a yes with no allergy named is one to ask about (session 27); lavender is not it
        assert profile.values("allergies") == (["unnamedAllergy"] if "Yes" in note else []), note
        assert profile.values("scent") == ["lavender"], note
    assert allergies("Allergies: lavender") == ["essentialOils"]
    assert allergies("Allergies: latex, loves lavender") == ["latex"]


@pytest.mark.parametrize(
    ("note", "expected"),
    [
        ("Allergies: per intake", []),
        ("Allergies: per intake, sulfa", ["sulfa"]),
        ("Allergies: sulfa, see chart", ["sulfa"]),
        ("Allergies: takes Zyrtec", []),
        ("Allergies: takes Zyrtec, sulfa", ["sulfa"]),
        ("Allergies: Benadryl helps", []),
        ("Allergies: sulfa (husband)", []),
        ("Allergies: Yes, sulfa (mom)", ["unnamedAllergy"]),  # her own yes, named nowhere: asked about (session 27)
        ("Allergies: kiwi (husband), sulfa", ["sulfa"]),
        ("Allergies: sulfa (husband) and codeine", ["codeine"]),
        ("Allergies: latex (husband)", []),
        ("Allergies: latex (husband), shellfish", ["shellfish"]),
    ],
)
def test_items_that_name_no_allergy_of_hers(note: str, expected: list[str]) -> None:
    assert allergies(note) == expected


@pytest.mark.parametrize(
    ("note", "expected"),
    [
        # unknown words that may be allergens are still read
        ("Allergies: kiwi", ["kiwi"]),
        ("Allergies: Keflex", ["keflex"]),
        ("Allergies: sulfa (husband too)", ["sulfa"]),
        ("Allergies: sulfa (hives)", ["sulfa"]),
        ("Allergies: sulfa (per intake)", ["sulfa"]),
        ("Allergies: penicillin, sulfa", ["penicillin", "sulfa"]),
    ],
)
def test_allergens_still_read(note: str, expected: list[str]) -> None:
    assert allergies(note) == expected


@pytest.mark.parametrize(
    ("note", "expected"),
    [
        ("Allergies: penicillin;\nsulfa", ["penicillin", "sulfa"]),
        ("Allergies: penicillin;\r\nsulfa", ["penicillin", "sulfa"]),
        ("Allergies: penicillin;\nsulfa;\ncodeine", ["codeine", "penicillin", "sulfa"]),
        ("Allergies: Yes, penicillin;\nbee stings", ["beeStings", "penicillin"]),
    ],
)
def test_a_semicolon_carries_the_list_over_a_line_break(note: str, expected: list[str]) -> None:
    assert allergies(note) == expected


@pytest.mark.parametrize(
    "note",
    [
        "Allergies: penicillin;\nPrefers firm pressure",
        "Allergies: penicillin;\nSarah",
        "Allergies: penicillin;\nloves lavender",
        "Allergies: penicillin;\nMeds: none",
        "Allergies: penicillin;\n\nsulfa",  # a blank line: a new paragraph, not the list
    ],
)
def test_a_following_line_that_is_no_allergen_stays_out(note: str) -> None:
    assert allergies(note) == ["penicillin"]


def test_the_following_line_is_still_read_for_itself() -> None:
    profile = extract_profile_offline("Allergies: penicillin;\nPrefers firm pressure", today=TODAY)
    assert profile.values("pressure") == ["firm"]
