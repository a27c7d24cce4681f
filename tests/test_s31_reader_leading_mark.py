"""An allergy list whose first item follows a list mark on the heading's line (session 31, rev31c HIGH 2).

"Allergies: • latex - hives • codeine - itching • eucalyptus" (a form's bulleted answer flattened onto one line) read
latex alone: the eucalyptus became a liked scent once 5366f4b stopped a dash aside at the bullets, and the codeine
was never read. The first mark is no item and no list's end: every item is read, as without it. (A scent in a
bulleted allergy list is also read as a liked scent, with or without the first bullet: the DM then says "Scent:
eucalyptus — fragrance allergy; ask first". Left as it was.)"""

from __future__ import annotations

from datetime import date

import pytest

from spa_copilot.ai.extraction import extract_profile_offline


def _allergies(note: str) -> set[str]:
    return set(extract_profile_offline(note, today=date(2026, 12, 5)).values("allergies"))


@pytest.mark.parametrize("note, expected", [
    ("Allergies: • latex - hives • codeine - itching • eucalyptus", {"latex", "codeine", "essentialOils"}),
    ("Allergies: • latex • codeine • eucalyptus", {"latex", "codeine", "essentialOils"}),
    ("Allergies: · latex - hives · eucalyptus", {"latex", "essentialOils"}),
    ("Allergies: | latex - hives | codeine - itching", {"latex", "codeine"}),
])
def test_a_first_bullet_on_the_headings_line_is_no_item(note: str, expected: set[str]) -> None:
    assert _allergies(note) >= expected


@pytest.mark.parametrize("note, expected", [
    ("Allergies: latex • codeine • eucalyptus", {"latex", "codeine", "essentialOils"}),
    ("Allergies:\n• latex\n• codeine\n• eucalyptus", {"latex", "codeine", "essentialOils"}),
    ("Allergies: none", set()),
])
def test_what_was_read_is_read_as_before(note: str, expected: set[str]) -> None:
    assert _allergies(note) == expected
