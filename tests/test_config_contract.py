"""The contract's catalogue shapes as a gateway may spell them: opening-hours days, weekdays counted from Monday."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from spa_copilot.domain import Location, Staff
from spa_copilot.slack.answers import _opening_hours

MONDAY = date(2026, 11, 30)
CONTRACT = Path(__file__).resolve().parent.parent / "docs" / "mangomint-contract.md"


def location(hours: dict[str, list[str]]) -> Location:
    return Location.model_validate({"id": "loc", "name": "Spa", "timeZone": "America/New_York", "openingHours": hours})


@pytest.mark.parametrize("key", ["mon", "Mon", "MON", "monday", "Monday", " mon "])
def test_a_day_spelt_in_full_or_capitalised_is_read_as_its_key(key: str) -> None:
    spa = location({key: ["09:00", "20:00"], "Tuesday": []})
    assert spa.opening_hours == {"mon": ["09:00", "20:00"], "tue": []}
    assert _opening_hours(spa, MONDAY) == ("09:00", "20:00"), "open on Monday, not read as closed"


@pytest.mark.parametrize(("key", "day"), [("Tues", "tue"), ("THURS", "thu"), ("thur", "thu"), ("Weds", "wed"), ("sat", "sat")])
def test_a_day_shortened_as_people_write_it_is_read_as_its_key(key: str, day: str) -> None:
    assert location({key: ["09:00", "20:00"]}).opening_hours == {day: ["09:00", "20:00"]}


@pytest.mark.parametrize("key", ["Mo", "lundi", "1", "weekday", ""])
def test_a_day_the_contract_does_not_have_leaves_the_hours_not_known_naming_it(key: str, caplog) -> None:
    # read as no day at all, it made every day of the location look closed; refused, the location went unread
    assert location({key: ["09:00", "20:00"]}).opening_hours == {}
    assert any(f"unknown day {key!r}: the keys are mon, " in message for message in caplog.messages)


def test_a_day_given_twice_leaves_the_hours_not_known(caplog) -> None:
    assert location({"mon": ["09:00", "20:00"], "Monday": []}).opening_hours == {}
    assert any("mon given twice" in message for message in caplog.messages)


def test_shift_weekdays_count_from_monday_as_the_contract_says() -> None:
    staff = Staff.model_validate({"id": "st", "locationId": "loc", "firstName": "Maya",
                                  "shifts": [{"weekday": 0, "start": "09:00", "end": "17:00"}]})
    assert staff.shift_parts(MONDAY) and not staff.shift_parts(date(2026, 11, 29))  # Monday, not Sunday
    text = CONTRACT.read_text()
    assert "**0 = Monday**" in text and "`mon`, `tue`, `wed`, `thu`, `fri`, `sat`, `sun`" in text
