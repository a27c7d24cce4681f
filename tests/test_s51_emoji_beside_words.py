"""s51: an emoji or pictograph the reader does not read, beside a word, hid the note's allergy (a net review, rev51f,
and the lead's probe; so since before the session): "Bee sting allergy 🐝", "SHELLFISH 🦐 = ANAPHYLAXIS", "‼️SESAME
ALLERGY‼️" read none. Each such symbol now reads as a space, one character for one (never a comma: rev51i); the
pictographs the reader reads (🥜, 🤰 with its skin tone, ⚠️, ✅, checkboxes) are read as before."""

from __future__ import annotations

from datetime import date

import pytest

from tests.builders import HOT_STONE, dm_lines


def told(notes: str) -> str:
    return dm_lines(notes, HOT_STONE, day=date(2026, 12, 8))


@pytest.mark.parametrize(
    ("notes", "line"),
    [
        ("Bee sting allergy 🐝", "bee stings allergy"),
        ("🐝 BEE STING ALLERGY 🐝 (EPIPEN)", "SEVERE bee stings allergy"),
        ("SHELLFISH 🦐 = ANAPHYLAXIS", "SEVERE shellfish allergy"),
        ("Shellfish 😬 = anaphylaxis", "SEVERE shellfish allergy"),
        ("‼️SESAME ALLERGY‼️", "sesame allergy"),
        ("Sesame allergy‼️", "sesame allergy"),
    ],
)
def test_an_allergy_beside_an_emoji_is_read(notes, line):
    assert line in told(notes)


@pytest.mark.parametrize(
    ("notes", "line"),
    [
        ("Pregnant 🤰🏽 20 wks", "contraindicated for this guest: pregnancy"),
        ("⚠️ LATEX", "latex allergy"),
        ("Nut allergy 🥜", "nut oil allergy"),
    ],
)
def test_the_pictographs_the_reader_reads_still_read(notes, line):
    assert line in told(notes)


@pytest.mark.parametrize(
    ("notes", "line"),
    [
        ("allergic to 🐝 bees", "bee stings allergy"),
        ("anaphylactic to 🐝 bees", "SEVERE bee stings allergy"),
        ("severe allergy to 🦐 shellfish", "SEVERE shellfish allergy"),
    ],
)
def test_an_emoji_inside_a_phrase_parts_nothing(notes, line):
    """rev51i: read as a comma between two words, an emoji cut "allergic to" from its allergen."""
    assert line in told(notes)


@pytest.mark.parametrize("notes", ["no 😊 pregnancy", "not 🙅 pregnant", "Not currently 🤞 pregnant"])
def test_an_emoji_after_a_no_keeps_the_no(notes):
    """rev51i: read as a comma, an emoji after "no"/"not" made a false pregnancy."""
    assert "contraindicated for this guest: pregnancy" not in told(notes)
