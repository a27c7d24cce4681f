"""An allergy list on the line after who told the spa ("Allergies per carer:\nHenna, latex") keeps its first allergen
for the model, and the notes reader reads a list of known allergens there (session 38, rev38c H1: "carer:" read the
next line's first word as a name, and the reader read nothing)."""

from datetime import date

import pytest

from spa_copilot.ai import allergy_lists
from spa_copilot.ai import lexicon as lx
from spa_copilot.ai.extraction import extract_profile_offline
from spa_copilot.ai.guardrails import scrub_for_model

TODAY = date(2026, 12, 6)


@pytest.mark.parametrize(
    ("note", "word"),
    [
        ("Allergies per carer:\nHenna, latex", "Henna"),
        ("Allergies per mum:\nCarmine, latex", "Carmine"),
        ("Allergies per carer -\nBetadine, latex", "Betadine"),
        ("Allergies per carer -  \n  Betadine, latex", "Betadine"),
        ("Allergies per carer:\nHenna\nlatex", "Henna"),
    ],
)
def test_the_first_allergen_on_the_next_line_is_kept_for_the_model(note: str, word: str) -> None:
    assert word in scrub_for_model(note), scrub_for_model(note)
    # a person there is still one
    person = note.replace(word, "Maria called", 1)
    assert "Maria" not in scrub_for_model(person), scrub_for_model(person)


@pytest.mark.parametrize("note", ["Allergies per carer:\nKeflex, Bactrim", "Allergies (per carer):\nKeflex, Bactrim"])
def test_known_allergens_on_the_next_line_are_read(note: str) -> None:
    allergies = {entry.value for entry in extract_profile_offline(note, today=TODAY).allergies}
    assert {"keflex", "bactrim"} <= allergies, allergies


def test_the_heading_reads_a_teller_and_a_run_of_spaces_after_it_one_way() -> None:
    # "Allergies (per carer)" and a run of spaces: the teller's own spaces after ")" and the heading's trailing run
    # would split the run every way (no timed test: the teller is an atomic group)
    pattern = allergy_lists._ALLERGY_HEADING_ALONE.pattern
    assert "(?>" + lx.ALLERGY_TOLD_BY + ")" in pattern
    assert allergy_lists._ALLERGY_HEADING_ALONE.match("Allergies (per carer)  ") is not None
    assert allergy_lists._ALLERGY_HEADING_ALONE.match("Allergies (per carer)  x") is None
