"""A relative's allergy in the same sentence as the guest's own (probe49a H2): the guest's is read, the relative's
is not, and "both" / "her too" / "she and her husband" include her.

Before: the husband named before the latex made the whole sentence his ("Husband allergic to nuts, she is allergic
to latex" read nothing), and a "both" or "her too" with a relative was read as the relative's alone.
"""

from __future__ import annotations

from datetime import date

import pytest

from spa_copilot.ai.extraction import extract_profile_offline
from tests.builders import dm_lines, service

DAY = date(2026, 12, 8)


def _read(notes: str) -> tuple[list[str], list[str]]:
    profile = extract_profile_offline(notes, today=DAY)
    return [e.value for e in profile.allergies], [e.value for e in profile.contraindications]


@pytest.mark.parametrize(
    ("notes", "allergies", "conditions"),
    [
        # the guest's own statement after the relative's: hers read, his not
        ("Husband allergic to nuts, she is allergic to latex", ["latex"], []),
        ("husband allergic to nuts and she's allergic to latex", ["latex"], []),
        ("Husband allergic to nuts & she is allergic to latex", ["latex"], []),
        ("Husband allergic to nuts, client allergic to latex", ["latex"], []),
        ("Husband allergic to nuts and latex, she is allergic to shellfish", ["shellfish"], []),
        ("Husband allergic to nuts, she is also allergic to latex", ["latex"], []),
        ("Comes with her husband, she's allergic to latex", ["latex"], []),
        ("Husband allergic to nuts and she's pregnant", [], ["pregnancy"]),
        # the guest named with the relative: hers too
        ("Both she and her husband are allergic to nuts", ["nutOil"], []),
        ("She and her husband are allergic to nuts", ["nutOil"], []),
        ("Husband & client both allergic to shellfish", ["shellfish"], []),
        ("Her husband and she both have nut allergies", ["nutOil"], []),
        ("husband allergic to nuts - her too!", ["nutOil"], []),
        ("husband allergic to nuts (her too)", ["nutOil"], []),
        ("Husband allergic to nuts. Her too.", ["nutOil"], []),
        ("Husband allergic to nuts, she is too", ["nutOil"], []),
        ("Husband allergic to nuts, she's allergic too", ["nutOil"], []),
        ("Husband allergic to nuts, so is she", ["nutOil"], []),
        ("Husband diabetic, her too", [], ["diabetes"]),
    ],
)
def test_the_guests_own_allergy_is_read_beside_a_relatives(notes, allergies, conditions):
    assert _read(notes) == (allergies, conditions)


@pytest.mark.parametrize(
    "notes",
    [
        "Husband allergic to nuts",
        "Husband allergic to nuts, she is not",
        "Her son, she says, is allergic to nuts",  # she tells it: his
        "Her daughter, she's allergic to nuts",  # "she" after a daughter: the daughter
        "Wife allergic to nuts, she is allergic to latex",  # "she" after a wife: the wife (as before)
        "Mom is pregnant, she is on blood thinners",
        "Husband & son both allergic to nuts",
        "Husband and her daughter are allergic to nuts",
        "Husband allergic to nuts - her daughter too",
        "Husband allergic to nuts, and her son too",
        "Husband has a latex allergy and she's fine",
        "Client's husband allergic to nuts, client is fine",
        "she and her husband are not allergic to nuts",
        "She and her husband came in, he is allergic to nuts",  # "he": the husband's
        "Husband allergic to nuts, she is fine, he also has latex allergy",
    ],
)
def test_control_a_relatives_allergy_alone_is_still_nothing_of_hers(notes):
    assert _read(notes) == ([], [])


def _dm_lines(notes: str) -> str:
    return dm_lines(notes, service("sv_swedish", name="Swedish Massage 60"), day=DAY)


def test_the_dm_tells_her_latex_allergy_and_not_his_nuts():
    shown = _dm_lines("Pregnant 20 wks. Husband allergic to nuts, she is allergic to latex.")
    assert "latex allergy" in shown
    assert "nut" not in shown.lower()
