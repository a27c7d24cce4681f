"""s49 (probe49a): what the offline reader missed in a spa's own shorthand, now read, and what must stay unread.

- A pregnancy said "She's expecting!", "expecting" alone (a note's or an intake's condition), "Baby due in 6 weeks",
  "She is with child": read as pregnancy, so a Hot Stone booking says it is contraindicated. Not "expecting a call
  back", "expecting her sister", "we're expecting", "not expecting".
- An allergy in the front desk's shorthand: "alg: nuts", "Alg: latex, nuts", "latex sens.".
- An allergy said grave in other words: "severe reaction", "uses Epi" / "(has Epi)" / "carries epi", "Nut allergy.
  Severe.", "sev.", "anaphalaxis", "ended up in ER", "throat closes up", "auto-injector": SEVERE. Not "epilation",
  "epidural", "not severe", "no severe reaction", "mild throat swelling", "Severe back pain".
- Spanish with how bad between: "ALERGIA SEVERA A NUECES" reads a SEVERE nut allergy.
"""

from __future__ import annotations

from datetime import date

import pytest

from spa_copilot.domain import HealthHistory
from tests.builders import dm_lines, service

DAY = date(2026, 12, 8)
HOT = service(
    "sv_hot", name="Hot Stone Massage 75", contraindications=["pregnancy", "blood thinners", "varicose veins"]
)


def told(notes: str, *, intake: HealthHistory | None = None) -> str:
    """The therapist's DM lines for a Hot Stone booking of a guest with these notes (and intake)."""
    return dm_lines(notes, HOT, day=DAY, intake=intake)


RULED_OUT = "contraindicated for this guest: pregnancy"


@pytest.mark.parametrize(
    "notes",
    [
        "Latex allergy. She's expecting!",
        "BP meds. she's expecting",
        "Latex allergy. expecting",
        "Latex allergy. Client is expecting.",
        "Latex allergy. Baby due in 6 weeks",
        "BP meds. She's due in 3 months",
        "On BP meds. She is with child",
    ],
)
def test_a_pregnancy_said_in_other_words_rules_out_hot_stones(notes):
    assert RULED_OUT in told(notes)


def test_an_intake_condition_expecting_rules_out_hot_stones():
    assert RULED_OUT in told("", intake=HealthHistory(conditions=["expecting"]))


@pytest.mark.parametrize(
    "notes",
    [
        "Latex allergy. Expecting a call back",
        "Latex allergy. Expecting her sister at 3",
        "Latex allergy. She is not expecting.",
        "BP meds. we're expecting.",
        "BP meds. Was expecting, lost the baby",
        "BP meds. payment due in 2 weeks",
        "BP meds. She's with child care until 3",
        "BP meds. Client is expecting: a quiet room",
    ],
)
def test_expecting_something_else_is_no_pregnancy(notes):
    assert "pregnan" not in told(notes).lower()


@pytest.mark.parametrize(
    ("notes", "line"),
    [
        ("alg: nuts. BP meds", "nut oil allergy"),
        ("Alg: latex, nuts. On blood thinners", "latex allergy"),
        ("Alg: latex, nuts. On blood thinners", "nut oil allergy"),
        ("latex sens. on blood thinners", "latex allergy"),
        ("latex sens.", "latex allergy"),
        ("sens. to latex. BP meds", "latex allergy"),  # "sens." before "to" ends no sentence (note_clauses._SENS_TO)
        ("Sens. to latex, nuts", "nut oil allergy"),
        ("ALERGIA SEVERA A NUECES. BP meds", "SEVERE nut oil allergy"),
        ("Alergia severa al marisco", "SEVERE shellfish allergy"),
    ],
)
def test_shorthand_and_spanish_allergies_are_told(notes, line):
    assert line in told(notes)


@pytest.mark.parametrize(
    "notes",
    [
        "Shellfish allergy - severe reaction, uses Epi",
        "Allergic to shellfish, severe reaction last time",
        "Severe reaction to shellfish",
        "Nut allergy. Severe.",
        "Nuts. Severe.",
        "Nut allergy (has Epi)",
        "nut allergy, carries epi",
        "Nut allergy, sev.",
        "Nut allergy (sev)",
        "nut allergy - anaphalaxis",
        "Latex allergy - ended up in ER last time",
        "allergic to nuts - throat closes up",
        "Nut allergy - uses an auto-injector",
    ],
)
def test_an_allergy_said_grave_in_other_words_is_severe(notes):
    assert "SEVERE" in told(notes)


@pytest.mark.parametrize(
    "notes",
    [
        "Nut allergy. Does epilation monthly",
        "Latex allergy. Had an epidural",
        "Nut allergy. Not severe.",
        "nut allergy, no severe reaction",
        "Nut allergy. Severe back pain.",
        "Latex allergy, severe reaction to a peel last year",
        "Mild throat swelling with tree nuts",
        "Latex allergy. Went to ER for her back in May",
    ],
)
def test_grave_words_about_something_else_do_not_make_it_severe(notes):
    shown = told(notes)
    assert "allergy" in shown and "SEVERE" not in shown


def test_a_misspelt_anaphylaxis_is_no_allergen_of_its_own():
    assert "anaphalaxis" not in told("nut allergie - anaphalaxis").lower()
