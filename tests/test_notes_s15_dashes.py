"""A dash loses no caution a hyphen keeps (3 December 2026; each shape below read nothing or too little before).

Phones and Macs turn " - " into " – ", and an en or em dash (or " -- ") ends a clause where a spaced hyphen does not,
so "Latex – severe allergy" read nothing while "Latex - severe allergy" read latex. The reader now also reads a note
with its dashes written " - " and adds the allergies and conditions found so (never taking one away), except what a
hyphen reads too far: a scent the note likes is no essential-oil allergy, and a name outside the vocabulary is added
only in lower case where it is listed ("– Sarah", "– Kinsley Martin" are signatures).
"""

from __future__ import annotations

from datetime import date

import pytest

from spa_copilot.ai.extraction import extract_profile_offline

TODAY = date(2026, 12, 3)
DASHES = [" – ", " — ", "–", "—", " -- "]


def cautions(note: str) -> dict[str, list[str]]:
    profile = extract_profile_offline(note, today=TODAY)
    return {field: sorted(profile.values(field)) for field in ("allergies", "contraindications")}


def read(note: str, allergies: list[str] | None = None, contraindications: list[str] | None = None) -> dict:
    return {"allergies": sorted(allergies or []), "contraindications": sorted(contraindications or [])}


# --- the shapes that lost a caution to a dash ---

SHAPES = [
    ("Latex{d}severe allergy", read("", ["latex"])),
    ("Allergies: latex{d}hives{d}tree nuts, shellfish", read("", ["latex", "nutOil", "shellfish"])),
    ("Intake: Allergies{d}latex, fragrances", read("", ["fragrance", "latex"])),
    ("Hip replacement{d}3 weeks ago", read("", contraindications=["recentSurgery"])),
    ("aloe{d}rash", read("", ["aloe"])),
    ("aloe{d}causes rash, don't use the after-sun gel", read("", ["aloe"])),  # an instruction, no denial
    # the list the earlier try lost penicillin on: both are read
    ("Allergies: penicillin{d}severe{d}sulfa", read("", ["penicillin", "sulfa"])),
    ("Allergies: codeine{d}nausea, latex{d}hives", read("", ["codeine", "latex"])),
    ("Allergies: yes{d}latex | Meds: none", read("", ["latex"])),
    ("Allergies: updated{d}penicillin, sulfa", read("", ["penicillin", "sulfa", "updated"])),  # "updated": as before
    ("Pregnant 14wks{d}Meds: none", read("", contraindications=["pregnancy"])),
    # the weeks keep the caution whichever box is ticked (tests/test_notes_rereview_s13.py)
    ("Pregnant: Yes [ ] No [x]{d}20 wks", read("", contraindications=["pregnancy"])),
]


@pytest.mark.parametrize("dash", DASHES)
@pytest.mark.parametrize(("shape", "expected"), SHAPES)
def test_a_dash_keeps_the_caution_a_hyphen_keeps(shape: str, expected: dict, dash: str) -> None:
    assert cautions(shape.format(d=" - ")) == expected  # the hyphen's reading, unchanged
    assert cautions(shape.format(d=dash)) == expected


def test_the_evidence_is_the_notes_own_words() -> None:
    profile = extract_profile_offline("Quiet room.\nHip replacement — 3 weeks ago", today=TODAY)
    assert [(e.value, e.evidence) for e in profile.contraindications] == [
        ("recentSurgery", "Hip replacement — 3 weeks ago")
    ]
    profile = extract_profile_offline("Latex–severe allergy", today=TODAY)
    assert [(e.value, e.evidence) for e in profile.allergies] == [("latex", "Latex–severe allergy")]


def test_the_preferences_read_across_a_dash_stay() -> None:
    profile = extract_profile_offline("Rose – allergy – latex", today=TODAY)
    assert profile.values("allergies") == ["latex"] and profile.values("scent") == ["rose"]


# --- negations read with a hyphen deny as with the dash: the added reading invents nothing ---


@pytest.mark.parametrize("dash", [*DASHES, " - "])
@pytest.mark.parametrize(
    "note",
    [
        "No latex allergy{d}checked",
        "Allergies{d}none",
        "Latex{d}not allergic",
        "Not pregnant{d}confirmed",
        "No blood thinners{d}checked",
        "Hip replacement{d}2015",
        "Daughter is allergic to nuts{d}not the client",
        "NKA{d}latex gloves fine",
    ],
)
def test_a_denial_across_a_dash_adds_no_caution(note: str, dash: str) -> None:
    assert cautions(note.format(d=dash)) == read("")


# A "no" after a dash with no space around it or after " -- " is not read as an answer ("Pregnant–no",
# "Pregnant -- no" keep the pregnancy, as they did before this change): a known miss, on the safe side, left alone
# here (reading it would take a caution away).
@pytest.mark.parametrize("dash", [" – ", " — ", " - "])
@pytest.mark.parametrize(
    "note",
    [
        "Pregnant{d}no",
        "Pregnancy{d}no",
        "Pregnant{d}N/A",
        "Latex allergy{d}N",
        "Latex allergy{d}none",
        "Recent surgery{d}no",
        "Allergies: nuts{d}no",
    ],
)
def test_a_no_answered_after_a_dash_adds_no_caution(note: str, dash: str) -> None:
    assert cautions(note.format(d=dash)) == read("")


# --- what a hyphen reads too far is not added ---


@pytest.mark.parametrize("dash", DASHES)
@pytest.mark.parametrize(
    ("note", "expected"),
    [
        # a signature after the dash names no allergen (the hyphen reads "sarah", "kinsleyMartin", "frontDesk")
        ("Allergic to latex{d}Sarah", read("", ["latex"])),
        ("Allergic to latex{d}Kinsley Martin", read("", ["latex"])),
        ("Allergies: latex{d}per Sarah", read("", ["latex"])),
        ("Allergic to latex{d}front desk", read("", ["latex"])),
        ("Reviewed allergies{d}Sarah", read("")),
        # a scent the note likes is no essential-oil allergy (the hyphen reads one)
        ("Allergic to latex{d}loves lavender", read("", ["latex"])),
        ("Rose{d}skin sensitivity to retinol", read("", contraindications=["retinoids"])),
        ("Scent: eucalyptus{d}fragrance allergy; ask first", read("", ["fragrance"])),
        ("Latex allergy{d}lemon, lavender ok", read("", ["latex"])),
        # a denial the hyphen reads past (it names latex) adds no allergy
        ("Latex{d}denies allergy", read("")),
        ("Nuts{d}denied allergy", read("")),
        ("Latex{d}allergy denied", read("")),
    ],
)
def test_what_a_hyphen_reads_too_far_is_not_added(note: str, expected: dict, dash: str) -> None:
    assert cautions(note.format(d=dash)) == expected


@pytest.mark.parametrize("dash", DASHES)
def test_a_scent_listed_as_an_allergen_after_the_dash_is_one(dash: str) -> None:
    assert cautions(f"Allergies: penicillin{dash}severe{dash}lavender") == read("", ["essentialOils", "penicillin"])
