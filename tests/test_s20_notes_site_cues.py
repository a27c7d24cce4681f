"""An area named as a surgery's site still takes the note's own instruction for it.

An adversarial review of 2ab4546 ("a surgery's site is never a focus"): the site was marked used up, so no cue after it
reached back ("Rotator cuff surgery on right shoulder, focus on neck" is the neck's), but no cue at all was read for it.
"Avoid lower back - injections last week", "Avoid L knee - surgery was 2015 but still tender", "No pressure on R
shoulder - surgery scheduled Jan 8" and "Shoulder op 10 days ago - stay off it" briefed nothing (each avoided the area
the day before), and "Focus on shoulder - surgery 2014, tight" lost the focus it asks for. Now a site takes a cue before
it, and an avoid after it; still not a focus after it, nor the negation of the operation itself.
"""

from __future__ import annotations

from datetime import date

import pytest

from spa_copilot.ai.extraction import caution_site, extract_profile_offline
from tests.note_fields import fields_read

DAY = date(2026, 12, 4)


def read(note: str) -> dict[str, list[str]]:
    return fields_read(note, DAY, ("avoid_areas", "focus_areas"))


@pytest.mark.parametrize("note, area", [
    ("Avoid lower back - injections last week", "lowerBack"),
    ("Avoid lower back - injections 2019", "lowerBack"),
    ("Avoid L knee - surgery was 2015 but still tender", "knees"),
    ("No pressure on R shoulder - surgery scheduled Jan 8", "shoulders"),
    ("Dont touch R shoulder - surgery planned for Feb", "shoulders"),
    ("Don't touch lower back - fusion next month", "lowerBack"),
    ("Avoid face - filler next week", "face"),
    ("Avoid hip - replacement planned for spring", "hips"),
    ("Avoid knees - replaced 2012, still sensitive", "knees"),
    ("Avoid abdomen - lipo 2020, still numb", "abdomen"),
    ("Stay off left knee - surgery next month", "knees"),
    ("Injections in her lower back for sciatica, avoid", "lowerBack"),
])
def test_an_avoid_instruction_before_or_after_a_site_is_read(note: str, area: str) -> None:
    assert area in read(note).get("avoid_areas", [])


def test_an_anaphor_after_a_site_points_back_at_it() -> None:
    assert "shoulders" in read("Shoulder op 10 days ago - stay off it").get("avoid_areas", [])


@pytest.mark.parametrize("note, area", [
    ("Focus on shoulder - surgery 2014, tight", "shoulders"),
    ("Focus on knees - replaced 2010, loves deep work there", "knees"),
])
def test_a_focus_asked_for_before_a_long_ago_surgery_stays(note: str, area: str) -> None:
    assert read(note) == {"focus_areas": [area]}


@pytest.mark.parametrize("note, avoided, focus", [
    ("Rotator cuff surgery on right shoulder, focus on neck", ["shoulders"], ["neck"]),
    ("Had hip surgery, work the lower back", ["hips"], ["lowerBack"]),
    ("Knee surgery 2009, focus on knees", None, ["knees"]),
])
def test_a_focus_after_a_site_is_still_not_the_sites(note: str, avoided: list[str] | None, focus: list[str]) -> None:
    got = read(note)
    assert got.get("avoid_areas") == avoided
    assert got.get("focus_areas") == focus


def test_a_denied_operation_does_not_make_its_site_an_area_to_avoid() -> None:
    # "no" denies the surgery, not the knee: no avoid, and the focus asked for stays
    assert read("no surgery on her knee, focus on knees") == {"focus_areas": ["knees"]}
    # an instruction's negation is still one
    assert read("No pressure on the knee, knee surgery 2010") == {"avoid_areas": ["knees"]}


# ---------------------------------------------------------------------------------------------------
# The caution's words: the site the operation names, with the side written next to it (the same review: "L knee
# surgery 3 wks ago, focus on right shoulder" was briefed "surgery (right knee)", and "Neck surgery 2 wks ago, scalp
# and feet ok" "surgery (neck, scalp, feet)": the only areas the guest may have worked named as ones to keep clear)


@pytest.mark.parametrize("evidence, focus, site", [
    ("L knee surgery 3 wks ago, focus on right shoulder", ["shoulders"], "left knee"),
    ("Knee surgery 3 wks ago, focus right shoulder", ["shoulders"], "knee"),
    ("Had knee surgery 2 wks ago, left her brace in the car", [], "knee"),
    ("Shoulder surgery 10 days ago, feels all right now", [], "shoulder"),
    ("Neck surgery 2 wks ago, scalp and feet ok", [], "neck"),
    ("Neck and shoulder surgery last month, feet only", [], "neck, shoulder"),
    ("Forehead botox 11/28, ok to do back massage", [], "forehead"),
    ("R. shoulder surgery", [], "right shoulder"),
    ("L and R knee surgery", [], "knee"),
    ("Bilateral knee surgery", [], "knee"),
    ("R knee and L hip replaced 3 wks ago", [], "left hip"),
    ("Hip replacement - 3 weeks ago", [], "hip"),
    ("Avoid the left hip, hip replacement 3 weeks ago", [], "left hip"),  # an instruction's side, the site having none
    ("Recent knee surgery, avoid the left knee", [], "left knee"),
    # the second review: a side from another mention of the word, "(right)", "b/l"
    ("Knee surgery (right) 2 wks ago, left knee fine", [], "right knee"),
    ("Knee surgery 2 wks ago on the right, left knee ok to work", [], "knee"),
    ("Shoulder surgery 3 wks ago on the left, R shoulder tight", [], "shoulder"),
    ("b/l knee surgery 2 wks ago", [], "knee"),
    ("B/L knee replacement 11/20", [], "knee"),
    ("knee (R) replaced last month", [], "right knee"),
    # kept as before
    ("Had knee surgery on the left side, keep away from the knee", [], "left knee"),
    ("Rotator cuff surgery on right shoulder, focus on neck", ["neck"], "right shoulder"),
    ("surgery on her neck and shoulders", [], "neck, shoulders"),
    ("surgery last month - avoid right hip", [], "right hip"),  # no site word by the hip: the area named
    ("Recent surgery [x] knee", [], "knee"),
    ("Recent surgery", [], ""),
])
def test_the_caution_names_the_operated_site_and_its_own_side(evidence: str, focus: list[str], site: str) -> None:
    assert caution_site(evidence, not_these=focus) == site


@pytest.mark.parametrize("note, area", [
    ("Hip - replacement 11/2", "hips"),
    ("Knee: replacement 2 weeks ago", "knees"),
])
def test_a_dated_replacement_with_a_dash_or_colon_is_a_surgery(note: str, area: str) -> None:
    # a review: "Hip - replacement 11/2" read nothing, though "Hip replacement 11/2" is a recent surgery
    profile = extract_profile_offline(note, today=DAY)
    assert profile.values("contraindications") == ["recentSurgery"] and area in profile.values("avoid_areas")


def test_an_undated_or_old_replacement_with_a_dash_is_still_history() -> None:
    assert extract_profile_offline("Hip - replacement 2010", today=DAY).values("contraindications") == []


@pytest.mark.parametrize("note, area", [
    ("surgery for her knee last month", "knees"),
    ("surgery for the left hip 2 wks ago, focus on back", "hips"),
])
def test_a_site_after_for_is_kept_clear(note: str, area: str) -> None:
    # a review: "surgery for her knee" was a recent surgery with the knee not kept clear
    assert area in read(note).get("avoid_areas", [])


def test_surgery_for_someone_else_is_still_theirs() -> None:
    assert read("surgery for her husband, focus on knees") == {"focus_areas": ["knees"]}


@pytest.mark.parametrize("note, avoided, focus", [
    # a waiver is the area's it stands before: the next area after a comma takes its own cue (a review of ff1ea39)
    ("knee: no need to avoid, neck: avoid", ["neck"], None),
    ("knees - no need to avoid, neck - avoid", ["neck"], None),
    ("no need to avoid knees, neck avoid", ["neck"], None),
    ("No need to avoid feet, abdomen - avoid", ["abdomen"], None),
    ("no need to stay away from the knee", None, None),
    ("Knee fine now, no need to avoid", None, None),
    # an avoid that ends the clause after an area's state is the instruction ("sore" alone reads as a focus)
    ("left hip sore - avoid", ["hips"], None),
    ("neck tight, don't touch", ["neck"], None),
    ("Post op right knee, left hip sore - avoid", ["hips", "knees"], None),
    ("neck tight, focus there", None, ["neck"]),
    ("Shoulders tight, avoid deep pressure", None, ["shoulders"]),  # a pressure kept off, not the shoulders
    # a site in brackets after the area
    ("no need to avoid knee (surgery 2 wks ago), focus knees", ["knees"], None),
])
def test_each_area_takes_its_own_instruction(note: str, avoided: list[str] | None, focus: list[str] | None) -> None:
    got = read(note)
    assert (sorted(got.get("avoid_areas", [])) or None, got.get("focus_areas")) == (avoided, focus), got
