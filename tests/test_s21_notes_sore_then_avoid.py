"""A sore area followed by an avoid with nothing of its own is an area to avoid, however the avoid is set off (4 Dec
2026).

303be3e read "left hip sore - avoid" as an avoid (the instruction, not the state word, says what to do), but only
with a plain hyphen and the avoid ending the clause: "hip sore – avoid" (en dash), "— avoid", "hip sore; avoid",
"hip sore - avoid please", "please avoid", "hip sore (avoid)", "avoid for now", "avoid if possible", "Neck sore,
avoid it, focus shoulders" all made the sore area a FOCUS. An avoid with its own object stays the object's
("Shoulders tight, avoid deep pressure": a pressure kept off, the shoulders a focus).
"""

from __future__ import annotations

from datetime import date

import pytest

from tests.note_fields import fields_read

TODAY = date(2026, 12, 4)


def _areas(note: str) -> tuple[list[str], list[str]]:
    fields = fields_read(note, TODAY)
    return fields.get("focus_areas", []), fields.get("avoid_areas", [])


@pytest.mark.parametrize(
    ("note", "focus", "avoid"),
    [
        ("hip sore - avoid", [], ["hips"]),
        ("hip sore – avoid", [], ["hips"]),
        ("hip sore — avoid", [], ["hips"]),
        ("hip sore; avoid", [], ["hips"]),
        ("hip sore. Avoid.", [], ["hips"]),
        ("hip sore - avoid please", [], ["hips"]),
        ("hip sore, please avoid", [], ["hips"]),
        ("hip sore (avoid)", [], ["hips"]),
        ("hip sore, avoid for now", [], ["hips"]),
        ("shoulders sore, avoid if possible", [], ["shoulders"]),
        ("Neck sore, avoid it, focus shoulders", ["shoulders"], ["neck"]),
        ("Left hip sore – avoid please, thanks", [], ["hips"]),
        # an avoid with its own object, a waiver, or one on the next line leaves the sore area a focus
        ("Shoulders tight, avoid deep pressure", ["shoulders"], []),
        ("Neck sore – avoid deep work", ["neck"], []),
        ("hip sore – no need to avoid", ["hips"], []),
        ("Back sore. Avoid hot stones", ["back"], []),
        ("Lower back sore\nAvoid", ["lowerBack"], []),
    ],
)
def test_a_bare_avoid_after_a_sore_area_keeps_it_off(note: str, focus: list[str], avoid: list[str]) -> None:
    assert _areas(note) == (focus, avoid)


def test_the_evidence_goes_on_to_the_avoid() -> None:
    from spa_copilot.ai.extraction import extract_profile_offline

    profile = extract_profile_offline("Hip sore – avoid. Likes firm pressure.", today=TODAY)
    assert [(item.value, item.evidence) for item in profile.avoid_areas] == [("hips", "Hip sore – avoid")]
