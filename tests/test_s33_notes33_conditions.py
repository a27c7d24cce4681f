"""English health facts the reader dropped (review rev33a, M1), and the "No health details on file" ask that a
preference alone switched off (H1b)."""

from __future__ import annotations

from datetime import date

import pytest

from spa_copilot.ai.extraction import extract_profile_offline
from spa_copilot.engines import briefing as engine
from tests.builders import client

DAY = date(2026, 11, 24)


def conditions(note: str) -> list[str]:
    return extract_profile_offline(note, today=DAY).values("contraindications")


@pytest.mark.parametrize("note", [
    "Had a stroke last year. Likes firm pressure.",  # dated long ago, still hers: a stroke is no passing event
    "Stroke 2019",
    "stroke survivor, weak left side",
    "mini-stroke in March",
    "She had a stroke 3 weeks ago",
])
def test_a_stroke_is_a_caution(note: str) -> None:
    assert conditions(note) == ["bloodClots"]


@pytest.mark.parametrize("note", ["long strokes please", "likes slow strokes on back", "heat stroke last summer",
                                  "Mom had a stroke", "no history of stroke"])
def test_a_massage_stroke_or_someone_elses_is_none(note: str) -> None:
    assert conditions("Had a stroke. " + note) == ["bloodClots"]  # the guest's own is read
    assert "bloodClots" not in conditions(note)


def test_a_joint_replacement_dated_by_this_year_is_a_recent_surgery() -> None:
    profile = extract_profile_offline("Hip replacement in 2026, likes heated table", today=DAY)
    assert profile.values("contraindications") == ["recentSurgery"]
    assert profile.values("temperature") == ["warm"]


@pytest.mark.parametrize("note", [
    "Hip replacement in 2025, likes heated table",  # history by the reader's date rule: no caution, so ask
    "Presión suave.",
    "likes firm pressure",
])
def test_a_preference_alone_keeps_the_ask_about_health(note: str) -> None:
    guest = client("cl_1", notes=note)
    profile = extract_profile_offline(note, today=DAY)
    assert not profile.contraindications and not profile.allergies
    assert engine.nothing_on_file(guest, profile)


def test_a_custom_preference_field_is_no_health_detail_either() -> None:
    guest = client("cl_1", custom_fields={"pressure": "firm"})
    assert engine.nothing_on_file(guest, extract_profile_offline("", today=DAY))
