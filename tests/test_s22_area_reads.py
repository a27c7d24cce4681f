"""Therapist notes the offline reader misread (4 December 2026): an avoid after a sore area that a time, an arrow or a
"+" stood beside, an area "NOT to be worked", an unticked intake box, a deep pressure turned down, a surgery with its
side in brackets. Each reading is the notes reader's (``extract_profile_offline``) on a fixed day."""

from __future__ import annotations

from datetime import date

import pytest

from spa_copilot.ai.extraction import caution_site, extract_profile_offline

DAY = date(2026, 12, 4)


def read(note: str) -> dict[str, list[str]]:
    profile = extract_profile_offline(note, today=DAY)
    return {field: profile.values(field) for field in ("focus_areas", "avoid_areas", "pressure", "contraindications")}


@pytest.mark.parametrize("note", ["hip sore -> avoid", "hip sore => avoid", "hip sore \u2192 avoid", "Hip sore -> avoid please"])
def test_an_arrow_before_a_bare_avoid_keeps_the_sore_area_off(note: str) -> None:
    assert read(note)["avoid_areas"] == ["hips"]
    assert read(note)["focus_areas"] == []


@pytest.mark.parametrize(
    ("note", "focus"),
    [
        ("Neck tight -> avoid deep pressure", ["neck"]),  # the avoid has its own object: the neck stays a focus
        ("knee sore -> focus", ["knees"]),
        ("hip sore", ["hips"]),
    ],
)
def test_an_arrow_leaves_other_readings_alone(note: str, focus: list[str]) -> None:
    assert read(note)["focus_areas"] == focus
    assert read(note)["avoid_areas"] == []


@pytest.mark.parametrize(
    ("note", "area"),
    [
        ("Low back sore - avoid until cleared by PT", "lowerBack"),
        ("Neck sore, avoid till further notice", "neck"),
        ("knee sore - avoid until healed", "knees"),
    ],
)
def test_how_long_to_avoid_a_sore_area_leaves_the_avoid_bare(note: str, area: str) -> None:
    assert read(note)["avoid_areas"] == [area]
    assert read(note)["focus_areas"] == []


def test_an_avoid_with_its_own_object_before_until_still_leaves_the_sore_area_a_focus() -> None:
    assert read("Shoulders tight, avoid deep pressure until cleared")["focus_areas"] == ["shoulders"]


@pytest.mark.parametrize(
    ("note", "avoid"),
    [
        ("Feet - NOT to be worked", ["feet"]),
        ("Feet - NOT to be worked on", ["feet"]),
        ("neck: not to be touched", ["neck"]),
        ("Knees should not be massaged", ["knees"]),
        ("Feet shouldn't be touched", ["feet"]),
        ("Not to be worked: feet", ["feet"]),
    ],
)
def test_an_area_not_to_be_worked_is_kept_off(note: str, avoid: list[str]) -> None:
    assert read(note)["avoid_areas"] == avoid
    assert read(note)["focus_areas"] == []


def test_an_area_not_to_be_touched_after_a_focus_is_kept_off_and_the_focus_stays() -> None:
    found = read("Neck tight - focus, shoulders not to be touched")
    assert found["focus_areas"] == ["neck"]
    assert found["avoid_areas"] == ["shoulders"]


@pytest.mark.parametrize("note", ["feet worked", "Feet - to be worked", "Neck can be worked"])
def test_an_area_to_be_worked_stays_a_focus(note: str) -> None:
    assert read(note)["focus_areas"] != []
    assert read(note)["avoid_areas"] == []


@pytest.mark.parametrize(
    ("note", "focus", "avoid"),
    [
        ("hip sore - avoid + focus back", ["back"], ["hips"]),
        ("hip sore - avoid & focus back", ["back"], ["hips"]),
        ("hip sore - avoid and focus back", ["back"], ["hips"]),
        ("avoid feet + focus neck", ["neck"], ["feet"]),
        ("neck tight + avoid feet", ["neck"], ["feet"]),
        ("focus on neck and work on shoulders", ["neck", "shoulders"], []),
    ],
)
def test_a_plus_or_and_before_a_new_instruction_ends_the_one_before(note: str, focus: list[str], avoid: list[str]) -> None:
    found = read(note)
    assert found["focus_areas"] == focus
    assert found["avoid_areas"] == avoid


@pytest.mark.parametrize(
    ("note", "focus", "avoid"),
    [
        ("focus neck + shoulders", ["neck", "shoulders"], []),  # a list of areas, no new instruction
        ("Avoid focus on neck", [], ["neck"]),  # the avoid governs the focus after it
        ("avoid feet and hands", [], ["feet", "hands"]),
    ],
)
def test_a_plus_or_and_between_areas_still_lists_them(note: str, focus: list[str], avoid: list[str]) -> None:
    found = read(note)
    assert found["focus_areas"] == focus
    assert found["avoid_areas"] == avoid


@pytest.mark.parametrize("note", ["[ ] Neck pain", "- [ ] Tight shoulders", "\u2610 Sore feet", "[ ] Light pressure"])
def test_a_line_opening_with_an_empty_box_reads_nothing(note: str) -> None:
    assert read(note) == {"focus_areas": [], "avoid_areas": [], "pressure": [], "contraindications": []}


@pytest.mark.parametrize(
    ("note", "focus"),
    [
        ("[x] Neck pain", ["neck"]),
        ("[ ] Neck pain\n[x] Low back pain", ["lowerBack"]),
        ("Neck pain [ ]", ["neck"]),  # a box after a lone option may be the next question's, as before
    ],
)
def test_a_ticked_box_or_one_after_the_option_reads_as_before(note: str, focus: list[str]) -> None:
    assert read(note)["focus_areas"] == focus


@pytest.mark.parametrize(
    "note",
    [
        "Hip replacement (R side) 3 wks ago",
        "Hip replacement (right) 3 wks ago",
        "Hip replacement 3 wks ago",
        "Knee replacement (left knee) last month",
    ],
)
def test_a_recent_joint_replacement_with_its_side_in_brackets_is_a_surgery_and_its_joint_kept_off(note: str) -> None:
    found = read(note)
    assert found["contraindications"] == ["recentSurgery"]
    assert found["avoid_areas"] in (["hips"], ["knees"])


def test_an_undated_joint_replacement_with_its_side_in_brackets_stays_unread() -> None:
    assert read("Hip replacement (R side)")["contraindications"] == []  # undated: maybe long ago, as "Hip replacement"


@pytest.mark.parametrize(
    ("evidence", "site"),
    [
        ("Knee surgery (left ACL)", "left knee"),
        ("Knee surgery (R ACL repair) 3 wks ago", "right knee"),
        ("Knee surgery (L meniscus) 2 wks ago", "left knee"),
        ("Shoulder surgery (right rotator cuff)", "right shoulder"),
        ("Hip replacement (R side) 3 wks ago", "right hip"),
        ("Knee surgery (right) 2 wks ago", "right knee"),
        # a bracket that says more than the side and the part operated on gives no side, as before
        ("Knee surgery (right after her fall) 2 wks ago on the left knee", "knee"),
        ("Knee surgery (r/o meniscus tear) 2 wks ago, L knee", "knee"),
    ],
)
def test_the_side_before_the_part_operated_on_in_brackets_is_the_sites(evidence: str, site: str) -> None:
    assert caution_site(evidence) == site


@pytest.mark.parametrize(
    ("note", "area"),
    [
        ("Back sore \u2013 avoid if pregnant", "back"),  # when to avoid: kept off, the words quoted for the therapist
        ("Neck sore, avoid if still swollen", "neck"),
        ("knee sore - avoid unless she asks", "knees"),
    ],
)
def test_when_to_avoid_a_sore_area_leaves_the_avoid_bare(note: str, area: str) -> None:
    found = read(note)
    assert found["avoid_areas"] == [area]
    assert found["focus_areas"] == []


@pytest.mark.parametrize(
    "note",
    [
        "Back sore \u2013 avoid if pregnant",
        "Back sore - avoid if pregnant",
        "No hot stones if on blood thinners",
        "Unless diabetic, use the foot scrub",
    ],
)
def test_a_rule_that_holds_if_the_guest_has_a_condition_does_not_give_it(note: str) -> None:
    assert read(note)["contraindications"] == []


@pytest.mark.parametrize(
    ("note", "condition"),
    [
        ("If pregnant, how many weeks? 22", "pregnancy"),  # answered: she is
        ("if pregnant: yes", "pregnancy"),
        ("In case she's pregnant, no hot stones", "pregnancy"),  # she may be: the caution is kept
        ("Pregnant - avoid lying on back", "pregnancy"),
        ("She is pregnant if that matters", "pregnancy"),
        ("On blood thinners, no deep tissue", "bloodThinners"),
    ],
)
def test_a_condition_stated_or_answered_stands(note: str, condition: str) -> None:
    assert read(note)["contraindications"] == [condition]
