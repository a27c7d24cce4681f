"""``reads.load_between``: a stretch of time's appointments as the adapter times them (``Appointment.as_booked``),
whatever the spa system's own ``startAt`` (which is what it filters a list by)."""

from __future__ import annotations

import asyncio
from datetime import date, datetime, timedelta
from typing import Any

from spa_copilot.domain import Appointment
from spa_copilot.reads import load_between, load_day

from . import builders as b

NY = b.NY
MONDAY, TUESDAY, WEDNESDAY, THURSDAY = (date(2026, 11, 23) + timedelta(days=n) for n in range(4))


class ListsByOwnStart:
    """A platform that, like the spa system, filters by each appointment's own ``startAt`` and hands them over timed
    by their service lines (what ``MangomintClient`` does)."""

    def __init__(self, appointments: list[Appointment]) -> None:
        self.appointments = appointments
        self.asked: list[tuple[datetime, datetime]] = []

    async def list_appointments(self, *, location_id: str, start_from: datetime, start_to: datetime, **_: Any) -> list[Appointment]:
        self.asked.append((start_from, start_to))
        return [
            a.as_booked(NY) for a in self.appointments
            if a.location_id == location_id and start_from <= a.start_at < start_to
        ]


def summary_at(appointment: Appointment, start: datetime) -> Appointment:
    """``appointment`` with its own ``startAt`` moved to ``start``, its service lines where they are."""
    return appointment.model_copy(update={"start_at": start, "end_at": start + timedelta(hours=1)})


def between(platform: ListsByOwnStart, start: datetime, end: datetime) -> list[str]:
    return sorted(a.id for a in asyncio.run(load_between(platform, b.location(), start, end)))  # type: ignore[arg-type]


def test_an_appointment_whose_services_are_in_the_stretch_is_found_though_its_own_start_is_a_day_off() -> None:
    # the services were moved to Tuesday 11:30pm, the summary still says Monday 11:30pm: before the stretch asked
    moved_in = summary_at(b.appointment(b.at(TUESDAY, "23:30"), id="ap_in"), b.at(MONDAY, "23:30"))
    platform = ListsByOwnStart([moved_in])
    assert between(platform, b.at(TUESDAY, "00:00"), b.at(WEDNESDAY, "00:00")) == ["ap_in"]


def test_an_appointment_whose_services_left_the_stretch_is_not_kept_though_its_own_start_is_in_it() -> None:
    moved_out = summary_at(b.appointment(b.at(WEDNESDAY, "09:00"), id="ap_out"), b.at(TUESDAY, "09:00"))
    stays = b.appointment(b.at(TUESDAY, "10:00"), id="ap_stays")
    platform = ListsByOwnStart([moved_out, stays])
    assert between(platform, b.at(TUESDAY, "00:00"), b.at(WEDNESDAY, "00:00")) == ["ap_stays"]


def test_the_stretch_is_read_with_a_local_day_either_side_and_kept_to_its_exact_instants() -> None:
    early = b.appointment(b.at(TUESDAY, "08:59"), id="ap_early")
    inside = b.appointment(b.at(TUESDAY, "09:00"), id="ap_inside")
    late = b.appointment(b.at(TUESDAY, "17:00"), id="ap_late")
    platform = ListsByOwnStart([early, inside, late])
    assert between(platform, b.at(TUESDAY, "09:00"), b.at(TUESDAY, "17:00")) == ["ap_inside"]
    assert platform.asked == [(b.at(MONDAY, "00:00"), b.at(THURSDAY, "00:00"))]


def test_a_stretch_ending_at_midnight_reaches_one_day_past_its_last_day_not_two() -> None:
    platform = ListsByOwnStart([])
    between(platform, b.at(TUESDAY, "00:00"), b.at(WEDNESDAY, "00:00"))
    assert platform.asked == [(b.at(MONDAY, "00:00"), b.at(THURSDAY, "00:00"))]


def test_a_day_is_still_read_once_with_a_day_either_side() -> None:
    moved_in = summary_at(b.appointment(b.at(TUESDAY, "23:30"), id="ap_in"), b.at(WEDNESDAY, "00:30"))
    platform = ListsByOwnStart([moved_in])
    found = asyncio.run(load_day(platform, b.location(), TUESDAY))  # type: ignore[arg-type]
    assert [a.id for a in found] == ["ap_in"]
    assert platform.asked == [(b.at(MONDAY, "00:00"), b.at(THURSDAY, "00:00"))]
