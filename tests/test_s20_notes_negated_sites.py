"""A surgery the note denies is no caution and its site no area to avoid ("No knee surgery. Focus on knees." read
recentSurgery and kept the knees off, dropping the focus asked for: the site word between the negation and
"surgery" stopped the negation's reach); the neighbours that must not change are pinned beside them."""

from __future__ import annotations

from datetime import date

import pytest

from spa_copilot.ai.extraction import extract_profile_offline

TODAY = date(2026, 12, 4)


def _read(note: str) -> tuple[list[str], list[str], list[str], list[str]]:
    profile = extract_profile_offline(note, today=TODAY)
    return (
        profile.values("contraindications"),
        profile.values("allergies"),
        profile.values("focus_areas"),
        profile.values("avoid_areas"),
    )


# 1. A denied surgery: no caution, its site not avoided, the focus the note asks for kept.


@pytest.mark.parametrize(
    "note",
    [
        "No knee surgery. Focus on knees.",
        "never had knee surgery, focus on knees",
        "Denies knee surgery. Focus on knees.",
        "No recent knee surgery. Focus on knees.",
        "no history of left knee surgery, focus on knees",
        "Knee surgery: none. Focus on knees.",
        "No recent surgery. Focus on knees.",
    ],
)
def test_a_denied_surgery_leaves_the_focus_asked_for(note: str) -> None:
    assert _read(note) == ([], [], ["knees"], [])


@pytest.mark.parametrize(
    "note", ["No knee surgery", "Denies knee surgery", "Knee surgery: none", "no surgeries", "Surgery: no", "no knee or hip surgery"]
)
def test_a_denied_surgery_is_no_caution(note: str) -> None:
    assert _read(note) == ([], [], [], [])


def test_a_denied_surgery_leaves_an_allergy_before_it() -> None:
    assert _read("Allergic to nuts. No knee surgery.") == ([], ["nutOil"], [], [])


@pytest.mark.parametrize(
    "note, expected",
    [
        ("Had knee surgery 2 wks ago, focus on neck", (["recentSurgery"], [], ["neck"], ["knees"])),
        ("her husband had knee surgery, focus on knees", ([], [], ["knees"], [])),
        ("knee surgery", (["recentSurgery"], [], [], ["knees"])),
        ("knee surgery last month", (["recentSurgery"], [], [], ["knees"])),
        # a negation that keeps something else off does not deny the surgery after it: on the safe side
        ("No pressure on knee surgery site", (["recentSurgery"], [], [], ["knees"])),
        ("No massage on knee surgery site, 2 wks ago", (["recentSurgery"], [], [], ["knees"])),
        ("No deep work, knee surgery last month", (["recentSurgery"], [], [], ["knees"])),
    ],
)
def test_a_surgery_not_denied_is_kept(note: str, expected: tuple[list[str], ...]) -> None:
    assert _read(note) == expected


# 2. "op" after a body area is a surgery there, read as "knee surgery" is (dated long ago: history).


@pytest.mark.parametrize(
    "note, site",
    [
        ("knee op last month", "knees"),
        ("shoulder op 3 wks ago", "shoulders"),
        ("knee op 11/20", "knees"),
        ("R hip op 2 weeks ago", "hips"),
        ("knee-op last month", "knees"),
        ("knee op", "knees"),  # undated, as an undated "knee surgery" is
        ("knee operation last month", "knees"),
        ("op on her left knee last month", "knees"),
        ("post-op knee", "knees"),
    ],
)
def test_an_op_at_a_site_is_a_recent_surgery_kept_clear(note: str, site: str) -> None:
    assert _read(note) == (["recentSurgery"], [], [], [site])


@pytest.mark.parametrize(
    "note, expected",
    [
        ("knee op in 2015, focus on knees", ([], [], ["knees"], [])),
        ("No knee op. Focus on knees.", ([], [], ["knees"], [])),
        ("Hip replacement", ([], [], [], [])),  # undated: history, as docs/ai.md has it
        ("Co-op member, focus on neck", ([], [], ["neck"], [])),
        ("wrote an op-ed about her back pain", ([], [], ["back"], [])),
        ("photo op after the session", ([], [], [], [])),
        ("works at the op shop, sore neck", ([], [], ["neck"], [])),
        ("op last month", ([], [], [], [])),
    ],
)
def test_other_ops_read_as_before(note: str, expected: tuple[list[str], ...]) -> None:
    assert _read(note) == expected


# 3. An avoid cue the note says is not needed keeps nothing off.


@pytest.mark.parametrize(
    "note",
    [
        "no need to stay away from the knee",
        "No need to avoid the knee",
        "don't need to avoid the knee",
        "Doesn't need to avoid knees",
        "no longer need to avoid the knees",
        "knees: no need to avoid",
        "Knee fine now, no need to avoid",
        "Knee healed — no need to avoid that area",
    ],
)
def test_an_avoid_cue_not_needed_avoids_nothing(note: str) -> None:
    assert _read(note) == ([], [], [], [])


@pytest.mark.parametrize(
    "note, expected",
    [
        ("No need to avoid knees anymore, focus on knees", ([], [], ["knees"], [])),
        ("no need to avoid the knee, avoid the hip", ([], [], [], ["hips"])),
        ("stay away from the knee", ([], [], [], ["knees"])),
        ("need to avoid the knee", ([], [], [], ["knees"])),
        ("no pressure on the knee", ([], [], [], ["knees"])),
        ("don't touch the knee", ([], [], [], ["knees"])),
        ("insulin pump on the abdomen — avoid that area", (["diabetes"], [], [], ["abdomen"])),
        # a surgical site stays clear whatever the note waives
        ("Shoulder surgery last month, no need to avoid the shoulder", (["recentSurgery"], [], [], ["shoulders"])),
    ],
)
def test_avoid_cues_still_needed_read_as_before(note: str, expected: tuple[list[str], ...]) -> None:
    assert _read(note) == expected


# 4. An avoid cue or a negation does not govern a focus cue after a spaced dash or a colon: a new statement.


@pytest.mark.parametrize(
    "note, expected",
    [
        ("Shoulder injury - focus on neck", ([], [], ["neck"], ["shoulders"])),
        ("Shoulder injury: focus on neck", ([], [], ["neck"], ["shoulders"])),
        ("Shoulder injured - focus on neck", ([], [], ["neck"], ["shoulders"])),
        ("Ticklish feet - focus on neck", ([], [], ["neck"], ["feet"])),
        ("Shoulder injury – focus on neck", ([], [], ["neck"], ["shoulders"])),  # an en dash: already so
    ],
)
def test_a_focus_after_a_break_is_the_focus_asked_for(note: str, expected: tuple[list[str], ...]) -> None:
    assert _read(note) == expected


@pytest.mark.parametrize(
    "note, expected",
    [
        ("Avoid focus on neck", ([], [], [], ["neck"])),
        ("don't focus on neck", ([], [], [], ["neck"])),
        ("no focus on neck", ([], [], [], ["neck"])),
        ("Shoulder injury, focus on neck", ([], [], ["neck"], ["shoulders"])),
        # no break between them: the cue may govern the focus, so the neck stays off, on the safe side
        ("Shoulder injury focus on neck", ([], [], [], ["shoulders", "neck"])),
    ],
)
def test_a_governed_focus_reads_as_before(note: str, expected: tuple[list[str], ...]) -> None:
    assert _read(note) == expected


@pytest.mark.parametrize(
    "note, expected",
    [
        # a cue waiting for its object still reaches over the break: what follows is what it keeps off
        ("Avoid - work on the neck", ([], [], [], ["neck"])),
        ("Skip: work on feet", ([], [], [], ["feet"])),
        ("Avoid: extra time on neck", ([], [], [], ["neck"])),
        ("Don't: work on neck", ([], [], [], ["neck"])),
        # the negation has what it denies before the break: the focus after it is the one asked for
        ("No deep work - focus on neck", ([], [], ["neck"], [])),
    ],
)
def test_a_cue_reaches_over_a_break_only_while_it_waits_for_its_object(note: str, expected: tuple[list[str], ...]) -> None:
    assert _read(note) == expected


def test_an_injured_area_stays_avoided_whatever_focus_follows() -> None:
    assert "knees" in _read("knee injury - focus on knees")[3]
