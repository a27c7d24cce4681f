"""The domain model refuses what the engines could not use: unknown zones and times that are not HH:MM."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from pydantic import ValidationError

from spa_copilot.domain import Location, Shift, Staff, TimeWindow, ends_next_day

NEW_YORK = ZoneInfo("America/New_York")


@pytest.mark.parametrize("moment", ["25:99", "9", "9:0", "24:01", "12:60", "noon", "", "12:00:30", "9:00am"])
def test_shift_and_waitlist_times_must_be_hh_mm(moment: str) -> None:
    with pytest.raises(ValidationError):
        Shift(weekday=0, start=moment, end="18:00")
    with pytest.raises(ValidationError):
        TimeWindow(weekday=0, start="09:00", end=moment)


def test_good_times_pass() -> None:
    assert Shift(weekday=6, start="00:00", end="23:59").end_time.minute == 59


@pytest.mark.parametrize(("moment", "read"), [("9:00", "09:00"), ("09:00:00", "09:00"), (" 18:30 ", "18:30"),
                                              ("24:00", "00:00")])
def test_times_as_a_gateway_may_write_them_are_read_as_hh_mm(moment: str, read: str) -> None:
    assert Shift(weekday=0, start="08:00", end=moment).end == read
    assert TimeWindow(weekday=0, start="08:00", end=moment).end == read
    assert Shift(weekday=0, start="16:00", end="24:00").ends_next_day  # the midnight the day ends at


def test_an_unknown_time_zone_is_a_validation_error_not_a_key_error() -> None:
    with pytest.raises(ValidationError, match="unknown IANA time zone"):
        Location(id="loc_x", name="Mars", time_zone="Mars/Olympus")
    with pytest.raises(ValidationError):
        Location(id="loc_x", name="Nowhere", time_zone="../etc/passwd")


@pytest.mark.parametrize("hours", [{"mon": ["09:00", "25:00"]}, {"lundi": ["09:00", "20:00"]},
                                   {"mon": ["9", "20:00"]}, {"mon": [], "Monday": ["09:00", "18:00"]}, "24/7"])
def test_opening_hours_that_cannot_be_read_are_not_known_and_the_location_is_read(hours, caplog) -> None:
    location = Location.model_validate({"id": "loc_x", "name": "X", "timeZone": "UTC", "openingHours": hours})
    assert location.opening_hours == {}
    assert any("location loc_x: openingHours not read" in message for message in caplog.messages)


def test_opening_hours_are_read() -> None:
    location = Location(id="loc_x", name="X", time_zone="UTC",
                        opening_hours={"Mon": ["9:00", "20:00"], "sat": ["10:00:00", "24:00"]})
    assert location.opening_hours == {"mon": ["09:00", "20:00"], "sat": ["10:00", "00:00"]}


def _hours(span: tuple[datetime, datetime]) -> float:
    start, end = span
    return (end.astimezone(UTC) - start.astimezone(UTC)) / timedelta(hours=1)


def test_a_shift_ending_at_or_before_its_start_ends_the_next_day() -> None:
    day = date(2024, 6, 3)  # a Monday
    until_midnight = Shift(weekday=0, start="16:00", end="00:00")
    assert until_midnight.ends_next_day
    assert until_midnight.span(day, NEW_YORK) == (
        datetime(2024, 6, 3, 16, tzinfo=NEW_YORK),
        datetime(2024, 6, 4, 0, tzinfo=NEW_YORK),
    )
    overnight = Shift(weekday=0, start="18:00", end="02:00")
    assert overnight.ends_next_day and _hours(overnight.span(day, NEW_YORK)) == 8
    assert overnight.span(day) == (datetime(2024, 6, 3, 18), datetime(2024, 6, 4, 2))  # no zone: wall clock
    assert _hours(Shift(weekday=0, start="00:00", end="00:00").span(day, NEW_YORK)) == 24
    day_shift = Shift(weekday=0, start="09:00", end="17:00")
    assert not day_shift.ends_next_day and _hours(day_shift.span(day, NEW_YORK)) == 8
    assert not ends_next_day("09:00", "09:00")  # empty, not a whole day
    assert TimeWindow(weekday=0, start="20:00", end="01:00").span(day) == (
        datetime(2024, 6, 3, 20),
        datetime(2024, 6, 4, 1),
    )


def test_a_shift_across_a_change_of_the_clocks_keeps_its_wall_times() -> None:
    night = Shift(weekday=5, start="22:00", end="06:00")
    spring = night.span(date(2024, 3, 9), NEW_YORK)  # clocks go forward early on Sunday 10 March
    assert [f"{moment:%H:%M %Z}" for moment in spring] == ["22:00 EST", "06:00 EDT"]
    assert _hours(spring) == 7
    assert _hours(night.span(date(2024, 11, 2), NEW_YORK)) == 9  # and back on Sunday 3 November


def test_shift_parts_merge_touching_parts_and_sort_the_overnight_one_last() -> None:
    member = Staff(
        id="st_1",
        location_id="loc_1",
        first_name="Ana",
        shifts=[
            Shift(weekday=0, start="18:00", end="02:00"),
            Shift(weekday=0, start="13:00", end="16:00"),
            Shift(weekday=0, start="09:00", end="13:00"),
            Shift(weekday=0, start="11:00", end="12:00"),  # inside another part
            Shift(weekday=0, start="10:00", end="10:00"),  # empty
            Shift(weekday=1, start="09:00", end="17:00"),  # another weekday
        ],
    )
    day = date(2024, 6, 3)
    assert member.shift_parts(day, NEW_YORK) == [
        (datetime(2024, 6, 3, 9, tzinfo=NEW_YORK), datetime(2024, 6, 3, 16, tzinfo=NEW_YORK)),
        (datetime(2024, 6, 3, 18, tzinfo=NEW_YORK), datetime(2024, 6, 4, 2, tzinfo=NEW_YORK)),
    ]
    assert member.shift_parts(day + timedelta(days=2)) == []


def test_a_spas_repr_counts_its_parts_instead_of_spelling_out_every_record() -> None:
    from tests.conftest import fresh_spa

    spa = fresh_spa(7)
    text = repr(spa)
    assert text == str(spa) and len(text) < 200
    assert f"{len(spa.clients)} clients" in text and f"{len(spa.appointments)} appointments" in text
    assert spa.clients[0].first_name not in text
