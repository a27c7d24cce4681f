"""An intake form's allergy answers the offline notes reader missed (session 26's review of the reader): a "yes"
followed by the field that asks what it is to ("Allergies: yes | To what: latex") read nothing."""

from __future__ import annotations

from datetime import date

import pytest

from spa_copilot.ai.extraction import extract_profile_offline

DAY = date(2026, 12, 5)


def allergies(note: str) -> list[str]:
    return extract_profile_offline(note, today=DAY).values("allergies")


@pytest.mark.parametrize(("note", "expected"), [
    ("Allergies: yes | To what: latex", ["latex"]),
    ("Allergies: yes Drug: codeine", ["codeine"]),
    ("Allergies yes; specify: nuts", ["nutOil"]),
    ("Allergies: Y | To what: latex", ["latex"]),
    ("Allergies: YES  Drug: codeine", ["codeine"]),
    ("allergies: y, specify: shellfish", ["shellfish"]),
    ("Allergies? Yes / Which: lanolin", ["lanolin"]),
    ("Allergies: yes\nTo what: latex", ["latex"]),
    ("Allergies: Yes - Type: latex, penicillin", ["latex", "penicillin"]),
    ("Allergy: yes Substance: aloe | Meds: none", ["aloe"]),
    ("Allergies: yes | To what: latex | Pregnant: no", ["latex"]),
    ("Allergies yes specify: nuts, latex", ["nutOil", "latex"]),
    ("Allergies: y If yes, specify: codeine", ["codeine"]),
    ("Allergies: yes  What: bee stings", ["beeStings"]),
])
def test_a_forms_yes_then_the_field_asking_what_reads_that_fields_items(note: str, expected: list[str]) -> None:
    assert allergies(note) == expected


@pytest.mark.parametrize("yes", ["yes", "Yes", "YES", "y", "Y"])
@pytest.mark.parametrize("separator", [" ", "  ", " | ", "; ", ", ", " / ", "\n"])
@pytest.mark.parametrize(("label", "item", "value"), [
    ("To what", "latex", "latex"),
    ("Drug", "codeine", "codeine"),
    ("specify", "almond oil", "nutOil"),
    ("Which", "shellfish", "shellfish"),
])
def test_every_separator_and_spelling_of_yes_reads_the_item(yes: str, separator: str, label: str, item: str, value: str) -> None:
    note = f"Allergies: {yes}{separator}{label}: {item}"
    assert allergies(note) == [value]


def test_the_evidence_is_the_notes_own_words() -> None:
    profile = extract_profile_offline("Allergies: yes | To what: latex", today=DAY)
    assert [item.evidence for item in profile.allergies] == ["Allergies: yes | To what: latex"]


@pytest.mark.parametrize("note", [
    "Allergies: no | To what: latex",
    "Allergies: no  Drug: n/a",
    "Allergies: N  Specify:",
])
def test_a_no_or_an_empty_detail_reads_none(note: str) -> None:
    assert allergies(note) == []


def test_a_yes_whose_detail_names_nothing_is_an_allergy_to_ask_about() -> None:
    assert allergies("Allergies: yes | Details: see chart") == ["unnamedAllergy"]  # session 27


@pytest.mark.parametrize(("note", "expected"), [
    ("Allergies: latex, bee stings as a kid, Zosyn", ["latex", "beeStings", "zosyn"]),
    ("Allergies: latex / bee stings as a kid / Zosyn", ["latex", "beeStings", "zosyn"]),
    ("Allergies: latex, bee stings since childhood, codeine", ["latex", "beeStings", "codeine"]),
    ("Allergies: latex, penicillin in 2019, Zosyn", ["latex", "penicillin", "zosyn"]),
    ("Allergies: latex, penicillin as a teen, Zosyn, sulfa", ["latex", "penicillin", "zosyn", "sulfa"]),
    ("Allergies: codeine, Tylenol PM as a kid, latex", ["codeine", "tylenolPm", "latex"]),
    ("Allergies: Night Nurse when little, sulfa", ["nightNurse", "sulfa"]),
    ("Allergies: latex, sulfa w/ rash as a child, codeine", ["latex", "sulfa", "codeine"]),
])
def test_an_item_ended_by_when_she_was_young_does_not_end_the_list(note: str, expected: list[str]) -> None:
    assert allergies(note) == expected


@pytest.mark.parametrize(("note", "expected"), [
    ("Allergies: latex, prefers quiet, shellfish", ["latex", "shellfish"]),
    ("Allergies: latex + prefers quiet + shellfish", ["latex", "shellfish"]),
    ("Allergies: latex, likes it quiet, shellfish, Zosyn", ["latex", "shellfish", "zosyn"]),
    ("Allergies: latex & wants music & Zosyn", ["latex", "zosyn"]),
    ("Allergies: latex, wants music, coconut", ["latex", "coconut"]),
    ("Allergies: latex, prefers silence, Zosyn", ["latex", "zosyn"]),
    ("Allergies: Sudafed, prefers quiet, codeine", ["sudafed", "codeine"]),
    ("Allergies: Prefers quiet, arnica, soy", ["arnica", "soy"]),
    ("Allergies: wants deep pressure, Keflex", ["keflex"]),
    ("Allergies: latex, Tylenol PM, prefers quiet, Night Nurse", ["latex", "tylenolPm", "nightNurse"]),
    ("Allergies: Asthma, prefers quiet, latex", ["asthma", "latex"]),
])
def test_a_wish_inside_an_allergy_list_does_not_end_it(note: str, expected: list[str]) -> None:
    assert sorted(allergies(note)) == sorted(expected)


@pytest.mark.parametrize(("note", "kept_out"), [
    ("Rosa, likes firm pressure, nut allergy", "rosa"),  # read back from the allergy word, a name is the guest's
    ("Allergies: latex, shellfish as a kid (outgrown), codeine", "shellfish"),
    ("Allergies: latex, flu shot in 2019, codeine", "fluShot"),
    ("Allergies: latex, prefers quiet, lavender", "essentialOils"),  # past "prefers", a scent is the lexicon's
])
def test_what_the_walk_on_must_not_read(note: str, kept_out: str) -> None:
    assert kept_out not in allergies(note)


def test_a_list_read_on_past_a_wish_keeps_the_wish() -> None:
    profile = extract_profile_offline("Allergies: latex, prefers quiet, shellfish", today=DAY)
    assert profile.values("communication_style") == ["quiet"]


@pytest.mark.parametrize("yes", ["yes", "Yes", "YES", "y", "Y"])
@pytest.mark.parametrize("separator", [", ", "  ", " | ", "; ", " / ", "\n"])
@pytest.mark.parametrize("label", ["Medication", "Meds", "Current medications"])
def test_a_skin_allergen_among_her_meds_after_an_allergys_yes_reads_the_same_however_set_apart(
    yes: str, separator: str, label: str
) -> None:
    # almond oil is what she takes, but the allergy is named nowhere else: a nut-oil caution is the safe side
    assert allergies(f"Allergies: {yes}{separator}{label}: almond oil") == ["nutOil"]


@pytest.mark.parametrize(("note", "expected"), [
    ("Allergies: y; Meds: lanolin cream", ["lanolin"]),
    ("Allergies: YES\nMeds: almond oil, lisinopril", ["nutOil"]),
    ("Allergies: yes  Medication: almond oil  Latex allergy: no", ["nutOil"]),  # the next field answers itself
    ("Allergies: yes, Medication: almond oil, Pregnant: yes", ["nutOil"]),
])
def test_a_skin_allergen_among_her_meds_near_variants(note: str, expected: list[str]) -> None:
    assert allergies(note) == expected


@pytest.mark.parametrize("note", [
    "Allergies: Y, Meds: lisinopril",  # a "Y," is the form's yes as "yes," is (session 30): "…, Meds: penicillin" reads it
    "Allergies: Y  Meds: penicillin  Pregnant: no",
    "Allergies: yes | Medication: lisinopril",
    "Allergies: yes, Medication: none",
    "Allergies: no, Meds: almond oil",
])
def test_a_drug_she_takes_is_no_allergy_nor_is_the_fields_name(note: str) -> None:
    # "Allergies: yes, Meds: penicillin" read an allergen "meds", "…, Medication: …" one "medication"; her yes names
    # nothing, so it is one to ask about (session 27)
    assert allergies(note) == ([] if note.startswith("Allergies: no") else ["unnamedAllergy"])


@pytest.mark.parametrize(("note", "expected"), [
    ("Drug allergies: yes, Medication: sulfa", ["sulfa"]),
    ("Drug allergies: yes  Medication: sulfa", ["sulfa"]),
    ("Drug allergies: Y | Meds: codeine, sulfa", ["codeine", "sulfa"]),
    ("Drug allergies: yes, Medication: latex", ["latex"]),
])
def test_a_drug_allergys_yes_then_its_medication_field_names_the_allergen(note: str, expected: list[str]) -> None:
    assert allergies(note) == expected


@pytest.mark.parametrize("note", ["Drug allergies: yes, Medication: none", "Drug allergies: Y  Meds: n/a"])
def test_a_drug_allergys_medication_field_answered_none_reads_none(note: str) -> None:
    assert allergies(note) == ["unnamedAllergy"]  # no drug named: her yes is one to ask about (session 27)


def test_the_evidence_says_both_fields() -> None:
    profile = extract_profile_offline("Allergies: yes  Medication: almond oil", today=DAY)
    assert [item.evidence for item in profile.allergies] == ["Allergies: yes  Medication: almond oil"]


def avoid_areas(note: str) -> list[str]:
    return extract_profile_offline(note, today=DAY).values("avoid_areas")


@pytest.mark.parametrize(("note", "expected"), [
    ("Recent surgery: knee 3 wks ago", ["knees"]),
    ("Recent surgery: left knee 3 wks ago", ["knees"]),
    ("Recent surgery: knee, 3 wks ago", ["knees"]),
    ("Recent surgery: knee and hip 2 wks ago", ["knees", "hips"]),
    ("Recent surgery: knee", ["knees"]),
])
def test_a_surgery_fields_answer_naming_an_area_keeps_that_area_clear(note: str, expected: list[str]) -> None:
    assert avoid_areas(note) == expected


@pytest.mark.parametrize("note", [
    "Surgery: knee (2009)",  # long ago
    "Surgery: none, focus knees",
    "Recent surgery: no  Focus: knee",
    "Husband: recent surgery: knee",  # his
])
def test_a_surgery_field_long_ago_denied_or_anothers_keeps_no_area_clear(note: str) -> None:
    assert avoid_areas(note) == []


@pytest.mark.parametrize("answer", ["no", "No", "N", "none"])
@pytest.mark.parametrize("separator", [" ", "  ", " | ", ", ", "; ", " / "])
@pytest.mark.parametrize("head", ["Latex allergy", "Nut allergy", "Shellfish allergy"])
def test_an_allergens_own_field_answered_no_is_no_allergy_before_an_avoid_field(
    answer: str, separator: str, head: str
) -> None:
    profile = extract_profile_offline(f"{head}: {answer}{separator}Avoid: face", today=DAY)
    assert profile.values("allergies") == []
    assert profile.values("avoid_areas") == ["face"]


@pytest.mark.parametrize(("note", "allergy"), [
    ("Nut allergy: no Avoid: nuts", "nutOil"),  # the avoid field names the allergen: a caution too many, not too few
    ("Latex allergy: no Notes: nuts", "nutOil"),
    ("Allergies: no Avoid: nuts", "nutOil"),
])
def test_an_allergen_in_the_next_field_is_still_read(note: str, allergy: str) -> None:
    assert allergy in allergies(note)


def test_an_area_a_notes_field_names_is_kept_as_before() -> None:
    assert avoid_areas("Latex allergy: no Notes: face") == ["face"]


@pytest.mark.parametrize("note", [
    "Latex allergy: yes Details: none",
    "Latex allergy: yes | Details: n/a",
    "Latex allergy: Y / Specify: -",
])
def test_an_allergens_yes_keeps_it_when_the_detail_is_answered_none(note: str) -> None:
    assert "latex" in allergies(note)


# ---- after the review of 57e9fdd and d9a4b25 (5 December) ------------------------------------------------------------


@pytest.mark.parametrize(("note", "expected"), [
    # keeping the yes before a meds field lost its allergens under any heading but a bare "Allergies" at a line's start
    ("New client. Allergies: yes, Meds: almond oil", ["nutOil"]),
    ("Jane - Allergies: yes, Medication: latex", ["latex"]),
    ("Nut allergy: yes, Meds: latex", ["latex", "nutOil"]),
    ("Latex allergy: yes, Medications: nut oil", ["latex", "nutOil"]),
    ("Skin allergies: yes, Meds: lanolin", ["lanolin"]),
    ("Food allergies: yes; Meds: shellfish", ["shellfish"]),
    # an essential oil there is an allergy, not a liked scent
    ("Allergies: yes, Meds: lavender oil", ["essentialOils"]),
    ("Latex allergy: yes, Medication: lavender", ["essentialOils", "latex"]),
])
def test_an_allergen_in_the_meds_field_after_any_allergy_heading_s_yes_is_read(note: str, expected: list[str]) -> None:
    profile = extract_profile_offline(note, today=DAY)
    assert sorted(profile.values("allergies")) == expected
    assert "lavender" not in profile.values("scent")


@pytest.mark.parametrize("note", [
    "Allergies: yes Meds: none, loves almond oil",
    "Allergies: yes Meds: none  Likes: almond oil massage",
    "Allergies: yes Meds: ibuprofen Notes: uses almond oil at home",
])
def test_an_oil_she_likes_after_her_meds_field_is_no_allergy(note: str) -> None:
    assert allergies(note) == ["unnamedAllergy"]  # no nut oil; her yes, named nowhere, to ask about (session 27)


@pytest.mark.parametrize("note", [
    "Latex allergy: no Details: penicillin",
    "Latex allergy: no Avoid: codeine",
    "Latex allergy: no Details: gloves cause rash",
])
def test_an_allergens_no_before_a_field_naming_what_the_lexicon_does_not_know_is_left_as_it_was(note: str) -> None:
    # set apart, that field read nothing (a drug or a reaction may be there): the latex read is a caution too many,
    # not the loss of the allergy the field names
    assert "latex" in allergies(note)


@pytest.mark.parametrize("separator", [", ", "; "])
def test_a_drug_in_the_meds_field_after_an_allergys_yes_and_a_comma_is_read_as_the_allergy_it_may_be(
    separator: str,
) -> None:
    # the yes dropped before a meds field (ef1b6ee: keeping it lost skin allergens under most headings), the field is
    # read as the allergy list: a drug there may be the allergy, a caution too many rather than one too few; the
    # field's own label never is an allergen
    assert allergies(f"Allergies: yes{separator}Meds: penicillin") == ["penicillin"]
