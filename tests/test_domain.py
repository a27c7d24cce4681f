"""The domain model refuses what the engines could not use: unknown zones and times that are not HH:MM."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from spa_copilot.domain import Location, Shift, TimeWindow


@pytest.mark.parametrize("moment", ["25:99", "9", "9:00", "24:00", "12:60", "noon", "", "12:00:00"])
def test_shift_and_waitlist_times_must_be_hh_mm(moment: str) -> None:
    with pytest.raises(ValidationError):
        Shift(weekday=0, start=moment, end="18:00")
    with pytest.raises(ValidationError):
        TimeWindow(weekday=0, start="09:00", end=moment)


def test_good_times_pass() -> None:
    assert Shift(weekday=6, start="00:00", end="23:59").end_time.minute == 59


def test_an_unknown_time_zone_is_a_validation_error_not_a_key_error() -> None:
    with pytest.raises(ValidationError, match="unknown IANA time zone"):
        Location(id="loc_x", name="Mars", time_zone="Mars/Olympus")
    with pytest.raises(ValidationError):
        Location(id="loc_x", name="Nowhere", time_zone="../etc/passwd")


def test_opening_hours_are_checked() -> None:
    with pytest.raises(ValidationError):
        Location(id="loc_x", name="X", time_zone="UTC", opening_hours={"mon": ["09:00", "25:00"]})
    assert Location(id="loc_x", name="X", time_zone="UTC", opening_hours={"mon": ["09:00", "20:00"]}).opening_hours
