"""rev50d MEDIUM: dc44eded made 'scan', 'ultrasound', 'maternity' (and 'ob', 'pregnan*') birth words that turn a
rebook reminder 'due in N weeks' said of nobody into a pregnancy: a med spa's skin scan / ultrasound cavitation /
InBody scan reminder tells the therapist the guest is pregnant."""
from datetime import date

import pytest

from spa_copilot.ai.extraction import extract_profile_offline
from tests.builders import dm_lines, service

HOT = service("sv_hot", name="Hot Stone Massage 75")


@pytest.mark.parametrize("notes", [
    "Due in 3 months for VISIA skin scan",
    "Due in 6 weeks for her InBody scan",
    "Due in 4 weeks - body scan + facial",
    "Due in 8 weeks, ultrasound facial",
    "Due in 2 weeks for the ultrasound cavitation session",
    "Due in 3 weeks for RF and ultrasound skin tightening",
    "Lashes due in 3 weeks for maternity photos",
])
def test_a_rebook_reminder_naming_a_scan_or_ultrasound_treatment_is_no_pregnancy(notes: str) -> None:
    said = [c.value for c in extract_profile_offline(notes, today=date(2026, 12, 8)).contraindications]
    assert "pregnancy" not in said, notes
    assert "pregnancy:" not in dm_lines(notes, HOT, day=date(2026, 12, 8)).lower()
