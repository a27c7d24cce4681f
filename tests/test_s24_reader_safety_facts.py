"""Safety facts the offline notes reader missed (s24), each with the near misses that must read as before.

1. An allergen, "=" (or "->", "cause") and anaphylaxis ("Nuts = anaphylaxis") read no allergy: the reaction words
   after "=" had hives and rash but not the gravest one. It reads the allergy now, and the briefing says SEVERE.
2. A form's question answered "Y" or "Yes" then the list ("Intake: Allergies? Y - tree nuts") read nothing behind a
   label, and "Allergies? Y - Sudafed, codeine, latex" lost the latex: the "Y - " is dropped as "Allergies: Yes, …"'s
   is, and a label may stand before the question.
3. A pregnancy given by its weeks or months alone read nothing: "no prone - 30 wks", "she's 7 months", "G2P1, 22
   wks", "30wks, side-lying only". A figure alone counts in a pregnancy's context only (how she lies, a bump, G#P#,
   a due date) or with "she's"; times since an operation, a birth or a visit stay none.
4. A surgery's side was lost: "R. knee surgery" (the "R." ended a sentence of its own), "Knee surgery (left ACL)"
   (a bracket gave a side only alone or with the joint's name), "rt knee surgery".
5. "Shingles on L side of back" gave no area to avoid: "side of" between the skin infection and the area hid the
   site.
   "DVT in R calf" and "Insulin pump L abdomen" kept no area clear: a clot's and an insulin pump's place is an area to
   avoid now (their caution lines name no site, and no surgery's line takes it).
6. Three conditions read nowhere: breastfeeding (also "nursing mom", not "Night Nurse" nor a nurse), whiplash, bone
   metastases ("bone mets"), each with its handling; "Pregnant, breastfeeding or trying: no" answers both.
"""

from __future__ import annotations

from datetime import date

import pytest

from spa_copilot.ai.extraction import extract_profile_offline
from spa_copilot.engines import briefing as engine
from spa_copilot.engines.briefing import allergies as caution_lines
from tests.builders import client

TODAY = date(2026, 12, 4)


def allergies(note: str) -> list[str]:
    return sorted(extract_profile_offline(note, today=TODAY).values("allergies"))


def conditions(note: str) -> list[str]:
    return sorted(extract_profile_offline(note, today=TODAY).values("contraindications"))


# 1. "<allergen> = anaphylaxis"


@pytest.mark.parametrize(
    ("note", "expected"),
    [
        ("Nuts = anaphylaxis", ["nutOil"]),
        ("nuts=anaphylaxis", ["nutOil"]),
        ("Peanuts = anaphylaxis", ["nutOil"]),
        ("Nuts -> anaphylaxis", ["nutOil"]),
        ("Nuts = anaphylaxis, latex = rash", ["latex", "nutOil"]),
        ("Nuts - anaphylaxis, latex - rash", ["latex", "nutOil"]),  # the nuts were lost before the comma
        ("Shellfish = anaphylactic", ["shellfish"]),
        ("lavender = anaphylaxis", ["essentialOils"]),  # was read as a scent she likes
        ("Latex = anaphylaxis + hives", ["latex"]),
        ("No latex = hives", ["latex"]),  # the "=" sets the reaction apart: kept away for it, as "No latex - hives"
        ("no nuts -> anaphylaxis", ["nutOil"]),
    ],
)
def test_an_allergen_equal_to_anaphylaxis_is_an_allergy(note: str, expected: list[str]) -> None:
    assert allergies(note) == expected


@pytest.mark.parametrize(
    "note",
    [
        "Not allergic to nuts = anaphylaxis was her sister",  # denied, someone else
        "Husband: nuts = anaphylaxis",  # someone else's
        "Nuts = no anaphylaxis",
        "Nuts = ok",
        # with a verb it is read since s25 ("nuts cause anaphylaxis": test_s25_reader_losses), and "Advil causes no
        # reaction and latex causes anaphylaxis" keeps the latex there
        "nuts cause no anaphylaxis",
    ],
)
def test_anaphylaxis_near_misses_read_as_before(note: str) -> None:
    assert allergies(note) == []


@pytest.mark.parametrize("note", ["Nuts = anaphylaxis", "Tree nuts -> anaphylaxis"])
def test_an_allergy_equal_to_anaphylaxis_is_briefed_severe(note: str) -> None:
    profile = extract_profile_offline(note, today=TODAY)
    assert engine.severe_allergies(client("cl_1", notes=note), profile) == ["nutOil"]


# 2. "Allergies? Y - <list>", behind a form's label too


@pytest.mark.parametrize(
    ("note", "expected"),
    [
        ("Intake: Allergies? Y - tree nuts", ["nutOil"]),
        ("Allergies? Yes - latex", ["latex"]),
        ("Intake: Allergies? Yes - latex", ["latex"]),
        ("Intake form - Allergies? Y - tree nuts", ["nutOil"]),
        ("Per intake: Allergies? Yes - latex, tree nuts", ["latex", "nutOil"]),
        ("Allergies? Y - latex + nuts", ["latex", "nutOil"]),
        ("Intake: Allergies? Y - Sudafed, codeine, latex", ["codeine", "latex", "sudafed"]),
        ("Allergies: Y - Sudafed, codeine, latex", ["codeine", "latex", "sudafed"]),
        ("Allergies? Y - Tylenol PM, latex", ["latex", "tylenolPm"]),
        ("Allergies? y - Night Nurse, latex", ["latex", "nightNurse"]),
        ("Intake: Allergies? Y - asthma, latex", ["asthma", "latex"]),  # a condition listed is kept, as before
        ("Allergies? Y - nuts (negative test), latex, shellfish", ["latex", "nutOil", "shellfish"]),
        ("Allergies? Y (latex)", ["latex"]),
        ("Intake: Allergies? Y - penicillin", ["penicillin"]),
    ],
)
def test_a_forms_yes_then_the_list_reads_the_list(note: str, expected: list[str]) -> None:
    assert allergies(note) == expected


@pytest.mark.parametrize(
    "note",
    [
        "Allergies? N",
        "Allergies? No",
        "Intake: Allergies? N",
        "Intake: Allergies? No",
        "Intake: Allergies? None",
        "Intake: Allergies? Y",  # a yes with nothing listed names nothing
        "Allergies? N - latex is fine",
        "Husband: Allergies? Y - latex",  # someone else's
    ],
)
def test_a_forms_no_reads_none(note: str) -> None:
    assert allergies(note) == []


def test_the_evidence_is_the_notes_own_words() -> None:
    found = extract_profile_offline("Intake: Allergies? Y - Sudafed, codeine, latex", today=TODAY)
    assert {item.evidence for item in found.allergies} == {"Intake: Allergies? Y - Sudafed, codeine, latex"}


# 3. a pregnancy by its weeks or months alone


@pytest.mark.parametrize(
    "note",
    [
        "no prone - 30 wks",
        "NO PRONE – 30 WKS",
        "she's 7 months",
        "she is 30 wks",
        "She's now 22 weeks, loves lavender",
        "G2P1, 22 wks",
        "G2P1 22w, side-lying",
        "G1P0 @ 30 wks",
        "30wks, side-lying only",
        "side lying 30 wks",
        "side-lying only, 28 wks",
        "due in March, 30 wks",
        "Prone: no (30 wks)",
    ],
)
def test_a_pregnancys_weeks_alone_in_its_context_is_a_pregnancy(note: str) -> None:
    assert conditions(note) == ["pregnancy"]


def test_the_evidence_is_the_sentence() -> None:
    found = extract_profile_offline("no prone - 30 wks\nLatex allergy", today=TODAY)
    assert [(item.value, item.evidence) for item in found.contraindications] == [("pregnancy", "no prone - 30 wks")]


@pytest.mark.parametrize(
    "note",
    [
        "6 months ago",
        "7 months since last visit",
        "every 4 wks",
        "baby is 7 months",
        "she's 6 months out",
        "she's 7 months old",
        "no prone - 2 wks",  # too few weeks: a time since something
        "no prone for 12 wks",
        "Rebook 12 wks, prone ok",
        "Next visit: 12 wks, prone ok",
        "Had baby 10 wks ago, side-lying",
        "side-lying, 12 wks postpartum",
        "Nursing, 10 wks, side-lying",
        "Sister: no prone - 30 wks",  # someone else's
        "was 30 wks, side lying",  # past
        "Not pregnant, 30 wks since last visit, prone ok",
        "belly button piercing - 10 wks",
    ],
)
def test_weeks_that_say_no_pregnancy_read_none(note: str) -> None:
    assert "pregnancy" not in conditions(note)


@pytest.mark.parametrize(
    ("note", "expected"),
    [
        ("3 wks post-op", ["recentSurgery"]),
        ("2 wks out from surgery", ["recentSurgery"]),
        ("Botox 2 wks ago", ["recentInjectables"]),
        ("she's 7 months post-op", ["recentSurgery"]),
        ("Lipo 11/20, no prone - 12 wks", ["recentSurgery"]),
        ("G3P2, 6 wks post c-section", ["recentSurgery"]),
        ("Husband translated: she is 20 weeks pregnant.", ["pregnancy"]),  # the figure's own term, as before
    ],
)
def test_weeks_after_a_procedure_read_as_before(note: str, expected: list[str]) -> None:
    assert conditions(note) == expected


# 4. a surgery's side


def surgery_line(note: str) -> list[str]:
    profile = extract_profile_offline(note, today=TODAY)
    return [line.split(":")[0] for line in caution_lines(client("cl_1"), profile) if line.startswith("surgery")]


@pytest.mark.parametrize(
    ("note", "line"),
    [
        ("R. knee surgery", "surgery (right knee)"),
        ("Had R. knee surgery 3 wks ago", "surgery (right knee)"),
        ("L. shoulder surgery, focus neck", "surgery (left shoulder)"),
        ("Knee surgery (left ACL)", "surgery (left knee)"),
        ("Knee surgery (R ACL repair) 2 wks ago", "surgery (right knee)"),
        ("Shoulder surgery (rt rotator cuff) 3 wks ago", "surgery (right shoulder)"),
        ("rt knee surgery", "surgery (right knee)"),
        ("Lt. hip replacement 3 wks ago", "surgery (left hip)"),
    ],
)
def test_a_surgerys_side_is_kept(note: str, line: str) -> None:
    assert surgery_line(note) == [line]


@pytest.mark.parametrize(
    ("note", "line"),
    [
        ("Knee surgery (right after her fall) 2 wks ago on the left knee", "surgery (knee)"),
        ("R.\nknee surgery", "surgery (knee)"),  # a line's end is a sentence's
        ("lt pressure, knee surgery", "surgery (knee)"),  # "lt" is no side away from the area
        # a part's side only when no other side is named: both knees, or one the reader cannot place (s22 guards)
        ("Knee surgery (L ACL) + R meniscus 2 wks ago", "surgery (knee)"),
        ("Knee surgery (left meniscus), focus right shoulder", "surgery (knee)"),
    ],
)
def test_side_near_misses_read_as_before(note: str, line: str) -> None:
    assert surgery_line(note) == [line]


def test_a_side_letter_still_ends_a_sentence_before_anything_else() -> None:
    found = extract_profile_offline("Sore on the R. Latex allergy", today=TODAY)
    assert [item.evidence for item in found.allergies] == ["Latex allergy"]


# 5. "<infection or wound> on L side of <area>"


@pytest.mark.parametrize(
    ("note", "area", "line"),
    [
        ("Shingles on L side of back", "back", "skin infection (left back)"),
        ("Shingles on left side of her back", "back", "skin infection (left back)"),
        ("Shingles on the side of her back", "back", "skin infection (back)"),
        ("Open wound on R. side of neck", "neck", "open wound (right neck)"),
        ("Surgery on the right side of the knee 2 wks ago", "knees", "surgery (right knee)"),
    ],
)
def test_a_site_on_one_side_of_an_area_is_kept_clear(note: str, area: str, line: str) -> None:
    profile = extract_profile_offline(note, today=TODAY)
    assert area in profile.values("avoid_areas")
    assert line in [shown.split(":")[0] for shown in caution_lines(client("cl_1"), profile)]


@pytest.mark.parametrize(
    "note",
    [
        "Shingles last year on L side of back",  # long over: no site
        "No shingles on L side of back",
    ],
)
def test_side_of_near_misses_give_no_area(note: str) -> None:
    assert "back" not in extract_profile_offline(note, today=TODAY).values("avoid_areas")


@pytest.mark.parametrize(
    ("note", "condition", "area"),
    [
        ("DVT in R calf", "bloodClots", "calves"),
        ("Calf DVT 2 wks ago", "bloodClots", "calves"),
        ("Blood clot in R calf", "bloodClots", "calves"),
        ("Focus calves. DVT in R calf", "bloodClots", "calves"),  # was a focus on the clot
        ("Insulin pump L abdomen", "diabetes", "abdomen"),
        ("Diabetic, insulin pump on left arm", "diabetes", "arms"),
    ],
)
def test_a_clots_or_an_insulin_pumps_place_is_kept_clear(note: str, condition: str, area: str) -> None:
    profile = extract_profile_offline(note, today=TODAY)
    assert condition in profile.values("contraindications")
    assert area in profile.values("avoid_areas") and area not in profile.values("focus_areas")


@pytest.mark.parametrize(
    ("note", "area"),
    [
        ("Husband has DVT in calf", "calves"),
        ("DVT hx in left leg 2015", "legs"),
        ("No insulin pump, focus abdomen", "abdomen"),
    ],
)
def test_clot_and_pump_near_misses_keep_nothing_clear(note: str, area: str) -> None:
    assert area not in extract_profile_offline(note, today=TODAY).values("avoid_areas")


def test_a_clots_place_is_no_surgerys_site() -> None:
    assert surgery_line("Knee surgery 3 wks ago, DVT in R calf") == ["surgery (knee)"]


# 6. breastfeeding, whiplash, bone metastases


@pytest.mark.parametrize(
    ("note", "condition", "line"),
    [
        ("breastfeeding", "breastfeeding", "breastfeeding: no chest work"),
        ("Breast-feeding, 4 mo baby", "breastfeeding", "breastfeeding: no chest work"),
        ("nursing mom", "breastfeeding", "breastfeeding: no chest work"),
        ("She is nursing", "breastfeeding", "breastfeeding: no chest work"),
        ("still nursing her baby", "breastfeeding", "breastfeeding: no chest work"),
        ("whiplash from car accident last week", "whiplash", "whiplash: gentle on the neck"),
        ("Whiplash - neck stiff", "whiplash", "whiplash: gentle on the neck"),
        ("bone mets", "boneMetastases", "bone metastases: light touch only"),
        ("Breast cancer with bone mets", "boneMetastases", "bone metastases: light touch only"),
        ("mets to spine", "boneMetastases", "bone metastases: light touch only"),
    ],
)
def test_three_conditions_are_read_with_their_handling(note: str, condition: str, line: str) -> None:
    profile = extract_profile_offline(note, today=TODAY)
    assert condition in profile.values("contraindications")
    assert any(shown.startswith(line) for shown in caution_lines(client("cl_1"), profile))


@pytest.mark.parametrize(
    "note",
    [
        "Night Nurse allergy",
        "Allergies: Asthma, Night Nurse, latex",
        "She's a nurse",
        "is nursing a sore knee",
        "nursing home resident",
        "currently nursing student",
        "stopped breastfeeding in June",
        "No longer breastfeeding",
        "not breastfeeding",
        "brought her breastfeeding pillow",
        "Sister is breastfeeding",
        "Breastfeeding? No",
        "[ ] Breastfeeding [x] Pregnant",
        "Whiplash 2015",
        "Husband has bone mets",
        "Whiplash cream on the shelf",
    ],
)
def test_condition_near_misses_read_none_of_them(note: str) -> None:
    assert not {"breastfeeding", "whiplash", "boneMetastases"} & set(conditions(note))


def test_night_nurse_stays_an_allergy_beside_the_others() -> None:
    assert allergies("Allergies: Asthma, Night Nurse, latex") == ["asthma", "latex", "nightNurse"]


@pytest.mark.parametrize(
    ("note", "expected"),
    [
        ("Pregnant, breastfeeding or trying: no", []),  # one question of a form, one answer
        ("Pregnant or breastfeeding? No", []),
        ("Pregnant/breastfeeding: N", []),
        ("Pregnant, breastfeeding or trying: yes", ["breastfeeding", "pregnancy"]),
        ("Pregnant 20 wks, breastfeeding: no", ["pregnancy"]),
        ("Pregnant or diabetic: no", ["pregnancy"]),  # any other list keeps its earlier items, as before
    ],
)
def test_a_forms_pregnancy_question_answers_each_of_its_items(note: str, expected: list[str]) -> None:
    assert conditions(note) == expected
