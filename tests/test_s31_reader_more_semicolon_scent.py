"""A scent or oil of the lexicon after a semicolon in an allergy list (session 31, second pass).

- "Allergies: penicillin; tea tree oil" lost the tea tree oil: the lexicon's term is "tea tree", and the word "oil"
  left over made the item more than an allergen with how bad it is, so the semicolon did not carry the list on to it
  ("penicillin, tea tree oil" read it).
- "Allergies: penicillin; lavender \u2013 hives" lost the lavender: a long dash parts the sentence in two clauses,
  and only a sentence of one clause was carried on (with a hyphen it was read).
A liking, another field's heading or more said of the scent still reads no allergy.
"""

from __future__ import annotations

from datetime import date

import pytest

from spa_copilot.ai.extraction import extract_profile_offline

DAY = date(2026, 12, 5)


def allergies(note: str) -> list[str]:
    return sorted(extract_profile_offline(note, today=DAY).values("allergies"))


@pytest.mark.parametrize(("note", "expected"), [
    ("Allergies: penicillin; tea tree oil", ["essentialOils", "penicillin"]),
    ("Allergies: latex; tea tree oil - rash", ["essentialOils", "latex"]),
    ("Allergies: penicillin; tea tree oil: hives", ["essentialOils", "penicillin"]),
    ("Allergies: penicillin; lavender \u2013 hives", ["essentialOils", "penicillin"]),
    ("Allergies: penicillin; chamomile \u2014 swelling", ["essentialOils", "penicillin"]),
    ("Allergies: latex; tea tree oil \u2013 hives", ["essentialOils", "latex"]),
])
def test_a_scent_after_a_semicolon_is_the_lists(note: str, expected: list[str]) -> None:
    assert allergies(note) == expected


@pytest.mark.parametrize(("note", "expected"), [
    ("Allergies: latex; tea tree oil - loves it", ["latex"]),
    ("Allergies: penicillin; lavender \u2013 loves it", ["penicillin"]),
    ("Allergies: latex; Scent: tea tree oil", ["latex"]),
    ("Allergies: penicillin; tea tree oil in the diffuser", ["penicillin"]),
])
def test_a_scent_said_otherwise_after_a_semicolon_is_no_allergy(note: str, expected: list[str]) -> None:
    assert allergies(note) == expected
