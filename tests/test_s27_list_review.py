"""What the adversarial review of the session's list commits found (5 December), each mended.

- A pipe then an allergen with a colon ended the list unless the answer was one plain reaction word: "Allergies:
  penicillin | sulfa: anaphylaxis - EpiPen" lost sulfa (read before as a joined "penicillinSulfa").
- A pipe then any capitalised cell was an item: "latex | Meds | Lamictal" read the drug she takes as an allergy.
- A plain line under a heading alone on its line took any capitalised word for a drug's brand: "Prescriptions",
  "Notes", "Patel", "Eminence" were read as allergies, and the walk went on into the next section's drugs.
- An intake answer split into parts read any part: "latex, takes Lamictal" → "takesLamictal", "Maya, latex" → "maya".
"""

from __future__ import annotations

from datetime import date

import pytest

from spa_copilot.ai.extraction import extract_profile_offline, intake_safety
from spa_copilot.domain import HealthHistory

DAY = date(2026, 12, 5)


def allergies(note: str) -> list[str]:
    return extract_profile_offline(note, today=DAY).values("allergies")


@pytest.mark.parametrize(("note", "expected"), [
    ("Allergies: penicillin | sulfa: anaphylaxis - EpiPen", ["penicillin", "sulfa"]),
    ("Allergies: penicillin | sulfa: SJS", ["penicillin", "sulfa"]),
    ("Allergies: penicillin | sulfa: trouble breathing", ["penicillin", "sulfa"]),
    ("Allergies: penicillin | Zosyn: rash", ["penicillin", "zosyn"]),
    ("Allergies: latex | codeine: hives", ["latex", "codeine"]),
    # taken back after its colon: not hers
    ("Allergies: nuts | latex: no", ["nutOil"]),
    ("Allergies: penicillin | codeine: tested negative", ["penicillin"]),
    ("Allergies: latex | Keflex: outgrown", ["latex"]),
])
def test_an_allergen_after_a_pipe_keeps_whatever_its_colon_says_of_the_reaction(note: str, expected: list[str]) -> None:
    assert allergies(note) == expected


@pytest.mark.parametrize("note", [
    "Allergies: latex | Meds | Lamictal",
    "Allergies: latex | Current meds | Lamictal",
    "Allergies: latex | Supplements | Lamictal",
    "Allergies: latex | Emergency | Reed",
    "Allergies: latex | Notes: rash",
])
def test_a_tables_next_cell_is_no_item(note: str) -> None:
    assert allergies(note) == ["latex"]


def test_a_tables_label_cell_ends_the_list_it_joins_nothing() -> None:
    # the pipes after a label cell were left as they were: "penicillinMedicationsLamictal"
    assert allergies("Allergies: latex | penicillin | Medications | Lamictal") == ["latex", "penicillin"]


@pytest.mark.parametrize("note", [
    "Allergies:\nlatex\nPrescriptions\nLamictal\nZoloft",
    "Allergies:\nlatex\nNotes\nprefers firm pressure",
    "Allergies:\nlatex\nEminence",
    "Allergies:\nlatex\nSpouse\nKeflex",
    "Allergies:\nlatex\nPlan\nKeflex",
])
def test_a_capitalised_word_on_its_own_line_ends_the_list(note: str) -> None:
    assert allergies(note) == ["latex"]


@pytest.mark.parametrize(("note", "expected"), [
    ("Allergies:\nlatex\nKeflex, Zosyn", ["latex", "keflex", "zosyn"]),
    ("Allergies:\nlatex\nAdvil-PM", ["latex", "advilPm"]),
    ("Allergies:\nsulfa\nbee stings\namoxicillin", ["sulfa", "beeStings", "amoxicillin"]),
])
def test_lines_of_known_allergens_and_brands_are_still_read(note: str, expected: list[str]) -> None:
    assert allergies(note) == expected


@pytest.mark.parametrize(("answer", "expected"), [
    ("latex, takes Lamictal", ["latex"]),
    ("Maya, latex", ["latex"]),
    ("latex and Tom", ["latex"]),
    ("latex, sulfa - tested negative", ["latex"]),
    ("Yes - Tom Reed", ["unnamedAllergy"]),
    ("latex, tree nuts", ["latex", "nutOil"]),
    ("bee stings & wasps", ["beeStings", "wasps"]),
])
def test_an_intake_answers_parts_are_read_only_when_plainly_allergens(answer: str, expected: list[str]) -> None:
    assert [name for field, name, _ in intake_safety(HealthHistory(allergies=[answer])) if field == "allergies"] == expected


# ---- the third review (5 December, of the mends) ------------------------------------------------------------------


@pytest.mark.parametrize(("answer", "expected"), [
    # a yes then a word starting with N was read as a blank "Yes/No" and gave nothing at all
    ("Yes: nuts", ["nutOil"]),
    ("YES: NUTS", ["nutOil"]),
    ("yes, nut allergy", ["nutOil"]),
    ("Yes: Nickel, latex", ["nickel", "latex"]),
    ("Yes, no", []),
    ("Y/N", []),
    # a drug's brand is an allergen's name in a list of several, and after a yes
    ("Yes, penicillin and Keflex", ["penicillin", "keflex"]),
    ("Keflex and latex", ["keflex", "latex"]),
    ("Bactrim and bee stings", ["bactrim", "beeStings"]),
    ("Yes: Cipro", ["cipro"]),
])
def test_the_third_reviews_intake_answers(answer: str, expected: list[str]) -> None:
    assert [name for field, name, _ in intake_safety(HealthHistory(allergies=[answer])) if field == "allergies"] == expected


@pytest.mark.parametrize(("note", "expected"), [
    # a tab's field after a space ("Roe \tAllergies") was no longer a field start after 156b1bd
    ("Client: Jane Roe \tAllergies: Yes \tMeds: nuts", ["nutOil"]),
    ("Visit 12/1 \t\tAllergies: yes\nCurrent medications: latex", ["latex"]),
    ("Jane Doe \t Any allergies? Yes", ["unnamedAllergy"]),
    ("Notes\t\tAllergies: yes", ["unnamedAllergy"]),
    # bullets below a kind's question that name nothing of it leave its ask
    ("Drug allergies: sulfa\nSkin allergies: yes\n- reacted to a serum at another spa", ["sulfa", "unnamedAllergy"]),
    ("Allergies: penicillin\nFood allergies: Y\n- Mom: shellfish", ["penicillin", "unnamedAllergy"]),
    # only a whole answer takes an allergen after a pipe back
    ("Allergies: latex | codeine: tested positive", ["latex", "codeine"]),
    ("Allergies: latex | Keflex: outgrown", ["latex"]),
])
def test_the_third_reviews_notes(note: str, expected: list[str]) -> None:
    assert allergies(note) == expected


@pytest.mark.parametrize(("note", "expected"), [
    ("Any allergies?\n- latex\n- shellfish", ["latex", "shellfish"]),  # read only latex
    ("Any allergies? Y\n- latex\n- shellfish", ["latex", "shellfish"]),
    ("Allergic to anything?\n- latex", ["latex"]),
    ("Any allergies?\n- no", []),
])
def test_an_allergy_question_heads_its_bullets(note: str, expected: list[str]) -> None:
    assert allergies(note) == expected


def test_any_other_question_heads_no_bullets() -> None:
    # "Pregnant?" unfolded as "Pregnant:" is left on its own line above its "- no", read as pregnant
    assert extract_profile_offline("Pregnant?\n- no", today=DAY).values("contraindications") == []


@pytest.mark.parametrize(("note", "expected"), [
    # the heading stayed on its line above its items and was read alone: "Pregnant:" as pregnant
    ("Pregnant:\n- no", []),
    ("Pregnant?\n- no", []),
    ("Pregnant:\n- yes", ["pregnancy"]),
    ("Pregnant:\n- 20 weeks", ["pregnancy"]),
])
def test_a_heading_over_its_bullets_is_read_only_with_them(note: str, expected: list[str]) -> None:
    assert extract_profile_offline(note, today=DAY).values("contraindications") == expected


def test_a_bulleted_items_evidence_is_its_own_line() -> None:
    profile = extract_profile_offline("Allergies:\n- latex\n- Zosyn", today=DAY)
    assert [(item.value, item.evidence) for item in profile.allergies] == [
        ("latex", "Allergies: latex"), ("zosyn", "Allergies: Zosyn")]
