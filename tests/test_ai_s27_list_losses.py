"""Allergy list shapes the offline notes reader lost (session 27, 5 December 2026).

- A form's kinds of allergy inside one allergy field, each with its own items: "Allergies: Food: nuts, shellfish;
  Drug: Zosyn, Keflex" lost Zosyn and Keflex (the semicolon list read only names plainly an allergen's), "Allergies:
  Drug: no known, Food: Zosyn" and "Allergies: Food: none; Drug: codeine" lost everything (the first kind's "none"
  was read as the field's, and the next kind was set on a line of its own, no allergy's).
- The whole answer in brackets: "Allergies: (latex, Zosyn)" lost Zosyn (the brackets were read as an aside); it is
  read as the same answer without them.
- A pipe between two items: "Allergies: latex | codeine: hives" lost codeine, "Allergies: penicillin | sulfa" read
  one "penicillinSulfa", "Allergies: Zosyn | Emergency contact: Tom Reed" lost Zosyn. A pipe parts two items when
  what follows it is an allergen or a drug's name, with at most how bad it is after a colon; another field's label
  after a pipe ends the list.
- Lines of allergens with no bullet under an allergy heading alone on its line: "Allergies:\nlatex\nKeflex, Zosyn"
  lost Keflex and Zosyn. Each such line is read as the heading's, as a bulleted one is; the walk stops at a blank
  line, another label, a sentence or a name ("Emergency contact: Tom Reed", "Medications:", "Thanks Maya").
- A two-item semicolon list whose second item is a drug the lexicon knows by its brand: "Allergies: latex; Zosyn"
  lost Zosyn. "Allergies: latex; Cefaly" (a device) stays latex only (tests/test_ai_s16_allergy_review.py).
- Not read: another field after the allergy field ("Meds:", "Medications:", "Emergency contact:"), a name, or the
  list of someone else ("Husband allergies: …").
"""

from __future__ import annotations

from datetime import date

import pytest

from spa_copilot.ai.extraction import extract_profile_offline

TODAY = date(2026, 12, 5)


def allergies(note: str) -> list[str]:
    return sorted(extract_profile_offline(note, today=TODAY).values("allergies"))


KINDS = [
    ("Allergies: Food: nuts, shellfish; Drug: Zosyn, Keflex", ["keflex", "nutOil", "shellfish", "zosyn"]),
    ("Allergies: Food: nuts; Drug: Zosyn", ["nutOil", "zosyn"]),
    ("Allergies: latex; Drug: Zosyn", ["latex", "zosyn"]),
    ("Allergies: Food: kiwi; Drugs: Sudafed, Night Nurse", ["kiwi", "nightNurse", "sudafed"]),
    ("Allergies: Drug: codeine; Environmental: Zosyn", ["codeine", "zosyn"]),
    ("Allergies: Drug: no known, Food: Zosyn", ["zosyn"]),
    ("Allergies: Drug: none, Food: Zosyn", ["zosyn"]),
    ("Allergies: Drug: NKDA, Food: kiwi, Zosyn", ["kiwi", "zosyn"]),
    ("Allergies: Drug: none, Food: none, Environmental: Zosyn", ["zosyn"]),
    ("Allergies: Drug: none / Food: Sudafed, Night Nurse", ["nightNurse", "sudafed"]),
    ("Allergies: Food: none; Drug: Zosyn, Keflex", ["keflex", "zosyn"]),
    ("Allergies: Food: no known; Drug: Zosyn", ["zosyn"]),
    ("Allergies: Food: none; latex", ["latex"]),
]


@pytest.mark.parametrize(("note", "expected"), KINDS)
def test_each_kind_of_allergy_keeps_its_items(note: str, expected: list[str]) -> None:
    assert allergies(note) == expected


NOT_HERS = [
    # another field after the allergy field, not a kind of allergy
    ("Allergies: Food: nuts, shellfish; Meds: Zosyn", ["nutOil", "shellfish"]),
    ("Allergies: Food: none, Meds: Zosyn", []),
    ("Allergies: Food: none; Meds: Zosyn", []),
    ("Allergies: Food: none; Medications: Zosyn", []),
    ("Allergies: Food: nuts; Drug: none; Meds: Zosyn", ["nutOil"]),
    ("Allergies: Food: none; Drug: none. Meds: Zosyn", []),
    ("Allergies: Drug: none; Contact: Tom Reed", []),
    ("Allergies: Food: none\nEmergency contact: Tom Reed", []),
    # kinds answered none and nothing more
    ("Allergies: Food: none", []),
    ("Allergies: Drug: none, Food: none", []),
    ("Allergies: Food: nuts; Drug: none", ["nutOil"]),
    # a name after a kind's label is no drug
    ("Allergies: Food: none; Drug: Maria", []),
    # someone else's allergies, or none at all
    ("Husband allergies: Drug: none, Food: Zosyn", []),
    ("Husband: Allergies: Food: nuts; Drug: Zosyn", []),
    ("No allergies: Food: none; Drug: Zosyn", []),
]


@pytest.mark.parametrize(("note", "expected"), NOT_HERS)
def test_no_other_field_name_or_person_is_read(note: str, expected: list[str]) -> None:
    assert allergies(note) == expected


def test_the_field_answered_no_still_keeps_the_next_field_apart() -> None:
    profile = extract_profile_offline("Allergies: Drug: none Pregnant: yes", today=TODAY)
    assert profile.values("allergies") == []
    assert "pregnancy" in profile.values("contraindications")


BRACKETED = [
    ("Allergies: (latex, Zosyn)", ["latex", "zosyn"]),
    ("Allergic to (latex, Zosyn)", ["latex", "zosyn"]),
    ("Allergies: [latex, Zosyn]", ["latex", "zosyn"]),
    ("Allergies: (Zosyn, Keflex)", ["keflex", "zosyn"]),
    ("Allergies: (Zosyn)", ["zosyn"]),
    ("Allergies: (latex + Zosyn & Sudafed / Night Nurse)", ["latex", "nightNurse", "sudafed", "zosyn"]),
    ("Allergies: (latex, Zosyn). Meds: Keflex", ["latex", "zosyn"]),
    ("Allergies: (latex, Zosyn)\nEmergency contact: Tom Reed", ["latex", "zosyn"]),
    ("Allergies: (latex, Zosyn)\nThanks Maya", ["latex", "zosyn"]),
    ("Allergies: (Zosyn - rash, fever)", ["zosyn"]),
]


@pytest.mark.parametrize(("note", "expected"), BRACKETED)
def test_a_bracketed_answer_is_read_as_the_list(note: str, expected: list[str]) -> None:
    assert allergies(note) == expected


BRACKETED_NOT_HERS = [
    ("Allergies: (none)", []),
    ("Allergies: (NKDA)", []),
    ("Allergies: (see chart)", []),
    ("Allergies: (negative)", []),
    ("Allergies: (husband)", []),
    ("Allergies: (husband: Zosyn)", []),
    ("Allergies: (not Zosyn)", []),
    ("Allergies: (Zosyn - outgrown)", []),
    ("Husband allergies: (latex, Zosyn)", []),
    ("Allergies: (latex, Zosyn) husband: Keflex", ["latex"]),
    ("Allergies: latex (Zosyn)", ["latex"]),  # a bracket after an item is an aside, as before
]


@pytest.mark.parametrize(("note", "expected"), BRACKETED_NOT_HERS)
def test_a_bracketed_answer_reads_no_one_elses_or_denied_allergy(note: str, expected: list[str]) -> None:
    assert allergies(note) == expected


PIPES = [
    ("Allergies: latex | codeine: hives", ["codeine", "latex"]),
    ("Allergies: penicillin | sulfa", ["penicillin", "sulfa"]),
    ("Allergies: penicillin | sulfa: hives", ["penicillin", "sulfa"]),
    ("Allergies: latex | Zosyn", ["latex", "zosyn"]),
    ("Allergies: latex | Zosyn | Keflex", ["keflex", "latex", "zosyn"]),
    ("Allergies: latex | Keflex: hives", ["keflex", "latex"]),
    ("Allergies: latex | Keflex (rash) | Zosyn", ["keflex", "latex", "zosyn"]),
    ("Allergies: latex | codeine: rash, nausea | Meds: Zosyn", ["codeine", "latex"]),
    ("Allergies: Zosyn | Emergency contact: Tom Reed", ["zosyn"]),
    ("Allergies: latex | Zosyn | Emergency contact: Tom Reed", ["latex", "zosyn"]),
    ("Allergies: latex | Advil-PM", ["advilPm", "latex"]),
]


@pytest.mark.parametrize(("note", "expected"), PIPES)
def test_a_pipe_parts_two_items(note: str, expected: list[str]) -> None:
    assert allergies(note) == expected


PIPES_NOT_ITEMS = [
    ("Allergies: latex | Meds: Zosyn", ["latex"]),
    ("Allergies: latex | Emergency contact: Tom Reed", ["latex"]),
    ("Allergies: latex | husband: Zosyn", ["latex"]),
    ("Allergies: latex | Tom Reed", ["latex"]),
    ("Allergies: latex | Thanks Maya", ["latex"]),
    ("Allergies: nuts | latex: no", ["nutOil"]),
    ("Allergies: latex | sulfa: negative", ["latex"]),
    ("Allergy: N | Notes: rash", []),
    ("Allergies: Y | Severity: mild", ["unnamedAllergy"]),  # her yes, nothing named: asked about
    ("Known allergies: N | Comments: rash", []),
    ("Shellfish allergy: n/a | Notes: face", []),
    ("Husband allergies: latex | Zosyn", []),
]


@pytest.mark.parametrize(("note", "expected"), PIPES_NOT_ITEMS)
def test_a_pipe_before_a_label_name_or_answer_is_no_item(note: str, expected: list[str]) -> None:
    assert allergies(note) == expected


LINES = [
    ("Allergies:\nlatex\nKeflex, Zosyn", ["keflex", "latex", "zosyn"]),
    ("Allergies:\nKeflex, Zosyn", ["keflex", "zosyn"]),
    ("Allergies:\nlatex, Zosyn", ["latex", "zosyn"]),
    ("Allergies:\nlatex\nZosyn", ["latex", "zosyn"]),
    ("Allergies:\nSudafed & codeine", ["codeine", "sudafed"]),
    ("Drug allergies:\nsulfa / Keflex\nAdvil-PM", ["advilPm", "keflex", "sulfa"]),
    ("Allergies:\nlatex\nZosyn\nEmergency contact: Tom Reed", ["latex", "zosyn"]),
]


@pytest.mark.parametrize(("note", "expected"), LINES)
def test_plain_lines_under_an_allergy_heading_are_its_items(note: str, expected: list[str]) -> None:
    assert allergies(note) == expected


LINES_NOT_ITEMS = [
    ("Allergies:\nlatex\nEmergency contact: Tom Reed", ["latex"]),
    ("Allergies:\nlatex\nThanks Maya", ["latex"]),
    ("Allergies:\nlatex\nMaya", ["latex"]),
    ("Allergies:\nlatex\nTom Reed", ["latex"]),
    ("Allergies:\nlatex\nMedications:\nZosyn", ["latex"]),
    ("Allergies:\nlatex\nMedications: Zosyn", ["latex"]),
    ("Allergies:\nlatex\n\nZosyn", ["latex"]),  # a blank line ends the list
    ("Allergies:\nlatex\nAsthma\nZosyn", ["latex"]),  # a condition ends it, in doubt
    ("Allergies:\nlatex\nShe takes Zosyn daily.", ["latex"]),
    ("Allergies:\nnone\nZosyn", []),
    ("Husband allergies:\nZosyn", []),
    ("Husband's allergies:\nZosyn\nKeflex", []),
    ("Notes:\nZosyn", []),
]


@pytest.mark.parametrize(("note", "expected"), LINES_NOT_ITEMS)
def test_the_lines_walk_reads_no_label_name_sentence_or_other_person(note: str, expected: list[str]) -> None:
    assert allergies(note) == expected


SEMICOLON_BRANDS = [
    ("Allergies: latex; Zosyn", ["latex", "zosyn"]),
    ("Allergies: latex; zosyn", ["latex", "zosyn"]),
    ("Allergies: latex; Keflex", ["keflex", "latex"]),
    ("Allergies: latex; Rocephin.", ["latex", "rocephin"]),
    ("Allergic to nuts; Lamictal", ["lamictal", "nutOil"]),
]


@pytest.mark.parametrize(("note", "expected"), SEMICOLON_BRANDS)
def test_a_known_drug_brand_after_one_semicolon_is_read(note: str, expected: list[str]) -> None:
    assert allergies(note) == expected


SEMICOLON_NOT_BRANDS = [
    ("Allergies: latex; Cefaly", ["latex"]),
    ("Allergies: latex; Lucaine", ["latex"]),
    ("Allergies: latex; Maya", ["latex"]),
    ("Allergies: latex; Zosyn?", ["latex"]),
    ("Allergies: latex; Zosyn (husband)", ["latex"]),
    ("Allergies: latex; Zosyn - negative", ["latex"]),
    ("Allergies: latex; Meds: Zosyn", ["latex"]),
    ("Husband allergies: latex; Zosyn", []),
]


@pytest.mark.parametrize(("note", "expected"), SEMICOLON_NOT_BRANDS)
def test_no_device_name_question_or_other_persons_drug_after_a_semicolon(note: str, expected: list[str]) -> None:
    assert allergies(note) == expected
