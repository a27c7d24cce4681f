"""s46 conflicts46 (probe46c L4): a booking spilling out of a split shift in two places names each part outside it,
and a long overrun reads in hours."""

from datetime import date

from spa_copilot.domain import Shift
from spa_copilot.engines.conflicts import ConflictKind, find_conflicts
from tests.builders import appointment, at, location, room, service, staff

DAY = date(2026, 11, 24)  # a Tuesday
SOL = staff(
    "st_s",
    first_name="Sol",
    shifts=[Shift(weekday=1, start="09:00", end="12:00"), Shift(weekday=1, start="13:00", end="18:00")],
)


def _clash(hhmm: str, minutes: int):
    booked = appointment(at(DAY, hhmm), minutes, id="a", staff_id="st_s", service_id="sv_sw")
    (clash,) = find_conflicts(
        [booked],
        staff=[SOL],
        resources=[room("rs_1")],
        services=[service("sv_sw", name="Swedish")],
        locations=[location()],
    )
    assert clash.kind == ConflictKind.outside_shift
    return clash


def test_before_the_shift_and_over_lunch_is_two_parts_not_8_to_1():
    clash = _clash("08:00", 330)  # 8:00am-1:30pm: outside 8-9 and 12-1, on shift 9-12
    assert "8:00am–1:00pm, outside them" not in clash.message, clash.message
    assert clash.message.endswith("keeps them busy 8:00am–9:00am and 12:00pm–1:00pm, outside them."), clash.message
    assert (clash.start, clash.end) == (at(DAY, "08:00"), at(DAY, "13:00"))  # the span (and fingerprint) as before


def test_over_lunch_and_past_the_end_is_two_parts_not_seven_hours_past_noon():
    clash = _clash("11:00", 480)  # 11:00am-7:00pm: outside 12-1 and 6-7, on shift 1-6
    assert "420 min past their 12:00pm shift end" not in clash.message, clash.message
    assert clash.message.endswith("keeps them busy 12:00pm–1:00pm and 6:00pm–7:00pm, outside them."), clash.message


def test_a_long_overrun_reads_in_hours():
    assert "runs 2 h past their 6:00pm shift end, to 8:00pm." in _clash("16:00", 240).message
    assert "runs 1 h 30 min past their 6:00pm shift end, to 7:30pm." in _clash("17:00", 150).message
    assert "runs 30 min past their 6:00pm shift end, to 6:30pm." in _clash("17:00", 90).message
