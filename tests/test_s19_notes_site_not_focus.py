"""The body area a note names as the site of a surgery, an operation or injectables is never a focus from that
naming, and is an area to avoid while the surgery is current ("Rotator cuff surgery on right shoulder, focus on
neck" briefed "work on the shoulders": the focus cue after the comma read back to the shoulder). A focus the notes
give a current surgical site elsewhere is dropped: safety wins. A surgery long ago, someone else's or denied leaves
an area named as a focus on its own a focus."""

from datetime import date

import pytest

from spa_copilot.ai.extraction import caution_site, extract_profile_offline

TODAY = date(2026, 11, 24)


def _read(note: str) -> tuple[list[str], list[str], list[str]]:
    profile = extract_profile_offline(note, today=TODAY)
    return profile.values("focus_areas"), profile.values("avoid_areas"), profile.values("contraindications")


# note, the site (never a focus, an area to avoid), the areas that stay a focus
CURRENT_SITES = [
    ("Rotator cuff surgery on right shoulder, focus on neck", "shoulders", ["neck"]),
    ("Had hip surgery, work the lower back", "hips", ["lowerBack"]),
    ("Shoulder surgery last month. Focus on neck and upper back.", "shoulders", ["neck", "upperBack"]),
    ("Shoulder surgery - focus on neck", "shoulders", ["neck"]),
    ("Shoulder surgery \u2013 focus on neck", "shoulders", ["neck"]),
    ("Shoulder surgery; focus on neck", "shoulders", ["neck"]),
    ("Had knee surgery 2 weeks ago and focus on the neck", "knees", ["neck"]),
    ("Knee surgery last week, but focus on the back please", "knees", ["back"]),
    ("Neck tight and shoulder surgery last week", "shoulders", ["neck"]),
    ("Lower back surgery, work glutes", "lowerBack", ["glutes"]),
    ("Knee and hip surgery last month, focus on back", "knees", ["back"]),
    ("Knee and hip surgery last month, focus on back", "hips", ["back"]),
    ("Surgery on her neck and shoulders, work the feet", "neck", ["feet"]),
    ("Surgery on her neck and shoulders, work the feet", "shoulders", ["feet"]),
    ("Had surgery on the right shoulder, focus on neck", "shoulders", ["neck"]),
    ("post-op abdomen, focus on legs", "abdomen", ["legs"]),
    ("botox in her forehead yesterday, focus on neck", "face", ["neck"]),
    ("Left knee surgery (3 wks), focus on quads and neck", "knees", ["legs", "neck"]),
    # the notes say focus on the site too: a surgical site is kept clear
    ("Focus: neck, shoulders. Shoulder surgery 3 wks ago", "shoulders", ["neck"]),
    ("Neck and shoulders tight. Shoulder surgery 6 weeks ago", "shoulders", ["neck"]),
    ("Knee surgery but focus on knees anyway", "knees", []),
    ("hip replacement 3 weeks ago, focus on hips", "hips", []),
    ("Had shoulder surgery 3 weeks ago, shoulders are tight", "shoulders", []),
]


@pytest.mark.parametrize(("note", "site", "focus"), CURRENT_SITES)
def test_a_current_surgical_site_is_avoided_and_never_a_focus(note: str, site: str, focus: list[str]) -> None:
    focus_areas, avoid_areas, conditions = _read(note)
    assert site not in focus_areas
    assert site in avoid_areas
    assert set(focus) <= set(focus_areas)
    assert conditions  # the surgery or injectable itself is read as before


@pytest.mark.parametrize(
    "note",
    [
        "Knee replacement 10 days ago.",
        "knee scope 11/20",
        "Hip replaced, last month",
        "Former smoker, recent hip surgery (3 weeks ago).",
    ],
)
def test_a_surgery_that_names_its_joint_avoids_it(note: str) -> None:
    _, avoid_areas, conditions = _read(note)
    assert "recentSurgery" in conditions
    assert avoid_areas and avoid_areas[0] in ("knees", "hips")


def test_an_instruction_keeps_its_own_words_as_the_avoid_evidence() -> None:
    profile = extract_profile_offline("Former smoker, recent hip surgery (3 weeks ago). Avoid the left hip.", today=TODAY)
    assert [(e.value, e.evidence) for e in profile.avoid_areas] == [("hips", "Avoid the left hip")]


@pytest.mark.parametrize(
    ("note", "focus"),
    [
        ("Hip replacement, focus on neck", ["neck"]),  # undated: no caution, but the hip is not the focus
        ("knee op 2 weeks ago, focus on back", ["back"]),
    ],
)
def test_a_site_without_a_caution_is_still_no_focus(note: str, focus: list[str]) -> None:
    focus_areas, _, _ = _read(note)
    assert focus_areas == focus


@pytest.mark.parametrize(
    ("note", "area"),
    [
        ("knee surgery in 2009, focus on knees", "knees"),
        ("Shoulder surgery in 2015 - focus on shoulders", "shoulders"),
        ("Shoulders: focus. Shoulder surgery 2015", "shoulders"),
        ("her husband had knee surgery, focus on knees", "knees"),
        ("Mom had shoulder surgery, focus on shoulders", "shoulders"),
    ],
)
def test_a_surgery_long_ago_or_someone_elses_leaves_a_focus_named_on_its_own(note: str, area: str) -> None:
    focus_areas, avoid_areas, conditions = _read(note)
    assert area in focus_areas
    assert area not in avoid_areas
    assert "recentSurgery" not in conditions


def test_a_denied_surgery_avoids_nothing() -> None:
    focus_areas, avoid_areas, conditions = _read("no surgery on her knee, focus on knees")
    assert (focus_areas, avoid_areas, conditions) == (["knees"], [], [])


@pytest.mark.parametrize(
    ("note", "avoid", "focus"),
    [
        ("Knee injury, focus on neck", "knees", "neck"),
        ("Injured knee, focus on neck", "knees", "neck"),
        ("Knee injured, focus on neck", "knees", "neck"),
        ("injury to her right shoulder, focus on neck", "shoulders", "neck"),
    ],
)
def test_an_injured_area_is_no_focus_either(note: str, avoid: str, focus: str) -> None:
    focus_areas, avoid_areas, _ = _read(note)
    assert avoid in avoid_areas and avoid not in focus_areas
    assert focus_areas == [focus]


def test_the_briefing_says_the_site_now_that_it_is_no_focus() -> None:
    profile = extract_profile_offline("Rotator cuff surgery on right shoulder, focus on neck", today=TODAY)
    evidence = next(item.evidence for item in profile.contraindications if item.value == "recentSurgery")
    assert caution_site(evidence, not_these=profile.values("focus_areas")) == "right shoulder"
