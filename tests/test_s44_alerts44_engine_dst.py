"""A booking's length is real elapsed time even when its start and end share one ZoneInfo across a clock change.

Python subtracts two datetimes with the same tzinfo object as wall clocks; the engine measures in UTC instead, so a
night booking over the fall-back hour is as long as it really is, and one over the spring-forward hour ends when
it really ends.
"""

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from spa_copilot.domain import Appointment, ServiceLine, Shift
from spa_copilot.engines.conflicts import ConflictKind, find_conflicts
from tests.builders import location, room, service, staff

NEW_YORK = ZoneInfo("America/New_York")
NIGHT_SHIFTS = [Shift(weekday=day, start="18:00", end="02:00") for day in range(7)]


def _conflicts_of_night_booking(start_utc: datetime, end_utc: datetime):
    start, end = start_utc.astimezone(NEW_YORK), end_utc.astimezone(NEW_YORK)  # one ZoneInfo object for both
    assert start.tzinfo is end.tzinfo
    line = ServiceLine(
        id="sl_1", service_id="sv_m", staff_id="st_owl", start_at=start, end_at=end, resource_ids=["rs_1"]
    )
    booking = Appointment(
        id="ap_1",
        location_id="loc_1",
        client_id="cl_1",
        status="confirmed",
        start_at=start,
        end_at=end,
        services=[line],
    )
    return find_conflicts(
        [booking],
        staff=[staff("st_owl", first_name="Olive", shifts=NIGHT_SHIFTS)],
        resources=[room()],
        services=[service("sv_m", name="Swedish Massage")],
        locations=[location()],
    )


def test_a_fall_back_booking_running_past_a_2am_shift_end_is_outside_the_shift() -> None:
    # 1:00am EDT to 3:00am EST on Sunday 1 November 2026: three real hours, the last one after the 2:00am EST end
    found = _conflicts_of_night_booking(
        datetime(2026, 11, 1, 5, 0, tzinfo=UTC), datetime(2026, 11, 1, 8, 0, tzinfo=UTC)
    )
    assert [conflict.kind for conflict in found] == [ConflictKind.outside_shift]
    [conflict] = found
    assert conflict.start == datetime(2026, 11, 1, 7, 0, tzinfo=UTC)
    assert conflict.end == datetime(2026, 11, 1, 8, 0, tzinfo=UTC)


def test_a_spring_forward_booking_ends_when_it_really_ends() -> None:
    # 1:30am EST to 3:30am EDT on Sunday 8 March 2026: one real hour; the shift's 2:00am end is 3:00am EDT that night
    [conflict] = _conflicts_of_night_booking(
        datetime(2026, 3, 8, 6, 30, tzinfo=UTC), datetime(2026, 3, 8, 7, 30, tzinfo=UTC)
    )
    assert conflict.kind == ConflictKind.outside_shift
    assert conflict.end == datetime(2026, 3, 8, 7, 30, tzinfo=UTC)
    assert "3:30am" in conflict.message
    assert "4:30am" not in conflict.message
