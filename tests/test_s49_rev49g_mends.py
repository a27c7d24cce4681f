"""s49 (rev49g, review of the last reader/scrubber mends d2cff676 and 5f9fb465): each row was read right before them
and wrong after, mended: a pregnancy "due in N weeks" to give birth / for her C-section (only an appointment word after
"for"/"to" makes it none: a pregnancy lost is worse than one invented), the guest's allergen after who booked her
("Booked by husband, Latex Allergy"), a name with a menu-word surname before "referred" ("Xiomara Peel referred her"),
a spoken "er" in an allergy list ("Allergic to latex, er, peanuts")."""
from __future__ import annotations

from datetime import date

import pytest

from spa_copilot.ai.guardrails import guest_words_for_staff
from tests.builders import dm_lines, service

DAY = date(2026, 12, 8)
HOT = service("sv_hot", name="Hot Stone Massage 75", contraindications=["pregnancy"])


# F1 HIGH (d2cff676 lexicon): a plain pregnancy after "due in N weeks for/to ..." is lost
@pytest.mark.parametrize("notes", [
    "She is due in 4 weeks to give birth", "She's due in 3 weeks to have her baby",
    "She's due in 3 weeks for a planned C-section", "She is due in 4 weeks for her second baby",
    "Client is due in 5 weeks for her caesarean", "She's due in 3 weeks to be induced",
    "Baby due in 6 weeks for Sarah", "She's due in 3 weeks for her cesarean section",
])
def test_f1_pregnancy_kept(notes: str) -> None:
    assert "contraindicated" in dm_lines(notes, HOT, day=DAY), notes


# F2 HIGH (d2cff676 _related_name): the guest's allergen after "<relation>, " is masked as a name; the reader
# does not read it either, so the booking note is the therapist's only sight of it
@pytest.mark.parametrize(("note", "allergen"), [
    ("Booked by husband, Latex Allergy", "Latex"), ("Referred by friend, Severe Nut Allergy", "Nut"),
    ("Booked by Mom Peanut Allergy", "Peanut"),
])
def test_f2_allergen_not_masked(note: str, allergen: str) -> None:
    assert allergen in dm_lines("", HOT, day=DAY, booking_note=note)
    assert allergen in guest_words_for_staff(note)


# F3 MEDIUM (d2cff676 _name_before_verb): a full name with a menu-word surname before referred/recommended/sent
# leaks when the given name is not on the lists
@pytest.mark.parametrize("text", ["Xiomara Peel referred her", "Oluwaseun Sessions referred her",
                                  "Saoirse Card recommended us", "Ngozi Bath sent her"])
def test_f3_name_masked(text: str) -> None:
    assert guest_words_for_staff(text).startswith("[name] "), guest_words_for_staff(text)


# F4 MEDIUM (5f9fb465 "er" in NOT_AN_ALLERGEN): a spoken "er" now ends the allergy list
@pytest.mark.parametrize(("notes", "told"), [
    ("Allergic to latex, er, peanuts", "nut oil allergy"), ("Allergies: er, shellfish", "shellfish allergy"),
])
def test_f4_filler_er_does_not_end_the_list(notes: str, told: str) -> None:
    assert told in dm_lines(notes, HOT, day=DAY), notes
