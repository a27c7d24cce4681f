"""A "Scent:" line under an allergy heading is the allergy's kind only right under the heading or among other kind
lines: after a denial ("- none", "- NKDA") or a bulleted list it is the form's liked scent (rev34d H1, H1b)."""
from datetime import date

import pytest

from spa_copilot.ai.extraction import extract_profile_offline

DAY = date(2026, 12, 5)


def read(note):
    p = extract_profile_offline(note, today=DAY)
    return set(p.values("allergies")), set(p.values("scent"))


@pytest.mark.parametrize("note", [
    "Allergies\n- none\nScent: lavender",
    "Allergies:\n- none\nScent: lavender",
    "Allergies\n- NKDA\nScent: lavender",
    "Allergies\n- denies\nScent: lavender",
    "Allergies\n* none\nScent: lavender",
    "ALLERGIES:\n\u2022 none\nSCENT: lavender",
    "Allergies:\n1. none\nScent: lavender",
    "Known allergies\n- none\nScent: lavender",
    "Drug allergies\n- none\nScent: lavender",
    "Allergies\n- none\nScent: lavender, eucalyptus\nPressure: firm\nMusic: ocean",
])
def test_a_liked_scent_stays_liked_when_the_allergy_list_says_none(note):
    allergies, scent = read(note)
    assert "lavender" in scent
    assert not allergies & {"fragrance", "essentialOils"}


@pytest.mark.parametrize(("note", "kept"), [
    ("Allergies:\n- latex\nScent: lavender\nPressure: firm", "latex"),
    ("Food allergies\n- shellfish\nScent: lavender\nPressure: firm", "shellfish"),
])
def test_a_scent_field_after_a_bulleted_allergy_list_is_not_folded_into_it(note, kept):
    allergies, scent = read(note)
    assert "lavender" in scent and not allergies & {"fragrance", "essentialOils"}
    assert kept in allergies  # the list's own allergen stays

