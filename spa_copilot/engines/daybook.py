"""The day's book: a location's appointments for one local day, by therapist, with the gaps in each shift. Pure."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from spa_copilot.domain import (
    Appointment,
    Location,
    Resource,
    ResourceType,
    Service,
    Staff,
    StaffRole,
    local_day_bounds,
)

#: Roles whose free time is worth showing: the people who give treatments.
PROVIDER_ROLES = frozenset({StaffRole.therapist, StaffRole.esthetician})


@dataclass(frozen=True)
class BookEntry:
    appointment_id: str
    client_id: str
    client_name: str
    start: datetime
    end: datetime
    services: tuple[str, ...]
    rooms: tuple[str, ...]
    status: str
    risk: str | None = None


@dataclass(frozen=True)
class Gap:
    start: datetime
    end: datetime

    @property
    def minutes(self) -> int:
        return int((self.end - self.start).total_seconds() // 60)


@dataclass
class StaffDay:
    staff: Staff
    entries: list[BookEntry] = field(default_factory=list)
    gaps: list[Gap] = field(default_factory=list)
    shift: tuple[datetime, datetime] | None = None


@dataclass
class DayBook:
    location: Location
    day: date
    staff_days: list[StaffDay]
    unassigned: list[BookEntry]

    @property
    def appointment_count(self) -> int:
        ids = {e.appointment_id for sd in self.staff_days for e in sd.entries}
        return len(ids | {e.appointment_id for e in self.unassigned})


def build_day_book(
    location: Location,
    day: date,
    *,
    appointments: Iterable[Appointment],
    staff: Iterable[Staff],
    services: Iterable[Service],
    resources: Iterable[Resource],
    client_names: Mapping[str, str] | None = None,
    risk_labels: Mapping[str, str] | None = None,
    min_gap_minutes: int = 30,
    include_cancelled: bool = False,
) -> DayBook:
    """Group a day's service lines by staff member, in start order, and find free stretches in each shift.

    ``risk_labels`` (appointment id → e.g. "high (34%)") marks the bookings worth a confirmation call.
    """
    tz = location.tz
    day_start, day_end = local_day_bounds(day, tz)
    names = client_names or {}
    risks = risk_labels or {}
    service_names = {s.id: s.name for s in services}
    rooms = {r.id: r.name for r in resources if r.type == ResourceType.room}
    people = [s for s in staff if s.location_id == location.id and s.active]
    by_staff: dict[str, StaffDay] = {s.id: StaffDay(s) for s in people}
    unassigned: list[BookEntry] = []

    for appointment in appointments:
        if appointment.location_id != location.id or not (day_start <= appointment.start_at < day_end):
            continue
        if not include_cancelled and not appointment.is_active:
            continue
        for line in appointment.services:
            entry = BookEntry(
                appointment_id=appointment.id,
                client_id=appointment.client_id,
                client_name=names.get(appointment.client_id, appointment.client_id),
                start=line.start_at.astimezone(tz),
                end=line.end_at.astimezone(tz),
                services=(line.service_name or service_names.get(line.service_id, line.service_id),),
                rooms=tuple(rooms[r] for r in line.resource_ids if r in rooms),
                status=str(appointment.status),
                risk=risks.get(appointment.id),
            )
            target = by_staff.get(line.staff_id or "")
            (target.entries if target else unassigned).append(entry)

    for staff_day in by_staff.values():
        staff_day.entries.sort(key=lambda e: (e.start, e.appointment_id))
        staff_day.shift = _shift_on(staff_day.staff, day, location)
        if staff_day.shift:
            staff_day.gaps = _gaps(staff_day.shift, staff_day.entries, min_gap_minutes)

    working = [sd for sd in by_staff.values() if sd.entries or (sd.shift and sd.staff.role in PROVIDER_ROLES)]
    working.sort(key=lambda sd: (sd.entries[0].start if sd.entries else day_end, sd.staff.display_name))
    unassigned.sort(key=lambda e: e.start)
    return DayBook(location, day, working, unassigned)


def _shift_on(staff: Staff, day: date, location: Location) -> tuple[datetime, datetime] | None:
    for shift in staff.shifts:
        if shift.weekday == day.weekday():
            start = datetime.combine(day, shift.start_time, tzinfo=location.tz)
            end = datetime.combine(day, shift.end_time, tzinfo=location.tz)
            return start, end
    return None


def _gaps(shift: tuple[datetime, datetime], entries: list[BookEntry], min_minutes: int) -> list[Gap]:
    gaps: list[Gap] = []
    cursor, shift_end = shift
    for entry in entries:
        if entry.start - cursor >= timedelta(minutes=min_minutes):
            gaps.append(Gap(cursor, min(entry.start, shift_end)))
        cursor = max(cursor, entry.end)
    if shift_end - cursor >= timedelta(minutes=min_minutes):
        gaps.append(Gap(cursor, shift_end))
    return [g for g in gaps if g.minutes >= min_minutes]
