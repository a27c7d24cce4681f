"""Allergens on the lines under an allergy heading that has its first item on its own line (session 31, second pass).

"Allergies: latex" then "codeine" on the next line lost the codeine: only a heading alone on its line ("Allergies:")
was read on into the plain lines of allergens under it. A heading whose answer on its line is itself plainly
allergens now reads on the same way, line by line while each line is plainly allergens; a form's next field
("Pressure: firm"), a word that is no allergen's name, a blank line or a longer first answer end it as before.
"""

from __future__ import annotations

from datetime import date

import pytest

from spa_copilot.ai.extraction import extract_profile_offline

DAY = date(2026, 12, 5)


def allergies(note: str) -> list[str]:
    return sorted(extract_profile_offline(note, today=DAY).values("allergies"))


@pytest.mark.parametrize(("note", "expected"), [
    ("Allergies: latex\ncodeine", ["codeine", "latex"]),
    ("Allergies: penicillin\nZosyn\nKeflex", ["keflex", "penicillin", "zosyn"]),
    ("Allergies: latex,\ncodeine", ["codeine", "latex"]),
    ("Drug allergies: Keflex, sulfa\namoxicillin", ["amoxicillin", "keflex", "sulfa"]),
])
def test_plain_allergen_lines_under_an_answered_heading_are_read(note: str, expected: list[str]) -> None:
    assert allergies(note) == expected


@pytest.mark.parametrize(("note", "expected"), [
    ("Allergies: latex\nPressure: firm", ["latex"]),
    ("Allergies: latex\nPressure", ["latex"]),
    ("Allergies: latex\nSarah", ["latex"]),
    ("Allergies: latex\nfirm pressure", ["latex"]),
    ("Allergies: latex\n\ncodeine", ["latex"]),
    ("Allergies: latex\nMeds: Zoloft", ["latex"]),
])
def test_the_next_field_or_a_remark_is_not_read_as_an_allergy(note: str, expected: list[str]) -> None:
    assert allergies(note) == expected
