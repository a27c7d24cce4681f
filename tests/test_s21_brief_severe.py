"""A grave allergy is said SEVERE from its own list item's words, a denial read (staff-eye review, 4 December).

3567ab0 read "severe", "anaphylaxis" and "EpiPen" anywhere in the sentence an allergy came from, and "severe" after
"allergy, ": "Nut allergy - not severe", "Nut allergy - no EpiPen needed" and "Latex allergy, severe back pain" were
briefed SEVERE, and in "Allergies: latex (mild), nuts (anaphylactic)" the latex too; "Nuts - SEVERE", "Deathly allergic
to nuts" and "carries epi pen" were not."""

from __future__ import annotations

from datetime import date

import pytest

from spa_copilot.ai.extraction import extract_profile_offline
from spa_copilot.engines import briefing
from tests.builders import client

DAY = date(2026, 12, 4)
NUT = "nut oil allergy: nut-free oils only"
LATEX = "latex allergy: nitrile gloves, no latex"


def said(note: str) -> list[str]:
    return briefing.allergies(client("cl_1", notes=note), extract_profile_offline(note, today=DAY))


@pytest.mark.parametrize(
    "note",
    ["Nut allergy - not severe", "Nut allergy: mild, not anaphylactic", "Nut allergy - no EpiPen needed",
     "Nut allergy (non-anaphylactic)", "Nut allergy - EpiPen not needed", "Nut allergy not life-threatening"],
)
def test_a_denied_gravity_is_no_severe_allergy(note: str) -> None:
    assert said(note) == [NUT]


def test_severe_pain_after_the_allergy_is_not_the_allergys() -> None:
    assert said("Latex allergy, severe back pain") == [LATEX]
    assert said("Severe back pain and latex allergy") == [LATEX]


def test_each_allergy_of_a_list_is_read_in_its_own_item() -> None:
    assert said("Allergies: latex (mild), nuts (anaphylactic)") == [LATEX, f"SEVERE {NUT}"]
    assert said("Allergies: nuts (severe, EpiPen), latex") == [f"SEVERE {NUT}", LATEX]
    assert said("Allergies: latex; nuts (life-threatening)") == [LATEX, f"SEVERE {NUT}"]


@pytest.mark.parametrize(
    "note",
    ["Nuts - SEVERE", "Deathly allergic to nuts", "Nut allergy, carries epi pen", "Nut allergy, severe",
     "Carries an EpiPen, nut allergy", "Severely allergic to nuts"],
)
def test_gravity_said_otherwise_is_read(note: str) -> None:
    assert said(note) == [f"SEVERE {NUT}"]


def test_a_liked_scent_between_is_no_other_allergys_item() -> None:
    assert said("Nut allergy, likes lavender, carries EpiPen") == [f"SEVERE {NUT}"]


def test_what_was_right_stays_right() -> None:
    assert said("Nut allergy, EpiPen expired") == [f"SEVERE {NUT}"]  # she needs one
    assert said("Nut allergy. Her son carries an EpiPen") == [NUT]  # another sentence: not the allergy's words
    assert said("Severe nut allergy") == [f"SEVERE {NUT}"]
    assert said("latex allergy (severe)") == [f"SEVERE {LATEX}"]
    assert said("Severe back pain, latex allergy") == [LATEX]
    # both SEVERE, in the note's order since 1318f2c read each item of the list
    assert said("Severe nut and latex allergies") == [f"SEVERE {NUT}", f"SEVERE {LATEX}"]
    assert said("Severe allergies: nuts, latex") == [f"SEVERE {NUT}", f"SEVERE {LATEX}"]


@pytest.mark.parametrize("note", ["ANAPHYLACTIC ALLERGIES: peanuts, tree nuts, latex", "Allergies (severe): nuts, latex",
                                  "Allergic to nuts, latex - both anaphylactic"])
def test_a_grave_heading_or_a_grave_word_said_of_them_all_covers_every_item(note: str) -> None:
    # a regression review of 7738760: the heading's or the trailer's gravity was read for one item only, or none
    assert sorted(said(note)) == [f"SEVERE {LATEX}", f"SEVERE {NUT}"]


@pytest.mark.parametrize("note", ["Allergies (not severe): nuts, latex", "Allergic to nuts, latex - both not severe"])
def test_a_denied_heading_or_trailer_is_no_severe_allergy(note: str) -> None:
    assert not any(line.startswith("SEVERE") for line in said(note))


@pytest.mark.parametrize("note, line", [
    ("No latex - anaphylactic", f"SEVERE {LATEX}"),  # "No" keeps latex away: it denies nothing (a review of 7738760)
    ("NO NUTS - ANAPHYLAXIS", f"SEVERE {NUT}"),
    ("Nut allergy. Carries EpiPen.", f"SEVERE {NUT}"),  # the EpiPen in the next sentence, the only allergy named
    ("Allergic to nuts; anaphylaxis 2019", f"SEVERE {NUT}"),
    ("Peanut allergy!! Epi-pen.", f"SEVERE {NUT}"),
])
def test_gravity_in_the_notes_around_the_only_allergy_is_read(note: str, line: str) -> None:
    assert said(note) == [line]


def test_an_epipen_elsewhere_in_notes_naming_two_allergies_is_not_given_to_either() -> None:
    assert said("Nut allergy. Latex allergy. Carries EpiPen.") == [NUT, LATEX]
