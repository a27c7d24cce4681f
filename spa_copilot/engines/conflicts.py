"""The conflict engine: what in a set of bookings cannot work as booked, why, and what to do about it. Pure.

``find_conflicts`` takes appointments plus the spa's staff, resources, services (and locations, for time
zones) and returns ``Conflict`` objects. No I/O, no clock: the caller chooses the appointments (e.g. one
location's today and tomorrow).

How a service line occupies people and places (``Service`` says ``durationMinutes``, ``processingMinutes``,
``finishingMinutes``; the line's ``endAt`` already includes processing and finishing):

- the therapist is busy hands-on for ``[start, start + duration)``, free during the processing time that
  follows (e.g. a body wrap setting for 20 minutes), and busy again for the finishing part up to ``endAt``;
  an unknown service keeps the therapist busy for the whole line;
- rooms and equipment are busy for the whole line, and a room needs the earlier line's
  ``bufferMinutes`` of turnover before the next appointment in it starts.

Only active appointments (not cancelled, not no-show) take part. Several lines of the *same* appointment on
one staff member or in one room count once (a couples suite, a two-staff service, back-to-back services).

Everything that compares bookings with each other is a sweep over each staff member's / resource's lines
sorted by start, so the engine is O(n log n) in the number of service lines. Overlaps are reported once per
maximal stretch of time during which a staff member / resource holds more appointments than it can (three
lines on one therapist at once give one conflict naming all three, not three pairs).

Known gaps (by design, see docs/performance.md): a service's ``equipmentKinds`` that the line did not book
are not checked (none of the conflict kinds fits); a staff member with no shifts at all is treated as
"schedule unknown" and never flagged ``outside_shift``; unknown staff / resource ids are still checked for
double booking (staff) but not for skills, room types or capacity (resources); a service that lists
``roomTypes`` but whose line booked no room is not flagged.
"""

from __future__ import annotations

import hashlib
import heapq
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, tzinfo
from enum import StrEnum
from typing import Any

from spa_copilot.domain import (
    ACTIVE_STATUSES,
    Appointment,
    Location,
    Resource,
    ResourceType,
    Service,
    ServiceLine,
    Staff,
    StaffRole,
)

__all__ = ["Conflict", "ConflictKind", "conflict_key", "find_conflicts"]


class ConflictKind(StrEnum):
    staff_double_booked = "staff_double_booked"
    room_double_booked = "room_double_booked"
    equipment_over_capacity = "equipment_over_capacity"
    missing_skill = "missing_skill"
    missing_certification = "missing_certification"
    wrong_room_type = "wrong_room_type"
    buffer_violated = "buffer_violated"
    outside_shift = "outside_shift"
    understaffed = "understaffed"


_TITLES = {
    ConflictKind.staff_double_booked: "Staff double-booked",
    ConflictKind.room_double_booked: "Room double-booked",
    ConflictKind.equipment_over_capacity: "Equipment over capacity",
    ConflictKind.missing_skill: "Missing skill",
    ConflictKind.missing_certification: "Missing certification",
    ConflictKind.wrong_room_type: "Wrong room type",
    ConflictKind.buffer_violated: "Turnover buffer too short",
    ConflictKind.outside_shift: "Outside shift",
    ConflictKind.understaffed: "Two-staff service with one staff",
}
_CRITICAL = frozenset(
    {ConflictKind.staff_double_booked, ConflictKind.room_double_booked, ConflictKind.equipment_over_capacity}
)
_KIND_ORDER = {kind: n for n, kind in enumerate(ConflictKind)}


def conflict_key(kind: str, appointment_ids: Iterable[str], subject_ids: Iterable[str]) -> str:
    """The stable identity of a conflict: kind, the appointments, and what it is about (staff/resource/service ids)."""
    raw = "|".join((str(kind), ",".join(sorted(set(appointment_ids))), ",".join(sorted(set(subject_ids)))))
    return hashlib.sha1(raw.encode()).hexdigest()


@dataclass(frozen=True)
class Conflict:
    """One thing that cannot work as booked.

    ``key`` identifies the conflict across polls and restarts (kind + appointment ids + ``subject_ids``; never
    names, wording or input order). ``fingerprint`` also covers the times and everyone involved, so it changes
    when the conflict's substance changes and an alert can be updated in place. Neither covers ``message`` or
    ``suggested_fix``, which depend on the rest of the calendar and would otherwise churn.
    """

    kind: ConflictKind
    appointment_ids: tuple[str, ...]
    staff_ids: tuple[str, ...]
    resource_ids: tuple[str, ...]
    start: datetime
    end: datetime
    message: str
    suggested_fix: str
    subject_ids: tuple[str, ...] = ()
    location_id: str | None = None
    key: str = field(init=False)
    fingerprint: str = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "appointment_ids", tuple(sorted(set(self.appointment_ids))))
        object.__setattr__(self, "staff_ids", tuple(sorted(set(self.staff_ids))))
        object.__setattr__(self, "resource_ids", tuple(sorted(set(self.resource_ids))))
        object.__setattr__(self, "subject_ids", tuple(sorted(set(self.subject_ids))))
        object.__setattr__(self, "key", conflict_key(self.kind, self.appointment_ids, self.subject_ids))
        substance = "|".join(
            (
                self.key,
                self.start.isoformat(),
                self.end.isoformat(),
                ",".join(self.staff_ids),
                ",".join(self.resource_ids),
            )
        )
        object.__setattr__(self, "fingerprint", hashlib.sha1(substance.encode()).hexdigest())

    @property
    def title(self) -> str:
        """A short label for the kind, e.g. "Staff double-booked"."""
        return _TITLES[self.kind]

    @property
    def severity(self) -> str:
        """``critical`` for double bookings and over-capacity, ``warning`` for the rest."""
        return "critical" if self.kind in _CRITICAL else "warning"

    def to_json(self) -> dict[str, Any]:
        """The ``spa-copilot conflicts --json`` shape (camelCase, ISO-8601 times with offset)."""
        return {
            "kind": str(self.kind),
            "appointmentIds": list(self.appointment_ids),
            "staffIds": list(self.staff_ids),
            "resourceIds": list(self.resource_ids),
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "message": self.message,
            "suggestedFix": self.suggested_fix,
            "key": self.key,
            "fingerprint": self.fingerprint,
            "severity": self.severity,
            "locationId": self.location_id,
        }


def find_conflicts(
    appointments: Iterable[Appointment],
    *,
    staff: Iterable[Staff],
    resources: Iterable[Resource],
    services: Iterable[Service],
    locations: Iterable[Location] | None = None,
) -> list[Conflict]:
    """Every conflict in ``appointments``, sorted by start time, then kind, then key."""
    calendar = _Calendar(staff, resources, services, locations or ())
    calendar.add(appointments)
    found: list[Conflict] = []
    found += calendar.staff_double_bookings()
    found += calendar.resource_over_capacity()
    found += calendar.buffer_violations()
    found += calendar.line_checks()
    found += calendar.understaffed()
    found.sort(key=lambda c: (c.start, _KIND_ORDER[c.kind], c.key))
    return found


# ---- internals -------------------------------------------------------------------------------------------

Interval = tuple[int, int, int]  # (start epoch s, end epoch s, line number)
_QUARTER = 900  # every real UTC offset and transition is a multiple of 15 minutes
_FIVE_MINUTES = 300
_LOOKBACK = 50  # intervals looked at one by one when a line must be ignored; earlier ones count in bulk


@dataclass(slots=True)
class _Line:
    no: int
    appointment: Appointment
    line: ServiceLine
    service: Service | None
    start: int
    end: int
    busy: tuple[tuple[int, int], ...]  # the staff member's busy intervals on this line
    tz: tzinfo

    @property
    def service_name(self) -> str:
        if self.service is not None:
            return self.service.name
        return self.line.service_name or self.line.service_id


@dataclass(slots=True)
class _Timeline:
    """One staff member's or resource's intervals sorted by start, for "is it free then?" questions."""

    intervals: list[Interval]
    margins: dict[int, int]  # line number -> seconds the interval keeps holding after its end (room turnover)
    starts: list[int]
    reach: list[int]  # running maximum of (end + margin) up to each index

    @classmethod
    def of(cls, intervals: list[Interval], margins: dict[int, int] | None = None) -> _Timeline:
        margins = margins or {}
        starts = [s for s, _, _ in intervals]
        reach: list[int] = []
        furthest = -(2**62)
        for _, end, no in intervals:
            furthest = max(furthest, end + margins.get(no, 0))
            reach.append(furthest)
        return cls(intervals, margins, starts, reach)

    def _held_until(self, idx: int, *, skip: int) -> int:
        """How far the intervals before ``idx`` reach, ignoring line ``skip`` (exact for the last few)."""
        low = max(0, idx - _LOOKBACK)
        furthest = self.reach[low - 1] if low else -(2**62)
        for _, end, no in self.intervals[low:idx]:
            if no != skip:
                furthest = max(furthest, end + self.margins.get(no, 0))
        return furthest

    def is_free(self, start: int, end: int, *, skip: int = -1) -> bool:
        """Nothing in the timeline (with its margins, ignoring line ``skip``) touches ``[start, end)``."""
        idx = bisect_left(self.starts, end)
        if idx == 0 or self.reach[idx - 1] <= start:
            return True
        return skip >= 0 and self._held_until(idx, skip=skip) <= start

    def next_gap(self, after: int, length: int, *, skip: int, until: int) -> int | None:
        """The earliest 5-minute start >= ``after`` with ``length`` free seconds before ``until`` (ignoring ``skip``)."""
        idx = bisect_left(self.starts, after)
        cursor = max(after, self._held_until(idx, skip=skip)) if idx else after
        for i in range(idx, len(self.intervals)):
            candidate = _round_up(cursor)
            if candidate + length > until:
                return None
            start, end, no = self.intervals[i]
            if no == skip:
                continue
            if start >= candidate + length:
                break
            cursor = max(cursor, end + self.margins.get(no, 0))
        candidate = _round_up(cursor)
        return candidate if candidate + length <= until else None


class _Calendar:
    """The bookings pre-extracted into plain tuples, grouped by staff member and by resource."""

    def __init__(
        self,
        staff: Iterable[Staff],
        resources: Iterable[Resource],
        services: Iterable[Service],
        locations: Iterable[Location],
    ) -> None:
        self.staff = {s.id: s for s in staff}
        self.resources = {r.id: r for r in resources}
        self.services = {s.id: s for s in services}
        self.zones: dict[str, tzinfo] = {loc.id: loc.tz for loc in locations}
        self.lines: list[_Line] = []
        self.appointment_of: list[int] = []  # line number -> appointment number (cheap identity for sweeps)
        self.by_staff: dict[str, list[Interval]] = defaultdict(list)
        self.by_resource: dict[str, list[Interval]] = defaultdict(list)
        self._local_dates: dict[tuple[int, int], date] = {}
        self._shift_windows: dict[tuple[str, int, int], list[tuple[int, int]]] = {}
        self._staff_timelines: dict[str, _Timeline] = {}
        self._resource_timelines: dict[str, _Timeline] = {}
        self._buffers: dict[int, int] = {}
        self._candidates: dict[str, list[Staff]] = {}

    # -- extraction (the hot loop: no pydantic work beyond attribute reads) --

    def add(self, appointments: Iterable[Appointment]) -> None:
        timings = {
            s.id: (s.duration_minutes * 60, s.processing_minutes * 60, s.buffer_minutes * 60)
            for s in self.services.values()
        }
        services = self.services
        lines, appointment_of = self.lines, self.appointment_of
        by_staff, by_resource, buffers = self.by_staff, self.by_resource, self._buffers
        zones = self.zones
        latest: dict[str, Appointment] = {}
        for appointment in appointments:  # the same appointment twice (e.g. merged reads): the newest version wins
            seen = latest.get(appointment.id)
            if seen is None or appointment.version >= seen.version:
                latest[appointment.id] = appointment
        for number, appointment in enumerate(latest.values()):
            if appointment.status not in ACTIVE_STATUSES:
                continue
            zone = zones.get(appointment.location_id)
            for line in appointment.services:
                start = int(line.start_at.timestamp())
                end = int(line.end_at.timestamp())
                if end <= start:
                    continue
                no = len(lines)
                timing = timings.get(line.service_id)
                if timing is None or timing[1] == 0:
                    busy: tuple[tuple[int, int], ...] = ((start, end),)
                else:
                    processing_from = min(start + timing[0], end)
                    processing_to = processing_from + timing[1]
                    busy = ((start, processing_from), (processing_to, end)) if processing_to < end else ((start, processing_from),)
                if timing is not None and timing[2]:
                    buffers[no] = timing[2]
                lines.append(
                    _Line(
                        no, appointment, line, services.get(line.service_id), start, end, busy,
                        zone or line.start_at.tzinfo,  # type: ignore[arg-type]
                    )
                )
                appointment_of.append(number)
                if line.staff_id:
                    intervals = by_staff[line.staff_id]
                    for busy_start, busy_end in busy:
                        intervals.append((busy_start, busy_end, no))
                for resource_id in line.resource_ids:
                    by_resource[resource_id].append((start, end, no))
        for intervals in by_staff.values():
            intervals.sort()
        for intervals in by_resource.values():
            intervals.sort()

    # -- sweeps --

    def staff_double_bookings(self) -> list[Conflict]:
        """One conflict per maximal stretch in which a staff member holds two or more appointments."""
        found = []
        for staff_id, intervals in self.by_staff.items():
            for start, end, numbers in _crowded_stretches(intervals, 1, self.appointment_of):
                involved = self._sorted_lines(numbers)
                found.append(self._staff_double_booking(staff_id, involved, start, end))
        return found

    def resource_over_capacity(self) -> list[Conflict]:
        """One conflict per maximal stretch in which a room / equipment holds more appointments than its capacity."""
        found = []
        for resource_id, intervals in self.by_resource.items():
            resource = self.resources.get(resource_id)
            if resource is None:
                continue
            for start, end, numbers in _crowded_stretches(intervals, resource.capacity, self.appointment_of):
                involved = self._sorted_lines(numbers)
                found.append(self._over_capacity(resource, involved, start, end))
        return found

    def buffer_violations(self) -> list[Conflict]:
        """A room's next appointment starting inside the previous line's turnover buffer (not overlapping it)."""
        found = []
        buffers = self._buffers
        for resource_id, intervals in self.by_resource.items():
            resource = self.resources.get(resource_id)
            if resource is None or resource.type != ResourceType.room:
                continue
            for earlier, later in _buffer_breaches(intervals, buffers, self.appointment_of):
                found.append(self._buffer_violation(resource, self.lines[earlier], self.lines[later]))
        return found

    def line_checks(self) -> list[Conflict]:
        """Per-line checks: skills, certifications, room types, shifts (merged per appointment and subject)."""
        groups: dict[tuple[ConflictKind, str, str], list[_Line]] = defaultdict(list)
        outside: dict[tuple[str, str], list[tuple[int, int, _Line]]] = defaultdict(list)
        skills = {s.id: frozenset(s.skills) for s in self.staff.values()}
        for line in self.lines:
            service = line.service
            staff_id = line.line.staff_id
            member = self.staff.get(staff_id) if staff_id else None
            if service is not None and member is not None:
                if service.required_skill and service.required_skill not in skills[member.id]:
                    groups[(ConflictKind.missing_skill, line.appointment.id, member.id)].append(line)
                if service.required_certification and not member.has_certification(
                    service.required_certification, self._local_date(line.start, line.tz)
                ):
                    groups[(ConflictKind.missing_certification, line.appointment.id, member.id)].append(line)
            if service is not None and service.room_types:
                for resource_id in line.line.resource_ids:
                    room = self.resources.get(resource_id)
                    if room is not None and room.type == ResourceType.room and room.room_type not in service.room_types:
                        groups[(ConflictKind.wrong_room_type, line.appointment.id, room.id)].append(line)
            if member is not None and member.shifts:
                for busy_start, busy_end in line.busy:
                    spill = self._outside_shift(member, busy_start, busy_end, line.tz)
                    if spill:
                        outside[(line.appointment.id, member.id)].append((*spill, line))
        found = [self._line_conflict(kind, subject, lines) for (kind, _, subject), lines in groups.items()]
        for (_, staff_id), spills in outside.items():
            found.append(self._outside_shift_conflict(self.staff[staff_id], spills))
        return found

    def understaffed(self) -> list[Conflict]:
        """Two-staff services whose appointment has fewer than two distinct staff on that service's lines."""
        by_service: dict[tuple[int, str], list[_Line]] = defaultdict(list)
        for line in self.lines:
            if line.service is not None and line.service.staff_count >= 2:
                by_service[(self.appointment_of[line.no], line.service.id)].append(line)
        found = []
        for (_, service_id), lines in by_service.items():
            people = {line.line.staff_id for line in lines if line.line.staff_id}
            if len(people) < 2:
                found.append(self._understaffed(service_id, lines, people))
        return found

    # -- conflict builders (few calls: names, messages and suggestions live here) --

    def _staff_double_booking(self, staff_id: str, involved: list[_Line], start: int, end: int) -> Conflict:
        tz = involved[0].tz
        who = self._name(staff_id)
        listing = "; ".join(self._describe(line) for line in involved)
        n = len({line.appointment.id for line in involved})
        message = f"{who} is booked for {n} appointments at once {_clock(start, tz)}–{_clock(end, tz)}: {listing}."
        to_move = involved[-1]
        fix = self._reassign_fix(to_move, exclude={staff_id}, verb="Move") or self._later_start_fix(
            to_move, staff_id, after=max(line.end for line in involved[:-1])
        )
        return self._conflict(
            ConflictKind.staff_double_booked, involved, start, end, message,
            fix or f"Move one of these appointments to another therapist or time; {who} can only take one.",
            staff_ids=[staff_id], resource_ids=[], subject_ids=[staff_id],
        )

    def _over_capacity(self, resource: Resource, involved: list[_Line], start: int, end: int) -> Conflict:
        tz = involved[0].tz
        listing = "; ".join(self._describe(line) for line in involved)
        n = len({line.appointment.id for line in involved})
        is_room = resource.type == ResourceType.room
        kind = ConflictKind.room_double_booked if is_room else ConflictKind.equipment_over_capacity
        message = (
            f"{resource.name} (capacity {resource.capacity}) is booked for {n} appointments "
            f"{_clock(start, tz)}–{_clock(end, tz)}: {listing}."
        )
        to_move = involved[-1]
        alternative = self._free_resource_like(resource, to_move)
        if alternative is not None:
            fix = (
                f"Use {alternative.name} for the {_clock(to_move.start, tz)} {to_move.service_name}: "
                f"it is free{' and allowed for that service' if is_room else ''}."
            )
        elif is_room:
            fix = f"Move the {_clock(to_move.start, tz)} {to_move.service_name} to another room or time."
        else:
            fix = (
                f"Move one of these bookings: {resource.name} serves {resource.capacity} at a time"
                f" and no other {resource.kind or 'unit of that kind'} is free then."
            )
        return self._conflict(
            kind, involved, start, end, message, fix,
            staff_ids=[line.line.staff_id for line in involved if line.line.staff_id],
            resource_ids=[resource.id], subject_ids=[resource.id],
        )

    def _buffer_violation(self, room: Resource, earlier: _Line, later: _Line) -> Conflict:
        tz = later.tz
        buffer = self._buffers.get(earlier.no, 0)
        ready = earlier.end + buffer
        message = (
            f"{room.name} needs {buffer // 60} min of turnover after the {_clock(earlier.start, tz)} "
            f"{earlier.service_name} (ends {_clock(earlier.end, tz)}), but the {later.service_name} starts "
            f"{_clock(later.start, tz)}, {(ready - later.start) // 60} min short."
        )
        alternative = self._free_resource_like(room, later)
        if alternative is not None:
            fix = f"Move the {_clock(later.start, tz)} {later.service_name} to {alternative.name}, which is free."
        else:
            fix = f"Start the {later.service_name} at {_clock(ready, tz)} or later, or move it to another room."
        return self._conflict(
            ConflictKind.buffer_violated, [earlier, later], later.start, ready, message, fix,
            staff_ids=[line.line.staff_id for line in (earlier, later) if line.line.staff_id],
            resource_ids=[room.id], subject_ids=[room.id],
        )

    def _line_conflict(self, kind: ConflictKind, subject: str, lines: list[_Line]) -> Conflict:
        lines.sort(key=lambda line: (line.start, line.no))
        first = lines[0]
        tz, service = first.tz, first.service
        assert service is not None
        when = f"{_clock(first.start, tz)} {first.service_name}"
        if kind == ConflictKind.wrong_room_type:
            room = self.resources[subject]
            allowed = ", ".join(service.room_types)
            message = f"The {when} is in {room.name} ({room.room_type or 'no room type'}); it needs a room of type {allowed}."
            alternative = self._free_resource_like(room, first)
            fix = (
                f"Move the {when} to {alternative.name}, which is free and a {alternative.room_type}."
                if alternative
                else f"Move the {when} to a {' or '.join(service.room_types)} at another time."
            )
            return self._conflict(
                kind, lines, first.start, max(line.end for line in lines), message, fix,
                staff_ids=[line.line.staff_id for line in lines if line.line.staff_id],
                resource_ids=[subject], subject_ids=[subject],
            )
        who = self._name(subject)
        if kind == ConflictKind.missing_skill:
            message = f"{who} is booked for the {when}, which needs the skill {service.required_skill}, and does not have it."
            fallback = f"Reassign the {when} to a therapist with {service.required_skill}."
        else:
            message = (
                f"{who} is booked for the {when}, which needs a valid {service.required_certification} "
                f"certification on {self._local_date(first.start, tz).isoformat()}, and has none."
            )
            fallback = f"Reassign the {when} to a therapist certified for {service.required_certification}."
        fix = self._reassign_fix(first, exclude={subject}, verb="Reassign") or fallback
        return self._conflict(
            kind, lines, first.start, max(line.end for line in lines), message, fix,
            staff_ids=[subject], resource_ids=[], subject_ids=[subject],
        )

    def _outside_shift_conflict(self, member: Staff, spills: list[tuple[int, int, _Line]]) -> Conflict:
        spills.sort(key=lambda spill: (spill[0], spill[1]))
        lines = _unique([line for _, _, line in spills])
        start, end = spills[0][0], max(spill[1] for spill in spills)
        first = lines[0]
        tz = first.tz
        day = self._local_date(first.start, tz)
        shift = self._shift_text(member, day, tz)
        message = (
            f"{member.display_name} works {shift} on {day.strftime('%A')} but is booked for the "
            f"{_clock(first.start, tz)} {first.service_name} {_clock(start, tz)}–{_clock(end, tz)} outside it."
        )
        fix = self._reassign_fix(first, exclude={member.id}, verb="Move") or (
            f"Extend {member.first_name}'s shift or move the {_clock(first.start, tz)} {first.service_name} inside it."
        )
        return self._conflict(
            ConflictKind.outside_shift, lines, start, end, message, fix,
            staff_ids=[member.id], resource_ids=[], subject_ids=[member.id],
        )

    def _understaffed(self, service_id: str, lines: list[_Line], people: set[str]) -> Conflict:
        lines.sort(key=lambda line: (line.start, line.no))
        first = lines[0]
        tz = first.tz
        names = ", ".join(self._name(p) for p in sorted(people)) or "nobody"
        message = (
            f"The {_clock(first.start, tz)} {first.service_name} needs two staff members; "
            f"only {names} {'is' if len(people) < 2 else 'are'} booked on it."
        )
        second = self._qualified_free_staff(first, exclude=people)
        fix = (
            f"Add {second.first_name} as the second therapist on the {_clock(first.start, tz)} "
            f"{first.service_name}: free and qualified."
            if second
            else f"Add a second qualified therapist to the {_clock(first.start, tz)} {first.service_name} or rebook it."
        )
        return self._conflict(
            ConflictKind.understaffed, lines, first.start, max(line.end for line in lines), message, fix,
            staff_ids=sorted(people), resource_ids=[], subject_ids=[service_id],
        )

    def _conflict(
        self,
        kind: ConflictKind,
        lines: Sequence[_Line],
        start: int,
        end: int,
        message: str,
        fix: str,
        *,
        staff_ids: Iterable[str | None],
        resource_ids: Iterable[str],
        subject_ids: Iterable[str],
    ) -> Conflict:
        tz = lines[0].tz
        return Conflict(
            kind=kind,
            appointment_ids=tuple(line.appointment.id for line in lines),
            staff_ids=tuple(s for s in staff_ids if s),
            resource_ids=tuple(resource_ids),
            start=datetime.fromtimestamp(start, tz),
            end=datetime.fromtimestamp(end, tz),
            message=message,
            suggested_fix=fix,
            subject_ids=tuple(subject_ids),
            location_id=lines[0].appointment.location_id,
        )

    # -- suggestions --

    def _reassign_fix(self, line: _Line, *, exclude: set[str], verb: str) -> str | None:
        other = self._qualified_free_staff(line, exclude=exclude)
        if other is None:
            return None
        owner = self._first_name(line.line.staff_id)
        skill = line.service.required_skill if line.service else None
        why = f"who is free and has {skill}" if skill else "who is free"
        return f"{verb} {owner}'s {_clock(line.start, line.tz)} {line.service_name} to {other.first_name}, {why}."

    def _later_start_fix(self, line: _Line, staff_id: str, *, after: int) -> str | None:
        timeline = self._staff_timeline(staff_id)
        day = self._local_date(line.start, line.tz)
        until = self._day_end(staff_id, day, line.tz)
        start = timeline.next_gap(after, line.end - line.start, skip=line.no, until=until)
        if start is None:
            return None
        moved_end = start + line.end - line.start
        for resource_id in line.line.resource_ids:
            if resource_id in self.resources and not self._resource_free(resource_id, start, moved_end, skip=line.no):
                return None
        who = self._first_name(staff_id)
        return f"Move the {_clock(line.start, line.tz)} {line.service_name} to {_clock(start, line.tz)}, when {who} is free."

    def _qualified_free_staff(self, line: _Line, *, exclude: set[str]) -> Staff | None:
        service = line.service
        day = self._local_date(line.start, line.tz)
        location_id = line.appointment.location_id
        candidates = self._candidates.get(location_id)
        if candidates is None:
            candidates = sorted(
                (
                    s
                    for s in self.staff.values()
                    if s.active and s.shifts and s.location_id == location_id and s.role != StaffRole.front_desk
                ),
                key=lambda s: (s.display_name, s.id),
            )
            self._candidates[location_id] = candidates
        for candidate in candidates:
            if candidate.id in exclude:
                continue
            if service is not None:
                if service.required_skill and service.required_skill not in candidate.skills:
                    continue
                if service.required_certification and not candidate.has_certification(service.required_certification, day):
                    continue
            # Staff without shifts are left out above: their schedule is unknown, they may not be working.
            if any(self._outside_shift(candidate, s, e, line.tz) for s, e in line.busy):
                continue
            timeline = self._staff_timeline(candidate.id)
            if all(timeline.is_free(s, e) for s, e in line.busy):
                return candidate
        return None

    def _free_resource_like(self, current: Resource, line: _Line) -> Resource | None:
        """Another resource that could take ``line`` and is free then: an allowed room type / the same kind."""
        if current.type == ResourceType.room:
            allowed = set(line.service.room_types) if line.service and line.service.room_types else {current.room_type}
            fits = lambda r: r.type == ResourceType.room and r.room_type in allowed  # noqa: E731
        else:
            fits = lambda r: r.type == ResourceType.equipment and r.kind == current.kind  # noqa: E731
        buffer = self._buffers.get(line.no, 0)
        for resource in sorted(self.resources.values(), key=lambda r: (r.name, r.id)):
            if resource.id == current.id or resource.location_id != current.location_id or not fits(resource):
                continue
            if resource.id in line.line.resource_ids:
                continue
            if self._resource_free(resource.id, line.start, line.end + buffer, skip=line.no):
                return resource
        return None

    def _resource_free(self, resource_id: str, start: int, end: int, *, skip: int) -> bool:
        timeline = self._resource_timelines.get(resource_id)
        if timeline is None:
            timeline = _Timeline.of(self.by_resource.get(resource_id, []), self._buffers)
            self._resource_timelines[resource_id] = timeline
        return timeline.is_free(start, end, skip=skip)

    def _staff_timeline(self, staff_id: str) -> _Timeline:
        timeline = self._staff_timelines.get(staff_id)
        if timeline is None:
            timeline = _Timeline.of(self.by_staff.get(staff_id, []))
            self._staff_timelines[staff_id] = timeline
        return timeline

    # -- time and shifts --

    def _local_date(self, ts: int, tz: tzinfo) -> date:
        key = (id(tz), ts // _QUARTER)
        day = self._local_dates.get(key)
        if day is None:
            day = datetime.fromtimestamp(ts, tz).date()
            self._local_dates[key] = day
        return day

    def _windows(self, member: Staff, day: date, tz: tzinfo) -> list[tuple[int, int]]:
        key = (member.id, id(tz), day.toordinal())
        windows = self._shift_windows.get(key)
        if windows is None:
            raw = sorted(
                (_epoch(day, shift.start, tz), _epoch(day, shift.end, tz))
                for shift in member.shifts
                if shift.weekday == day.weekday()
            )
            windows = []
            for start, end in raw:
                if windows and start <= windows[-1][1]:
                    windows[-1] = (windows[-1][0], max(windows[-1][1], end))
                elif end > start:
                    windows.append((start, end))
            self._shift_windows[key] = windows
        return windows

    def _outside_shift(self, member: Staff, start: int, end: int, tz: tzinfo) -> tuple[int, int] | None:
        """The first and last moments of ``[start, end)`` outside the member's shifts, or None if inside."""
        day = self._local_date(start, tz)
        windows = self._windows(member, day, tz)
        last_day = self._local_date(end - 1, tz)
        if last_day != day:
            windows = windows + self._windows(member, last_day, tz)
        return _uncovered(start, end, windows)

    def _day_end(self, staff_id: str, day: date, tz: tzinfo) -> int:
        member = self.staff.get(staff_id)
        windows = self._windows(member, day, tz) if member and member.shifts else []
        if windows:
            return windows[-1][1]
        return int(datetime.combine(day + timedelta(days=1), time(0), tzinfo=tz).timestamp())

    def _shift_text(self, member: Staff, day: date, tz: tzinfo) -> str:
        windows = self._windows(member, day, tz)
        if not windows:
            return "no shift"
        return ", ".join(f"{_clock(s, tz)}–{_clock(e, tz)}" for s, e in windows)

    # -- names --

    def _name(self, staff_id: str | None) -> str:
        member = self.staff.get(staff_id or "")
        return member.display_name if member else (staff_id or "unassigned")

    def _first_name(self, staff_id: str | None) -> str:
        member = self.staff.get(staff_id or "")
        return member.first_name if member else (staff_id or "unassigned")

    def _describe(self, line: _Line) -> str:
        return f"{line.service_name} {_clock(line.start, line.tz)}–{_clock(line.end, line.tz)} ({line.appointment.id})"

    def _sorted_lines(self, numbers: Iterable[int]) -> list[_Line]:
        return sorted((self.lines[no] for no in numbers), key=lambda line: (line.start, line.appointment.id, line.no))


def _crowded_stretches(
    intervals: list[Interval], capacity: int, appointment_of: list[int]
) -> list[tuple[int, int, set[int]]]:
    """Maximal stretches where more than ``capacity`` distinct appointments hold ``intervals`` (sorted by start).

    Returns ``(start, end, line numbers involved)``; touching stretches are merged. Each overlap component is
    swept with a heap of end times, so the whole is O(k log k) for k intervals.
    """
    found: list[tuple[int, int, set[int]]] = []
    n = len(intervals)
    first = 0
    reach = intervals[0][1] if n else 0
    for i in range(1, n + 1):
        if i < n:
            start, end, _ = intervals[i]
            if start < reach:
                if end > reach:
                    reach = end
                continue
            reach = end
        if i - first > capacity:
            found += _sweep(intervals[first:i], capacity, appointment_of)
        first = i
    return found


def _sweep(component: list[Interval], capacity: int, appointment_of: list[int]) -> list[tuple[int, int, set[int]]]:
    stretches: list[tuple[int, int, set[int]]] = []
    active: list[tuple[int, int]] = []  # heap of (end, line number)
    held: dict[int, int] = {}  # appointment number -> active intervals
    open_start: int | None = None
    open_lines: set[int] = set()

    def release(upto: int | None) -> None:
        nonlocal open_start, open_lines
        while active and (upto is None or active[0][0] <= upto):
            end, no = heapq.heappop(active)
            appointment = appointment_of[no]
            left = held[appointment] - 1
            if left:
                held[appointment] = left
                continue
            del held[appointment]
            if open_start is not None and len(held) <= capacity:
                stretches.append((open_start, end, open_lines))
                open_start, open_lines = None, set()

    for start, end, no in component:
        release(start)
        heapq.heappush(active, (end, no))
        appointment = appointment_of[no]
        held[appointment] = held.get(appointment, 0) + 1
        if open_start is not None:
            open_lines.add(no)
        elif len(held) > capacity:
            if stretches and stretches[-1][1] == start:
                open_start, _, open_lines = stretches.pop()
            else:
                open_start, open_lines = start, set()
            open_lines.update(n for _, n in active)
    release(None)
    return stretches


def _buffer_breaches(
    intervals: list[Interval], buffers: dict[int, int], appointment_of: list[int]
) -> list[tuple[int, int]]:
    """Pairs (earlier line, later line) of different appointments where the later starts inside the earlier's buffer.

    Only lines that have already ended count as "earlier" (an overlap is a double booking, not a buffer
    problem). The two finished lines with the furthest-reaching turnover (from different appointments) are
    enough to decide, so this is one heap sweep.
    """
    if not buffers:
        return []
    breaches: list[tuple[int, int]] = []
    active: list[tuple[int, int]] = []
    best: list[tuple[int, int]] = []  # up to two (ready-at, line number), different appointments, furthest first
    for start, end, no in intervals:
        while active and active[0][0] <= start:
            ended, done = heapq.heappop(active)
            buffer = buffers.get(done, 0)
            if buffer:
                best = _keep_best(best, (ended + buffer, done), appointment_of)
        appointment = appointment_of[no]
        for ready, earlier in best:
            if appointment_of[earlier] != appointment:
                if ready > start:
                    breaches.append((earlier, no))
                break
        heapq.heappush(active, (end, no))
    return breaches


def _keep_best(best: list[tuple[int, int]], new: tuple[int, int], appointment_of: list[int]) -> list[tuple[int, int]]:
    merged = sorted([*best, new], reverse=True)
    kept: list[tuple[int, int]] = []
    for ready, no in merged:
        if all(appointment_of[no] != appointment_of[other] for _, other in kept):
            kept.append((ready, no))
        if len(kept) == 2:
            break
    return kept


def _uncovered(start: int, end: int, windows: list[tuple[int, int]]) -> tuple[int, int] | None:
    """First and last moments of ``[start, end)`` not covered by the sorted, merged ``windows``."""
    gaps: list[tuple[int, int]] = []
    cursor = start
    for w_start, w_end in windows:
        if w_end <= cursor:
            continue
        if w_start >= end:
            break
        if w_start > cursor:
            gaps.append((cursor, w_start))
        cursor = max(cursor, w_end)
        if cursor >= end:
            break
    if cursor < end:
        gaps.append((cursor, end))
    if not gaps:
        return None
    return gaps[0][0], gaps[-1][1]


def _epoch(day: date, hhmm: str, tz: tzinfo) -> int:
    hours, minutes = (int(part) for part in hhmm.split(":")[:2])
    if hours >= 24:  # "24:00": the end of the day
        day, hours = day + timedelta(days=1), hours - 24
    return int(datetime.combine(day, time(hours, minutes), tzinfo=tz).timestamp())


def _round_up(ts: int) -> int:
    return -(-ts // _FIVE_MINUTES) * _FIVE_MINUTES


def _clock(ts: int, tz: tzinfo) -> str:
    return datetime.fromtimestamp(ts, tz).strftime("%H:%M")


def _unique(lines: list[_Line]) -> list[_Line]:
    seen: set[int] = set()
    return [line for line in lines if not (line.no in seen or seen.add(line.no))]  # type: ignore[func-returns-value]
