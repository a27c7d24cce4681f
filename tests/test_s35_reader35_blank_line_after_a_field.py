"""An allergy list whose bullets follow a blank line after a form's scent field that names no sensitivity ("Allergies:⏎
Scent: any⏎⏎- latex") or after a line of a kind ("Allergies:⏎Drug: penicillin⏎⏎- latex") lost the latex; under a
"Sensitivities:" heading the scent field cut the list off ("Sensitivities:⏎Scent: any⏎- latex" read nothing)
(session 35)."""
from datetime import date

import pytest

from spa_copilot.ai.extraction import extract_profile_offline

DAY = date(2026, 12, 6)


def read(note):
    p = extract_profile_offline(note, today=DAY)
    return set(p.values("allergies")), set(p.values("scent"))


@pytest.mark.parametrize(("note", "expected"), [
    ("Allergies:\nScent: any\n\n- latex", {"latex"}),
    ("Allergies:\nScent: no preference\n\n- latex\n- penicillin", {"latex", "penicillin"}),
    ("Allergies:\nDrug: penicillin\n\n- latex", {"penicillin", "latex"}),
    ("Allergies:\nDrug: penicillin\nFood: nuts\n\n- latex\n- codeine", {"penicillin", "nutOil", "latex", "codeine"}),
    ("Sensitivities:\nScent: any\n- latex", {"latex"}),
    ("Sensitivities:\nScent: any\n\n- latex", {"latex"}),
])
def test_the_bullets_are_the_lists_own(note, expected):
    allergies, _ = read(note)
    assert allergies == expected


def test_a_scent_allergy_line_then_a_blank_line_keeps_the_bullets_too():
    allergies, scent = read("Allergies:\nScent: lavender\n\n- latex")
    assert "latex" in allergies and scent == set()


@pytest.mark.parametrize(("note", "allergies", "scent"), [
    ("Sensitivities:\nScent: lavender", {"fragrance", "essentialOils"}, set()),
    ("Allergies:\nDrug: penicillin\n\nNotes:\n- quiet", {"penicillin"}, set()),
    ("Allergies:\nScent: any\n\nPressure: firm", {"fragrance"}, set()),  # as before (no bullets below)
])
def test_what_follows_another_heading_reads_as_before(note, allergies, scent):
    assert read(note) == (allergies, scent)


def test_a_list_of_liked_scents_stays_liked():
    allergies, scent = read("Allergies:\nScent: likes\n\n- lavender\n- eucalyptus")
    assert scent == {"lavender", "eucalyptus"} and "essentialOils" not in allergies
