"""Fresh front-desk notes (s33), typed as staff type them in Mangomint, that the reader got wrong: a line of
allergens with no heading lost its latex when another item was a drug, a product-like allergen ("soy") or signed by
initials; allergens named after "allergic to" with only a space between lost all but the first."""

from __future__ import annotations

from datetime import date

import pytest

from spa_copilot.ai.extraction import extract_profile_offline

DAY = date(2026, 12, 5)


@pytest.mark.parametrize(("note", "allergies"), [
    ("Latex, nuts - anaphylaxis - JM", ["latex", "nutOil"]),
    # the penicillin too since session 34 (reader34; rev33e M2 found it lost: the pin held the loss)
    ("latex • penicillin • soy", ["latex", "penicillin", "soy"]),
    ("latex, soy", ["latex", "soy"]),
    ("latex, penicillin", ["latex", "penicillin"]),
    ("Client allergic to latex cats and dust", ["cats", "dust", "latex"]),
])
def test_a_fresh_note_reads_every_allergen_it_names(note: str, allergies: list[str]) -> None:
    assert sorted(extract_profile_offline(note, today=DAY).values("allergies")) == allergies

