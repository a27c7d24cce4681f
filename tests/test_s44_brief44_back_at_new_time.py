"""Session 44 (probe44d M2): a booking given back to a therapist at another time says the time it is hers now: "Nora's
2:00pm Swedish Massage 60 is booked with you again." was all Ana heard when Nora came back to her at 3:30pm."""

from __future__ import annotations

from datetime import date, timedelta

from spa_copilot.ai.schemas import GuestProfile
from spa_copilot.domain import Appointment
from spa_copilot.engines import briefing as engine
from spa_copilot.engines.calendar_diff import snapshot_of
from tests.builders import appointment, at, client, location, room, service, staff

DAY = date(2026, 11, 24)
NOW = at(DAY, "09:30")
ROOM = room("rs_1", name="Massage Room 1")
SWEDISH = service("sv_swedish", name="Swedish Massage 60")
STAFF = {s.id: s for s in (staff("st_ana", first_name="Ana"), staff("st_sam", first_name="Sam"))}


def booked(staff_id: str, hhmm: str, day: date = DAY) -> Appointment:
    return appointment(
        at(day, hhmm), 60, id="ap_1", staff_id=staff_id, service_id=SWEDISH.id, service_name=SWEDISH.name,
        resource_ids=[ROOM.id],
    )


def given_back(after: Appointment) -> str | None:
    """Ana's update: the booking was Sam's at 2:00pm (the book as last polled), and is now ``after``."""
    return engine.prep_update(
        snapshot_of(booked("st_sam", "14:00")),
        after,
        "st_ana",
        first_name="Nora",
        location=location(),
        now=NOW,
        services={SWEDISH.id: SWEDISH},
        resources={ROOM.id: ROOM},
        staff=STAFF,
        client=client(),
        profile=GuestProfile(),
    )


def test_given_back_at_a_new_time_says_the_new_time() -> None:
    assert given_back(booked("st_ana", "15:30")) == (
        "Update: Nora's 2:00pm Swedish Massage 60 is booked with you again at 3:30pm."
    )


def test_given_back_on_another_day_says_the_day() -> None:
    assert given_back(booked("st_ana", "15:30", DAY + timedelta(days=1))) == (
        "Update: Nora's 2:00pm Swedish Massage 60 is booked with you again on Wed 25 Nov at 3:30pm."
    )


def test_given_back_at_the_same_time_says_no_time_twice() -> None:
    assert given_back(booked("st_ana", "14:00")) == "Update: Nora's 2:00pm Swedish Massage 60 is booked with you again."
