"""rev50d HIGH: 351a8b2c's _WANTED lets up to two words sit between 'wants it' and today/again/now, so a note asking
for the refusal to be RECORDED again/today takes the refusal back: the therapist's DM loses the stones caution.
"""
from datetime import date

import pytest

from spa_copilot.engines.cautions import modalities_kept_off
from tests.builders import dm_lines, service

HOT = service("sv_hot", name="Hot Stone Massage 75")


@pytest.mark.parametrize("notes", [
    "No hot stones - wants it noted again",
    "No hot stones - she wants it flagged again",
    "No hot stones - wants it on file again",
    "No hot stones - wants it noted today",
    "NO hot stones - wants it written down this time",
    "No hot stones - asked for it again to be noted",
    "No hot stones - wants them again next year maybe",
])
def test_a_want_to_have_the_refusal_recorded_keeps_the_refusal(notes: str) -> None:
    assert modalities_kept_off([HOT], notes=notes), notes
    assert "which the notes say to avoid" in dm_lines(notes, HOT, day=date(2026, 12, 8))
