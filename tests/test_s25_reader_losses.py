"""Safety facts the offline notes reader lost (s25), each with the near misses that must read as before.

1. A form's answer then, on the same line, the next field's label: the answer's "no" negated the next label's term.
   "Breastfeeding: no Pregnant: yes" read no pregnancy, "Pregnant: no Latex allergy: yes" no latex (and "pregnant:
   no latex allergy: yes" read a pregnancy). The next label now starts a line of its own; "Pregnant: no
   Breastfeeding: no" still reads neither, and a label that may hold the answer's details ("Allergies: yes Notes:
   latex") stays with it.
2. Lists cut short. A wish about the session in a list ended it: "Allergies: Sudafed, chatty, codeine" lost codeine,
   "Sudafed, chatty, codeine allergy" Sudafed; it is skipped now, a known term after it left to the lexicon as before
   ("Allergies: penicillin, firm pressure, lavender": a liked lavender, test_ai_extraction_probe) (past it, walking back, only a name plainly an
   allergen or a capitalised one is read: "music low, FIRM pressure, latex allergy" reads no "low"). Someone else's
   allergy in the cue's brackets ended the list: "Nut allergy (husband), penicillin, codeine" lost penicillin and
   codeine (the nut allergy is still read, on the safe side). A time phrase ending an item made it no name:
   "Allergies: latex, Bactrim 3 yrs ago" lost Bactrim, "…, Keflex 2 years ago, codeine" Keflex and codeine.
3. A substance and its reaction read nothing or the wrong thing. A pain reliever's brand (Advil, Tylenol, Motrin) with
   a grave reaction is an allergy to it ("Advil - anaphylaxis", "Tylenol: throat closing"), never with what it is
   taken for ("Advil - swelling", "Advil for headaches"). "Allergies:\n- Zosyn - SOB" read "sob" beside Zosyn: a
   reaction after an item's dash is no allergen. A doubt, a remark in brackets or when it happened after the reaction
   read nothing ("Penicillin - hives?", "- hives (per mom)", "- hives as a kid", "- hives 10 yrs ago"); brackets
   that say it is someone else's, past or none still read none ("(husband)", "(outgrown)", "(not allergic)"), and
   now also after a bracketed reaction ("Aleve (hives) (husband)" read aleve).
4. A substance, a verb and the reaction read nothing: "nuts cause anaphylaxis", "Bee stings cause anaphylaxis",
   "penicillin causes hives". The verb is a reaction item's separator now; in a list such an item no longer ends the
   list ("Allergies: latex, nuts cause anaphylaxis, codeine" lost codeine, "…, penicillin causes hives, codeine"
   penicillin and codeine). A cause that is no substance reads none ("stress causes hives"), and "Advil causes no
   reaction and latex causes anaphylaxis" keeps latex (an earlier attempt lost it).
5. "NKFA" (no known food allergies) was read as an allergen "nkfa" ("Allergies: NKFA", "NKFA, latex allergy"); it is
   a stray item now, so a list goes on past it ("Allergies: NKFA, penicillin") as it did, and names nothing.
"""

from __future__ import annotations

import pytest

from tests.test_s24_reader_safety_facts import allergies, conditions


@pytest.mark.parametrize(
    "note",
    [
        "Breastfeeding: no Pregnant: yes",
        "Breastfeeding: no Pregnant: yes 20 wks",
        "Breastfeeding: no  Pregnant: yes",
        "Breastfeeding: no / Pregnant: yes",
        "Breastfeeding: no | Pregnant: yes",
        "Breastfeeding? No Pregnant? Yes",
        "Blood thinners: N Pregnant: Y",
    ],
)
def test_a_no_before_the_pregnancy_label_answers_only_its_own_field(note: str) -> None:
    assert "pregnancy" in conditions(note)


@pytest.mark.parametrize(
    "note",
    [
        "Pregnant: no Latex allergy: yes",
        "pregnant: no latex allergy: yes",
        "Pregnant: no. Latex allergy: yes",
        "Pregnant: no | Latex allergy: yes",
        "Pregnant: no / Latex allergy: yes",
        "Pregnant? No Allergies? Latex",
        "Pregnant? No  Allergies? Latex",
        "Allergies: no Latex: yes",
    ],
)
def test_a_no_before_an_allergy_label_answers_only_its_own_field(note: str) -> None:
    assert allergies(note) == ["latex"]
    assert "pregnancy" not in conditions(note)


@pytest.mark.parametrize(
    "note",
    [
        "Pregnant: no Breastfeeding: no",
        "Pregnant: no. Breastfeeding: no",
        "Pregnant: no / Breastfeeding: no",
        "Pregnant? No Breastfeeding? No",
    ],
)
def test_both_fields_answered_no_read_neither(note: str) -> None:
    assert conditions(note) == []


@pytest.mark.parametrize(
    "note", ["Pregnant: yes Breastfeeding: no", "Pregnant: Y Latex allergy: N", "Pregnant? Yes Allergies? No"]
)
def test_a_yes_before_a_no_keeps_its_field(note: str) -> None:
    assert conditions(note) == ["pregnancy"]
    assert allergies(note) == []


@pytest.mark.parametrize(
    "note", ["Allergies: yes Notes: latex", "Allergies? Yes Which: latex", "Allergies: yes Type: latex"]
)
def test_a_label_holding_the_answers_details_stays_with_it(note: str) -> None:
    assert allergies(note) == ["latex"]


@pytest.mark.parametrize(
    ("note", "expected"),
    [
        ("Allergies: Sudafed, chatty, codeine", ["codeine", "sudafed"]),
        ("Allergic to Sudafed, chatty, codeine", ["codeine", "sudafed"]),
        ("Sudafed, chatty, codeine allergy", ["codeine", "sudafed"]),
        ("Allergies: latex, firm pressure, Zosyn", ["latex", "zosyn"]),
        ("Allergies: Sudafed, chatty, codeine, quiet, Keflex", ["codeine", "keflex", "sudafed"]),
    ],
)
def test_a_wish_about_the_session_does_not_end_an_allergy_list(note: str, expected: list[str]) -> None:
    assert allergies(note) == expected


@pytest.mark.parametrize(
    ("note", "expected"),
    [
        ("Allergies: latex, chatty", ["latex"]),
        ("Allergic to latex, chatty, talks about her kids", ["latex"]),
        ("music low, FIRM pressure, latex allergy", ["latex"]),
        ("gift card regular, light pressure, latex allergy", ["latex"]),
    ],
)
def test_past_a_wish_no_word_of_the_note_is_read_as_an_allergen(note: str, expected: list[str]) -> None:
    assert allergies(note) == expected


@pytest.mark.parametrize(
    ("note", "expected"),
    [
        ("Nut allergy (husband), penicillin, codeine", ["codeine", "nutOil", "penicillin"]),
        ("Sulfa allergy (husband), penicillin, codeine", ["codeine", "penicillin"]),
        ("Nut allergy (husband's), Zosyn, codeine", ["codeine", "nutOil", "zosyn"]),
    ],
)
def test_someone_elses_allergy_in_brackets_does_not_end_her_list(note: str, expected: list[str]) -> None:
    assert allergies(note) == expected


@pytest.mark.parametrize(
    ("note", "word"),
    [("codeine allergy (husband) and loc", "loc"), ("lavender allergy (husband) and cold - extra blanket", "cold")],
)
def test_after_someone_elses_allergy_only_a_name_is_read_on(note: str, word: str) -> None:
    assert word not in allergies(note)


@pytest.mark.parametrize(
    ("note", "expected"),
    [
        ("Allergies: latex, Bactrim 3 yrs ago", ["bactrim", "latex"]),
        ("Allergies: Bactrim 3 yrs ago, latex", ["bactrim", "latex"]),
        ("Allergies: latex, Keflex 2 years ago, codeine", ["codeine", "keflex", "latex"]),
        ("Allergies: latex, Bactrim last month", ["bactrim", "latex"]),
        ("Allergies: 3 yrs ago, Keflex", ["keflex"]),
    ],
)
def test_when_she_reacted_is_no_part_of_the_allergens_name(note: str, expected: list[str]) -> None:
    assert allergies(note) == expected


@pytest.mark.parametrize(
    ("note", "expected"),
    [
        ("Advil - anaphylaxis", ["advil"]),
        ("Tylenol - anaphylaxis", ["tylenol"]),
        ("Tylenol: throat closing", ["tylenol"]),
        ("Advil (SOB)", ["advil"]),
        ("Tylenol - severe hives", ["tylenol"]),
        ("Aleve - hives", ["aleve"]),
        ("ibuprofen - throat swelling", ["ibuprofen"]),
        ("Allergies:\nAdvil - hives", ["advil"]),
    ],
)
def test_a_pain_reliever_with_a_grave_reaction_is_an_allergy(note: str, expected: list[str]) -> None:
    assert allergies(note) == expected


@pytest.mark.parametrize("note", ["Advil - swelling", "Advil - hives", "Advil for headaches", "Takes Advil - swelling"])
def test_a_pain_reliever_with_what_it_is_taken_for_is_none(note: str) -> None:
    assert allergies(note) == []


@pytest.mark.parametrize(
    ("note", "expected"),
    [
        ("Allergies:\n- Zosyn - SOB", ["zosyn"]),
        ("Allergies: Zosyn - SOB, latex", ["latex", "zosyn"]),
        ("Allergies:\n- Zosyn - throat closing", ["zosyn"]),
    ],
)
def test_a_reaction_after_a_dash_is_no_allergen(note: str, expected: list[str]) -> None:
    assert allergies(note) == expected


@pytest.mark.parametrize(
    "note",
    [
        "Penicillin - hives?",
        "Penicillin (hives?)",
        "Penicillin - hives (per mom)",
        "Penicillin - hives as a kid",
        "Penicillin - hives 10 yrs ago",
    ],
)
def test_a_doubt_remark_or_date_after_the_reaction_keeps_the_allergy(note: str) -> None:
    assert allergies(note) == ["penicillin"]


@pytest.mark.parametrize(
    "note",
    [
        "Penicillin - hives (husband)",
        "Penicillin - hives (outgrown)",
        "Penicillin - hives (not allergic)",
        "Aleve (hives) (husband)",
        "Allergies:\nKeflex (anaphylaxis) (husband)",
    ],
)
def test_brackets_after_the_reaction_that_undo_it_read_none(note: str) -> None:
    assert allergies(note) == []


@pytest.mark.parametrize(
    ("note", "expected"),
    [
        ("nuts cause anaphylaxis", ["nutOil"]),
        ("Bee stings cause anaphylaxis", ["beeStings"]),
        ("shellfish causes hives", ["shellfish"]),
        ("penicillin causes hives", ["penicillin"]),
        ("penicillin gives her a rash", ["penicillin"]),
        ("Sulfa caused hives as a kid", ["sulfa"]),
        ("Advil causes no reaction and latex causes anaphylaxis", ["latex"]),
    ],
)
def test_a_substance_that_causes_a_reaction_is_an_allergy(note: str, expected: list[str]) -> None:
    assert allergies(note) == expected


@pytest.mark.parametrize(
    "note",
    ["stress causes hives", "Allergies:\nStress causes hives", "Penicillin doesn't cause hives", "Husband: penicillin causes hives"],
)
def test_a_cause_that_is_no_substance_or_not_hers_reads_none(note: str) -> None:
    assert allergies(note) == []


@pytest.mark.parametrize(
    ("note", "expected"),
    [
        ("Allergies: latex, nuts cause anaphylaxis, codeine", ["codeine", "latex", "nutOil"]),
        ("Allergies: nuts cause anaphylaxis + latex + codeine", ["codeine", "latex", "nutOil"]),
        ("Allergies: latex, penicillin causes hives, codeine", ["codeine", "latex", "penicillin"]),
        ("Allergic to latex, shellfish causes hives, Zosyn", ["latex", "shellfish", "zosyn"]),
        ("Allergic to latex, stress causes hives, sulfa", ["latex", "sulfa"]),
    ],
)
def test_a_reaction_said_with_a_verb_does_not_end_the_list(note: str, expected: list[str]) -> None:
    assert allergies(note) == expected


@pytest.mark.parametrize(
    ("note", "expected"),
    [
        ("Allergies: NKFA", []),
        ("NKFA", []),
        ("nkfa", []),
        ("NKFA, latex allergy", ["latex"]),
        ("Allergies: NKFA, penicillin", ["penicillin"]),
        ("Allergies: nkfa; sulfa", ["sulfa"]),
        ("Allergic to latex, NKFA, codeine", ["codeine", "latex"]),
        ("NKDA, latex allergy", ["latex"]),
    ],
)
def test_no_known_food_allergies_names_no_allergen(note: str, expected: list[str]) -> None:
    assert allergies(note) == expected
