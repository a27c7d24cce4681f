"""Record shapes the notes reader lost allergens or a pregnancy in (session 29).

- A compound allergy heading ("Allergies/Sensitivities: penicillin", "Allergies & intolerances - sulfa") read only
  the allergens the lexicon knows: a drug it does not know (penicillin, codeine, amoxicillin) was lost, and after
  "Allergies/Intolerances:" even the known ones (shellfish).
- A tab between two items of an allergy field was no list separator: "Allergies: codeine<TAB>latex" lost the
  codeine, "codeine<TAB>sulfa" read one "codeineSulfa", and a column label after two items ("bee stings<TAB>lavender
  oil<TAB>daughter: lanolin") took the items before it as its label's words.
- A yes before the list lost it in more shapes: after a compound heading ("Allergies/Sensitivities: YES: bee
  stings"), before a full stop ("Any allergies? Yes. iodine, Keflex, latex" only asked) or a space ("Allergy: yes
  penicillin: hives").
- A pregnancy in shorthand ("12 wks pg", "pg 24wks", "Mom-to-be!", "expectant mother", "baby on the way") was read
  as nothing, so a hot-stone booking got no caution (a therapist-briefing review, rev29a).
"""

from __future__ import annotations

from datetime import date

import pytest

from spa_copilot.ai.extraction import extract_profile_offline

DAY = date(2026, 12, 5)


def read(note: str) -> tuple[list[str], list[str]]:
    profile = extract_profile_offline(note, today=DAY)
    return sorted(profile.values("allergies")), profile.values("contraindications")


@pytest.mark.parametrize(("note", "expected"), [
    ("Allergies/Sensitivities: penicillin", ["penicillin"]),
    ("Allergies / Sensitivities: penicillin, latex", ["latex", "penicillin"]),
    ("Allergies & Sensitivities: codeine", ["codeine"]),
    ("Allergies/Intolerances: shellfish, sulfa", ["shellfish", "sulfa"]),
    ("Allergies or sensitivities - amoxicillin", ["amoxicillin"]),
    # answered none, or a sensitivity that is no allergen: nothing
    ("Allergies/Sensitivities: none", []),
    ("Allergies/Sensitivities: N/A | Meds: Zoloft", []),
    ("Allergies/Sensitivities: pressure on lower back", []),
    # such a field lists sensitivities too: a name the lexicon does not know is read only when plainly an allergen's
    ("ALLERGIES/SENSITIVITIES: COLD ROOMS, CLAUSTROPHOBIC", []),
    ("Allergies & Sensitivities: bruises easily, dry skin", []),
    ("Allergies/Sensitivities: hot towels, waxing, extractions", []),
])
def test_a_compound_allergy_heading_heads_allergens_the_lexicon_does_not_know(note: str, expected: list[str]) -> None:
    assert read(note)[0] == expected


@pytest.mark.parametrize(("note", "expected"), [
    ("Allergies: codeine\tlatex", ["codeine", "latex"]),
    ("Allergies: codeine\tsulfa", ["codeine", "sulfa"]),
    ("Allergies: Demerol (anaphylaxis)\tlavender oil", ["demerol", "essentialOils"]),
    ("Allergies: bee stings\tlavender oil\tdaughter: lanolin", ["beeStings", "essentialOils"]),
    # a tab before another column still ends the field; columns around it are no allergens
    ("Allergies: codeine\tMeds: Zoloft", ["codeine"]),
    ("Allergies: latex\tJane Roe\t555-1234", ["latex"]),
    ("Jane Roe\tAllergies: latex\tRoom 3", ["latex"]),
    ("Allergies: none\tPrefers lavender", []),
])
def test_a_tab_between_two_items_of_an_allergy_field_is_the_lists_comma(note: str, expected: list[str]) -> None:
    assert read(note)[0] == expected


@pytest.mark.parametrize("note", [
    "12 wks pg. Likes lavender, medium pressure.",
    "pg 12wks, lower back sore",
    "PG 24 wks",
    "Mom-to-be! Likes lavender.",
    "Mama-to-be",
    "expectant mother",
    "baby on the way - no hot stones",
])
def test_a_pregnancy_in_shorthand_is_a_pregnancy(note: str) -> None:
    assert read(note)[1] == ["pregnancy"]


@pytest.mark.parametrize("note", [
    "Not pregnant. No baby on the way",
    "Sister is a mom-to-be",
    "Rated PG 13",
    "pg 2 of intake",
    "Mom-to-be? No",
])
def test_the_shorthand_denied_or_someone_elses_or_no_pregnancy_at_all_is_none(note: str) -> None:
    assert read(note)[1] == []


@pytest.mark.parametrize(("note", "expected"), [
    # a tab before a kind of allergy still sets the kinds apart (the nickel was lost once the tab was a comma)
    # (the items after "morphine: swelling," and "coconut oil: itching," are read since the reaction after a colon
    # no longer ends the list: session 31)
    ("Allergy: Other: morphine: swelling, bee stings\tFood: nickel\tDrug: latex (nausea)",
     ["beeStings", "latex", "morphine", "nickel"]),
    ("Allergy: Food: none\tSeasonal: coconut oil: itching, salicylic acid", ["coconut", "salicylicAcid"]),
    ("Drug allergies: Food: NKDA\tOther: penicillin, tea tree oil", ["essentialOils", "penicillin"]),
    # after "Allergic to" too: "strawberries<TAB>Synthroid prn" was one item, a medicine taken
    ("Allergic to: strawberries\tSynthroid prn\tdaughter: sulfa: anaphylaxis", ["strawberries"]),
    ("Allergic to strawberries\tcodeine", ["codeine", "strawberries"]),
])
def test_tabs_around_kinds_and_after_allergic_to(note: str, expected: list[str]) -> None:
    assert read(note)[0] == expected


@pytest.mark.parametrize(("note", "expected"), [
    # a yes before a compound heading's list, a yes and a full stop, a yes and a space: the list after it is hers
    ("Allergies/Sensitivities: YES: bee stings\ttea tree oil: swelling\tClaritin daily", ["beeStings", "essentialOils"]),
    ("Allergies/Sensitivities: yes | To what: codeine", ["codeine"]),
    ("Any allergies? Yes. iodine, Keflex, latex", ["iodine", "keflex", "latex"]),
    ("Allergies: Yes. Latex.", ["latex"]),
    ("Allergy: yes penicillin: hives, lavender: nausea", ["essentialOils", "penicillin"]),
    ("Allergies: yes morphine", ["morphine"]),
    # a yes with nothing named after it still asks
    ("Allergies: Yes. See chart", ["unnamedAllergy"]),
    ("Any allergies? Yes. Meds: none", ["unnamedAllergy"]),
    ("Allergies: yes. Likes lavender", ["unnamedAllergy"]),
    ("Allergies: Yes. Husband allergic to nuts", ["unnamedAllergy"]),
    ("Allergies: yes please ask", ["unnamedAllergy"]),
    ("Allergies & Sensitivities: Yes", ["unnamedAllergy"]),
])
def test_a_yes_before_the_list_in_more_shapes(note: str, expected: list[str]) -> None:
    assert read(note)[0] == expected


@pytest.mark.parametrize(("note", "expected"), [
    # a form's own label after a yes is no allergen ("severity" was read as one)
    ("Allergy: Yes, Severity: codeine", ["unnamedAllergy"]),
    ("Allergy: Yes. Severity: codeine", ["unnamedAllergy"]),
    ("Allergies: latex, severity: mild", ["latex"]),
])
def test_a_forms_label_after_a_yes_is_no_allergen(note: str, expected: list[str]) -> None:
    assert read(note)[0] == expected


@pytest.mark.parametrize(("note", "expected"), [
    # a form's question with its colon ("Allergies?:") read nothing the lexicon does not know
    ("Allergies?: penicillin, sulfa", ["penicillin", "sulfa"]),
    ("Any allergies?: penicillin", ["penicillin"]),
    ("Allergies?: none", []),
    ("Allergies?: Sarah", []),
    ("Allergies?: husband - penicillin", []),
    # an answer in words is no list: read only when it opens with an allergen plainly
    ("Allergies?: unaware", []),
    ("Allergies?: just hay fever", []),
])
def test_a_questions_colon_heads_its_list(note: str, expected: list[str]) -> None:
    assert read(note)[0] == expected


@pytest.mark.parametrize(("note", "expected"), [
    # such a heading's list also opens with a drug's brand or a name and its reaction
    ("Allergies/Sensitivities: Yes, Keflex: anaphylaxis, citrus - nausea", ["essentialOils", "keflex"]),
    ("Allergies/Sensitivities: Yes. Bactrim (hives)\tarnica: itching", ["arnica", "bactrim"]),
    ("Allergies?: Keflex: hives", ["keflex"]),
    ("Allergies/Sensitivities: Maria", []),
    ("Allergies/Sensitivities: Swedish", []),
    # a question's yes and a space, and "Allergic to: yes"
    ("Do you have any allergies? yes salicylic acid\tpeanut butter: severe\tLamictal twice a day",
     ["nutOil", "salicylicAcid"]),
    ("Allergic to: yes - Keflex\tgrapefruit: anaphylaxis", ["essentialOils", "keflex"]),
    ("Allergic to: yes", ["unnamedAllergy"]),
    ("Any allergies? yes see chart", ["unnamedAllergy"]),
    ("Any allergies? yes Meds: none", ["unnamedAllergy"]),
])
def test_lists_under_a_heading_that_may_hold_other_things(note: str, expected: list[str]) -> None:
    assert read(note)[0] == expected


@pytest.mark.parametrize(("note", "expected"), [
    # with no allergy's cue on the line, a tab still ends an item before another column ("Xanax prn<TAB>mom: …")
    ("Drug allergies: Yes\n\niodine: rash\tXanax prn\tmom: seasonal pollen", ["iodine", "unnamedAllergy"]),
    ("Any allergies? Yes\n\naloe: itching\tClaritin prn\tmom: Bactrim (mild)", ["aloe"]),
])
def test_columns_on_a_line_below_the_heading(note: str, expected: list[str]) -> None:
    assert read(note)[0] == expected


@pytest.mark.parametrize(("note", "expected"), [
    # a form's question after another column (a tab or a pipe) is read as at a line's start
    ("Client: Jane Roe\tDo you have any allergies? citrus, coconut oil (itching), iodine",
     ["coconut", "essentialOils", "iodine"]),
    ("Roe, Jane | DOB 1/2/80 | Do you have any allergies? amoxicillin: itching, eucalyptus, shellfish",
     ["amoxicillin", "essentialOils", "shellfish"]),
    # the notes' label is no allergen
    ("Any allergies?: yes, Notes: lavender", ["essentialOils"]),
    ("Any allergies?: Yes.  Notes: face", ["unnamedAllergy"]),
])
def test_a_question_after_another_column_and_the_notes_label(note: str, expected: list[str]) -> None:
    assert read(note)[0] == expected
