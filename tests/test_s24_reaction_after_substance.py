"""A substance then the reaction it causes, with no word for an allergy (s24): "Penicillin - anaphylaxis",
"Sulfa (rash)", "Codeine = nausea", "codeine -> vomiting", "Keflex: hives", "arnica = hives" read no allergy (only a
lexicon term with a dash or a bracket did: "latex (hives)"). The substance is read when the reader can name it as an
allergen (a lexicon allergen, a common one, a drug by its shape or a brand of a closed list), or any short name on a
line of a list under an allergy heading; the reaction is one of a closed list and ends the item. Body areas,
conditions, treatments, someone else's, denied, tolerated and past reactions read as before.
"""

from __future__ import annotations

from datetime import date

import pytest

from spa_copilot.ai.extraction import extract_profile_offline
from spa_copilot.engines import briefing as engine
from tests.builders import client

TODAY = date(2026, 12, 4)


def allergies(note: str) -> list[str]:
    return sorted(extract_profile_offline(note, today=TODAY).values("allergies"))


@pytest.mark.parametrize(
    ("note", "expected"),
    [
        ("Penicillin - anaphylaxis", ["penicillin"]),
        ("penicillin - hives", ["penicillin"]),
        ("Penicillin (hives)", ["penicillin"]),
        ("Sulfa (rash)", ["sulfa"]),
        ("Codeine = nausea", ["codeine"]),
        ("codeine -> vomiting", ["codeine"]),
        ("Keflex: hives", ["keflex"]),
        ("arnica = hives", ["arnica"]),
        ("Amoxicillin - throat closing", ["amoxicillin"]),
        ("Ibuprofen: SOB", ["ibuprofen"]),
        ("Erythromycin - shortness of breath", ["erythromycin"]),
        ("Erythromycin \u2013 shortness of breath", ["erythromycin"]),  # the long dash cut the clause there
        ("Bactrim \u2014 hives", ["bactrim"]),
        ("Allergies:\nBactrim \u2013 hives\nZosyn \u2013 SOB", ["bactrim", "zosyn"]),
        ("Bee stings - anaphylaxis", ["beeStings"]),
        ("Hair dye - blisters", ["hairDye"]),
        ("Latex: hives", ["latex"]),  # a lexicon term after a colon
        ("latex -> vomiting", ["latex"]),
        ("Sulfa - rash, fever", ["sulfa"]),  # a list of reactions
        ("Penicillin - hives, codeine - nausea", ["codeine", "penicillin"]),
        ("Latex - hives, penicillin - rash", ["latex", "penicillin"]),  # the penicillin after a known term was lost
        ("- Penicillin - hives\n- Sulfa - rash", ["penicillin", "sulfa"]),
        ("Penicillin - hives & sulfa - rash", ["penicillin", "sulfa"]),
        ("Penicillin - hives + sulfa (rash)", ["penicillin", "sulfa"]),
        ("Penicillin - hives / sulfa - rash", ["penicillin", "sulfa"]),
        ("Asthma, penicillin - hives", ["penicillin"]),  # a condition beside it
        ("Penicillin - hives, not allergic to latex", ["penicillin"]),  # the denial is the latex's
        ("Penicillin (hives), Sudafed, codeine allergies", ["codeine", "penicillin", "sudafed"]),
        ("Allergies:\n1. Bactrim - hives\n2. Zosyn (rash)", ["bactrim", "zosyn"]),
        ("Allergies:\nBactrim - hives. Zosyn - rash", ["bactrim", "zosyn"]),
        ("Notes: back tight. Penicillin - severe hives.", ["penicillin"]),
        # a list under an allergy heading: any short name
        ("Allergies:\npenicillin - hives\ncodeine = nausea\nBactrim (rash)", ["bactrim", "codeine", "penicillin"]),
        ("ALLERGIES\nZosyn - SOB\nToradol -> hives", ["toradol", "zosyn"]),
        ("Allergies: penicillin (hives), latex", ["latex", "penicillin"]),  # read before, still read
        ("latex (hives)", ["latex"]),
    ],
)
def test_a_substance_and_its_reaction_is_an_allergy(note: str, expected: list[str]) -> None:
    assert allergies(note) == expected


@pytest.mark.parametrize(
    "note",
    [
        "Back - rash",  # an area
        "Shingles - rash",  # a condition
        "Sunburn - itchy",
        "Glycolic peel - redness",  # a treatment's redness
        "Glycolic peel - rash",  # a treatment: no substance's name
        "Pressure - firm",
        "Last visit - rash after wax",  # the reaction does not end the item
        "Wax - rash",
        "Husband: penicillin - hives",  # someone else's
        "Husband's allergies:\nBactrim - hives\npenicillin - rash",
        "Husband has allergies. He: sulfa (rash)",
        "penicillin - no reaction",
        "penicillin - tolerated",
        "Codeine - nausea, not allergic",  # a side effect, said to be no allergy
        "Codeine - nausea, side effect, not an allergy",
        "Codeine (nausea) - not a true allergy",
        "Penicillin - fine",
        "Sulfa (rash) - outgrew it",  # past
        "Keflex \u2013 anaphylaxis \u2013 outgrew it",
        "Keflex \u2013 no reaction",
        "Husband: Keflex \u2013 hives",
        "Husband's allergies:\nPenicillin - hives. Sulfa - rash",  # a later clause on the heading's list
        "Husband's allergies:\nHair dye \u2013 rash / shellfish \u2013 welts",
        "Back \u2013 rash",
        "Zosyn - hives",  # an unknown name outside an allergy list
        "Massage - hives",
        "Dry brushing: itchy",
        "Allergies:\nMassage - hives",  # a service under an allergy heading
        "ALLERGIES\nMicroneedling (nausea)",
        "Allergies:\nAsthma - wheezing",  # a condition
        "Allergies:\nMom - codeine - GI upset",
    ],
)
def test_near_misses_read_no_allergy(note: str) -> None:
    assert allergies(note) == []


def test_a_list_under_a_heading_ends_at_a_line_of_anything_else() -> None:
    assert allergies("Allergies:\nBactrim - hives\nLikes lavender\nFoo - rash") == ["bactrim"]


@pytest.mark.parametrize(
    "note",
    ["Penicillin - anaphylaxis", "Sulfa (anaphylactic shock)", "Keflex: anaphylaxis", "Keflex \u2013 anaphylaxis"],
)
def test_a_grave_reaction_is_briefed_severe(note: str) -> None:
    profile = extract_profile_offline(note, today=TODAY)
    assert engine.severe_allergies(client("cl_1", notes=note), profile) == profile.values("allergies") != []
