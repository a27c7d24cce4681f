"""s49 (probe49b MEDIUM): an "Outside shift" alert for a service with processing time named a shift end no shift has:
a Colour at 5:00pm (30 min hands-on, 30 processing, 30 finishing) for a shift ending 5:45pm read "runs 30 min past
their 6:00pm shift end": the busy part outside starts after the processing, not at the shift's end. Said as an
overrun only when the time outside starts at a shift's end; else when it keeps them busy, as a split shift's is."""

from __future__ import annotations

from datetime import date

from spa_copilot.domain import Shift
from spa_copilot.engines.conflicts import ConflictKind, find_conflicts
from tests.builders import appointment, at, location, room, service, staff

D = date(2026, 12, 8)  # a Tuesday
COLOUR = service("sv_c", name="Colour", category="hair", duration_minutes=30, processing_minutes=30,
                 finishing_minutes=30)
MASSAGE = service("sv_m", name="Swedish Massage 60")


def _outside(shifts: list[tuple[str, str]], start: str, booked=COLOUR, minutes: int = 90) -> str:  # noqa: ANN001
    found = find_conflicts(
        [appointment(at(D, start), minutes, staff_id="st_1", service_id=booked.id)],
        staff=[staff("st_1", shifts=[Shift(weekday=D.weekday(), start=s, end=e) for s, e in shifts])],
        resources=[room("rs_1")], services=[booked], locations=[location()], guests={"cl_1": "Ava S."},
    )
    (conflict,) = [c for c in found if c.kind == ConflictKind.outside_shift]
    return conflict.message


def test_a_processing_time_past_the_shift_end_says_when_it_keeps_them_busy():
    message = _outside([("09:00", "17:45")], "17:00")
    assert "shift end" not in message and "keeps them busy 6:00pm–6:30pm, outside it" in message, message


def test_a_split_shifts_break_with_processing_names_no_end_that_is_none():
    message = _outside([("09:00", "12:00"), ("14:00", "18:00")], "11:30")
    assert "12:30pm shift end" not in message and "12:30pm–1:00pm" in message, message


def test_an_overrun_from_the_shift_end_is_still_said_so():
    message = _outside([("09:00", "17:30")], "17:00", MASSAGE, 60)
    assert "runs 30 min past their 5:30pm shift end, to 6:00pm" in message, message
