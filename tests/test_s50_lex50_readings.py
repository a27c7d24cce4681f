"""s50 (lex50): misreadings of the offline note reader mended, each a row of what the therapist's DM says.

- "due in N weeks" said of her or the baby is a pregnancy unless an appointment, a treatment or a payment is due
  ("Due in 2 weeks for her gel mani", "due in 3 weeks to rebook"); a word of a birth after it keeps it a pregnancy
  ("Baby due in 6 weeks to book her C-section", "Due in 6 weeks, being induced").
- "Latex (sens.)", "Latex - sens.": the front desk's shorthand set apart from the allergen is a latex allergy.
- "Husband allergic to nuts - true for her too", "same for her too": the allergy is hers as well.
- "throat closes up" after an allergy keeps it SEVERE and names no "throat allergy"; "nada grave" ("nothing
  serious") names no "nada allergy" and is no SEVERE.
"""

from __future__ import annotations

from datetime import date

import pytest

from tests.builders import HOT_STONE, dm_lines

DAY = date(2026, 12, 8)
HOT = HOT_STONE
RULED_OUT = "contraindicated for this guest: pregnancy"


def told(notes: str) -> str:
    """The therapist's DM lines for a Hot Stone booking of a guest with these notes."""
    return dm_lines(notes, HOT, day=DAY)


@pytest.mark.parametrize(
    "notes",
    [
        "Baby due in 6 weeks to book her C-section",
        "She's due in 6 weeks to book her c-section",
        "Due in 6 weeks, being induced",
        "Due in 6 weeks for her delivery",
        "She's due in 4 weeks for her 36 wk check",
    ],
)
def test_due_in_weeks_is_a_pregnancy(notes):
    assert RULED_OUT in told(notes)


@pytest.mark.parametrize(
    "notes",
    [
        "Due in 2 weeks for her gel mani",
        "She's due in 2 weeks for her gel mani",
        "Client is due in 3 weeks for a hydrafacial",
        "Due in 4 wks for a deep tissue massage",
        "Latex allergy. due in 3 weeks to rebook",
        "Latex allergy. Due in 2 weeks to pay the balance",
        "BP meds. payment due in 2 weeks",
        "BP meds. Facial due in 4 weeks",
        "BP meds. Rebook: due in 6 weeks",
        # said of nobody, no word of a birth: a med spa's rebook reminder as often (rev50c)
        "Latex allergy. due in 6 weeks",
        "Latex allergy - due in 8 weeks",
        "Latex allergy, due in 5 wks",
        "Juvederm - due in 6 months",
        "REBOOK REMINDER\nDue in 4 weeks",
        "Due in 4 weeks - lash fill",
        "Botox - due in 3 months",
        "Gel mani, due in 2 weeks",
        "LASHES - due in 2 wks",
        "Latex allergy. Filler: due in 6 months",
    ],
)
def test_an_appointment_due_is_no_pregnancy(notes):
    assert RULED_OUT not in told(notes)


@pytest.mark.parametrize("notes", ["Latex (sens.)", "Latex - sens.", "Latex (sens)", "BP meds. Latex – sens"])
def test_latex_sens_set_apart_is_a_latex_allergy(notes):
    assert "latex allergy" in told(notes)


@pytest.mark.parametrize(
    "notes",
    [
        "Husband allergic to nuts - true for her too",
        "Husband allergic to nuts - same for her too",
        "Husband allergic to nuts. True for her too.",
        "Husband allergic to nuts - ditto for client",
        "Husband allergic to nuts - same for her as well",
    ],
)
def test_a_relatives_allergy_true_for_her_too_is_hers(notes):
    assert "nut oil allergy" in told(notes)


@pytest.mark.parametrize(
    "notes", ["Husband allergic to nuts - not true for her", "Husband allergic to nuts - isn't true for her"]
)
def test_a_relatives_allergy_not_true_for_her_is_his(notes):
    assert "nut" not in told(notes).lower()


@pytest.mark.parametrize(
    "notes",
    [
        "Allergic to nuts, throat closes up",
        "allergic to nuts - throat closes up",
        "Nut allergy (throat closes up)",
        "Allergy: nuts, throat closes up",
    ],
)
def test_a_throat_closing_up_is_severe_and_no_allergen(notes):
    shown = told(notes)
    assert "SEVERE nut oil allergy" in shown and "throat" not in shown.lower()


@pytest.mark.parametrize(
    ("notes", "junk"),
    [("Allergic to shellfish, lips swell", "lips allergy"), ("Latex allergy - eyes swell", "eyes allergy")],
)
def test_a_part_swelling_is_no_allergen(notes, junk):
    shown = told(notes)
    assert "allergy" in shown and junk not in shown


def test_lavender_sens_is_an_allergy_not_a_liked_scent():
    shown = told("Lavender (sens.)")
    assert "essential oils allergy" in shown and "Scent: lavender" not in shown


def test_a_throat_closing_up_lets_the_list_go_on():
    assert "latex allergy" in told("Allergic to nuts, throat closes up, latex")


def test_nada_grave_is_no_allergen_and_not_severe():
    shown = told("Alergia a las nueces, nada grave")
    assert "nut oil allergy" in shown and "nada" not in shown.lower() and "SEVERE" not in shown
