"""Safety regressions of the notes reader found by the review of 4 December 2026 (the reader of 7588f9b was right).

1. "Botox for her daughter's wedding 3 days ago": 577a22b's "for <person>" after a term took the botox as the
   daughter's; a possessive after the person names an event of theirs, the treatment is still the guest's.
2. "Never had knee surgery before this one 2 wks ago": f990058's denied surgery with its site named erased the
   surgery the note goes on to state; "before this", "until", "except", "but", "other than" and a time leave it out.
3. "11/20 knee replacement next month - focus knees today": fc24f9d dated the replacement by the date its line opens
   with, so the words after it that say it is still to come or no surgery (next month, consult, eval, pending,
   cancelled...) were outweighed by that date, maybe the writing date; the focus was lost.
"""

from __future__ import annotations

from datetime import date

import pytest

from tests.note_fields import fields_read

DAY = date(2026, 12, 4)


def read(note: str) -> dict[str, list[str]]:
    return fields_read(note, DAY)


# 1. "for her daughter's wedding": the person's event, not the person the treatment is for.
@pytest.mark.parametrize("note, expected", [
    ("Botox for her daughter's wedding 3 days ago", {"contraindications": ["recentInjectables"]}),
    ("Lip filler for her sister’s wedding - 2 days ago", {"contraindications": ["recentInjectables"]}),
    ("Knee surgery for her daughter's wedding 2 wks ago",
     {"contraindications": ["recentSurgery"], "avoid_areas": ["knees"]}),
])
def test_treatment_before_a_persons_event_is_the_guests(note: str, expected: dict[str, list[str]]) -> None:
    assert read(note) == expected


@pytest.mark.parametrize("note, expected", [
    ("Shoulder surgery for her husband next wk", {}),
    ("Shoulder surgery for her husband next wk, she wants shoulders worked", {"focus_areas": ["shoulders"]}),
    ("Knee surgery for her mom last week, focus on knees", {"focus_areas": ["knees"]}),
    ("Botox for her daughter 3 days ago", {}),
    ("Asked about retinol for her daughter's acne - told her to see a derm", {}),  # holdout h3-36
])
def test_treatment_for_another_person_stays_theirs(note: str, expected: dict[str, list[str]]) -> None:
    assert read(note) == expected


# 2. A denial the note goes on to break with the surgery it states: this surgery stands, its site avoided.
@pytest.mark.parametrize("note", [
    "Never had knee surgery before this one 2 wks ago",
    "No hx of knee surgery until last month",
    "no knee surgery till 3 wks ago",
    "No knee surgery other than last month's",
    "Never had knee surgery before this one",
    "No knee surgery except the one on 11/20",
    "No knee surgery but the one 2 wks ago",
])
def test_denial_broken_by_the_surgery_it_states_keeps_the_caution(note: str) -> None:
    assert read(note) == {"contraindications": ["recentSurgery"], "avoid_areas": ["knees"]}


@pytest.mark.parametrize("note, expected", [
    ("No knee surgery. Focus on knees.", {"focus_areas": ["knees"]}),
    ("never had knee surgery, focus on knees", {"focus_areas": ["knees"]}),
    ("No knee surgery", {}),
    ("Never had knee surgery before, focus on knees", {"focus_areas": ["knees"]}),
    ("No knee surgery but focus on knees", {"focus_areas": ["knees"]}),
])
def test_a_plain_denied_surgery_stays_no_caution(note: str, expected: dict[str, list[str]]) -> None:
    assert read(note) == expected


# 3. A replacement dated by its line's opening date, said after it to be still to come or no surgery: no caution.
@pytest.mark.parametrize("note, expected", [
    ("11/20 knee replacement next month - focus knees today", {"focus_areas": ["knees"]}),
    ("11/20 knee replacement consult, focus knees", {"focus_areas": ["knees"]}),
    ("11/20 knee replacement pending", {}),
    ("11/20 knee replacement cancelled", {}),
    ("11/20 knee replacement postponed", {}),
    ("11/20 knee replacement scheduled", {}),
    ("11/20 - R knee replacement planned for Jan", {}),
    ("11/20 hip replacement eval Jan, wants hips worked", {"focus_areas": ["hips"]}),
])
def test_line_dated_replacement_still_to_come_is_no_caution(note: str, expected: dict[str, list[str]]) -> None:
    assert read(note) == expected


@pytest.mark.parametrize("note, expected", [
    ("11/20 knee replacement", {"contraindications": ["recentSurgery"], "avoid_areas": ["knees"]}),
    ("11/20 knee replacement, focus knees", {"contraindications": ["recentSurgery"], "avoid_areas": ["knees"]}),
    ("11/20 knee replacement, PT next month", {"contraindications": ["recentSurgery"], "avoid_areas": ["knees"]}),
    ("11/20 knee replacement 2 wks ago, follow-up next month",
     {"contraindications": ["recentSurgery"], "avoid_areas": ["knees"]}),
    ("3/2/2015 Knee replacement", {}),
    ("Shoulder surgery next wk", {}),
])
def test_line_dated_replacement_otherwise_stands(note: str, expected: dict[str, list[str]]) -> None:
    assert read(note) == expected
