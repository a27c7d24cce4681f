"""The "No health details on file" ask that a preference alone switched off (review rev33a, H1b). (The stroke and
joint-replacement readings of the same commit series were backed out with the Spanish notes: see 5557727.)"""

from __future__ import annotations

from datetime import date

import pytest

from spa_copilot.ai.extraction import extract_profile_offline
from spa_copilot.engines import briefing as engine
from tests.builders import client

DAY = date(2026, 11, 24)


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
