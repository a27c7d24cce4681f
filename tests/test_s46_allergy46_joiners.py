"""Items joined on to an allergy by "as well as" or "in addition to" (session 46): "Allergic to latex as well as tree
nuts" briefed "Allergies: latex" as if that were all, and so did "…, as well as to coconut oil", "…in addition to
nuts" and "Allergic to latex and to the smell of lavender", while "and", "along with" and "besides" read both. Such
an item now reads as it does after "and" (a smell's as "allergic to the smell of X" does); a relative's allergy, a
continuation that names no allergen and an item the lexicon cannot read are left as they were."""

from __future__ import annotations

from datetime import date

import pytest

from spa_copilot.ai.extraction import extract_profile_offline

TODAY = date(2026, 12, 7)


def _allergies(note: str) -> set[str]:
    return {found.value for found in extract_profile_offline(note, today=TODAY).allergies}


def _liked_scents(note: str) -> set[str]:
    return {found.value for found in extract_profile_offline(note, today=TODAY).scent}


#: A note whose second item was lost, and the same note with "and" in place of its joiner, which read it.
JOINED_AS_AND = [
    ("Allergic to latex as well as tree nuts.", "Allergic to latex and tree nuts."),
    ("Allergic to latex, as well as to coconut oil.", "Allergic to latex and to coconut oil."),
    ("She's allergic to latex in addition to nuts.", "She's allergic to latex and nuts."),
    ("Allergic to latex as well as to shellfish.", "Allergic to latex and to shellfish."),
    ("ALLERGIC TO LATEX AS WELL AS TREE NUTS", "ALLERGIC TO LATEX AND TREE NUTS"),
    ("Allergies: latex as well as tree nuts", "Allergies: latex and tree nuts"),
    ("Allergic to latex as well as tree nuts as well as shellfish", "Allergic to latex and tree nuts and shellfish"),
    ("allergic to latex, nuts, as well as to shellfish", "allergic to latex, nuts, and shellfish"),
]


@pytest.mark.parametrize(("note", "with_and"), JOINED_AS_AND)
def test_an_item_joined_on_reads_as_it_does_after_and(note: str, with_and: str) -> None:
    read = _allergies(note)
    assert len(_allergies(with_and)) >= 2, with_and  # the "and" note itself names both
    assert read >= _allergies(with_and), note


def test_the_missed_item_is_the_second_one() -> None:
    # "Allergic to latex" alone is one allergy; the joined item adds its own, whatever its catalogue name
    assert _allergies("Allergic to latex as well as tree nuts.") - _allergies("Allergic to latex.") == _allergies(
        "Allergic to tree nuts."
    )


#: The smell (or scent) of a scent, joined on: read as "allergic to the smell of X" alone reads it.
SMELL_JOINED_ON = [
    ("Allergic to latex and to the smell of lavender.", "Allergic to the smell of lavender."),
    ("Allergic to latex, and to the smell of lavender.", "Allergic to the smell of lavender."),
    ("Allergic to latex as well as the smell of lavender.", "Allergic to the smell of lavender."),
    ("Allergic to latex, as well as to the scent of eucalyptus.", "Allergic to the scent of eucalyptus."),
    ("Allergic to latex and to the scent of peppermint.", "Allergic to the scent of peppermint."),
]


@pytest.mark.parametrize(("note", "alone"), SMELL_JOINED_ON)
def test_a_smell_joined_on_reads_as_the_smell_alone_does(note: str, alone: str) -> None:
    assert _allergies(alone), alone
    assert _allergies(note) == _allergies("Allergic to latex.") | _allergies(alone), note


@pytest.mark.parametrize(
    "note", ["Allergic to latex as well as lavender", "Allergic to latex and to the smell of lavender"]
)
def test_a_scent_joined_on_to_an_allergy_is_no_scent_she_likes(note: str) -> None:
    assert "lavender" not in _liked_scents(note), note  # the briefing said she liked the lavender she reacts to


@pytest.mark.parametrize(
    ("note", "item"),
    [("Allergic to penicillin as well as nuts", "nuts"), ("Allergic to migraine pills as well as latex", "latex")],
)
def test_a_lexicon_item_after_an_unknown_allergens_name_is_read(note: str, item: str) -> None:
    # "penicillin", "migraine pills": names the lexicon does not know; the item after them was lost with them
    assert _allergies(f"Allergic to {item}"), item
    assert _allergies(note) >= _allergies(f"Allergic to {item}"), note


#: Notes whose reading must stay what it was: a relative's allergy, a continuation that is no allergen, an item
#: allowed or denied, an allergy in the past, and an item the lexicon cannot read (no value invented for it).
MUST_STAY = [
    ("Allergic to latex; her daughter is allergic to nuts as well as shellfish", "Allergic to latex"),
    ("Her daughter is allergic to latex as well as nuts", "No allergies"),
    ("No allergies. Husband allergic to latex as well as nuts.", "No allergies"),
    ("Allergic to latex as well as being pregnant", "Allergic to latex"),
    ("Allergic to latex as well as her daughter", "Allergic to latex"),
    ("Allergic to latex, eucalyptus is ok as well as lavender", "Allergic to latex"),
    ("Allergic to latex, fine with eucalyptus as well as lavender", "Allergic to latex"),
    ("Not allergic to latex as well as nuts.", "No allergies"),
    ("She used to be allergic to latex as well as nuts", "No allergies"),
    ("Loves lavender as well as coconut.", "No allergies"),
    ("Allergic to latex and to hot stones.", "Allergic to latex"),
    ("Allergic to latex as well as hot stones.", "Allergic to latex"),
]


@pytest.mark.parametrize(("note", "same_as"), MUST_STAY)
def test_what_is_no_allergy_of_hers_after_a_joiner_stays_unread(note: str, same_as: str) -> None:
    assert _allergies(note) == _allergies(same_as), note
