"""Record shapes the notes reader lost allergens in (session 28).

- A yes with its list as bullets below knew fewer bullet marks than a heading's list ("Allergies: yes⏎+ latex" only
  asked what the allergy was), and neither took a blank line between the heading and its list ("Allergies:⏎⏎1.
  peanuts⏎2. shellfish" read nothing).
- An allergy field listing its items by kind lost the kinds after a semicolon, a pipe or a tab ("Allergies: Drug:
  penicillin | Food: nuts" read nothing), and kinds on the lines under a lone heading read nothing at all.
- A medicine she takes, said with how often ("Lamictal daily"), was read as an allergy in an allergy list.
- A tab before another column's label left that column's answer to the allergy ("Allergies: latex<TAB>Notes: ok"
  read the "ok" as latex's and lost the latex), and a name column before the allergy field was read as an allergen
  when a later free-text field said something ("Jane Roe<TAB>Allergies: Yes<TAB>Notes: see intake" read "janeRoe").
"""

from __future__ import annotations

from datetime import date

import pytest

from spa_copilot.ai.extraction import extract_profile_offline
from spa_copilot.ai.vocabulary import UNNAMED_ALLERGY

DAY = date(2026, 12, 5)


def read(note: str) -> tuple[list[str], list[str]]:
    profile = extract_profile_offline(note, today=DAY)
    return profile.values("allergies"), profile.values("contraindications")


@pytest.mark.parametrize(("note", "expected"), [
    ("Allergies: yes\n+ latex", ["latex"]),
    ("Allergies: yes\n– latex\n– sulfa", ["latex", "sulfa"]),
    ("Allergies: yes\na) latex\nb) sulfa", ["latex", "sulfa"]),
    ("Allergies: yes\n(1) latex\n(2) codeine", ["latex", "codeine"]),
    ("Allergies: yes\n\n- latex\n- sulfa", ["latex", "sulfa"]),
    ("Food allergies: yes\n\n+ nuts", ["nutOil"]),
    # bullets that name nothing of hers still leave the ask
    ("Allergies: yes\n+ see chart", [UNNAMED_ALLERGY]),
    ("Allergies: yes\n\n- husband: latex", [UNNAMED_ALLERGY]),
])
def test_a_yes_then_bullets_of_any_mark_reads_the_bullets(note: str, expected: list[str]) -> None:
    assert read(note)[0] == expected


@pytest.mark.parametrize(("note", "expected"), [
    ("Allergies:\n\n1. peanuts\n2. shellfish", ["nutOil", "shellfish"]),
    ("Allergies:\n\n- latex\n- sulfa", ["latex", "sulfa"]),
    ("Any allergies?\n\n* latex\n* codeine", ["latex", "codeine"]),
])
def test_a_heading_one_blank_line_above_its_list_heads_every_item(note: str, expected: list[str]) -> None:
    assert read(note)[0] == expected


def test_a_heading_above_a_blank_line_is_not_read_alone() -> None:
    assert read("Pregnant:\n\n- no") == ([], [])
    assert read("Pregnant:\n\n- yes, 20 weeks")[1] == ["pregnancy"]


@pytest.mark.parametrize(("note", "expected"), [
    ("Allergies: latex\tNotes: ok", ["latex"]),
    ("Allergies: latex\tNotes: fine", ["latex"]),
    ("Allergies: latex\tComments: no", ["latex"]),
    ("Allergies: sulfa, latex\tStatus: ok\tRoom: 3", ["latex", "sulfa"]),
    # an allergen's own label after a tab still says how bad it is
    ("Allergies: latex\tnuts: severe", ["latex", "nutOil"]),
    # a free-text field after the yes still holds its answer
    ("Allergies: yes\tNotes: latex", ["latex"]),
    ("Allergies: yes\tTo what: latex", ["latex"]),
    ("Allergies: Drug: penicillin\tFood: nuts", ["penicillin", "nutOil"]),
])
def test_a_tab_before_another_columns_label_ends_the_allergy_field(note: str, expected: list[str]) -> None:
    assert sorted(read(note)[0]) == sorted(expected)


@pytest.mark.parametrize(("note", "expected"), [
    ("Jane Roe\tAllergies: Yes\tNotes: see intake", [UNNAMED_ALLERGY]),
    ("Jane Roe | Allergies: yes | Room: 3 | Avoid: nuts", ["nutOil"]),
    ("Jane Roe\tAllergies: yes\tNotes: latex", ["latex"]),
])
def test_a_name_column_before_the_allergy_field_is_no_allergen(note: str, expected: list[str]) -> None:
    assert read(note)[0] == expected


@pytest.mark.parametrize(("note", "expected"), [
    ("Allergies: Drug: penicillin; Food: nuts", ["nutOil", "penicillin"]),
    ("Allergies: Drug: penicillin | Food: nuts", ["nutOil", "penicillin"]),
    ("Allergies: Drug: penicillin\tFood: nuts", ["nutOil", "penicillin"]),
    ("Allergies - Drug: penicillin | Food: nuts | Environmental: pollen", ["nutOil", "penicillin", "pollen"]),
    ("Known allergies: Drug: codeine / Food: shellfish", ["codeine", "shellfish"]),
    ("Allergies: Drug: penicillin; Other: latex, bee stings", ["beeStings", "latex", "penicillin"]),
    ("Allergies: Drug: NKDA | Food: none | Other: latex", ["latex"]),
    ("Allergies: Drug: penicillin; Food: nuts | Meds: Zoloft", ["nutOil", "penicillin"]),
    # kinds on the lines under a lone heading
    ("Allergies:\nDrug: penicillin\nFood: nuts", ["nutOil", "penicillin"]),
    ("Allergies:\nDrug: none\nFood: nuts\nOther: latex, bee stings", ["beeStings", "latex", "nutOil"]),
    ("Allergies:\nFood: nuts\nPressure: firm", ["nutOil"]),
    ("Allergies:\nDrug: no\nFood: no", []),
])
def test_every_kind_of_an_allergy_field_is_read(note: str, expected: list[str]) -> None:
    assert sorted(read(note)[0]) == expected


@pytest.mark.parametrize(("note", "expected"), [
    ("Allergies: latex, Lamictal daily", ["latex"]),
    ("Allergies: latex, Zoloft twice a day, sulfa", ["latex", "sulfa"]),
    ("Allergies: Drug: none; Food: latex; Other: Lexapro daily", ["latex"]),
    ("Allergies: latex, Xanax prn", ["latex"]),
])
def test_a_medicine_taken_how_often_is_no_allergy(note: str, expected: list[str]) -> None:
    assert sorted(read(note)[0]) == expected


@pytest.mark.parametrize(("note", "expected"), [
    # a question's yes before its list read only the ask: the latex was lost
    ("Any allergies? Yes, latex", ["latex"]),
    ("Allergies? Yes, latex", ["latex"]),
    ("Do you have any allergies?: Yes, latex", ["latex"]),
    ("Any allergies? Yes; latex, sulfa", ["latex", "sulfa"]),
    ("Any known allergies? Yes: penicillin", ["penicillin"]),
    ("Any allergies? Yes", [UNNAMED_ALLERGY]),
    ("Any allergies? Yes, husband is allergic to latex", [UNNAMED_ALLERGY]),
])
def test_a_questions_yes_before_its_list_reads_the_list(note: str, expected: list[str]) -> None:
    assert sorted(read(note)[0]) == sorted(expected)


@pytest.mark.parametrize(("note", "expected"), [
    # a notes or comments field after the yes is its answer (the label was read as an allergen "notes")
    ("Allergies: yes, Notes: lavender oil", ["essentialOils"]),
    ("Allergies: yes - Comments: arnica", ["arnica"]),
    ("Drug allergies: yes; Notes: codeine", ["codeine"]),
    ("Allergies: yes - Notes: lower back", [UNNAMED_ALLERGY]),
    ("Known allergies: yes - Notes: husband's latex", [UNNAMED_ALLERGY]),
    # an allergen's own yes before another field answered none keeps the allergen (the none took it)
    ("Latex allergy: yes, Notes: none", ["latex"]),
    ("Latex allergy: yes, Details: none", ["latex"]),
    ("Allergies: yes, Notes: none", [UNNAMED_ALLERGY]),
])
def test_a_notes_field_after_the_yes_answers_it(note: str, expected: list[str]) -> None:
    assert sorted(read(note)[0]) == sorted(expected)


# --- a review of this session's reader commits (rev28d) ---------------------------------------------------------


@pytest.mark.parametrize(("note", "expected"), [
    # a tab before a thing the reader knows, or a name and its reaction, is an item, not another column
    ("Allergies: Penicillin: hives\tCitrus: rash", ["essentialOils", "penicillin"]),
    # and a tab between two items is the list's comma (session 29: the item before it was lost)
    ("Allergies: latex\tpenicillin\tNuts: severe", ["latex", "nutOil", "penicillin"]),
    ("Allergies: Codeine\tLavender: hives", ["codeine", "essentialOils"]),
    ("Allergies: codeine\tLatex gloves: rash", ["codeine", "latex"]),
])
def test_a_tab_before_an_allergens_own_reaction_keeps_it_in_the_list(note: str, expected: list[str]) -> None:
    allergies, _ = read(note)
    assert sorted(allergies) == sorted(expected)
    assert extract_profile_offline(note, today=DAY).values("scent") == []  # never a liked scent


@pytest.mark.parametrize(("note", "expected"), [
    ("Allergies/Sensitivities:\n\n- strawberries (rash)", ["strawberries"]),
    ("Allergies/Sensitivities:\n- penicillin: hives\n- latex", ["latex", "penicillin"]),
    ("Allergies/Sensitivities:\n\n1. Keflex: rash; Blood thinners: no", ["keflex"]),
    ("Allergies or sensitivities:\n- latex", ["latex"]),
    ("Allergies - list all:\n- latex\n- sulfa", ["latex", "sulfa"]),
])
def test_a_compound_allergy_heading_heads_its_list(note: str, expected: list[str]) -> None:
    assert sorted(read(note)[0]) == sorted(expected)


@pytest.mark.parametrize(("note", "expected"), [
    ("Allergies: yes\n\n- Penicillin\n\n- Latex", ["latex", "penicillin"]),
    ("Allergies:\n1. latex\n\n2. sulfa", ["latex", "sulfa"]),
    # not across two blank lines, nor into a list of another mark
    ("Allergies:\n- latex\n\n\n- sulfa", ["latex"]),
    ("Allergies:\n- latex\n\n* likes firm pressure", ["latex"]),
])
def test_one_blank_line_between_two_bullets_keeps_the_list(note: str, expected: list[str]) -> None:
    assert sorted(read(note)[0]) == sorted(expected)


@pytest.mark.parametrize("note", [
    "Any allergies? Yes, Meds: Zoloft",
    "Any allergies? Yes, Medications: Zoloft, Lamictal",
])
def test_a_questions_yes_before_her_medications_asks(note: str) -> None:
    assert read(note)[0] == [UNNAMED_ALLERGY]


@pytest.mark.parametrize(("note", "expected"), [
    # a yes before a list then another field answered none keeps the list
    ("Known allergies: Yes, seasonal pollen\tConditions: none, Pregnant: no", ["seasonalPollen"]),
    ("Drug allergies: YES: codeine\tPregnant: no", ["codeine"]),
    ("ALLERGIES: YES: Keflex\tBlood thinners: no", ["keflex"]),
    # a question's kinds
    ("Any allergies? Drug: NKDA / Seasonal: coconut oil, Mobic (EpiPen) / Food: none\tNotes: firm pressure",
     ["coconut", "mobic"]),
])
def test_a_yes_or_kinds_before_another_field_answered_none_keep_their_list(note: str, expected: list[str]) -> None:
    assert sorted(read(note)[0]) == sorted(expected)


@pytest.mark.parametrize(("note", "expected"), [
    # a tab before another field (a scent liked, a product she uses) ends the list: nothing of it is an allergy
    ("Allergies: latex\tFavorite scent: lavender", ["latex"]),
    ("Allergies: penicillin\tRetinol: nightly", ["penicillin"]),
    # a heading joined to another list's name heads no allergies
    ("Allergies/Meds:\n- none\n- Zoloft", []),
    ("Allergies/Scent preferences:\n- lavender", []),
    # an allergen's own yes before a reaction's, a severity's or another kind's field answered none keeps it
    ("Latex allergy: yes, Reaction: none", ["latex"]),
    ("Latex allergy: yes, Severity: none", ["latex"]),
    ("Nut allergy: yes; Other: none", ["nutOil"]),
])
def test_a_second_review_of_the_mends(note: str, expected: list[str]) -> None:
    assert sorted(read(note)[0]) == sorted(expected)
