"""A scent she loves, then a reaction said to come from another one: "Avoid lavender, loves citrus - hives from
peppermint" dropped the liked citrus (read as an allergy, then as one to avoid: the "avoid" reached across "loves")
(session 36). The peppermint stays her allergy; a reaction with no other scent named stays the scent's own."""
from datetime import date

import pytest

from spa_copilot.ai.extraction import extract_profile_offline

DAY = date(2026, 12, 6)


def read(note):
    p = extract_profile_offline(note, today=DAY)
    return set(p.values("allergies")), set(p.values("scent")), set(p.values("avoid_scents"))


@pytest.mark.parametrize(("note", "allergies", "scent", "avoid"), [
    ("Avoid lavender, loves citrus - hives from peppermint", {"essentialOils"}, {"citrus"}, {"lavender"}),
    ("Avoid lavender, likes citrus - hives from peppermint", {"essentialOils"}, {"citrus"}, {"lavender"}),
    ("Loves citrus - hives from peppermint", {"essentialOils"}, {"citrus"}, set()),
])
def test_the_liked_scent_stays_liked(note, allergies, scent, avoid):
    assert read(note) == (allergies, scent, avoid)


@pytest.mark.parametrize(("note", "allergies", "scent", "avoid"), [
    ("Avoid lavender, loves citrus", set(), {"citrus"}, {"lavender"}),
    ("Lavender - hives", {"essentialOils"}, set(), set()),
    ("Lavender - headaches from the diffuser", {"essentialOils"}, set(), set()),
    ("Latex - hives from nuts", {"latex", "nutOil"}, set(), set()),
    ("No lavender, eucalyptus - allergic", {"essentialOils"}, set(), {"lavender", "eucalyptus"}),
])
def test_others_read_as_before(note, allergies, scent, avoid):
    assert read(note) == (allergies, scent, avoid)
