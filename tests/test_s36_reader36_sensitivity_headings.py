"""A heading of her sensitivities or intolerances read nothing, or a liked scent: "Sensitivity: latex",
"Intolerances:⏎- latex", "Intolerance: lavender oil" (a liked lavender), "Sensitivities⏎- latex" with no colon
(session 36). ``note_clauses._SENSITIVITIES_HEADING`` and ``_SENSITIVITY_HEADING`` existed, but they only decide
how a form's "Scent:" line under such a heading reads (skipped, or the allergy's kind); what makes the items allergies
is the cue ``lexicon.ALLERGY_CUE``, which knew "Sensitivities:" (the plural) alone. Now it knows "Sensitivity:" and
"Intolerance(s):" too, the two scent-line patterns know "Intolerances", and the heading may stand with no colon."""
from datetime import date

import pytest

from spa_copilot.ai.extraction import extract_profile_offline

DAY = date(2026, 12, 6)


def read(note):
    p = extract_profile_offline(note, today=DAY)
    return set(p.values("allergies")), set(p.values("scent"))


@pytest.mark.parametrize(("note", "expected"), [
    ("Sensitivity: latex", {"latex"}),
    ("Sensitivity:\n- latex", {"latex"}),
    ("Sensitivity - latex", {"latex"}),
    ("Intolerances:\n- latex", {"latex"}),
    ("Intolerances: lavender, latex", {"essentialOils", "latex"}),
    ("Intolerance: lavender oil", {"essentialOils"}),
    ("Intolerence: latex", {"latex"}),
    ("Sensitivities\n- latex", {"latex"}),
    ("Intolerances\n* latex\n* lavender", {"latex", "essentialOils"}),
    ("Known sensitivities\n- latex", {"latex"}),
    ("Intolerances:\nScent: any\n- latex", {"latex"}),
    ("Intolerances:\nScent: lavender", {"fragrance", "essentialOils"}),
    ("Sensitivities\nScent: lavender", {"fragrance", "essentialOils"}),
])
def test_her_sensitivities_are_hers_to_avoid(note, expected):
    allergies, scent = read(note)
    assert allergies == expected
    assert scent == set()


@pytest.mark.parametrize(("note", "allergies", "scent"), [
    ("Sensitivities: latex", {"latex"}, set()),
    ("Sensitivity: none", set(), set()),
    ("Intolerances: none", set(), set()),
    ("Sensitivity: lavender is fine", set(), {"lavender"}),
    ("Sensitivities:\nScent: likes lavender\n- latex", {"latex"}, {"lavender"}),
])
def test_others_read_as_before(note, allergies, scent):
    assert read(note) == (allergies, scent)


def test_a_sensitivity_heading_names_no_pressure_she_avoids():
    p = extract_profile_offline("Sensitivity: firm pressure", today=DAY)
    assert p.values("pressure") == ["firm"] and p.values("allergies") == []
