"""An area on a waiver's list takes no focus another area's cue gives later (4 Dec 2026).

303be3e let an area a comma separates from "no need to avoid" take its own cue ("knee: no need to avoid, neck:
avoid"), and with it any later cue in the clause: "No need to avoid knees, hips anymore - focus on back" made the
hips a focus (before, nothing). An area that goes on the waiver's list takes only a cue right after it ("No need to
avoid feet, abdomen - avoid" still avoids the abdomen).
"""

from __future__ import annotations

from datetime import date

import pytest

from tests.note_fields import fields_read

TODAY = date(2026, 12, 4)


@pytest.mark.parametrize(
    ("note", "expected"),
    [
        ("No need to avoid knees, hips anymore - focus on back", {"focus_areas": ["back"]}),
        ("no need to avoid knees, hips, focus on the back", {"focus_areas": ["back"]}),
        ("No need to avoid knees, hips", {}),
        # the area's own cue right after it, and an area after a label, still count
        ("No need to avoid feet, abdomen - avoid", {"avoid_areas": ["abdomen"]}),
        ("knee: no need to avoid, neck: avoid", {"avoid_areas": ["neck"]}),
        ("No need to avoid knees, hips, focus hips", {"focus_areas": ["hips"]}),
    ],
)
def test_an_area_on_the_waivers_list_takes_no_later_focus(note: str, expected: dict[str, list[str]]) -> None:
    assert fields_read(note, TODAY) == expected
