"""s49 (rev49d, review of the session's reader changes): what a therapist was told wrongly after them, mended.

- A relative's allergy or condition told as the guest's: "… booked a massage for her too" read "her too" as the
  guest's; "She and her husband (allergic to nuts) …" hid the husband. A bare "her" says "hers too" only at the start,
  after a mark or after "and"; a person followed by "(" or ", who" is not named with the guest.
- "No latex - sens. skin" lost the latex allergy ("sens." behind the dash read as "allergy", and the "No" denied it):
  "sens." is the allergy's word only right after its name.
- "She is due in 4 weeks for her next facial" read as a pregnancy.
- Spanish "grave" is SEVERE ("Alergia grave al látex", "- grave"); "hospitalized", "(ER)" beside an allergy too; not
  "lidocaine w/ epi" (the numbing agent).
"""

from __future__ import annotations

from datetime import date

import pytest

from tests.builders import dm_lines, service

DAY = date(2026, 12, 8)
HOT = service("sv_hot", name="Hot Stone Massage 75", contraindications=["pregnancy", "blood thinners"])


@pytest.mark.parametrize(
    ("notes", "not_told"),
    [
        ("Husband allergic to nuts, booked a massage for her too", "nut"),
        ("Her sister is pregnant, booking for her too", "contraindicated"),
        ("Husband on blood thinners, booked for her too", "blood thinners"),
        ("She and her husband, who is allergic to nuts, are booked for a couples massage", "nut"),
        ("She and her husband (allergic to nuts) booked together", "nut"),
        ("She is due in 4 weeks for her next facial", "contraindicated"),
        ("Client's due in 3 weeks for the next peel", "contraindicated"),
        ("lidocaine w/ epi, latex allergy", "SEVERE"),
    ],
)
def test_what_is_not_hers_is_not_told(notes: str, not_told: str) -> None:
    assert not_told not in dm_lines(notes, HOT, day=DAY), notes


@pytest.mark.parametrize(
    ("notes", "told"),
    [
        ("No latex - sens. skin", "latex allergy"),
        ("No nuts - sens.", "nut oil allergy"),
        ("Husband allergic to nuts - her too!", "nut oil allergy"),  # rel49's, kept
        ("Alergia grave al látex", "SEVERE latex allergy"),
        ("Latex allergy - grave", "SEVERE latex allergy"),
        ("Latex allergy - hospitalized", "SEVERE latex allergy"),
        ("Nut allergy (ER)", "SEVERE nut oil allergy"),
        ("Baby due in 6 weeks", "pregnancy"),  # lex49's, kept
    ],
)
def test_what_is_hers_is_told(notes: str, told: str) -> None:
    assert told in dm_lines(notes, HOT, day=DAY), notes


def test_an_er_visit_names_no_allergen() -> None:  # rev49e LOW: "(ER)" also named a junk "SEVERE er allergy"
    told = dm_lines("Nut allergy (ER)", HOT, day=DAY)
    assert "SEVERE nut oil allergy" in told and "er allergy" not in told
