"""An allergy list whose bullets follow TWO blank lines after a form's scent field that names no sensitivity
("Allergies:⏎Scent: any⏎⏎⏎- latex") lost the latex and read a fragrance allergy: the rule for the skipped field looked
only at the line right above the blank line and the line right below it, so one blank line worked and two did not.
The same for a line of a kind ("Drug: penicillin") and for the heading itself ("Allergies:⏎⏎⏎- penicillin" read
nothing) (session 36). Two blank lines between two bullets still end the list, as test_s28_reader pins."""
from datetime import date

import pytest

from spa_copilot.ai.extraction import extract_profile_offline

DAY = date(2026, 12, 6)


def read(note):
    p = extract_profile_offline(note, today=DAY)
    return set(p.values("allergies")), set(p.values("scent"))


@pytest.mark.parametrize(("note", "expected"), [
    ("Allergies:\nScent: any\n\n\n- latex", {"latex"}),
    ("Allergies:\nScent: any\n\n\n\n- latex", {"latex"}),
    ("Allergies:\nScent: any\n \n\t\n- latex", {"latex"}),
    ("Allergies:\nScent: no preference\n\n\n- latex\n- penicillin", {"latex", "penicillin"}),
    ("Allergies:\nDrug: penicillin\n\n\n- latex", {"penicillin", "latex"}),
    ("Sensitivities:\nScent: any\n\n\n- latex", {"latex"}),
    ("Allergies:\n\n\n- penicillin", {"penicillin"}),
    ("Allergies:\n\n\n\n* penicillin\n* codeine", {"penicillin", "codeine"}),
])
def test_the_bullets_after_the_blank_lines_are_the_lists_own(note, expected):
    allergies, _ = read(note)
    assert allergies == expected


@pytest.mark.parametrize(("note", "allergies"), [
    ("Allergies:\nScent: any\n\n\nPressure: firm", {"fragrance"}),  # no bullets below: as with one blank line
    ("Allergies:\n- latex\n\n\n- sulfa", {"latex"}),  # pinned by test_s28_reader
])
def test_what_is_no_list_below_reads_as_before(note, allergies):
    assert read(note)[0] == allergies


def test_a_heading_that_is_no_allergy_still_ends_at_two_blank_lines():
    assert extract_profile_offline("Pregnant:\n\n\n- no", today=DAY).values("contraindications") == ["pregnancy"]


def test_a_list_of_liked_scents_after_the_blank_lines_stays_liked():
    allergies, scent = read("Allergies:\nScent: likes\n\n\n- lavender\n- eucalyptus")
    assert scent == {"lavender", "eucalyptus"} and "essentialOils" not in allergies
