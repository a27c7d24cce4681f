"""An intake form's "Yes" before its allergy list is its answer, not an item (3 December 2026).

"Allergies: Yes, penicillin, sulfa" named nothing (7ad25c5 withdrew e39e447's reading of the answer, which skipped
the first item's checks). The "Yes" is now dropped before the note is read, so "Allergies: Yes, <items>" (also
"Allergies - Yes: <items>", "Allergies: Yes; <items>", "ALLERGIES: YES, <items>") reads exactly what "Allergies:
<items>" reads: its allergens, and whatever else the plain heading reads (a known behaviour of that heading, not
this change's); the evidence quotes the note with its "Yes". Nothing else changes: a "Yes" alone on its line, a
question's "Allergies?: Yes, …" and notes with no such answer read as before.
"""

from __future__ import annotations

from datetime import date

import pytest

from spa_copilot.ai.extraction import extract_profile_offline

TODAY = date(2026, 12, 3)


def allergies(note: str) -> list[str]:
    return sorted(extract_profile_offline(note, today=TODAY).values("allergies"))


ITEMS = [
    "latex", "penicillin, sulfa", "tree nuts, shellfish", "not latex, shellfish", "sulfa - negative", "sulfa (mom)",
    "sulfa?", "loves lavender", "per intake", "Benadryl helps", "", "- see chart", "(mild), seasonal", "No", "None",
    "PCN; SULFA; CODEINE - JM", "penicillin; codeine - Outgrown", "penicillin; latex - severe", "NKDA",
    "latex \u2013 severe", "sulfa: negative", "shellfish (hives), latex", "nuts | Meds: none",
]
FORMS = ["Allergies: Yes, {}", "Allergies - Yes: {}", "Allergies: Yes; {}", "ALLERGIES: YES, {}", "Allergies \u2013 Yes: {}"]


@pytest.mark.parametrize("form", FORMS)
@pytest.mark.parametrize("items", ITEMS)
def test_the_yes_answer_reads_as_the_plain_heading(form: str, items: str) -> None:
    # and where the list names no allergy of hers, the yes is one to ask about (session 27), unless what follows
    # takes it back ("Yes, None", "Yes, NKDA")
    taken_back = items in ("No", "None", "NKDA")
    assert allergies(form.format(items)) == (allergies(f"Allergies: {items}") or ([] if taken_back else ["unnamedAllergy"]))


READS = [
    ("Allergies: Yes, latex", ["latex"]),
    ("Allergies: Yes, penicillin, sulfa", ["penicillin", "sulfa"]),
    ("Allergies - Yes: penicillin", ["penicillin"]),
    ("ALLERGIES: YES; PCN; SULFA", ["penicillin", "sulfa"]),
    ("Allergies: Yes, tree nuts, shellfish", ["nutOil", "shellfish"]),
    ("Intake reviewed. Allergies: yes, latex. Meds: none", ["latex"]),
    # a yes whose list names no allergy of hers: one to ask about (session 27)
    ("Allergies: Yes, sulfa - negative", ["unnamedAllergy"]),
    ("Allergies: Yes - see chart", ["unnamedAllergy"]),
    ("Allergies: Yes (mild), seasonal", ["unnamedAllergy"]),
    # no answer to drop
    ("Allergies: Yes", ["unnamedAllergy"]),
    ("Allergies: No", []),
    ("Allergies: None", []),
    # a known miss of the list under these headings: the yes is at least asked about (session 27)
    ("Do you have any allergies?: Yes, latex", ["latex"]),  # read since session 28
    ("Allergies?: Yes, penicillin", ["penicillin"]),  # read since session 29
    ("Allergies: yes | Room: 3 | Avoid: nuts", ["nutOil"]),
]


@pytest.mark.parametrize(("note", "expected"), READS)
def test_reads(note: str, expected: list[str]) -> None:
    assert allergies(note) == expected


def test_the_evidence_quotes_the_note_with_its_yes() -> None:
    profile = extract_profile_offline("Allergies: Yes, penicillin, sulfa", today=TODAY).to_json_dict()
    assert {item["evidence"] for item in profile["allergies"]} == {"Allergies: Yes, penicillin, sulfa"}


def test_other_fields_read_as_the_plain_heading() -> None:
    note = "Allergies: Yes, latex. Pregnant 20 wks. Prefers firm pressure, lavender."
    plain = extract_profile_offline(note.replace("Yes, ", ""), today=TODAY).to_json_dict()
    read = extract_profile_offline(note, today=TODAY).to_json_dict()
    assert {field: [item["value"] for item in items] for field, items in read.items()} == {
        field: [item["value"] for item in items] for field, items in plain.items()
    }
