"""s46 conflicts46 (probe46c M2, L3): turnover clashes between two bookings interleaved in one room are one card that
names both turnovers, and the "start later" fix names a time that works."""

from collections import Counter
from datetime import date, timedelta

from spa_copilot.domain import Appointment, ServiceLine, Shift
from spa_copilot.engines.conflicts import ConflictKind, find_conflicts
from tests.builders import appointment, at, location, room, service, staff

DAY = date(2026, 11, 24)  # a Tuesday
MUD = service("sv_mud", name="Mud Wrap", buffer_minutes=15)
SW = service("sv_sw", name="Swedish")
MAYA, JON = staff("st_m", first_name="Maya"), staff("st_j", first_name="Jon")
R1, R2 = room("rs_1", name="Room 1"), room("rs_2", name="Room 2")
GUESTS = {"cl_1": "Ava S.", "cl_2": "Liam K."}


def _line(no: str, hhmm: str, minutes: int) -> ServiceLine:
    start = at(DAY, hhmm)
    return ServiceLine(
        id=no,
        service_id="sv_mud",
        staff_id="st_m",
        start_at=start,
        end_at=start + timedelta(minutes=minutes),
        resource_ids=["rs_1"],
    )


def _ava(*lines: ServiceLine) -> Appointment:
    return Appointment(
        id="ap_1",
        location_id="loc_1",
        client_id="cl_1",
        status="confirmed",
        start_at=lines[0].start_at,
        end_at=lines[-1].end_at,
        services=list(lines),
        updated_at=at(DAY, "08:00"),
    )


LIAM = appointment(at(DAY, "11:05"), 50, id="ap_2", staff_id="st_j", service_id="sv_mud", client_id="cl_2")


def _turnovers(books, staff=(MAYA, JON), resources=(R1, R2)):
    found = find_conflicts(
        books, staff=list(staff), resources=list(resources), services=[MUD, SW], locations=[location()], guests=GUESTS
    )
    return found, [c for c in found if c.kind == ConflictKind.buffer_violated]


def test_one_pair_of_bookings_around_each_other_is_one_card_naming_both_turnovers():
    """Ava's 10:00 and 12:00 wraps in Room 1 (15 min turnover), Liam's 11:05-11:55 between them: both turnovers
    short, one pair of bookings: one Conflict (not two with one key), naming both."""
    found, turnovers = _turnovers([_ava(_line("l1", "10:00", 60), _line("l2", "12:00", 60)), LIAM])
    assert all(n == 1 for n in Counter(c.key for c in found).values()), [(c.kind, c.message) for c in found]
    (turnover,) = turnovers
    assert "but the Mud Wrap (Liam K.) starts 11:05am, 10 min short" in turnover.message, turnover.message
    assert (
        "after the 11:05am Mud Wrap (Liam K.) (ends 11:55am), but the Mud Wrap (Ava S.) starts 12:00pm, 10 min short"
        in turnover.message
    ), turnover.message
    assert (turnover.start, turnover.end) == (at(DAY, "11:05"), at(DAY, "12:10"))


def test_the_pair_keeps_the_key_its_single_turnover_had():
    """Keys are stored with open cards: the pair's key is the one its first turnover alone had."""
    _, (alone,) = _turnovers([_ava(_line("l1", "10:00", 60)), LIAM])
    _, (both,) = _turnovers([_ava(_line("l1", "10:00", 60), _line("l2", "12:00", 60)), LIAM])
    assert both.key == alone.key


def _late_swedish(hhmm: str = "11:05"):
    return appointment(at(DAY, hhmm), 60, id="b", staff_id="st_j", service_id="sv_sw", client_id="c2")


WRAP = appointment(at(DAY, "10:00"), 60, id="a", staff_id="st_m", service_id="sv_mud")
NEXT = appointment(at(DAY, "12:10"), 60, id="c", staff_id="st_m", service_id="sv_sw", client_id="c3")
ROOM_2_TAKEN = appointment(
    at(DAY, "09:00"), 300, id="d", staff_id=None, service_id="sv_sw", client_id="c4", resource_ids=["rs_2"]
)


def _moved_to(fix: str) -> str:
    """The time a "Move the 11:05am Swedish to 1:10pm, when …" fix names."""
    assert fix.startswith("Move the 11:05am Swedish to "), fix
    return fix.removeprefix("Move the 11:05am Swedish to ").split(",")[0]


def _hhmm(clock: str) -> str:
    hours, minutes = clock[:-2].split(":")
    return f"{int(hours) % 12 + (12 if clock.endswith('pm') else 0):02d}:{minutes}"


def test_the_start_later_fix_names_a_time_that_works():
    """Room 1: a wrap 10:00-11:00 (15 min turnover), Jon's Swedish at 11:05, another guest's at 12:10; Room 2 taken.
    11:15 would run into the 12:10 guest's booking of the room: the fix names a start that clears everything."""
    _, (turnover,) = _turnovers([WRAP, _late_swedish(), NEXT, ROOM_2_TAKEN])
    assert "11:15am or later" not in turnover.suggested_fix, turnover.suggested_fix
    moved = _late_swedish(_hhmm(_moved_to(turnover.suggested_fix)))
    after, _ = _turnovers([WRAP, moved, NEXT, ROOM_2_TAKEN])
    assert not after, [(c.kind, c.message) for c in after]
    assert turnover.suggested_fix.endswith(", when Room 1 is ready and Jon is free."), turnover.suggested_fix


def test_no_start_that_works_falls_back_to_another_room_or_time():
    """Jon's shift ends at noon: no later start in Room 1 fits it, so no time is named."""
    jon = staff("st_j", first_name="Jon", shifts=[Shift(weekday=1, start="09:00", end="12:00")])
    _, (turnover,) = _turnovers([WRAP, _late_swedish(), NEXT, ROOM_2_TAKEN], staff=(MAYA, jon))
    assert turnover.suggested_fix == "Move the 11:05am Swedish to another room or time.", turnover.suggested_fix


def test_a_booking_with_no_therapist_waits_for_the_room_alone():
    unassigned = appointment(at(DAY, "11:05"), 60, id="b", staff_id=None, service_id="sv_sw", client_id="c2")
    _, (turnover,) = _turnovers([WRAP, unassigned, ROOM_2_TAKEN])
    assert turnover.suggested_fix == "Move the 11:05am Swedish to 11:15am, when Room 1 is ready.", (
        turnover.suggested_fix
    )
