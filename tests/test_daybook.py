"""The day's book: grouping by therapist, local-day bounds, gaps within shifts."""

from __future__ import annotations

from datetime import date

from spa_copilot.domain import Shift
from spa_copilot.engines.daybook import build_day_book
from tests.builders import appointment, at, location, room, service, staff

DAY = date(2026, 11, 24)  # a Tuesday


def test_entries_by_therapist_with_gaps() -> None:
    alice = staff("st_1", shifts=[Shift(weekday=DAY.weekday(), start="09:00", end="17:00")])
    bob = staff("st_2", shifts=[Shift(weekday=DAY.weekday(), start="12:00", end="20:00")])
    book = build_day_book(
        location(),
        DAY,
        appointments=[
            appointment(at(DAY, "11:00"), id="ap_2", client_id="cl_2"),
            appointment(at(DAY, "09:00"), id="ap_1"),
            appointment(at(DAY, "10:00"), 15, id="ap_x", status="cancelled"),
            appointment(at(DAY, "13:00"), id="ap_3", staff_id="st_2"),
            appointment(at(DAY, "14:00"), id="ap_4", staff_id=None),
        ],
        staff=[alice, bob],
        services=[service()],
        resources=[room()],
        client_names={"cl_1": "Ava S.", "cl_2": "Ben K."},
    )
    assert [sd.staff.id for sd in book.staff_days] == ["st_1", "st_2"]
    first = book.staff_days[0]
    assert [e.appointment_id for e in first.entries] == ["ap_1", "ap_2"]
    assert [e.client_name for e in first.entries] == ["Ava S.", "Ben K."]
    assert first.entries[0].rooms == ("Room rs_1",)
    assert [(g.start.strftime("%H:%M"), g.minutes) for g in first.gaps] == [("10:00", 60), ("12:00", 300)]
    assert [(g.start.strftime("%H:%M"), g.minutes) for g in book.staff_days[1].gaps] == [("12:00", 60), ("14:00", 360)]
    assert [e.appointment_id for e in book.unassigned] == ["ap_4"]
    assert book.appointment_count == 4


def test_day_bounds_are_the_locations_own_day() -> None:
    late = appointment(at(DAY, "23:30"), 30, id="ap_late")  # 04:30 UTC the next day
    book = build_day_book(location(), DAY, appointments=[late], staff=[staff()], services=[], resources=[])
    assert book.appointment_count == 1
    tomorrow = build_day_book(location(), date(2026, 11, 25), appointments=[late], staff=[staff()], services=[], resources=[])
    assert tomorrow.appointment_count == 0


def test_other_locations_and_short_gaps_are_left_out() -> None:
    alice = staff("st_1", shifts=[Shift(weekday=DAY.weekday(), start="09:00", end="10:20")])
    book = build_day_book(
        location(),
        DAY,
        appointments=[appointment(at(DAY, "09:00"), id="ap_1"), appointment(at(DAY, "09:00"), id="ap_o", location_id="loc_2")],
        staff=[alice],
        services=[],
        resources=[],
    )
    assert book.appointment_count == 1
    assert book.staff_days[0].gaps == []  # 20 free minutes is under the 30-minute threshold
