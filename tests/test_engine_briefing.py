"""The briefing engine's own rules probed with shifts the sandbox does not generate: split and past midnight."""

from __future__ import annotations

from datetime import date

from spa_copilot.domain import Shift
from spa_copilot.engines.briefing import day_summary, shift_on, shift_parts, therapist_briefing
from tests.builders import location, staff

DAY = date(2026, 11, 24)  # a Tuesday


def test_a_split_shift_is_told_in_its_parts_not_as_one_long_day() -> None:
    split = staff("st_1", first_name="Ana", shifts=[Shift(weekday=1, start="16:00", end="20:00"),
                                                     Shift(weekday=1, start="09:00", end="12:00")])
    briefing = therapist_briefing(split, location(), DAY, [])
    assert briefing.shift_parts == (("09:00", "12:00"), ("16:00", "20:00"))
    assert "Your shift is 9:00am–12:00pm and 4:00pm–8:00pm." in day_summary(briefing)


def test_a_shift_past_midnight_comes_last_and_touching_parts_are_one() -> None:
    member = staff("st_1", shifts=[Shift(weekday=1, start="18:00", end="02:00"), Shift(weekday=1, start="09:00", end="12:00"),
                                   Shift(weekday=1, start="12:00", end="13:00")])
    assert shift_parts(member, DAY) == (("09:00", "13:00"), ("18:00", "02:00"))
    assert shift_on(member, DAY) == ("09:00", "02:00")
    until_midnight = staff("st_2", shifts=[Shift(weekday=1, start="16:00", end="00:00")])
    assert "Your shift is 4:00pm–12:00am." in day_summary(therapist_briefing(until_midnight, location(), DAY, []))


def _guest(appointment_id: str, client_id: str, hour: int, *, new: bool = False, caution: bool = False):  # noqa: ANN202
    from datetime import datetime

    from spa_copilot.engines.briefing import GuestBrief

    start = datetime(2026, 11, 24, hour, tzinfo=location().tz)
    return GuestBrief(appointment_id, client_id, client_id.title(), start, start.replace(hour=hour + 1), ("Facial",),
                      new_client=new, allergies=("latex",) if caution else ())


def test_one_guest_booked_twice_is_one_guest_with_two_appointments() -> None:
    ana = staff("st_1", first_name="Ana")
    twice = [_guest("ap_1", "cl_mia", 12, new=True, caution=True), _guest("ap_2", "cl_mia", 15, new=True, caution=True)]
    assert day_summary(therapist_briefing(ana, location(), DAY, twice)) == (
        "Good morning, Ana. 1 guest (2 appointments) today, the first at 12:00pm. 1 new client. 1 with something to check first."
    )
    three = [*twice, _guest("ap_3", "cl_bo", 16, new=True)]
    assert day_summary(therapist_briefing(ana, location(), DAY, three)) == (
        "Good morning, Ana. 2 guests (3 appointments) today, the first at 12:00pm. 2 new clients. 1 with something to check first."
    )
    assert day_summary(therapist_briefing(ana, location(), DAY, three[1:])).startswith("Good morning, Ana. 2 guests today,")


def test_the_prep_dm_lists_preferences_under_their_own_heading() -> None:
    """Labelled preferences, scents to avoid and areas to avoid among them, are not headed "Likes:"."""
    from dataclasses import replace

    from spa_copilot.engines.briefing import prep_text

    guest = replace(_guest("ap_1", "cl_ava", 10), preferences=("Pressure: firm", "Avoid scents: peppermint", "Avoid: scalp"))
    lines = prep_text(guest, location()).splitlines()
    assert "Preferences: Pressure: firm; Avoid scents: peppermint; Avoid: scalp" in lines
    assert not any(line.startswith("Likes") for line in lines)
