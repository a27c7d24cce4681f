"""The day's book: a location's appointments for one local day, by therapist, with the gaps in each shift. Pure.

A therapist of another location booked here that day (staff shared between locations) has a row of their own,
marked with the location they are visiting from and without a shift (their shift is their own location's);
only a booking without a staff member is unassigned. Given the other locations' appointments, each row also
lists where else its therapist is booked that day (each location's own date, in its own zone), and those
bookings are not free time in the row's shift.

Every part of a split shift counts (the break between parts is not free time), and a shift ending at or before its
start ("16:00"–"00:00": until midnight, "18:00"–"02:00") ends the next day: the therapist's bookings here that start
the next day, when given, are busy time in it (not listed: they are the next day's book).

Rows, bookings and free time are in the order they happen, and free time is counted in real minutes: on the night the
clocks go back, 1:30am EDT comes before 1:15am EST, whatever the wall clocks say.

A booking is in the book of the day it starts (``book_day``). Appointments come as the platform adapter hands them
over, timed by their service lines where the spa system's own ``startAt`` disagrees (``Appointment.as_booked``): the
lines hold the therapist's and the room's time. A room the spa system's resource list does not have is shown by its
id, said to be one (``unlisted_room``), not left out.
"""

from __future__ import annotations

from collections.abc import Container, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta, tzinfo
from typing import Protocol
from zoneinfo import ZoneInfo

from spa_copilot.domain import NEAR_DAYS as NEAR_DAYS  # re-exported: the reach of a day's read (reads.load_day)
from spa_copilot.domain import (
    Appointment,
    Location,
    Resource,
    ResourceType,
    Service,
    ServiceLine,
    Staff,
    StaffRole,
    elapsed_minutes,
    local_day_bounds,
    shown_clock,
    wall_clock,
)
from spa_copilot.engines.cautions import RuledOut
from spa_copilot.engines.conflicts import Conflict, ConflictKind

#: What a booking the spa system lists with no service is shown as (with the bookings without a therapist).
NO_SERVICE = "no service listed"
#: Roles whose free time is worth showing: the people who give treatments.
PROVIDER_ROLES = frozenset({StaffRole.therapist, StaffRole.esthetician})


def book_day(appointment: Appointment, zone: tzinfo) -> date:
    """The local day (in ``zone``) whose book lists ``appointment``: the day it starts. Its ``start_at`` is its first
    service line's when the adapter timed it so (``Appointment.as_booked``); one whose lines are more than
    ``NEAR_DAYS`` from the spa system's ``startAt`` keeps it, and is listed on that day (where a read finds it)."""
    return appointment.start_at.astimezone(zone).date()


def unlisted_room(resource_id: str) -> str:
    """A room (or equipment) a booking names that the spa system's resource list does not have: its id, said so."""
    return f"{resource_id} (not on the spa system's list of rooms and equipment)"


def shown_as_rooms(resources: Iterable[Resource]) -> Container[str]:
    """The resource ids staff are shown as a booking's rooms (``Appointment.rooms_of``), ``resources`` being the spa
    system's list: every id but its equipment's (one it does not list may be a room: shown by ``unlisted_room``)."""
    return _NotEquipment(r.id for r in resources if r.type != ResourceType.room)


class _NotEquipment:
    """The resource ids a day book shows as rooms: every id but the listed equipment's (an unlisted one may be a room)."""

    def __init__(self, equipment: Iterable[str]) -> None:
        self.equipment = frozenset(equipment)

    def __contains__(self, resource_id: object) -> bool:
        return resource_id not in self.equipment


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
    #: the stretch of a service's processing time (a body wrap setting) when its therapist is free for another guest,
    #: as the conflict check counts it: shown, so a booking inside it does not read as a double booking
    hands_free: tuple[datetime, datetime] | None = None
    #: its service, when the guest's cautions rule it out (``cautions.booking_ruled_out``, the briefing's rule)
    ruled_out: tuple[RuledOut, ...] = ()
    #: short words for what the conflict engine found with this line of its therapist's day, not over yet
    #: (``mark_clashes``): "overlaps Layla C.'s 2:30pm", "past Priya's 7:00pm shift end"
    clashes: tuple[str, ...] = ()


def hands_free(line: ServiceLine, service: Service | None, zone: tzinfo) -> tuple[datetime, datetime] | None:
    """``[start + duration, start + duration + processing)`` of a line whose service has processing time and a
    therapist (cut at the line's end), in ``zone``; None otherwise."""
    if service is None or not service.processing_minutes or not line.staff_id:
        return None
    start = line.start_at + timedelta(minutes=service.duration_minutes)
    end = min(start + timedelta(minutes=service.processing_minutes), line.end_at)
    return (start.astimezone(zone), end.astimezone(zone)) if start < end else None


@dataclass(frozen=True)
class Gap:
    start: datetime
    end: datetime

    @property
    def minutes(self) -> int:
        """Elapsed minutes (on a day the clocks change, not the difference of the wall clocks), to the nearest minute
        (``domain.elapsed_minutes``: a booking ending at 10:00:00.123456 leaves a 60-minute stretch, not 59)."""
        return elapsed_minutes(self.start, self.end)


def stretch_words(minutes: int) -> str:
    """How long a stretch of free time is, as the day book says it: ``25 min`` under an hour, then in hours and
    minutes, ``1 h``, ``1 h 30 min``, ``8 h`` (a whole shift read as ``480 min`` had to be worked out)."""
    hours, left = divmod(minutes, 60)
    if not hours:
        return f"{left} min"
    return f"{hours} h" + (f" {left} min" if left else "")


class _Stretch(Protocol):
    """A free stretch: the engine's ``Gap`` or the Slack view's."""

    @property
    def start(self) -> datetime: ...

    @property
    def end(self) -> datetime: ...


def free_all_day(entries: Sequence[object], away: Sequence[object], gaps: Sequence[_Stretch], shift: str | None) -> bool:
    """Whether a row's one free stretch is its whole shift (``shift`` as ``StaffDay.shift_hours`` says it): nothing
    booked here or elsewhere, one gap from the shift's start to its end. A split shift's parts keep a line each."""
    if entries or away or len(gaps) != 1 or not shift:
        return False
    return f"{wall_clock(gaps[0].start)}–{wall_clock(gaps[0].end)}" == shift


@dataclass(frozen=True)
class Away:
    """A staff member's bookings at another location that day, in that location's zone."""

    location: Location
    entries: tuple[BookEntry, ...]


@dataclass
class StaffDay:
    staff: Staff
    entries: list[BookEntry] = field(default_factory=list)
    gaps: list[Gap] = field(default_factory=list)
    shift: tuple[datetime, datetime] | None = None  # from the start of the first part to the end of the last
    visiting_from: Location | None = None  # their own location, when it is another one (no shift here)
    away: list[Away] = field(default_factory=list)  # their bookings at other locations that day
    shift_parts: list[tuple[datetime, datetime]] = field(default_factory=list)  # a split shift's parts, in order
    listed: bool = True  # False: booked with a staff id the spa system's staff list does not have (named by the id)

    @property
    def off_staff(self) -> str | None:
        """Why a therapist booked here works no shift, when it is not a day off: "not on the spa system's staff list"
        (a booking with an id the list lacks: a therapist gone from the list, or a record the copilot could not read),
        "marked inactive in the spa system"; None otherwise (booked on a day off reads "not working")."""
        if not self.listed:
            return "not on the spa system's staff list"
        return None if self.staff.active else "marked inactive in the spa system"

    @property
    def shift_hours(self) -> str | None:
        """The shift as staff read it, each part of a split shift with its own hours: "9:00am–12:00pm, 2:00pm–6:00pm"."""
        parts = self.shift_parts or ([self.shift] if self.shift else [])
        return ", ".join(f"{wall_clock(start)}–{wall_clock(end)}" for start, end in parts) or None


@dataclass
class DayBook:
    location: Location
    day: date
    staff_days: list[StaffDay]
    unassigned: list[BookEntry]
    unread: list[Location] = field(default_factory=list)  # other locations whose book could not be read
    #: one line in place of the risk marks when the book could not be scored just now (``risk.bands.NOT_SCORED_NOW``):
    #: no mark reads as a low risk
    risk_note: str = ""

    @property
    def appointment_count(self) -> int:
        """The location's appointments (a four-hands booking on two rows, or two services, count once)."""
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
    locations: Iterable[Location] = (),
    elsewhere: Iterable[Appointment] = (),
    ruled_out: Mapping[str, Sequence[RuledOut]] | None = None,
) -> DayBook:
    """Group a day's service lines by staff member, in start order, and find free stretches in each shift.

    ``risk_labels`` (appointment id → e.g. "high (34%)") marks the bookings worth a confirmation call.
    ``locations`` (the spa's) name a visiting therapist's own location and place ``elsewhere`` (appointments of
    other locations): those on ``day`` in their location's zone, of a staff member with a row here, become the
    row's ``away`` and are busy time in its gaps. ``appointments`` starting on another day (``book_day``) are not
    listed, but a row's active ones are busy time where its shift runs into them (past midnight). ``ruled_out``
    (appointment id → what the guest's cautions rule out of it, ``cautions.booking_ruled_out``) marks each line whose
    service it names.
    """
    tz = location.tz
    _, day_end = local_day_bounds(day, tz)
    names = client_names or {}
    risks = risk_labels or {}
    ruled = ruled_out or {}
    known_services = {s.id: s for s in services}
    service_names = {s.id: s.name for s in known_services.values()}
    resources = list(resources)
    rooms = {r.id: r.name for r in resources if r.type == ResourceType.room}
    shown_rooms = shown_as_rooms(resources)
    known = {s.id: s for s in staff}
    places = {loc.id: loc for loc in locations}
    by_staff: dict[str, StaffDay] = {
        s.id: StaffDay(s) for s in known.values() if s.location_id == location.id and s.active
    }
    unassigned: list[BookEntry] = []

    def entry(appointment: Appointment, line: ServiceLine, zone: ZoneInfo) -> BookEntry:
        return BookEntry(
            appointment_id=appointment.id,
            client_id=appointment.client_id,
            client_name=names.get(appointment.client_id, appointment.client_id),
            start=line.start_at.astimezone(zone),
            end=line.end_at.astimezone(zone),
            services=(line.service_name or service_names.get(line.service_id, line.service_id),),
            rooms=tuple(rooms[r] if r in rooms else unlisted_room(r) for r in appointment.rooms_of(line, shown_rooms)),
            status=str(appointment.status),
            risk=risks.get(appointment.id),
            hands_free=hands_free(line, known_services.get(line.service_id), zone),
            ruled_out=tuple(found for found in ruled.get(appointment.id, ()) if found.service_id == line.service_id),
        )

    def row(staff_id: str) -> StaffDay:
        """The staff member's row; one of another location (or inactive, or unknown) gets one when booked here."""
        found = by_staff.get(staff_id)
        if found is None:
            member = known.get(staff_id) or Staff(id=staff_id, location_id="", first_name=staff_id, active=False)
            home = places.get(member.location_id) if member.location_id != location.id else None
            found = by_staff[staff_id] = StaffDay(member, visiting_from=home, listed=staff_id in known)
        return found

    later: dict[str, list[tuple[datetime, datetime]]] = {}  # staff id -> their bookings here starting on another day
    for appointment in appointments:
        if appointment.location_id != location.id:
            continue
        if book_day(appointment, tz) != day:
            # not in this day's book, but busy time in a shift running past midnight (18:00-02:00: Wednesday 12:30am)
            for line in appointment.services if appointment.is_active else ():
                if line.staff_id:
                    later.setdefault(line.staff_id, []).append((line.start_at, line.end_at))
            continue
        if not include_cancelled and not appointment.is_active:
            continue
        for line in appointment.services:
            booked = entry(appointment, line, tz)
            (row(line.staff_id).entries if line.staff_id else unassigned).append(booked)
        if not appointment.services:  # a booking the spa system lists with no service: shown, not lost
            unassigned.append(BookEntry(
                appointment_id=appointment.id, client_id=appointment.client_id,
                client_name=names.get(appointment.client_id, appointment.client_id),
                start=appointment.start_at.astimezone(tz), end=appointment.end_at.astimezone(tz),
                services=(NO_SERVICE,), rooms=(), status=str(appointment.status), risk=risks.get(appointment.id),
            ))

    away: dict[str, dict[str, list[BookEntry]]] = {}  # staff id -> location id -> their bookings there
    for appointment in elsewhere:
        other = places.get(appointment.location_id)
        if other is None or other.id == location.id or (not include_cancelled and not appointment.is_active):
            continue
        if book_day(appointment, other.tz) != day:
            continue
        for line in appointment.services:
            if line.staff_id in by_staff:
                away.setdefault(line.staff_id, {}).setdefault(other.id, []).append(entry(appointment, line, other.tz))

    for staff_id, staff_day in by_staff.items():
        staff_day.entries.sort(key=_in_order)
        there = away.get(staff_id, {})
        staff_day.away = [
            Away(places[lid], tuple(sorted(there[lid], key=_in_order)))
            for lid in places
            if lid in there
        ]
        if staff_day.staff.location_id == location.id:  # a visitor's shift is their own location's
            staff_day.shift_parts = staff_day.staff.shift_parts(day, location.tz)
            if staff_day.shift_parts:
                staff_day.shift = (staff_day.shift_parts[0][0], staff_day.shift_parts[-1][1])
        if staff_day.shift_parts:
            busy = [(e.start, e.end) for e in staff_day.entries] + [
                (e.start.astimezone(tz), e.end.astimezone(tz)) for trip in staff_day.away for e in trip.entries
            ] + later.get(staff_id, [])
            # free time is inside a part of the shift: the break of a split shift is not a gap
            staff_day.gaps = [
                gap for part in staff_day.shift_parts for gap in _gaps(part, sorted(busy), min_gap_minutes)
            ]

    working = [
        sd for sd in by_staff.values() if sd.entries or sd.away or (sd.shift and sd.staff.role in PROVIDER_ROLES)
    ]
    working.sort(key=lambda sd: ((sd.entries[0].start if sd.entries else day_end).timestamp(), sd.staff.display_name))
    unassigned.sort(key=_in_order)
    return DayBook(location, day, working, unassigned)


def _in_order(entry: BookEntry) -> tuple[float, str]:
    """A booking's place in a row: by the instant it starts. Datetimes sharing a zone compare by their wall clocks,
    which on the night the clocks go back put 1:15am EST (the later) before 1:30am EDT."""
    return entry.start.timestamp(), entry.appointment_id


def _gaps(shift: tuple[datetime, datetime], busy: list[tuple[datetime, datetime]], min_minutes: int) -> list[Gap]:
    """Free stretches of the shift between the busy ``(start, end)`` times, in the shift's zone.

    Worked in UTC: datetimes sharing a zone compare and subtract by their wall clocks, which on the night the
    clocks go back puts 01:30 EDT after 01:15 EST and makes an hour vanish."""
    zone = shift[0].tzinfo
    gaps: list[Gap] = []
    cursor, shift_end = (moment.astimezone(UTC) for moment in shift)
    for start, end in sorted((s.astimezone(UTC), e.astimezone(UTC)) for s, e in busy):
        if elapsed_minutes(cursor, start) >= min_minutes:
            gaps.append(Gap(cursor.astimezone(zone), min(start, shift_end).astimezone(zone)))
        cursor = max(cursor, start, end)  # a booking that ends before it starts (bad data) takes no time, never back
    if elapsed_minutes(cursor, shift_end) >= min_minutes:
        gaps.append(Gap(cursor.astimezone(zone), shift_end.astimezone(zone)))
    return [g for g in gaps if g.minutes >= min_minutes]


def mark_clashes(book: DayBook, conflicts: Iterable[Conflict], *, now: datetime) -> None:
    """Mark each therapist's booking that a conflict of the day's book (``find_conflicts``' own, as the briefing gets
    them: ``briefings.day_conflicts``) says is double-booked with another of theirs or runs outside their shift, with
    short words (``BookEntry.clashes``), as the briefing's conflict line says it under the guest: the same findings,
    picked by the same rule (the conflict names the booking and the therapist). A clash already over at ``now`` is
    not marked. The rules are the conflict engine's alone; this only words its findings for the book's rows. A
    booking it clashes with at another location (the row's "Also booked at") is named on that location's clock,
    labelled with its zone where the clocks differ, as the conflict card names it ("overlaps Aria O.'s 7:00am PST")."""
    mine = [c for c in conflicts if c.end > now and c.kind in _MARKED]
    if not mine:
        return
    for sd in book.staff_days:
        by_id = _row_bookings(sd, book.location)
        sd.entries = [
            replace(e, clashes=tuple(dict.fromkeys(
                words for c in mine
                if e.appointment_id in c.appointment_ids and sd.staff.id in c.staff_ids
                for words in [_clash_words(c, e, sd, by_id, book.location)] if words
            ))) if any(e.appointment_id in c.appointment_ids for c in mine) else e
            for e in sd.entries
        ]


def _clock_of(moment: datetime, zone: tzinfo, book_zone: tzinfo) -> str:
    """``moment`` on ``zone``'s clock, with the zone's abbreviation when the book's clock reads it otherwise."""
    differs = moment.astimezone(zone).utcoffset() != moment.astimezone(book_zone).utcoffset()
    return shown_clock(moment, zone, named=differs)


#: The conflicts the day book marks on a therapist's booking: about the therapist's own day, worded by the row.
_MARKED = frozenset({ConflictKind.staff_double_booked, ConflictKind.outside_shift})


def _row_bookings(sd: StaffDay, location: Location) -> dict[str, tuple[BookEntry, tzinfo]]:
    """A row's bookings by appointment id, each with the zone it is shown in: those here on the book's clock, those
    at other locations (``StaffDay.away``) on their own."""
    here = {e.appointment_id: (e, location.tz) for e in sd.entries}
    away = {e.appointment_id: (e, trip.location.tz) for trip in sd.away for e in trip.entries}
    return away | here


def _clash_words(
    conflict: Conflict,
    entry: BookEntry,
    sd: StaffDay,
    by_id: Mapping[str, tuple[BookEntry, tzinfo]],
    location: Location,
) -> str:
    tz = location.tz
    if conflict.kind == ConflictKind.staff_double_booked:
        others = sorted(
            (by_id[aid] for aid in conflict.appointment_ids if aid != entry.appointment_id and aid in by_id),
            key=lambda shown: _in_order(shown[0]),
        )
        if not others:
            return "overlaps another booking" if len(conflict.appointment_ids) > 1 else "services booked at once"
        return "overlaps " + ", ".join(f"{o.client_name}'s {_clock_of(o.start, zone, tz)}" for o, zone in others)
    whose = sd.staff.first_name
    if sd.shift is not None:
        start, end = sd.shift
        if entry.end > end:
            return f"past {whose}'s {shown_clock(end, tz)} shift end"
        if entry.start < start:
            return f"before {whose}'s {shown_clock(start, tz)} shift start"
    return f"outside {whose}'s shift"
