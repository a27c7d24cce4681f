"""An allergy list introduced by who told the spa ("Allergies - per carer:", "Allergies per mum:", "Allergies according
to her daughter:") keeps every allergen, in the notes reader and in the model's copy (session 38, rev37h H1 and its
pre-existing loss)."""

from datetime import date

import pytest

from spa_copilot.ai.extraction import extract_profile_offline
from spa_copilot.ai.guardrails import scrub_for_model

TODAY = date(2026, 12, 6)


def _offline(note: str) -> list[str]:
    return [entry.value for entry in extract_profile_offline(note, today=TODAY).allergies]


@pytest.mark.parametrize(
    ("note", "allergens"),
    [
        ("Allergies - per carer: Henna, latex", ["henna", "latex"]),
        ("Allergies per carer: Betadine, Neosporin", ["betadine", "neosporin"]),
        ("Allergies - per nanny: Carmine, nuts", ["carmine", "nutOil"]),
        ("Allergies (per carer): Betadine, Neosporin", ["betadine", "neosporin"]),
        ("Allergies (per carer) Henna, latex", ["henna", "latex"]),
        ("Allergies per mum: Henna, latex", ["henna", "latex"]),
        ("Allergies according to her daughter: Henna, latex", ["henna", "latex"]),
        ("Allergies: per carer: Dermabond, Tegaderm", ["dermabond", "tegaderm"]),
        ("Allergic per mom - latex, Keflex", ["latex", "keflex"]),
    ],
)
def test_notes_reader_keeps_every_allergen(note, allergens):
    read = _offline(note)
    assert sorted(read) == sorted(allergens), read


@pytest.mark.parametrize(
    ("note", "words"),
    [
        ("Allergies per carer: Betadine, Neosporin", ["Betadine", "Neosporin"]),
        ("Allergies per mum: Henna, latex", ["Henna"]),
        ("Allergies according to her daughter: Carmine, latex", ["Carmine"]),
        ("Allergies per carer - Henna, latex", ["Henna"]),
    ],
)
def test_model_copy_keeps_every_allergen(note, words):
    scrubbed = scrub_for_model(note)
    assert all(word in scrubbed for word in words), scrubbed
    assert "[name]" not in scrubbed

