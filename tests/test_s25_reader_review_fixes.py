"""What an adversarial review of the s25 reader commits found they lost or misread, each with its near misses.

1. After a form's "yes", 87dbe2d started a new line before any short label, so a label that holds the answer's
   details lost it: "Allergies: yes To what: latex" read nothing, "Allergies: yes Oils: lavender" a LIKED lavender.
   Only a "no" (no, N, none, nil, n/a) can cancel the next field; after a "yes" only a field a form asks (an allergy,
   a pregnancy, meds, blood thinners ...) starts a line of its own.
2. A field answered "yes" with details lost its answer when a later field on the line said "none" ("Pregnant? yes 20
   wks  Meds: none" read no pregnancy; 0ed80a2 read it). A known field's label after an answer, or a free-text field
   answered none, now starts a line of its own, so a "none" answers only its own field.
3. A time phrase ending an allergy list's item was left off it (a516c15), so whatever stood before it was read as an
   allergen: "facial 2 weeks ago" read "facial", "flu shot last week" "fluShot", "Covid", "baby", "delivered",
   "cbdHelpsAnxiety". What is left must be plainly an allergen or a name that is no event or treatment ("Bactrim 3
   yrs ago", "Keflex 2 years ago", "Night Nurse", "Benadryl"); anything else is skipped and the list goes on.
4. A reaction that is someone else's or over was read as hers: "She is lovely. Penicillin gave him hives", "Her son:
   nuts give him anaphylaxis"; "Penicillin - hives (tested neg)", "(cleared)", "(desensitized)", "(ok now)",
   "(tolerates now)", "- hives as a kid, tolerated since". "Penicillin gave him hives" alone may be a man's own note
   and stays his allergy (on the safe side), as does "penicillin gave them a rash".
5. Smaller misreadings: causes that are no substance ("Standing/Sweating/Shaving causes hives", "baby causes
   anaphylaxis"); "Pregnancy loss: yes 8 wks ago" read a pregnancy; a session word after a wish read as an allergen
   ("Allergies: latex, quiet, Swedish", "chatty, Hot"); "sulfa w/ SOB" read "sob"; "Allergy list: latex" (and
   "latex triggered hives" under it) read nothing.
"""

from __future__ import annotations

from datetime import date

import pytest

from spa_copilot.ai.extraction import extract_profile_offline

TODAY = date(2026, 12, 4)


def reading(note: str) -> dict[str, list[str]]:
    profile = extract_profile_offline(note, today=TODAY)
    return {field: sorted(profile.values(field)) for field in ("allergies", "contraindications", "scent")}


def allergies(note: str) -> list[str]:
    return reading(note)["allergies"]


def conditions(note: str) -> list[str]:
    return reading(note)["contraindications"]


@pytest.mark.parametrize(
    ("note", "expected"),
    [
        ("Allergies: yes To what: latex", ["latex"]),
        ("Allergies: yes  To what: latex", ["latex"]),
        ("Allergic: yes To: latex", ["latex"]),
        ("Allergies: yes Food: shellfish", ["shellfish"]),
        ("Allergies: yes Foods: shellfish", ["shellfish"]),
        ("Allergies: yes Substances: latex, nuts", ["latex", "nutOil"]),
        ("Allergies: yes Products: latex gloves", ["latex"]),
        ("Allergies: yes Drug: latex", ["latex"]),
        ("Allergies? yes Allergen? penicillin", ["penicillin"]),
    ],
)
def test_a_details_label_after_yes_keeps_the_allergen(note: str, expected: list[str]) -> None:
    assert allergies(note) == expected


@pytest.mark.parametrize(
    "note", ["Allergies: yes Oils: lavender", "Allergies: yes To: lavender oil", "Allergies: yes Food: lavender oil"]
)
def test_an_oil_named_after_yes_to_an_allergy_question_is_no_liked_scent(note: str) -> None:
    assert reading(note)["allergies"] == ["essentialOils"]
    assert reading(note)["scent"] == []


@pytest.mark.parametrize(
    ("note", "allergy", "condition"),
    [
        ("Breastfeeding: no Pregnant: yes", [], ["pregnancy"]),
        ("Pregnant: no Latex allergy: yes", ["latex"], []),
        ("Pregnant: no Breastfeeding: no", [], []),
        ("Pregnant: yes Latex allergy: no", [], ["pregnancy"]),
        ("Latex allergy: yes Pregnant: no", ["latex"], []),
        ("Latex allergy: yes Breastfeeding: yes", ["latex"], ["breastfeeding"]),
    ],
)
def test_the_form_fields_87dbe2d_set_apart_stay_apart(note: str, allergy: list[str], condition: list[str]) -> None:
    assert (allergies(note), conditions(note)) == (allergy, condition)


@pytest.mark.parametrize(
    ("note", "allergy", "condition"),
    [
        ("Pregnant? yes 20 wks  Meds: none  Varicose veins: no", [], ["pregnancy"]),
        ("Pregnant: yes 20 wks Allergies: none Pressure? light Avoid? none", [], ["pregnancy"]),
        ("Latex allergy: yes Avoid: none Pressure: firm Breastfeeding: yes", ["latex"], ["breastfeeding"]),
        ("Recent surgery? yes 3 wks ago  Avoid? none  Pressure? firm", [], ["recentSurgery"]),
        ("Blood thinners? yes  Notes: quiet  Meds? none  Pregnant: yes", [], ["bloodThinners", "pregnancy"]),
        ("Pressure? firm  Varicose veins? yes legs  Meds? none", [], ["varicoseVeins"]),
        ("Notes: likes heat  Avoid: face  Varicose veins: yes legs  Allergies: none", [], ["varicoseVeins"]),
    ],
)
def test_a_later_fields_none_does_not_cancel_a_yes_with_details(
    note: str, allergy: list[str], condition: list[str]
) -> None:
    assert (allergies(note), conditions(note)) == (allergy, condition)


@pytest.mark.parametrize(
    ("note", "allergy"),
    [
        ("Allergies: penicillin  Meds: none", ["penicillin"]),
        ("Meds: Advil  Codeine allergy: yes", ["codeine"]),
        ("Allergies: latex, nuts  Avoid: none  Breastfeeding: no", ["latex", "nutOil"]),
        ("Allergies? latex, nuts Avoid? none Breastfeeding: yes Latex allergy? no", ["latex", "nutOil"]),
    ],
)
def test_the_allergens_beside_a_none_field_stay(note: str, allergy: list[str]) -> None:
    assert allergies(note) == allergy


@pytest.mark.parametrize(
    ("note", "expected"),
    [
        ("Allergies: latex, facial 2 weeks ago, codeine", ["codeine", "latex"]),
        ("Allergies: latex, flu shot last week, codeine", ["codeine", "latex"]),
        ("Allergies: latex, Covid 2 weeks ago, codeine", ["codeine", "latex"]),
        ("Allergies: latex, baby 6 weeks ago, codeine", ["codeine", "latex"]),
        ("Allergies: latex, delivered 6 weeks ago, codeine", ["codeine", "latex"]),
        ("Allergies: latex, CBD helps anxiety last month, codeine", ["codeine", "latex"]),
        ("Allergies: latex, massage reduces swelling 2 weeks ago", ["latex"]),
        ("Allergies: latex, Tylenol relief 2 weeks ago", ["latex"]),
        ("Allergies: latex, Benadryl helps hives 10 yrs ago, codeine", ["codeine", "latex"]),
    ],
)
def test_what_happened_at_a_time_is_no_allergen(note: str, expected: list[str]) -> None:
    assert allergies(note) == expected


@pytest.mark.parametrize(
    ("note", "expected"),
    [
        ("Allergies: latex, Bactrim 3 yrs ago", ["bactrim", "latex"]),
        ("Allergies: latex, Keflex 2 years ago, codeine", ["codeine", "keflex", "latex"]),
        ("Allergies: latex, keflex 2 years ago, codeine", ["codeine", "keflex", "latex"]),
        ("Allergies: latex, amoxicillin last year, codeine", ["amoxicillin", "codeine", "latex"]),
        ("Allergies: latex, Sudafed 3 yrs ago + codeine", ["codeine", "latex", "sudafed"]),
        ("Allergies: latex, Night Nurse 2 years ago, codeine", ["codeine", "latex", "nightNurse"]),
        ("Allergies: latex, Tylenol PM last year, codeine", ["codeine", "latex", "tylenolPm"]),
        ("Allergies: latex, Benadryl 3 yrs ago, codeine", ["benadryl", "codeine", "latex"]),
        ("Allergies: latex, cat dander 2 years ago, Zosyn", ["catDander", "latex", "zosyn"]),
    ],
)
def test_a_drug_or_allergen_before_a_time_is_still_read(note: str, expected: list[str]) -> None:
    assert allergies(note) == expected


@pytest.mark.parametrize(
    "note",
    [
        "She is lovely. Penicillin gave him hives",
        "Her son: nuts give him anaphylaxis",
        "Brought her son. Nuts give him anaphylaxis",
        "Penicillin - hives (tested neg)",
        "Penicillin - hives (cleared)",
        "Penicillin - hives (desensitized)",
        "Penicillin - hives (ok now)",
        "Penicillin - hives (tolerates now)",
        "Penicillin - hives as a kid, tolerated since",
    ],
)
def test_someone_elses_or_a_past_reaction_reads_none(note: str) -> None:
    assert allergies(note) == []


@pytest.mark.parametrize(
    ("note", "expected"),
    [
        ("Likes her neck rubbed. Allergies: latex, penicillin gave him a rash, codeine", ["codeine", "latex"]),
        ("Penicillin gave him hives", ["penicillin"]),
        ("He is a new client. Penicillin gave him hives", ["penicillin"]),
        ("Penicillin gave her hives", ["penicillin"]),
        ("Penicillin - hives (per mom)", ["penicillin"]),
        ("Penicillin - hives (severe)", ["penicillin"]),
        ("Penicillin - hives, tolerated amoxicillin since", ["penicillin"]),
        ("Shellfish causes hives; tolerates crab", ["shellfish"]),
    ],
)
def test_her_own_reaction_is_still_read(note: str, expected: list[str]) -> None:
    assert allergies(note) == expected


@pytest.mark.parametrize(
    ("note", "expected"),
    [
        ("Allergies:\nStanding causes hives", []),
        ("Allergies:\nSweating causes hives", []),
        ("Allergies:\nShaving causes a rash", []),
        ("Allergies: latex, baby causes anaphylaxis", ["latex"]),
        ("Allergies: latex, baby causes anaphylaxis, codeine", ["codeine", "latex"]),
        ("Allergies: latex, quiet, Swedish", ["latex"]),
        ("Allergies: latex, chatty, Hot", ["latex"]),
        ("Allergies: latex, chatty, Hot, codeine", ["codeine", "latex"]),
        ("Allergies: penicillin, sulfa w/ SOB otherwise fine", ["penicillin", "sulfa"]),
    ],
)
def test_no_substance_and_no_session_word_is_read_as_an_allergen(note: str, expected: list[str]) -> None:
    assert allergies(note) == expected


@pytest.mark.parametrize(
    ("note", "expected"),
    [
        ("Allergies:\nBactrim causes hives", ["bactrim"]),
        ("Allergies: latex, heat causes hives, sulfa", ["heat", "latex", "sulfa"]),
        ("Allergies: latex, quiet, Zosyn", ["latex", "zosyn"]),
        ("Allergies: latex, quiet, Keflex, codeine", ["codeine", "keflex", "latex"]),
        ("Allergies: latex, Sudafed - SOB", ["latex", "sudafed"]),
        ("Allergy list: latex", ["latex"]),
        ("Allergy list: latex triggered hives", ["latex"]),
        ("Pregnant: no Allergy list: latex triggered hives", ["latex"]),
        ("Allergy list: Zosyn, codeine", ["codeine", "zosyn"]),
    ],
)
def test_her_allergens_beside_them_are_still_read(note: str, expected: list[str]) -> None:
    assert allergies(note) == expected


@pytest.mark.parametrize(
    ("note", "expected"),
    [
        ("Pregnant: no Pregnancy loss: yes 8 wks ago", []),
        ("Pregnancy loss: yes 8 wks ago", []),
        ("Pregnant: yes Pregnancy loss: no", ["pregnancy"]),
        ("Pregnant 12 wks, pregnancy loss last year", ["pregnancy"]),
    ],
)
def test_a_pregnancy_loss_is_no_pregnancy(note: str, expected: list[str]) -> None:
    assert conditions(note) == expected
