"""A note line's date stamp is not quoted as the guest's words.

A staff-eye review: "9/6 Likes to chat at the start, then goes quiet" was quoted in the briefing, the client card and
the prep DM as `Conversation: “9/6 Likes to chat at the start, then goes quiet”`. The date a line opens with is the
day the note was written, not what the guest likes: the evidence leaves it out (``note_clauses._date_stamp``), while
the reader still reads it ("3/2/2015 Knee surgery" is still a surgery long ago) and dates inside a sentence stay.
"""

from __future__ import annotations

from datetime import date

import pytest

from spa_copilot.ai.extraction import extract_profile_offline
from spa_copilot.engines import briefing as engine
from tests.builders import client

DAY = date(2026, 11, 24)
CHAT = "Likes to chat at the start, then goes quiet"


def evidence(note: str) -> dict[str, list[tuple[str, str]]]:
    profile = extract_profile_offline(note, today=DAY)
    return {field: [(item.value, item.evidence) for item in items] for field, items in profile if items}


def test_the_conversation_line_quotes_the_guest_not_the_date() -> None:
    note = f"9/6 {CHAT}"
    lines = engine.preferences(client(notes=note), extract_profile_offline(note, today=DAY))
    assert lines == [f"Conversation: “{CHAT}”"]


@pytest.mark.parametrize("stamp", [
    "9/6 ", "09/06/2025 ", "2025-09-06 ", "Sept 6: ", "6 Sep - ", "[9/6] ", "(9/6) ", "9/6/25 – ", "6.9.25: ",
    "Sep 6th, 2025 - ", "- 9/6 ",
])
def test_each_shape_of_stamp_is_left_out(stamp: str) -> None:
    assert evidence(f"Quiet guest.\n{stamp}{CHAT}")["communication_style"] == [
        ("quiet", "Quiet guest"), ("chatty", CHAT)
    ]


@pytest.mark.parametrize("note, found", [
    # the sentence's own dates stay
    ("allergic to latex since 2019", {"allergies": [("latex", "allergic to latex since 2019")]}),
    ("C-section 6/1, avoid abdomen", {"avoid_areas": [("abdomen", "C-section 6/1, avoid abdomen")],
                                      "contraindications": [("recentSurgery", "C-section 6/1, avoid abdomen")]}),
    # a quantity is no date; a date not opening its line is none of the line's stamp
    ("1/2 hour late, likes firm pressure", {"pressure": [("firm", "1/2 hour late, likes firm pressure")]}),
    ("6-8 weeks pregnant", {"contraindications": [("pregnancy", "6-8 weeks pregnant")]}),
    ("Quiet guest. 9/6 likes firm pressure", {"pressure": [("firm", "9/6 likes firm pressure")],
                                              "communication_style": [("quiet", "Quiet guest")]}),
    # the reader still reads the stamp: a surgery it dates long ago is still dropped
    ("3/2/2015 Knee surgery", {}),
    ("Had knee surgery in 2015", {}),
    # a find that needs the clause before it, and a form's "Yes", quoted from after the stamp
    ("9/6 No known allergies except latex", {"allergies": [("latex", "No known allergies except latex")]}),
    ("9/6 Allergies: Yes, latex", {"allergies": [("latex", "Allergies: Yes, latex")]}),
    ("9/6 Firm", {"pressure": [("firm", "Firm")]}),
])
def test_the_neighbours(note: str, found: dict[str, list[tuple[str, str]]]) -> None:
    assert evidence(note) == found
