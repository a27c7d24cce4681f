"""The offline reader remembers its last readings (``extraction.READINGS_KEPT``): the same notes, intake answers and
day are read once, each caller still gets a profile of its own, and a change to any of the three is read afresh."""

from __future__ import annotations

import json
from datetime import date

import pytest

from spa_copilot.ai import extraction
from spa_copilot.ai.extraction import extract_profile_offline
from spa_copilot.domain import HealthHistory

DAY = date(2026, 12, 7)
NOTE = "Allergic to latex. Likes firm pressure. Stopped Accutane in 2026."


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The notes the reader itself read (past the remembered readings), starting with none remembered."""
    read: list[str] = []
    real = extraction._read_notes

    def counted(notes: str, *args: object) -> object:
        read.append(notes)
        return real(notes, *args)

    extraction._read_profile.cache_clear()
    monkeypatch.setattr(extraction, "_read_notes", counted)
    yield read
    extraction._read_profile.cache_clear()  # nothing read through the counter stays remembered for other tests


def test_the_same_notes_on_the_same_day_are_read_once_and_each_caller_gets_its_own_copy(reads: list[str]) -> None:
    first = extract_profile_offline(NOTE, today=DAY)
    first.allergies.clear()  # a caller changing its profile changes no later one
    second = extract_profile_offline(NOTE, today=DAY)
    assert len(reads) == 1
    assert second.values("allergies") == ["latex"]
    assert second is not extract_profile_offline(NOTE, today=DAY)


def test_another_day_or_other_intake_answers_are_read_afresh(reads: list[str]) -> None:
    plain = extract_profile_offline(NOTE, today=DAY)
    later = extract_profile_offline(NOTE, today=date(2028, 1, 5))  # Accutane stopped long ago by then
    with_nuts = extract_profile_offline(NOTE, intake=HealthHistory(allergies=["tree nuts"]), today=DAY)
    again = extract_profile_offline(NOTE, intake=HealthHistory(allergies=["tree nuts"]), today=DAY)
    pregnant = extract_profile_offline(NOTE, intake=HealthHistory(pregnant=True), today=DAY)
    assert len(reads) == 4  # the same answers again are remembered
    assert plain.values("contraindications") == ["isotretinoin"] and later.values("contraindications") == []
    assert "nutOil" not in plain.values("allergies")
    assert "nutOil" in with_nuts.values("allergies") and again == with_nuts
    assert pregnant != plain


def test_only_the_last_readings_are_kept(reads: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    for n in range(extraction.READINGS_KEPT + 1):
        extract_profile_offline(f"Likes firm pressure ({n})", today=DAY)
    assert extraction._read_profile.cache_info().currsize == extraction.READINGS_KEPT
    extract_profile_offline("Likes firm pressure (0)", today=DAY)  # the oldest was let go
    assert len(reads) == extraction.READINGS_KEPT + 2


def test_intake_answers_holding_half_an_emoji_are_read_as_before(reads: list[str]) -> None:
    # the spa system's JSON may carry a lone surrogate ("\\ud83e": an emoji cut in half by a form); it cannot be
    # written as JSON, so it must not be part of how a reading is remembered
    intake = HealthHistory.model_validate(json.loads('{"allergies": ["latex \\ud83e"]}'))
    first = extract_profile_offline("Likes firm pressure.", intake=intake, today=DAY)
    again = extract_profile_offline("Likes firm pressure.", intake=intake, today=DAY)
    assert first.values("allergies") == again.values("allergies") == ["latex"]
    assert len(reads) == 1
