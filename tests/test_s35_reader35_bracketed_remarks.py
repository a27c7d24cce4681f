"""A remark after the last item of a bare line of allergens: in square brackets ("latex, penicillin [hives]") the line
read no allergy at all, and a reaction with its year ("(anaphylaxis 2019)") or a word that it is confirmed
("(confirmed)") kept only the latex (session 35). Form boxes ("[x]", "[ ]") and other remarks read as before."""
from datetime import date

import pytest

from spa_copilot.ai.extraction import extract_profile_offline

DAY = date(2026, 12, 6)


def read(note):
    p = extract_profile_offline(note, today=DAY)
    return p.values("allergies"), p.values("scent")


@pytest.mark.parametrize(("note", "expected"), [
    ("latex, penicillin [hives]", ["latex", "penicillin"]),
    ("latex, penicillin [anaphylaxis]", ["latex", "penicillin"]),
    ("latex [hives]", ["latex"]),
    ("penicillin [rash]", ["penicillin"]),
    ("nuts [anaphylaxis]", ["nutOil"]),
    ("latex, penicillin (anaphylaxis 2019)", ["latex", "penicillin"]),
    ("latex, penicillin (confirmed)", ["latex", "penicillin"]),
    ("latex, penicillin (allergist confirmed)", ["latex", "penicillin"]),
    ("latex, penicillin [takes daily]", ["latex"]),  # read as "(takes daily)" is: the latex, as a flag
])
def test_every_allergen_of_the_line_is_read(note, expected):
    allergies, _ = read(note)
    assert sorted(allergies) == sorted(expected)


def test_the_evidence_keeps_the_square_brackets():
    p = extract_profile_offline("Quiet room.\nlatex, penicillin [hives]", today=DAY)
    assert {(e.value, e.evidence) for e in p.allergies} == {
        ("latex", "latex, penicillin [hives]"),
        ("penicillin", "latex, penicillin [hives]"),
    }


def test_a_scent_with_its_reaction_in_square_brackets_is_no_liked_scent():
    allergies, scent = read("lavender [hives]")
    assert allergies == ["essentialOils"] and scent == []
    allergies, scent = read("Loves lavender.\nPeppermint [hives]")
    assert allergies == ["essentialOils"] and scent == ["lavender"]


@pytest.mark.parametrize(("note", "expected"), [
    ("latex, penicillin (2019)", ["latex"]),  # a year alone says nothing of the penicillin
    ("latex, penicillin (unconfirmed)", ["latex"]),
    ("latex, penicillin (takes daily)", ["latex"]),
    ("latex [see chart]", []),
    ("Allergies: latex Yes [ ] No [x]", []),
    ("Allergies: latex Yes [x] No [ ]", ["latex"]),
    ("Allergies:\n[ ] Allergic to latex\n[x] Allergic to nuts", ["nutOil"]),
    ("Lavender [loves it]", []),
])
def test_other_remarks_and_form_boxes_read_as_before(note, expected):
    allergies, _ = read(note)
    assert sorted(allergies) == sorted(expected)
