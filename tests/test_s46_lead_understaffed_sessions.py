"""A two-staff service given twice in one appointment, hours apart with one therapist each time, is understaffed (it
had read as two therapists on one session: no card), and one appointment's understaffed sessions make one conflict
(two conflicts with one key had hidden the second: rev46a)."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta

from spa_copilot.domain import Appointment, ServiceLine
from spa_copilot.engines.conflicts import ConflictKind, find_conflicts
from tests.builders import at, location, room, service, staff

DAY = date(2026, 11, 24)
COUPLES = service("sv_couples", name="Couples Massage", staff_count=2)
TEAM = [staff("st_s", first_name="Sam"), staff("st_p", first_name="Priya"), staff("st_j", first_name="Jo")]


def _line(i: int, staff_id: str | None, hhmm: str, minutes: int = 60) -> ServiceLine:
    start = at(DAY, hhmm)
    return ServiceLine(id=f"l{i}", service_id="sv_couples", staff_id=staff_id, start_at=start,
                       end_at=start + timedelta(minutes=minutes), resource_ids=["rs_1"])


def _found(*lines: ServiceLine) -> list:
    booked = Appointment(id="ap_1", location_id="loc_1", client_id="cl_1", status="confirmed",
                         start_at=min(line.start_at for line in lines), end_at=max(line.end_at for line in lines),
                         services=list(lines))
    return find_conflicts([booked], staff=TEAM, resources=[room("rs_1", name="Room 1")], services=[COUPLES],
                          locations=[location()])


def test_two_sessions_hours_apart_with_one_therapist_each_are_understaffed() -> None:
    [conflict] = _found(_line(1, "st_s", "10:00"), _line(2, "st_p", "15:00"))
    assert conflict.kind == ConflictKind.understaffed
    assert conflict.message == (
        "The 10:00am Couples Massage needs two staff members; only Sam Test is booked on it. "
        "The 3:00pm one too: only Priya Test is booked on it."
    )


def test_side_by_side_lines_are_one_session_as_before() -> None:
    assert _found(_line(1, "st_s", "10:00"), _line(2, "st_p", "10:00")) == []
    assert _found(_line(1, "st_s", "10:00"), _line(2, "st_p", "10:05")) == []  # a staggered start, still together


def test_an_appointments_short_sessions_make_one_conflict() -> None:
    found = _found(_line(1, "st_s", "10:00"), _line(2, None, "10:00"), _line(3, "st_p", "15:00"), _line(4, None, "15:00"))
    assert [c.kind for c in found] == [ConflictKind.understaffed]
    assert not [key for key, n in Counter(c.key for c in found).items() if n > 1]
