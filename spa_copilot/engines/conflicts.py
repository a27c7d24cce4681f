"""The conflict engine: what in a set of bookings cannot work as booked, why, and what to do about it. Pure.

``find_conflicts`` takes appointments plus the spa's staff, resources, services (and locations, for time
zones and names) and returns ``Conflict`` objects. No I/O, no clock: the caller chooses the appointments (e.g. one
location's today and tomorrow, plus the appointments elsewhere of staff shared between locations).

Appointments may come from several locations: a therapist booked at two sites at once is one staff double
booking whose ``location_ids`` name both (and whose message says where each appointment is). A staff member's
shifts are in their own location's zone (``Staff.locationId``) when that location is among ``locations``; a shift
that ends at or before its start ("18:00"–"02:00", or "16:00"–"00:00": until midnight) runs into the next day. A
message that shows times of two zones side by side (sites in different zones, a shift in another zone than the
booking, a room of one location booked from another) labels every time with its zone's abbreviation ("4:30pm–5:30pm
PST at Venice", "9:00am–6:00pm EST"), and
its ``zones_labelled`` is set; within one zone times are plain ("4:30pm"), but for a time the clock reads twice that
night or a span across a clock change ("1:30am EDT", "1:30am EDT–1:30am EST": ``domain.shown_clock``,
``domain.shown_span``). A booking is named by its service, time and (given ``guests``) its guest, never by its
appointment id.

How a service line occupies people and places (``Service`` says ``durationMinutes``, ``processingMinutes``,
``finishingMinutes``; the line's ``endAt`` already includes processing and finishing):

- the therapist is busy hands-on for ``[start, start + duration)``, free during the processing time that
  follows (e.g. a body wrap setting for 20 minutes), and busy again for the finishing part up to ``endAt``;
  an unknown service keeps the therapist busy for the whole line;
- rooms and equipment are busy for the whole line, and a room needs the earlier line's
  ``bufferMinutes`` of turnover before the next appointment in it starts (not the same guest's next one: she stays).

Only active appointments (not cancelled, not no-show) take part. Several lines of the *same* appointment in one
room count once (a couples suite); equipment serves each line (a couples hot-stone booking takes two stone sets).

A couples booking made as two appointments (one per guest, each with its own client, as many Mangomint spas book a
couples massage) is one booking too. The contract has no group id, so it is inferred (``couples_partners``): two
active appointments of the same location, for two different clients (one guest booked twice is a double booking),
each with a line in the same room of type ``couplesSuite``, the two lines starting at the same moment (to the
second; the ends are not compared), and either

- of the same service for two guests (``staffCount`` 2, or a name or category saying couples, side by side, duo,
  partners or "for two"), whoever gives them, or
- whatever their services (one guest a Swedish, the other a Deep Tissue), in a suite of ``capacity`` 1 only (in a
  bigger one two such bookings clash with nothing), each guest with their own therapist: each appointment has one on
  a line starting then, and none is on both. A service saying four hands (two therapists on one guest) and not for
  two is never half of such a couple.

It must be exactly two of two appointments: two such lines of the same service for two, looked at first, then, among
appointments not paired by it, two guests (appointments: a guest's add-on line starting with her treatment is hers,
not a third guest) with lines starting together; a third starting with them makes none of them a pair (nobody can
tell which two are the couple), and an appointment is paired once (the first pair in the book's order).
``couples_partners`` says which rule paired them: the briefing tells a therapist of the other guest only of a pair
booked with a service for two (two guests paired by the second rule may be strangers sharing the suite). A booking at other times, a third guest or a second couple is each counted as a booking of its own, so a
real double booking of the suite (a second couple in a suite of capacity 1) still alerts. Such a pair counts once
in the suite (every line of the second in that suite is counted with the first) and is one booking for its
two-staff service: one therapist on each line is the two staff it needs. Nothing else about the two appointments is
joined (their other rooms, equipment, staff: one therapist on both guests is a staff double booking).
A staff member gives one service at a time, even to one guest: two lines of one appointment that overlap on them (a
couple's two massages, a massage and a facial at 10:00) are a staff double booking whose message says they are
services of the same appointment. Lines meant to run together are not: a two-staff service's two lines on one
person (``understaffed`` says that), and an add-on (a service whose category or name says "add-on", "enhancement"
or "upgrade") lying within another line of the appointment with the same therapist, given during it. A front-desk
member with no skills at all, booked for a service that names no skill, is ``missing_skill`` too (they give no
treatments).
Skills, certifications, room types and equipment kinds are compared as words, whatever their case, spaces or
underscores: a therapist's "Hot Stone" is the service's ``hotStone``, a room of type "massage room" its
``massageRoom``; a skill or certification without the words that say only that it is one
(``domain.credential_word``: "Chemical Peel Certification" is chemicalPeel, "Hot Stone Massage" hotStone); messages say them as words (``vocabulary.catalogue_words``: ``HOT_STONE`` is "hot stone").

Everything that compares bookings with each other is a sweep over each staff member's / resource's lines
sorted by start, so the engine is O(n log n) in the number of service lines. Overlaps are reported once per
maximal stretch of time during which a staff member / resource holds more appointments than it can (three
lines on one therapist at once give one conflict naming all three, not three pairs).

Known gaps (by design, see docs/performance.md): a service's ``equipmentKinds`` that the line did not book
are not checked (none of the conflict kinds fits); a staff member with no shifts at all is treated as
"schedule unknown" and never flagged ``outside_shift`` (one marked inactive works no shift: each appointment
booked with them is ``outside_shift``, "marked inactive in the spa system"); unknown staff / resource ids are
still checked for double booking (staff, named "a therapist not on the spa system's staff list (st_…)"; a resource,
"not on the spa system's list of rooms and equipment", taken to hold one appointment at a time as a room does) but not
for skills, room types or turnover; an unknown service keeps its therapist busy
for the whole line and is named by the booking's own name for it, else "service sv_… (not on the spa system's
menu)"; a service that lists
``roomTypes`` but whose line booked no room is not flagged.
"""

from __future__ import annotations

import hashlib
import heapq
import re
from bisect import bisect_left, bisect_right
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta, timezone, tzinfo
from enum import StrEnum
from functools import lru_cache
from operator import itemgetter, sub
from typing import Any

from spa_copilot.ai.vocabulary import catalogue_words, room_type_words, with_article
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
    catalogue_word,
    credential_word,
    day_label,
    ends_next_day,
    newest_versions,
    shown_clock,
    shown_span,
    spoken_list,
)

__all__ = ["Conflict", "ConflictKind", "conflict_key", "couples_partners", "find_conflicts"]


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
    when the conflict's substance changes and an alert can be updated in place. Neither covers ``message``,
    ``suggested_fix`` or ``zones_labelled`` (how the times are written), which depend on the rest of the calendar
    and would otherwise churn, nor ``parties``: each booking's guest and first service in it, by id ("ap_2 cl_7 sv_swe60"),
    which the message names; the alerts compare them with the card's (a booking given to another guest or service
    at the same time, ``alerts._parties_changed``) and leave cards drawn before they were kept alone.
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
    location_ids: tuple[str, ...] = ()  # every location with an appointment in it (more than one: across sites)
    zones_labelled: bool = False  # the message's times are in more than one zone, each labelled (not in key)
    parties: tuple[str, ...] = ()  # "appointment client service" of each line involved, by id (not in key)
    # the moment a card's headline names when not ``start`` (not in key): the booking's own start of a time outside a
    # shift it began inside (5:30pm, not the 6:00pm shift end; 1:30am, not the 3:00am the spring night's 2:00am end is)
    headline_at: datetime | None = None
    key: str = field(init=False)
    fingerprint: str = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "appointment_ids", tuple(sorted(set(self.appointment_ids))))
        object.__setattr__(self, "staff_ids", tuple(sorted(set(self.staff_ids))))
        object.__setattr__(self, "resource_ids", tuple(sorted(set(self.resource_ids))))
        object.__setattr__(self, "subject_ids", tuple(sorted(set(self.subject_ids))))
        object.__setattr__(self, "location_ids", tuple(sorted(set(self.location_ids))))
        object.__setattr__(self, "parties", tuple(sorted(set(self.parties))))
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
            "locationIds": list(self.location_ids),
        }


def _parties(lines: Sequence[_Line]) -> tuple[str, ...]:
    """Each booking's guest and the service of its first line in the conflict, by id (``Conflict.parties``): what a
    card names of it; an add-on booked with it since, during the clash or not, is not."""
    first: dict[str, _Line] = {}
    for line in sorted(lines, key=lambda line: (line.start, line.no)):
        first.setdefault(line.appointment.id, line)
    return tuple(f"{aid} {line.appointment.client_id} {line.line.service_id}" for aid, line in first.items())


def find_conflicts(
    appointments: Iterable[Appointment],
    *,
    staff: Iterable[Staff],
    resources: Iterable[Resource],
    services: Iterable[Service],
    locations: Iterable[Location] | None = None,
    guests: Mapping[str, str] | None = None,
) -> list[Conflict]:
    """Every conflict in ``appointments``, sorted by start time, then kind, then key.

    ``guests`` (client id -> the guest's name as the front desk knows it, ``Client.short_name``) names each booking
    a message or fix picks out ("Swedish Massage 10:00am–11:00am (Ava S.)"); without a name, its service and time
    alone. A message never names an appointment by its id: staff do not know them (the card's small print lists
    the ids, ``blocks``)."""
    calendar = _Calendar(staff, resources, services, locations or (), guests or {})
    calendar.add(appointments)
    found: list[Conflict] = []
    found += calendar.staff_double_bookings()
    found += calendar.resource_over_capacity()
    found += calendar.buffer_violations()
    found += calendar.line_checks()
    found += calendar.shift_checks()
    found.sort(key=lambda c: (c.start, _KIND_ORDER[c.kind], c.key))
    return found


def couples_partners(
    appointments: Iterable[Appointment],
    *,
    resources: Iterable[Resource],
    services: Iterable[Service],
    for_two_only: bool = False,
) -> dict[str, str]:
    """Appointment id -> the id of its partner's appointment, both ways, for each couples booking made as two
    appointments (one guest each; the rule is in the module docstring). The same rule ``find_conflicts`` counts a
    pair by: what the briefing says of a couple is what the conflict check counted.

    ``for_two_only``: only the pairs booked with the same service for two guests, not those paired from two ordinary
    services (two guests who start together in the suite may be strangers: the briefing tells neither therapist of
    the other guest, ``engines.briefing.couples_pairs``)."""
    calendar = _Calendar((), resources, services, (), {})
    calendar.add(appointments)
    calendar.booking_of()
    listed = calendar.appointments
    partners: dict[str, str] = {}
    for first, second, for_two in calendar.couples:
        if for_two or not for_two_only:
            partners[listed[first].id] = listed[second].id
            partners[listed[second].id] = listed[first].id
    return partners


# ---- internals -------------------------------------------------------------------------------------------

Interval = tuple[int, int, int]  # (start, end, line number); times are seconds since _ORIGIN
# (hands-on s, processing s) | None, buffer s, staff lacking its skill, needs a certification,
# rooms of a type it may not use, needs two staff
_ServiceFacts = tuple[tuple[int, int] | None, int, set[str] | None, bool, set[str] | None, bool]
_QUARTER = 900  # every real UTC offset and transition is a multiple of 15 minutes
_FIVE_MINUTES = 300
_MAX_CANDIDATES = 60  # staff / rooms / bookings to move looked at for a suggestion, so a huge location cannot make it slow
_LATER_TRIES = 48  # later starts looked at for a "move it to 11:00am" suggestion (5 minutes apart at the least)
_EPOCH_DAY = date(1970, 1, 1).toordinal()
# Times are kept as seconds since 2024-01-01 UTC rather than 1970: within 34 years of it they fit in one of
# CPython's 30-bit int digits, where arithmetic, comparisons and list.sort take their fast paths. (A multiple
# of 900 s, so quarter-hour buckets and 5-minute rounding are unchanged.)
_ORIGIN = 1_704_067_200
_ORIGIN_DAY = date(2024, 1, 1).toordinal()
_SECOND = timedelta(seconds=1)
_UNSEEN: Any = object()
_FAR = 2**62  # later than any moment
_ADD_ON_WORDS = ("addon", "enhancement", "upgrade")  # a category or name saying add-on ("Add-Ons", "Upgrades")
_COUPLES_SUITE = catalogue_word("couplesSuite")
# A service's name or category saying two guests (a couples booking made as two appointments: module docstring), and
# one saying two therapists on one guest. "for two" is not "for 2 hours".
_FOR_TWO = re.compile(
    r"\b(?:couples?|couple['’]s|side[\s-]*by[\s-]*side|duo|partners?|for\s+(?:two|2)(?![\s-]*(?:hours?|hrs?|h|minutes?|mins?)\b))\b",
    re.IGNORECASE,
)
_FOUR_HANDS = re.compile(r"\b(?:four|4)[\s-]*hand", re.IGNORECASE)


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
        # the menu does not know it: the booking's own name for it, else its id said to be one
        return self.line.service_name or f"service {self.line.service_id} (not on the spa system's menu)"


@dataclass(slots=True)
class _Timeline:
    """One staff member's intervals sorted by start, asked "when is it next free?" without an index.

    Nothing that starts more than ``reach`` seconds before a moment can still hold it (``reach`` is the
    longest line plus the longest buffer), so a bisect and a short walk back answer each question (``_free``
    answers "is it free then?" the same way).
    """

    intervals: list[Interval]
    margins: list[int] | None  # line number -> seconds the interval keeps holding after its end (room turnover)
    reach: int

    def _held_until(self, moment: int, idx: int, *, skip: int) -> int:
        """How far the intervals before ``idx`` hold past ``moment`` at most, ignoring line ``skip``."""
        furthest = -(2**62)
        floor = moment - self.reach
        intervals, margins = self.intervals, self.margins
        for j in range(idx - 1, -1, -1):
            start, end, no = intervals[j]
            if start < floor:
                break
            if no != skip:
                held = end + margins[no] if margins else end
                furthest = max(furthest, held)
        return furthest

    def next_gap(self, after: int, length: int, *, skip: int, until: int) -> int | None:
        """The earliest 5-minute start >= ``after`` with ``length`` free seconds before ``until`` (ignoring ``skip``)."""
        idx = bisect_left(self.intervals, (after,))
        cursor = max(after, self._held_until(after, idx, skip=skip))
        margins = self.margins
        for i in range(idx, len(self.intervals)):
            candidate = _round_up(cursor)
            if candidate + length > until:
                return None
            start, end, no = self.intervals[i]
            if no == skip:
                continue
            if start >= candidate + length:
                break
            cursor = max(cursor, end + margins[no] if margins else end)
        candidate = _round_up(cursor)
        return candidate if candidate + length <= until else None


class _Calendar:
    """The bookings pre-extracted into plain ints and tuples, grouped by staff member and by resource.

    Line number ``no`` indexes ``lines`` / ``zones_of`` / ``starts`` / ``ends`` / ``margins`` /
    ``appointment_of`` (plain lists: no per-line objects to allocate or for the garbage collector to track);
    the richer ``_Line`` view is built only for lines that end up in a conflict.
    """

    def __init__(
        self,
        staff: Iterable[Staff],
        resources: Iterable[Resource],
        services: Iterable[Service],
        locations: Iterable[Location],
        guests: Mapping[str, str],
    ) -> None:
        self.staff = {s.id: s for s in staff}
        self._skill_words = {s.id: frozenset(credential_word(k, skill=True) for k in s.skills) for s in self.staff.values()}
        self.guests = guests
        self.resources = {r.id: r for r in resources}
        self.services = {s.id: s for s in services}
        locations = list(locations)
        self.zones: dict[str, tzinfo] = {loc.id: loc.tz for loc in locations}
        self.location_names: dict[str, str] = {loc.id: loc.name for loc in locations}
        self.appointments: list[Appointment] = []  # appointment number -> appointment
        self.lines: list[ServiceLine] = []
        self.zones_of: list[tzinfo] = []  # the zone the line is shown in
        self.starts: list[int] = []
        self.ends: list[int] = []
        self.margins: list[int] = []  # room turnover seconds after the line (its service's buffer)
        self.appointment_of: list[int] = []  # line number -> appointment number (cheap identity for sweeps)
        self.by_staff: dict[str, list[Interval]] = defaultdict(list)
        self.by_resource: dict[str, list[Interval]] = defaultdict(list)
        self._split: dict[int, tuple[tuple[int, int], ...]] = {}  # therapist freed by processing: busy parts
        self._lacking_skill: list[tuple[int, str]] = []  # (line, staff) where the therapist lacks the skill
        self._to_certify: list[tuple[int, str, str]] = []  # (line, staff, service) needing a certification
        self._in_wrong_room: list[tuple[int, str]] = []  # (line, room) where the room type is not allowed
        self._two_staff: list[tuple[int, str, str | None]] = []  # (line, service, staff) of two-staff services
        self._lines: dict[int, _Line] = {}
        self._local_dates: dict[tuple[int, int], date] = {}
        self._patterns: dict[str, tuple[tuple[tuple[str, str], ...], ...]] = {}  # member -> weekday -> shifts
        self._shift_windows: dict[tuple[Any, ...], list[tuple[int, int]]] = {}  # (shifts, zone, day) -> windows
        self._span_windows: dict[tuple[Any, ...], list[tuple[int, int]]] = {}  # (pattern, zone, days) -> windows
        self._one_zone: bool | None = None  # every line shown in the same zone
        self._certified_until: dict[str, dict[str, date]] = {}
        self._longest: int | None = None
        self._candidates: dict[str, list[tuple[str, Staff]]] = {}
        self._pools: dict[tuple[str, ResourceType, str], list[Resource]] = defaultdict(list)
        self._resource_choices: dict[tuple[Any, ...], list[tuple[str, Resource]]] = {}  # see _choices
        self._touching_resources: dict[str, bool] = {}
        self._stand_ins: dict[str, Resource] = {}  # resource id -> the stand-in of one not on the list (_unlisted)
        self._several: list[tuple[int, int]] = []  # line numbers [first, last) of each appointment of several lines
        self._staff_units: Sequence[int] | None = None
        self._in_suites: list[tuple[int, str, str]] = []  # (line, couples suite, service) of lines in a couples suite
        self._booking_of: Sequence[int] | None = None  # see booking_of
        # appointment numbers of couples bookings made as two (booking_of), and whether booked with a service for two
        self.couples: list[tuple[int, int, bool]] = []

    # -- extraction (the hot loop: attribute reads, epoch seconds, appends) --

    def add(self, appointments: Iterable[Appointment]) -> None:
        rooms = [r for r in self.resources.values() if r.type == ResourceType.room]
        suites = {r.id for r in rooms if catalogue_word(r.room_type) == _COUPLES_SUITE}
        in_suites = self._in_suites
        skills = self._skill_words
        # front-desk staff with no skills at all give no treatments, even one that names no skill
        desk = {m.id for m in self.staff.values() if m.role == StaffRole.front_desk and not m.skills} or None
        # One lookup per line gives everything about its service; requirement checks become set lookups. Skills
        # and room types are compared as words (catalogue_word: "HotStone", "hot stone" are hotStone), as staff type them.
        about: dict[str, _ServiceFacts] = {
            s.id: (
                (s.duration_minutes * 60, s.processing_minutes * 60) if s.processing_minutes else None,
                s.buffer_minutes * 60,
                {m.id for m in self.staff.values() if credential_word(s.required_skill, skill=True) not in skills[m.id]} if s.required_skill else desk,
                bool(s.required_certification),
                (
                    {r.id for r in rooms if catalogue_word(r.room_type) not in {catalogue_word(t) for t in s.room_types}}
                    if s.room_types else None
                ),
                s.staff_count > 1,
            )
            for s in self.services.values()
        }
        unknown: _ServiceFacts = (None, 0, None, False, None, False)
        self.appointments = listed = newest_versions(appointments)
        lines, zones_of, starts, ends, margins, appointment_of = (
            self.lines, self.zones_of, self.starts, self.ends, self.margins, self.appointment_of
        )
        by_staff, by_resource, split = self.by_staff, self.by_resource, self._split
        lacking_skill, to_certify, in_wrong_room, two_staff = (
            self._lacking_skill, self._to_certify, self._in_wrong_room, self._two_staff
        )
        zones = self.zones
        # (zone, local day, local hour) -> seconds (since _ORIGIN) at the top of that hour, or None when the
        # zone's UTC offset changes within it: a dict hit and three field reads instead of a timestamp() per line.
        hours: dict[tuple[tzinfo | None, int, int], int | None] = {}
        # Pydantic attribute reads take CPython's slow path (BaseModel defines __getattr__); a model's field
        # values live in its __dict__, so one read of that and an itemgetter get all a line needs at once.
        appointment_fields = itemgetter("status", "location_id", "services")
        line_fields = itemgetter("start_at", "end_at", "service_id", "staff_id", "resource_ids")
        for number, appointment in enumerate(listed):
            status, location_id, services = appointment_fields(appointment.__dict__)
            if status not in ACTIVE_STATUSES:
                continue
            zone = zones.get(location_id)
            first_no = len(starts)
            for line in services:
                start_at, end_at, service_id, staff_id, resource_ids = line_fields(line.__dict__)
                key = (start_at.tzinfo, start_at.toordinal(), start_at.hour)
                top = hours.get(key, _UNSEEN)
                if top is _UNSEEN:
                    top = hours[key] = _top_of_hour(start_at)
                if top is None:
                    start = int(start_at.timestamp()) - _ORIGIN
                else:
                    start = top + start_at.minute * 60 + start_at.second
                if end_at.tzinfo is start_at.tzinfo and type(start_at.tzinfo) is timezone:
                    # one fixed offset: the wall-clock difference Python computes for one tzinfo object is the
                    # elapsed time (for a ZoneInfo it is not across a clock change, so that goes below)
                    length = end_at - start_at  # normalised (0 <= seconds < 86400), so this is the floor
                    end = start + length.days * 86400 + length.seconds
                else:  # a zone with clock changes, or two offset objects: true elapsed time, as in UTC
                    key = (end_at.tzinfo, end_at.toordinal(), end_at.hour)
                    top_end = hours.get(key, _UNSEEN)
                    if top_end is _UNSEEN:
                        top_end = hours[key] = _top_of_hour(end_at)
                    if top is None or top_end is None or start_at.microsecond or end_at.microsecond:
                        # in UTC: two times sharing a ZoneInfo would subtract as wall clocks, an hour off across
                        # a clock change
                        elapsed = end_at.astimezone(timezone.utc) - start_at.astimezone(timezone.utc)
                        end = start + int(elapsed.total_seconds())
                    else:
                        end = top_end + end_at.minute * 60 + end_at.second
                if end <= start:
                    continue
                no = len(starts)
                timing, buffer, unskilled, certify, wrong, pair = about.get(service_id, unknown)
                lines.append(line)
                zones_of.append(zone or start_at.tzinfo)  # type: ignore[arg-type]
                starts.append(start)
                ends.append(end)
                margins.append(buffer)
                appointment_of.append(number)
                if staff_id:
                    if timing is None:
                        by_staff[staff_id].append((start, end, no))
                    else:
                        freed = min(start + timing[0], end)
                        back = freed + timing[1]
                        parts = ((start, freed), (back, end)) if back < end else ((start, freed),)
                        split[no] = parts
                        intervals = by_staff[staff_id]
                        for part_start, part_end in parts:
                            intervals.append((part_start, part_end, no))
                    if unskilled and staff_id in unskilled:
                        lacking_skill.append((no, staff_id))
                    if certify:
                        to_certify.append((no, staff_id, service_id))
                for resource_id in resource_ids:
                    by_resource[resource_id].append((start, end, no))
                    if wrong and resource_id in wrong:
                        in_wrong_room.append((no, resource_id))
                    if suites and resource_id in suites:
                        in_suites.append((no, resource_id, service_id))
                if pair:
                    two_staff.append((no, service_id, staff_id))
            if len(starts) - first_no > 1:
                self._several.append((first_no, len(starts)))
        for intervals in by_staff.values():
            intervals.sort()
        for intervals in by_resource.values():
            intervals.sort()

    def line(self, no: int) -> _Line:
        """The readable view of line ``no`` (built on demand, for conflicts only)."""
        view = self._lines.get(no)
        if view is None:
            line = self.lines[no]
            view = _Line(
                no, self.appointments[self.appointment_of[no]], line, self.services.get(line.service_id),
                self.starts[no], self.ends[no], self.busy(no), self.zones_of[no],
            )
            self._lines[no] = view
        return view

    def busy(self, no: int) -> tuple[tuple[int, int], ...]:
        """When line ``no`` keeps its therapist busy."""
        return self._split.get(no) or ((self.starts[no], self.ends[no]),)

    # -- sweeps --

    def staff_double_bookings(self) -> list[Conflict]:
        """One conflict per maximal stretch in which a staff member holds two or more services (of different
        appointments, or of one appointment but not meant to run together: ``staff_units``)."""
        found = []
        units = self.staff_units()
        for staff_id, intervals in self.by_staff.items():
            stretches = _crowded_stretches(intervals, 1, units)
            for start, end, numbers in _merged_by_appointments(stretches, self.appointment_of):
                involved = self._sorted_lines(numbers)
                found.append(self._staff_double_booking(staff_id, involved, start, end))
        return found

    def resource_over_capacity(self) -> list[Conflict]:
        """One conflict per maximal stretch in which a room holds more appointments, or equipment more service
        lines, than its capacity."""
        found = []
        for resource_id, intervals in self.by_resource.items():
            resource = self.resources.get(resource_id) or self._unlisted(resource_id)
            if not self._touching(resource):
                continue  # bookings that never touch (even counting turnover) cannot be over capacity
            stretches = _crowded_stretches(intervals, resource.capacity, self._units(resource))
            for start, end, numbers in _merged_by_appointments(stretches, self.appointment_of):
                involved = self._sorted_lines(numbers)
                found.append(self._over_capacity(resource, involved, start, end))
        return found

    def buffer_violations(self) -> list[Conflict]:
        """A room's next appointment starting inside the previous line's turnover buffer (not overlapping it): one
        conflict per room and pair of bookings, whichever came first (a couples booking's two lines starting in the
        turnover after another couple's are one conflict, as its key says; so are a couple's made as two appointments
        each, and one guest's two bookings around another's, each turnover short). One
        guest's next appointment in the room she is already in needs no turnover (her massage, then her facial,
        booked as two appointments, as it does booked as one)."""
        found = []
        appointments, appointment_of = self.appointments, self.appointment_of

        def guest_of(no: int) -> str | None:
            return appointments[appointment_of[no]].client_id
        for resource_id, intervals in self.by_resource.items():
            resource = self.resources.get(resource_id)
            if resource is None or resource.type != ResourceType.room or not self._touching(resource):
                continue
            pairs: dict[frozenset[int], list[tuple[int, int]]] = defaultdict(list)
            units = self._units(resource)  # a couples booking made as two appointments is one booking
            for earlier, later in _buffer_breaches(intervals, self.margins, units, guest_of):
                pairs[frozenset((units[earlier], units[later]))].append((earlier, later))
            found += [self._buffer_violation(resource, breaches) for breaches in pairs.values()]
        return found

    def staff_units(self) -> Sequence[int]:
        """What a staff member's one-at-a-time counts, by line number: each service line (nobody gives two services
        at once, even to one guest: a couple's two massages booked on one therapist clash), except lines of one
        appointment meant to run together on them: the two lines of a two-staff service (``understaffed`` says that
        one person is on both) and an add-on lying within the treatment it adds to (an aromatherapy add-on given
        during the massage). Such lines share the number of the first of them."""
        if self._staff_units is not None:
            return self._staff_units
        joined: dict[int, int] = {}  # line number -> the first line of its group

        def root(no: int) -> int:
            while no in joined:
                no = joined[no]
            return no

        lines = self.lines
        for first, last in self._several:
            for i in range(first, last):
                staff_id = lines[i].staff_id
                if not staff_id:
                    continue
                for j in range(i + 1, last):
                    if lines[j].staff_id == staff_id and self._run_together(i, j):
                        a, b = sorted((root(i), root(j)))
                        if a != b:
                            joined[b] = a
        if joined:
            units = list(range(len(self.starts)))
            for no in joined:
                units[no] = root(no)
            self._staff_units = units
        else:
            self._staff_units = range(len(self.starts))
        return self._staff_units

    def _run_together(self, i: int, j: int) -> bool:
        """Whether lines ``i`` and ``j`` (one appointment, one staff member) are meant to be given at the same time."""
        first, second = self.lines[i], self.lines[j]
        service = self.services.get(first.service_id)
        if first.service_id == second.service_id and service is not None and service.staff_count > 1:
            return True
        starts, ends = self.starts, self.ends
        return (self._add_on(j) and starts[i] <= starts[j] and ends[j] <= ends[i]) or (
            self._add_on(i) and starts[j] <= starts[i] and ends[i] <= ends[j]
        )

    def _add_on(self, no: int) -> bool:
        """Whether line ``no`` is an add-on (an enhancement) by its service's category or name."""
        line = self.lines[no]
        service = self.services.get(line.service_id)
        said = [line.service_name] + ([service.category, service.name] if service is not None else [])
        return any(word in catalogue_word(text) for text in said for word in _ADD_ON_WORDS)

    def _units(self, resource: Resource) -> Sequence[int]:
        """What a resource's capacity counts, by line number: a room holds bookings (a couples booking's two lines
        in one suite are one, whether of one appointment or of two: ``booking_of``), a piece of equipment serves
        each line (two guests, two stone sets)."""
        return self.booking_of() if resource.type == ResourceType.room else range(len(self.starts))

    def booking_of(self) -> Sequence[int]:
        """Line number -> the booking it counts as in a room and for a two-staff service: its appointment's number,
        except for a couples booking made as two appointments (the module docstring's rule), whose second
        appointment's lines in the couples suite count as the first's. Sets ``couples`` (appointment numbers)."""
        if self._booking_of is not None:
            return self._booking_of
        self._booking_of = self.appointment_of
        if not self._in_suites:
            return self._booking_of
        for_two: set[str] = set()
        four_hands: set[str] = set()  # two therapists on one guest: never half of a couple
        for s in self.services.values():
            words = f"{s.name} {s.category}"
            if _FOR_TWO.search(words) or (s.staff_count > 1 and not _FOUR_HANDS.search(words)):
                for_two.add(s.id)
            elif _FOUR_HANDS.search(words):
                four_hands.add(s.id)
        appointment_of, starts, lines = self.appointment_of, self.starts, self.lines
        in_suite: dict[tuple[int, str], list[int]] = defaultdict(list)  # (appointment, suite) -> lines
        alike: dict[tuple[str, int, str], list[int]] = defaultdict(list)  # (suite, start, service) -> lines
        for no, suite, service_id in self._in_suites:
            in_suite[(appointment_of[no], suite)].append(no)
            if service_id in for_two:
                alike[(suite, starts[no], service_id)].append(no)
        paired: set[int] = set()
        joined: list[int] | None = None

        def pair(suite: str, one: int, other: int, *, for_two: bool) -> None:
            nonlocal joined
            first, second = sorted((one, other))
            if (
                first == second
                or first in paired
                or second in paired
                or self.appointments[first].location_id != self.appointments[second].location_id
                or self.appointments[first].client_id == self.appointments[second].client_id  # one guest booked twice
            ):
                return
            paired.update((first, second))
            self.couples.append((first, second, for_two))
            if joined is None:
                joined = list(appointment_of)
            for no in in_suite[(second, suite)]:
                joined[no] = first

        # first the same service for two on both guests, as the spa's menu says it
        for (suite, _, _), numbers in alike.items():
            if len(numbers) == 2:  # one appointment alone, or three or more: each its own booking
                pair(suite, appointment_of[numbers[0]], appointment_of[numbers[1]], for_two=True)
        # then, in a suite of capacity 1, two guests starting together, each with their own therapist, whatever their
        # services: counted by appointment (guest), so a guest's add-on line starting with her treatment is no third
        single = {suite for suite in {suite for _, suite, _ in self._in_suites} if self.resources[suite].capacity <= 1}
        together: dict[tuple[str, int], dict[int, set[str | None]]] = defaultdict(dict)  # (suite, start) -> guests' staff
        for no, suite, service_id in self._in_suites:
            if suite in single and service_id not in four_hands and appointment_of[no] not in paired:
                together[(suite, starts[no])].setdefault(appointment_of[no], set()).add(lines[no].staff_id or None)
        for (suite, _), guests in together.items():
            if len(guests) != 2:
                continue  # one guest alone, or three or more: nobody can tell which two are the couple
            (one, staff_one), (other, staff_other) = guests.items()
            staff_one, staff_other = staff_one - {None}, staff_other - {None}
            if staff_one and staff_other and not staff_one & staff_other:  # one therapist on both is a double booking
                pair(suite, one, other, for_two=False)
        if joined is not None:
            self._booking_of = joined
        return self._booking_of

    def _unlisted(self, resource_id: str) -> Resource:
        """A stand-in for a room or piece of equipment a booking names that the spa system's resource list does not
        have: an id is an id, so two appointments in it at once clash. Its capacity and turnover are not known: one
        booking at a time, counted by appointment as a room's (a couples booking's two lines in it are one), and no
        turnover checked."""
        stand_in = self._stand_ins.get(resource_id)
        if stand_in is None:
            stand_in = self._stand_ins[resource_id] = Resource(
                id=resource_id, location_id="", name=resource_id, type=ResourceType.room, capacity=1
            )
        return stand_in

    def _touching(self, resource: Resource) -> bool:
        """Whether a booking of the resource starts before another unit's end plus turnover (asked twice)."""
        touching = self._touching_resources.get(resource.id)
        if touching is None:
            touching = _touching(self.by_resource[resource.id], self.margins, self._units(resource))
            self._touching_resources[resource.id] = touching
        return touching

    def line_checks(self) -> list[Conflict]:
        """Skills, certifications, room types and two-staff services, merged per appointment and subject."""
        groups: dict[tuple[ConflictKind, str, str], list[int]] = defaultdict(list)
        appointments, appointment_of = self.appointments, self.appointment_of
        for no, staff_id in self._lacking_skill:
            groups[(ConflictKind.missing_skill, appointments[appointment_of[no]].id, staff_id)].append(no)
        if self._to_certify:
            # The last day each (therapist, service) pair is certified for; a line needs its local date only
            # when that is not safely after every line of the calendar (one day of slack covers a zone whose
            # clocks fall back across midnight).
            last_valid: dict[tuple[str, str], date] = {}
            latest: dict[tzinfo, date] = {}
            starts, zones_of, final = self.starts, self.zones_of, max(self.starts)
            for no, staff_id, service_id in self._to_certify:
                last = last_valid.get((staff_id, service_id))
                if last is None:
                    member, service = self.staff.get(staff_id), self.services.get(service_id)
                    last = last_valid[(staff_id, service_id)] = (
                        self._last_valid_day(member, service.required_certification)  # type: ignore[arg-type]
                        if member is not None and service is not None
                        else date.max  # unknown staff: not checked
                    )
                zone = zones_of[no]
                bound = latest.get(zone)
                if bound is None:
                    day = self._local_date(final, zone)
                    bound = latest[zone] = day + timedelta(days=1) if day < date.max else day
                if last < bound and self._local_date(starts[no], zone) > last:
                    appointment_id = appointments[appointment_of[no]].id
                    groups[(ConflictKind.missing_certification, appointment_id, staff_id)].append(no)
        for no, resource_id in self._in_wrong_room:
            groups[(ConflictKind.wrong_room_type, appointments[appointment_of[no]].id, resource_id)].append(no)
        found = [
            self._line_conflict(kind, subject, [self.line(no) for no in numbers])
            for (kind, _, subject), numbers in groups.items()
        ]
        two_staff: dict[tuple[int, str], list[tuple[int, str | None]]] = defaultdict(list)
        booking_of = self.booking_of()  # a couples booking made as two appointments is one booking: one therapist each
        for no, service_id, staff_id in self._two_staff:
            two_staff[(booking_of[no], service_id)].append((no, staff_id))
        short: dict[str, tuple[str, list[list[int]], list[set[str]]]] = {}  # key -> (service, sessions, their people)
        for (_, service_id), booked in two_staff.items():
            for session in self._sessions(booked):  # the service given twice, hours apart, is two sessions
                people = {staff_id for _, staff_id in session} - {None}
                if len(people) >= 2:
                    continue
                numbers = [no for no, _ in session]
                key = conflict_key(ConflictKind.understaffed, [self.appointments[self.appointment_of[no]].id for no in numbers], [service_id])
                # one conflict per key: one appointment's sessions, or a line a couples suite counts with another
                # booking (``booking_of``), had made two conflicts with one key, the second never carded (rev46a)
                entry = short.setdefault(key, (service_id, [], []))
                entry[1].append(numbers)
                entry[2].append(people)
        for service_id, sessions, people in short.values():
            ordered = sorted(zip(sessions, people, strict=True), key=lambda pair: min((self.starts[no], no) for no in pair[0]))
            found.append(self._understaffed(service_id, [[self.line(no) for no in nos] for nos, _ in ordered],
                                            [who for _, who in ordered]))
        return found

    def _sessions(self, booked: list[tuple[int, str | None]]) -> list[list[tuple[int, str | None]]]:
        """``booked`` (a two-staff service's lines in one booking) in sessions: lines overlapping in time, in order
        of start. Usually one session (a couples massage's two lines side by side); the service booked again hours
        later in the same appointment, one therapist each time, is two sessions each one therapist short (it had
        read as two therapists on one session: no card)."""
        sessions: list[list[tuple[int, str | None]]] = []
        end = None
        for no, staff_id in sorted(booked, key=lambda item: (self.starts[item[0]], item[0])):
            if end is not None and self.starts[no] < end:
                sessions[-1].append((no, staff_id))
                end = max(end, self.ends[no])
            else:
                sessions.append([(no, staff_id)])
                end = self.ends[no]
        return sessions

    def shift_checks(self) -> list[Conflict]:
        """Busy time outside the staff member's shifts, one conflict per appointment and staff member; a staff
        member marked inactive works no shift, so each of their appointments is one."""
        found = []
        for staff_id, intervals in self.by_staff.items():
            member = self.staff.get(staff_id)
            if member is None:
                continue
            if not member.active:
                booked: dict[int, list[int]] = defaultdict(list)
                for _, _, no in intervals:
                    booked[self.appointment_of[no]].append(no)
                found += [self._inactive_conflict(member, numbers) for numbers in booked.values()]
                continue
            if not member.shifts:
                continue
            spills = self._shift_spills(member, intervals)
            if not spills:
                continue
            by_appointment: dict[int, list[tuple[int, int, _Line]]] = defaultdict(list)
            for start, end, no in spills:
                by_appointment[self.appointment_of[no]].append((start, end, self.line(no)))
            found += [self._outside_shift_conflict(member, parts) for parts in by_appointment.values()]
        return found

    # -- conflict builders (few calls: names, messages and suggestions live here) --

    def _staff_double_booking(self, staff_id: str, involved: list[_Line], start: int, end: int) -> Conflict:
        tz = involved[0].tz
        who = self._name(staff_id)
        across = len({line.appointment.location_id for line in involved}) > 1  # one therapist, two sites
        zone = _zones_differ(start, [line.tz for line in involved])  # e.g. SoHo and Venice: every time labelled
        listing = "; ".join(self._describe(line, where=across, zone=zone) for line in involved)
        n = len({line.appointment.id for line in involved})
        booked, span = f"{who[:1].upper()}{who[1:]} is booked for", _span(start, end, tz, zone=zone)
        together = self._services_together(involved)  # one appointment's services on them at the same time
        # a chain (10:00-12:00 under 10:00-11:00 and 11:00-12:00) is 3 appointments but never 3 at once
        peak = _most_at_once((s, e, line.appointment.id) for line in involved for s, e in line.busy)
        at_once = "appointments at once" if peak == n else "overlapping appointments"
        span = span if peak == n else f"{span}, up to {peak} at once"
        if not together:
            message = f"{booked} {n} {at_once} {span}: {listing}."
        elif n == 1:
            message = (
                f"{booked} {together} services of the same appointment at once {span}: {listing}. "
                f"One therapist cannot give {'both' if together == 2 else 'them all'} at the same time."
            )
        else:
            message = (
                f"{booked} {n} {at_once} {span}, with {together} services of one of them at the same time: {listing}."
            )
        # the latest booking to start, of one whose only line in the clash it is: moving one line of a longer visit
        # (a 10:00 facial and 11:00 massage around another guest's 10:30) would leave the rest of the visit clashing;
        # of those, one whose move clears the clash (the 10:00-12:00 under a chain of two, not the 11:00)
        lines_of = Counter(line.appointment.id for line in involved)
        movable = [line for line in reversed(involved) if lines_of[line.appointment.id] == 1]
        units = self.staff_units()

        def clears(moved: _Line) -> bool:
            rest = [line for line in involved if line.appointment.id != moved.appointment.id]
            return _most_at_once((s, e, units[line.no]) for line in rest for s, e in line.busy) <= 1

        # all at once (the usual clash): the latest; a chain: the first of them (a few) whose move clears it, looked
        # for only when one move can (two at once at most: three at once always leave two)
        held = _most_at_once((s, e, units[line.no]) for line in involved for s, e in line.busy)  # as ``clears`` counts
        chain = movable[:_MAX_CANDIDATES] if peak < n and held <= 2 else []
        to_move = next((line for line in chain if clears(line)), movable[0] if movable else involved[-1])
        others = [line.end for line in involved if line.appointment.id != to_move.appointment.id] or [
            line.end for line in involved if line.no != to_move.no  # one appointment: after its other services
        ]
        fix = self._reassign_fix(to_move, exclude={staff_id}, verb="Move", zone=zone) or self._later_start_fix(
            to_move, staff_id, after=max(others), zone=zone,
        )
        if fix is None:
            fix = (
                f"Give one of these services to a second therapist or book them one after the other; {who} can give "
                "only one at a time."
                if n == 1
                else f"Move one of these appointments to another therapist or time; {who} can only take one."
            )
        if movable and not clears(to_move):  # three at once: one move leaves two
            fix += f" {who[:1].upper()}{who[1:]} would still be double-booked after that: another of these appointments needs moving too."
        return self._conflict(
            ConflictKind.staff_double_booked, involved, start, end, message, fix,
            staff_ids=[staff_id], resource_ids=[], subject_ids=[staff_id], zones_labelled=zone,
        )

    def _services_together(self, involved: list[_Line]) -> int:
        """How many services of one appointment among ``involved`` hold the therapist at the same time (counted as
        ``staff_units`` does), the most for any appointment; 0 when no two do (the usual clash of appointments)."""
        units = self.staff_units()
        by_appointment: dict[str, list[_Line]] = defaultdict(list)
        for line in involved:
            by_appointment[line.appointment.id].append(line)
        most = 0
        for lines in by_appointment.values():
            if len(lines) < 2:
                continue
            clashing = {
                units[line.no]
                for line in lines
                for other in lines
                if units[line.no] != units[other.no]
                and any(s < oe and os < e for s, e in line.busy for os, oe in other.busy)
            }
            most = max(most, len(clashing))
        return most

    def _over_capacity(self, resource: Resource, involved: list[_Line], start: int, end: int) -> Conflict:
        tz = involved[0].tz
        # a room of one location booked from another (a New York booking in a Los Angeles room): its times side by
        # side are in two zones, each labelled, and each booking says where it is
        across = len({line.appointment.location_id for line in involved}) > 1
        zone = _zones_differ(start, [line.tz for line in involved])
        listing = "; ".join(self._describe(line, where=across, zone=zone) for line in involved)
        is_room = resource.type == ResourceType.room
        kind = ConflictKind.room_double_booked if is_room else ConflictKind.equipment_over_capacity
        n = len({line.appointment.id for line in involved}) if is_room else len(involved)
        span = _span(start, end, tz, zone=zone)
        # a chain (10:00-12:00 under 10:00-11:00 and 11:00-12:00) is 3 bookings but never 3 at once
        peak = _most_at_once((line.start, line.end, line.appointment.id if is_room else line.no) for line in involved)
        chained = peak < n
        units = self._units(resource)

        def clears(moved: _Line) -> bool:
            rest = [line for line in involved if units[line.no] != units[moved.no]]
            return _most_at_once((line.start, line.end, units[line.no]) for line in rest) <= resource.capacity

        # the latest booking to start whose move clears the room (the 10:00-12:00 under a chain of two), else the latest
        # looked for only when one move can clear it, bookings counted as ``clears`` counts them (a couple as one)
        held = _most_at_once((line.start, line.end, units[line.no]) for line in involved)
        chain = involved[::-1][:_MAX_CANDIDATES] if chained and held <= resource.capacity + 1 else []
        to_move = next((line for line in chain if clears(line)), involved[-1])
        still = (
            ""
            if clears(to_move)
            else f" {resource.id if resource.id in self._stand_ins else resource.name} would still be over capacity "
            "after that: another of these bookings needs moving too."
        )
        # the booking to move is named by its own location's clock (the span above is the first booking's)
        booking = f"{_clock(to_move.start, to_move.tz, zone=zone)} {to_move.service_name}{self._guest(to_move)}"
        if resource.id in self._stand_ins:  # not on the resource list: its capacity is not known
            shared = (
                f"{n} overlapping appointments share {resource.id} {span}, up to {peak} at once"
                if chained
                else f"{n} appointments share {resource.id} at once {span}"
            )
            message = (
                f"{shared}: {listing}. {resource.id} is not on the spa "
                "system's list of rooms and equipment, so its capacity is not known: taken as one booking at a time."
            )
            # a booking already in a room of the list shares the unlisted id as something else (a kit): another room
            # would not part them
            roomed = any(
                (listed := self.resources.get(rid)) is not None and listed.type == ResourceType.room
                for rid in to_move.line.resource_ids
            )
            fix = (
                f"Move the {booking} to another {'time' if roomed else 'room or time'}, or check {resource.id} in the "
                f"spa system if it can take more than one booking at once.{still}"
            )
            return self._conflict(
                kind, involved, start, end, message, fix,
                staff_ids=[line.line.staff_id for line in involved if line.line.staff_id],
                resource_ids=[resource.id], subject_ids=[resource.id], zones_labelled=zone,
            )
        # the bookings are the subject: a resource's name may be plural ("Hot stone kits")
        sharing = f"appointments share {resource.name}" if is_room else f"treatments use {resource.name}"
        if chained:
            message = f"{n} overlapping {sharing} (capacity {resource.capacity}) {span}, up to {peak} at once: {listing}."
        else:
            message = f"{n} {sharing} (capacity {resource.capacity}){'' if is_room else ' at once'} {span}: {listing}."
        alternative = self._free_resource_like(resource, to_move)
        if alternative is not None:
            fix = f"Use {alternative.name} for the {booking}: it is free{' and allowed for that service' if is_room else ''}.{still}"
        elif is_room:
            fix = f"Move the {booking} to another room or time.{still}"
        else:
            fix = (
                f"Move one of these bookings: {resource.name} can serve only {resource.capacity} at a time"
                f" and no other {_kind_free(resource.kind)} then."
            )
        return self._conflict(
            kind, involved, start, end, message, fix,
            staff_ids=[line.line.staff_id for line in involved if line.line.staff_id],
            resource_ids=[resource.id], subject_ids=[resource.id], zones_labelled=zone,
        )

    def _buffer_violation(self, room: Resource, breaches: list[tuple[int, int]]) -> Conflict:
        """Two bookings' lines starting inside each other's turnover in ``room``: ``breaches`` are (earlier line,
        later line) pairs. The message names the first later line to start after each of the two (one guest's 10:00
        and 12:00 wraps around another's 11:05: both turnovers); the conflict spans every breach."""
        units = self._units(room)
        first_of: dict[int, tuple[int, int]] = {}  # the booking that came first -> its first breach
        for pair in sorted(breaches, key=lambda pair: (self.starts[pair[1]], pair[1])):
            first_of.setdefault(units[pair[0]], pair)
        first, *then = first_of.values()
        earlier, later = self.line(first[0]), self.line(first[1])
        buffer = self.margins[earlier.no]
        ready = earlier.end + buffer
        involved = _unique([earlier, *(self.line(no) for pair in breaches for no in pair)])
        # a room of one location booked from another (a New York booking in a Los Angeles room): each booking's times
        # on its own clock, labelled with its zone, and each says where it is, as a room double booking does
        zone = _zones_differ(earlier.start, [earlier.tz, later.tz]) or _zones_differ(later.start, [earlier.tz, later.tz])
        across = earlier.appointment.location_id != later.appointment.location_id and zone

        def named(line: _Line) -> str:
            place = f" at {self.location_names.get(line.appointment.location_id, line.appointment.location_id)}"
            return f"{line.service_name}{place if across else ''}{self._guest(line)}"

        shown = later.tz if not zone else earlier.tz

        def breach(before: _Line, after: _Line) -> str:
            return (
                f"{self.margins[before.no] // 60} min of turnover after the "
                f"{_clock(before.start, shown, zone=zone)} {named(before)} (ends {_clock(before.end, shown, zone=zone)}), "
                f"but the {named(after)} starts {_clock(after.start, after.tz, zone=zone)}, "
                f"{(before.end + self.margins[before.no] - after.start) // 60} min short."
            )

        message = " ".join(
            [
                f"{room.name} needs {breach(earlier, later)}",
                *(f"It also needs {breach(*map(self.line, pair))}" for pair in then),
            ]
        )
        tz = later.tz
        alternative = self._free_resource_like(room, later)
        booking = f"{_clock(later.start, tz, zone=zone)} {later.service_name}{self._guest(later)}"
        if alternative is not None:
            fix = f"Move the {booking} to {alternative.name}, which is free."
        else:  # a start when the room is ready, the therapist free and on shift, and the room free until the next guest
            # (one line's booking only: moving one guest of a couple would split them and leave the other short, rev46a)
            alone = not any(
                no != later.no and units[no] == units[later.no] and start < later.end and later.start < end
                for start, end, no in self.by_resource.get(room.id, [])
            )
            later_fix = self._later_start_fix(later, later.line.staff_id, after=ready, zone=zone, room=room) if alone else None
            fix = later_fix or f"Move the {booking} to another room or time."
        return self._conflict(
            ConflictKind.buffer_violated, involved, later.start,
            max(self.ends[before] + self.margins[before] for before, _ in breaches), message, fix,
            staff_ids=[line.line.staff_id for line in involved if line.line.staff_id],
            resource_ids=[room.id], subject_ids=[room.id], zones_labelled=zone,
        )

    def _line_conflict(self, kind: ConflictKind, subject: str, lines: list[_Line]) -> Conflict:
        lines.sort(key=lambda line: (line.start, line.no))
        first = lines[0]
        tz, service = first.tz, first.service
        assert service is not None
        when = f"{_clock(first.start, tz)} {first.service_name}{self._guest(first)}"
        if kind == ConflictKind.wrong_room_type:
            room = self.resources[subject]
            allowed = " or ".join(dict.fromkeys(with_article(room_type_words(t)) for t in service.room_types))
            wanted = {catalogue_word(t) for t in service.room_types}
            has = _room_type_said(room)
            message = f"The {when} is in {room.name}{f' ({has})' if has else ''}; it needs {allowed}."
            alternative = self._free_resource_like(room, first)
            if alternative is not None:
                other = _room_type_said(alternative)  # an allowed type: never "no room type"
                fix = f"Move the {when} to {alternative.name}, which is free{f' and {other}' if other else ''}."
            elif any(r.location_id == room.location_id and catalogue_word(r.room_type) in wanted  # "Facial Room" too
                     for r in self.resources.values()):
                fix = f"Move the {when} to {allowed} at another time."
            else:  # none at this location, at any time (probe49b): the service or the rooms' types are to change
                fix = (f"No room at this location is {allowed}: book the guest another service, or set the right room "
                       "type on a room in Mangomint.")
            return self._conflict(
                kind, lines, first.start, max(line.end for line in lines), message, fix,
                staff_ids=[line.line.staff_id for line in lines if line.line.staff_id],
                resource_ids=[subject], subject_ids=[subject],
            )
        who = self._name(subject)
        if kind == ConflictKind.missing_skill and not service.required_skill:  # a front-desk member, no skills
            message = f"{who} works the front desk, with no treatment skills in the spa system, but is booked for the {when}."
            fallback = f"Reassign the {when} to a therapist."
        elif kind == ConflictKind.missing_skill:
            skill = catalogue_words(service.required_skill or "")
            message = f"{who} is booked for the {when}, which needs the {skill} skill, and does not have it."
            fallback = f"Reassign the {when} to a therapist with the {skill} skill."
        else:
            certification = catalogue_words(service.required_certification or "")
            member = self.staff[subject]
            last = self._last_valid_day(member, service.required_certification or "")
            booked_on = self._local_date(first.start, tz)
            lapsed = (
                f"{member.first_name}'s expired on {day_label(last, seen_from=booked_on)}"
                if last > date.min
                else f"{member.first_name} has none"
            )
            message = f"{who} is booked for the {when}, which needs {with_article(certification)} certification; {lapsed}."
            fallback = f"Reassign the {when} to a therapist certified for {certification}."
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
        zone = self._shift_zone(member, tz)  # the shift's day and hours are the member's own location's
        day = self._local_date(first.start, zone)
        # booked away from their own location's zone: the shift in its own zone, the booking in the location's,
        # every time labelled (and the time outside it in both)
        labelled = _zones_differ(first.start, (tz, zone))
        shift, windows = self._shift_text(member, day, zone, shown_in=None if labelled else tz, labelled=labelled)
        outside = _merged_spans([(s, e) for s, e, _ in spills])  # a split shift's break and past its end: two parts
        busy = spoken_list(
            [
                f"{_span(s, e, tz, zone=True)} ({_span(s, e, zone, zone=True)})" if labelled else _span(s, e, tz)
                for s, e in outside
            ]
        )
        booking = f"{_clock(first.start, tz, zone=labelled)} {first.service_name}{self._guest(first)}"
        # one booking begun on shift that runs past its end to its own end, on one clock: said as the overrun it is,
        # from the shift's end ("runs 30 min past their 6:00pm shift end"), as the headline names the booking's own
        # start; one running through a split shift's break (back on shift before it ends) keeps "keeps them busy …"
        # the time outside begins at a shift's end: a processing time running past it (free while the colour sets)
        # puts the busy part after it, and "runs 30 min past their 8:15pm shift end" named an end no shift has
        # (probe49b); that one says when it keeps them busy instead
        ordinal = day.toordinal()
        shift_ends = {window_end for _, window_end in self._windows_over(member, ordinal - 1, ordinal, zone)}
        overrun = (
            len(lines) == 1
            and len(outside) == 1
            and first.start < start
            and end == first.end
            and start in shift_ends
            and not labelled
            and _offset(first.start, tz) == _offset(start, tz)
        )
        if shift and overrun:
            message = (
                f"{member.display_name}'s {'shift' if windows == 1 else 'shifts'} on {day:%A} "
                f"{'is' if windows == 1 else 'are'} {shift}, but the {booking} runs {_length(end - start)} past their "
                f"{_clock(start, tz)} shift end, to {_clock(end, tz)}."
            )
            fallback = f"Extend {member.first_name}'s shift or move the {booking} inside it."
        elif shift:
            message = (
                f"{member.display_name}'s shift on {day:%A} is {shift}, but the {booking} keeps them busy {busy}, outside it."
                if windows == 1 else  # a split shift, or the night before's running into the day
                f"{member.display_name}'s shifts on {day:%A} are {shift}, but the {booking} keeps them busy {busy}, "
                "outside them."
            )
            fallback = f"Extend {member.first_name}'s shift or move the {booking} inside it."
        else:  # a day off
            message = f"{member.display_name} has no shift on {day:%A}, but the {booking} keeps them busy {busy}."
            fallback = f"Give {member.first_name} a shift then or move the {booking} to a therapist on shift."
        fix = self._reassign_fix(first, exclude={member.id}, verb="Move", zone=labelled) or fallback
        found = self._conflict(
            ConflictKind.outside_shift, lines, start, end, message, fix,
            staff_ids=[member.id], resource_ids=[], subject_ids=[member.id], zones_labelled=labelled,
        )
        if first.start < start:
            # a booking begun on shift: the card's headline names the booking's own start (5:30pm), which the desk
            # looks it up by, not where the time outside the shift begins (6:00pm, said in the message); on the spring
            # night (a shift ending at 2:00am ends at 3:00am) the booking's time as its wall clock showed it, not a
            # 3:00am nobody booked
            found = replace(found, headline_at=datetime.fromtimestamp(first.start + _ORIGIN, tz))
        return found

    def _inactive_conflict(self, member: Staff, numbers: list[int]) -> Conflict:
        """An appointment booked with a staff member the spa system has marked inactive (left, on leave)."""
        lines = sorted(_unique([self.line(no) for no in numbers]), key=lambda line: (line.start, line.no))
        first = lines[0]
        booking = f"{_clock(first.start, first.tz)} {first.service_name}{self._guest(first)}"
        message = f"{member.display_name} is marked inactive in the spa system, but the {booking} is booked with them."
        fix = self._reassign_fix(first, exclude={member.id}, verb="Move") or (
            f"Move the {booking} to a therapist on shift, or mark {member.first_name} active again in the spa system."
        )
        return self._conflict(
            ConflictKind.outside_shift, lines, first.start, max(line.end for line in lines), message, fix,
            staff_ids=[member.id], resource_ids=[], subject_ids=[member.id],
        )

    def _understaffed(self, service_id: str, sessions: list[list[_Line]], staffed: list[set[str]]) -> Conflict:
        """One two-staff service short of people in each of ``sessions`` (its lines overlapping in time, in order;
        ``staffed``: who is on each): the first named, any later one said after it ("The 3:00pm one too: only Priya is booked on it.")."""
        lines = sorted((line for session in sessions for line in session), key=lambda line: (line.start, line.no))
        first, people = lines[0], staffed[0]
        tz = first.tz

        def on_it(who: set[str]) -> str:
            names = ", ".join(self._name(p) for p in sorted(who))
            return f"only {names} is" if names else "nobody is"

        message = (
            f"The {_clock(first.start, tz)} {first.service_name}{self._guest(first)} needs two staff members; "
            f"{on_it(people)} booked on it."
        )
        for session, who in zip(sessions[1:], staffed[1:], strict=True):  # the same service later in the visit
            start = min(line.start for line in session)
            message += f" The {_clock(start, tz)} one too: {on_it(who)} booked on it."
        second = self._qualified_free_staff(first, exclude=people)
        booking = f"{_clock(first.start, tz)} {first.service_name}{self._guest(first)}"
        fix = (
            f"Add {second.first_name} as the second therapist on the {booking}: free and qualified."
            if second
            else f"Add a second qualified therapist to the {booking} or rebook it."
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
        zones_labelled: bool = False,
    ) -> Conflict:
        tz = lines[0].tz
        return Conflict(
            kind=kind,
            appointment_ids=tuple(line.appointment.id for line in lines),
            staff_ids=tuple(s for s in staff_ids if s),
            resource_ids=tuple(resource_ids),
            start=datetime.fromtimestamp(start + _ORIGIN, tz),
            end=datetime.fromtimestamp(end + _ORIGIN, tz),
            message=message,
            suggested_fix=fix,
            subject_ids=tuple(subject_ids),
            location_id=lines[0].appointment.location_id,
            location_ids=tuple(line.appointment.location_id for line in lines),
            zones_labelled=zones_labelled,
            parties=_parties(lines),
        )

    # -- suggestions --

    def _reassign_fix(self, line: _Line, *, exclude: set[str], verb: str, zone: bool = False) -> str | None:
        other = self._qualified_free_staff(line, exclude=exclude)
        if other is None:
            return None
        booked_with = line.line.staff_id
        owner = f"{self._first_name(booked_with)}'s" if booked_with in self.staff else "the"  # not on the list: no name
        service = line.service
        skill = service.required_skill if service else None
        certification = service.required_certification if service else None
        has = f"has the {catalogue_words(skill)} skill" if skill else ""
        certified = f"certified for {catalogue_words(certification)}" if certification else ""
        if has and certified:
            why = f"who is free, {has} and is {certified}"
        else:
            why = f"who is free and {has or certified}" if has or certified else "who is free"
        when = _clock(line.start, line.tz, zone=zone)
        return f"{verb} {owner} {when} {line.service_name}{self._guest(line)} to {other.first_name}, {why}."

    def _later_start_fix(
        self, line: _Line, staff_id: str | None, *, after: int, zone: bool = False, room: Resource | None = None
    ) -> str | None:
        """"Move the 10:30 Swedish to 11:00, when Ana is free": the first 5-minute start after ``after`` (within
        ``_LATER_TRIES`` of them) when the therapist (if any) is free and on shift and the line's rooms and equipment
        are free (a room with the line's own turnover before its next booking too), or None. With ``room``, the wait
        is for its turnover: "…, when Room 1 is ready and Ana is free"."""
        timeline = self._staff_timeline(staff_id or "")
        day = self._local_date(line.start, line.tz)
        until = self._day_end(staff_id or "", day, line.tz)
        length = line.end - line.start
        member = self.staff.get(staff_id or "")
        checked_shift = member is not None and bool(member.shifts)
        shift_zone = self._shift_zone(member, line.tz) if member is not None else line.tz
        resources = [(rid, self.resources[rid]) for rid in line.line.resource_ids if rid in self.resources]
        for _ in range(_LATER_TRIES):
            start = timeline.next_gap(after, length, skip=line.no, until=until)
            if start is None:
                return None
            moved_end, moved = start + length, start - line.start
            rooms_free = all(
                # a room also needs the line's own turnover before whatever is booked in it next
                self._resource_free(rid, start, moved_end + (self.margins[line.no] if r.type == ResourceType.room else 0),
                                    skip=line.no)
                for rid, r in resources
            )
            on_shift = not checked_shift or not any(  # not into a split shift's break
                self._outside_shift(member, s + moved, e + moved, shift_zone) for s, e in line.busy  # type: ignore[arg-type]
            )
            if rooms_free and on_shift:
                who = self._first_name(staff_id) if member is not None else "that therapist"
                when = f"{who} is free"
                if room is not None:
                    when = f"{room.name} is ready and {when}" if staff_id else f"{room.name} is ready"
                return (
                    f"Move the {_clock(line.start, line.tz, zone=zone)} {line.service_name}{self._guest(line)} to "
                    f"{_clock(start, line.tz, zone=zone)}, when {when}."
                )
            after = start + _FIVE_MINUTES
        return None

    def _qualified_free_staff(self, line: _Line, *, exclude: set[str]) -> Staff | None:
        service = line.service
        day = self._local_date(line.start, line.tz)
        location_id = line.appointment.location_id
        if not self._candidates:
            for member in sorted(self.staff.values(), key=lambda s: (s.display_name, s.id)):
                if member.active and member.shifts and member.role != StaffRole.front_desk:
                    team = self._candidates.setdefault(member.location_id, [])
                    if len(team) < _MAX_CANDIDATES:
                        team.append((member.id, member))
        candidates = self._candidates.get(location_id, [])
        busy, by_staff, reach = line.busy, self.by_staff, self._reach()
        (first_start, first_end), rest = busy[0], busy[1:]
        probe, floor = (first_end,), first_start - reach
        # Cheapest test first: most colleagues are simply busy at a clash's peak time. This runs for every
        # colleague of every clash, so ``_free`` for the first busy part is inlined.
        for candidate_id, candidate in candidates:
            if candidate_id in exclude:
                continue
            intervals = by_staff.get(candidate_id)
            if intervals:
                idx, taken = bisect_left(intervals, probe), False
                while idx:
                    idx -= 1
                    start, end, _ = intervals[idx]
                    if start < floor:
                        break
                    if end > first_start:
                        taken = True
                        break
                if taken or (rest and not all(_free(intervals, None, reach, s, e) for s, e in rest)):
                    continue
            if service is not None:
                if service.required_skill and credential_word(service.required_skill, skill=True) not in self._skill_words[candidate_id]:
                    continue
                needed = service.required_certification
                if needed and not self._certified(candidate, needed, day):
                    continue
            # Staff without shifts are left out above: their schedule is unknown, they may not be working.
            zone = self._shift_zone(candidate, line.tz)
            if not any(self._outside_shift(candidate, s, e, zone) for s, e in line.busy):
                return candidate
        return None

    def _free_resource_like(self, current: Resource, line: _Line) -> Resource | None:
        """Another resource that could take ``line`` and is free then: an allowed room type / the same kind, at the
        booking's own location (a New York guest booked into a Los Angeles room is offered a New York one; the
        resource's location when the booking's is not known)."""
        location_id = line.appointment.location_id if line.appointment.location_id in self.zones else current.location_id
        if current.type == ResourceType.room:
            allowed = line.service.room_types if line.service and line.service.room_types else [current.room_type]
            candidates = self._choices(location_id, ResourceType.room, tuple(allowed))
        else:
            candidates = self._choices(location_id, ResourceType.equipment, (current.kind,))
        start, end, taken = line.start, line.end + self.margins[line.no], line.line.resource_ids
        by_resource, margins, reach, current_id = self.by_resource, self.margins, self._reach(), current.id
        for resource_id, resource in candidates[:_MAX_CANDIDATES]:
            if resource_id == current_id or resource_id in taken:
                continue
            intervals = by_resource.get(resource_id)
            if not intervals or _free(intervals, margins, reach, start, end):  # the line is not there: no skip
                return resource
        return None

    def _choices(
        self, location_id: str, type_: ResourceType, sorts: tuple[str | None, ...]
    ) -> list[tuple[str, Resource]]:
        """``(id, resource)`` for a location's rooms of these room types / equipment of these kinds, by name."""
        key = (location_id, type_, sorts)
        choices = self._resource_choices.get(key)
        if choices is None:
            pools = [self._pool(location_id, type_, sort) for sort in sorts]
            if len(pools) > 1:
                pools = [sorted({r.id: r for pool in pools for r in pool}.values(), key=lambda r: (r.name, r.id))]
            choices = self._resource_choices[key] = [(r.id, r) for pool in pools for r in pool]
        return choices

    def _pool(self, location_id: str, type_: ResourceType, sort: str | None) -> list[Resource]:
        """A location's rooms of one room type / equipment of one kind, by name."""
        if not self._pools:
            for resource in sorted(self.resources.values(), key=lambda r: (r.name, r.id)):
                sort_of = resource.room_type if resource.type == ResourceType.room else resource.kind
                self._pools[(resource.location_id, resource.type, catalogue_word(sort_of))].append(resource)
        return self._pools.get((location_id, type_, catalogue_word(sort)), [])

    def _resource_free(self, resource_id: str, start: int, end: int, *, skip: int) -> bool:
        return _free(self.by_resource.get(resource_id, []), self.margins, self._reach(), start, end, skip)

    def _staff_timeline(self, staff_id: str) -> _Timeline:
        return _Timeline(self.by_staff.get(staff_id, []), None, self._reach())

    def _reach(self) -> int:
        """The longest line plus the longest buffer: how far back an interval can still matter."""
        if self._longest is None:
            self._longest = max(map(sub, self.ends, self.starts), default=0) + max(self.margins, default=0)
        return self._longest

    def _certified(self, member: Staff, name: str, day: date) -> bool:
        """``member.has_certification(name, day)``."""
        return self._last_valid_day(member, name) >= day

    def _last_valid_day(self, member: Staff, name: str) -> date:
        """The last day on which one of the member's ``name`` certifications is valid (``date.max``: never
        expires, ``date.min``: none), from a table built once per member."""
        until = self._certified_until.get(member.id)
        if until is None:
            until = {}
            for cert in member.certifications:
                last = date.max if cert.expires_on is None else cert.expires_on
                named = credential_word(cert.name)  # "Chemical Peel Certification" is chemicalPeel
                if named not in until or last > until[named]:
                    until[named] = last
            self._certified_until[member.id] = until
        return until.get(credential_word(name), date.min)

    # -- time and shifts --

    def _local_date(self, ts: int, tz: tzinfo) -> date:
        key = (id(tz), ts // _QUARTER)
        day = self._local_dates.get(key)
        if day is None:
            day = datetime.fromtimestamp(ts + _ORIGIN, tz).date()
            self._local_dates[key] = day
        return day

    def _shift_pattern(self, member: Staff) -> tuple[tuple[tuple[str, str], ...], ...]:
        """The member's shifts as ``(start, end)`` per weekday (Monday first): a key many colleagues share."""
        pattern = self._patterns.get(member.id)
        if pattern is None:
            by_weekday: list[tuple[tuple[str, str], ...]] = [()] * 7
            for shift in member.shifts:
                by_weekday[shift.weekday] += ((shift.start, shift.end),)
            pattern = self._patterns[member.id] = tuple(by_weekday)
        return pattern

    def _windows(self, member: Staff, day: date, tz: tzinfo) -> list[tuple[int, int]]:
        """The member's shift windows starting on local ``day``, merged and sorted; shared by everyone with the same
        shifts. A shift ending at or before its start ("16:00"–"00:00", "18:00"–"02:00") ends the next day."""
        shifts = self._shift_pattern(member)[day.weekday()]
        key = (shifts, tz, day.toordinal())
        windows = self._shift_windows.get(key)
        if windows is None:
            after = day + timedelta(days=1)
            raw = sorted(
                (_epoch(day, start, tz), _epoch(after if ends_next_day(start, end) else day, end, tz))
                for start, end in shifts
            )
            windows = []
            for start, end in raw:
                if windows and start <= windows[-1][1]:
                    windows[-1] = (windows[-1][0], max(windows[-1][1], end))
                elif end > start:
                    windows.append((start, end))
            self._shift_windows[key] = windows
        return windows

    def _windows_over(self, member: Staff, first: int, last: int, tz: tzinfo) -> list[tuple[int, int]]:
        """The member's merged shift windows from local day ordinal ``first`` to ``last``, shared like ``_windows``."""
        key = (self._shift_pattern(member), tz, first, last)
        windows = self._span_windows.get(key)
        if windows is None:
            windows = []
            for ordinal in range(first, last + 1):
                for start, end in self._windows(member, date.fromordinal(ordinal), tz):
                    if windows and start <= windows[-1][1]:  # a night shift running into the next day's
                        windows[-1] = (windows[-1][0], max(windows[-1][1], end))
                    else:
                        windows.append((start, end))
            self._span_windows[key] = windows
        return windows

    def _outside_shift(self, member: Staff, start: int, end: int, tz: tzinfo) -> list[tuple[int, int]]:
        """Each part of ``[start, end)`` outside the member's shifts (none: inside them)."""
        day = self._local_date(start, tz)
        # the day before's shift may run past midnight into this one
        windows = self._windows(member, day - timedelta(days=1), tz) + self._windows(member, day, tz)
        last_day = self._local_date(end - 1, tz)
        if last_day != day:
            windows = windows + self._windows(member, last_day, tz)
        return _uncovered(start, end, windows, 0)

    def _shift_zone(self, member: Staff, fallback: tzinfo) -> tzinfo:
        """The zone of the member's shifts: their own location's (even for a line at another location), else
        ``fallback`` (the line's)."""
        return self.zones.get(member.location_id, fallback)

    def _shift_spills(self, member: Staff, intervals: list[Interval]) -> list[Interval]:
        """``(start, end, line)`` of each part of ``intervals`` (sorted) outside the shifts: one walk."""
        zones_of = self.zones_of
        tz = self.zones.get(member.location_id)
        if tz is None:  # the member's own location is unknown: each line's zone
            tz = zones_of[intervals[0][2]]
            if self._one_zone is None:
                self._one_zone = len(set(zones_of)) == 1
            if not self._one_zone and len(set(map(zones_of.__getitem__, map(itemgetter(2), intervals)))) > 1:
                # lines in several zones (e.g. no location, own offsets): one by one
                return [
                    (*part, no)
                    for start, end, no in intervals
                    for part in self._outside_shift(member, start, end, zones_of[no])
                ]
        first = self._local_date(intervals[0][0], tz).toordinal() - 1  # the day before's shift may run past midnight
        last = self._local_date(max(map(itemgetter(1), intervals)) - 1, tz).toordinal()
        windows = self._windows_over(member, first, last, tz)
        spills: list[Interval] = []
        j, last_window = 0, len(windows) - 1
        window_start, window_end = windows[0] if windows else (_FAR, _FAR)
        for start, end, no in intervals:
            if window_start <= start and end <= window_end:  # the usual case: inside the current window
                continue
            while window_end <= start and j < last_window:
                j += 1
                window_start, window_end = windows[j]
            if window_start <= start and end <= window_end:
                continue
            spills += [(*part, no) for part in _uncovered(start, end, windows, j)]
        return spills

    def _day_end(self, staff_id: str, day: date, tz: tzinfo) -> int:
        member = self.staff.get(staff_id)
        windows = self._windows(member, day, self._shift_zone(member, tz)) if member and member.shifts else []
        if windows:
            return windows[-1][1]
        return int(datetime.combine(day + timedelta(days=1), time(0), tzinfo=tz).timestamp()) - _ORIGIN

    def _shift_text(
        self, member: Staff, day: date, tz: tzinfo, *, shown_in: tzinfo | None = None, labelled: bool = False
    ) -> tuple[str, int]:
        """The member's shift windows on ``day`` in zone ``tz``, shown in ``shown_in`` (default ``tz``), each
        with the zone's abbreviation when ``labelled``; the day before's shift running past midnight into ``day``
        comes first, named as that day's ("Tuesday's 6:00pm–2:00am"), and then ``day``'s own named as its
        ("… and Wednesday's 10:00pm–6:00am": two night shifts would otherwise read as one twice); empty when they
        have no shift then. With the number of windows it names."""
        before = day - timedelta(days=1)
        midnight = _epoch(day, "00:00", tz)
        carried = [window for window in self._windows(member, before, tz) if window[1] > midnight]
        windows = self._windows(member, day, tz)
        shown = shown_in or tz
        own = ", ".join(_span(s, e, shown, zone=labelled) for s, e in windows)
        count = len(carried) + len(windows)
        if not carried:
            return own, count
        earlier = ", ".join(f"{before:%A}'s {_span(s, e, shown, zone=labelled)}" for s, e in carried)
        return (f"{earlier} and {day:%A}'s {own}" if own else earlier), count

    # -- names --

    def _name(self, staff_id: str | None) -> str:
        """The staff member's full name; one the staff list does not have, said so with the id the booking gives."""
        member = self.staff.get(staff_id or "")
        if member:
            return member.display_name
        return f"a therapist not on the spa system's staff list ({staff_id})" if staff_id else "unassigned"

    def _first_name(self, staff_id: str | None) -> str:
        member = self.staff.get(staff_id or "")
        return member.first_name if member else (staff_id or "unassigned")

    def _describe(self, line: _Line, *, where: bool = False, zone: bool = False) -> str:
        place = ""
        if where:
            location_id = line.appointment.location_id
            place = f" at {self.location_names.get(location_id, location_id)}"
        return f"{line.service_name} {_span(line.start, line.end, line.tz, zone=zone)}{place}{self._guest(line)}"

    def _guest(self, line: _Line) -> str:
        """`` (Ava S.)``: whose booking the line is, when known; else nothing (never the appointment's id)."""
        name = self.guests.get(line.appointment.client_id)
        return f" ({name})" if name else ""

    def _sorted_lines(self, numbers: Iterable[int]) -> list[_Line]:
        return sorted((self.line(no) for no in numbers), key=lambda line: (line.start, line.appointment.id, line.no))


def _kind_free(kind: str | None) -> str:
    """"hot stone set is free", "hot stones are free" (probe49b: "no other hot stones is free"), "unit of that kind
    is free" for a resource of no kind."""
    if not kind:
        return "unit of that kind is free"
    words = catalogue_words(kind)
    return f"{words} {'are' if words.endswith('s') and not words.endswith('ss') else 'is'} free"


def _room_type_said(room: Resource) -> str | None:
    """The room's type after "a"/"an" ("a facial room"), or None when its name says it already: "Wet Room" is a wet
    room, and "Wet Room (a wet room)" or "Couples Suite, which is a couples suite" would say it twice."""
    said = room_type_words(room.room_type) if room.room_type else ""
    if said and said.casefold() in room.name.casefold():
        return None
    return with_article(said) if said else "no room type in the spa system"


def _top_of_hour(moment: datetime) -> int | None:
    """Seconds since ``_ORIGIN`` at the top of ``moment``'s local hour, if its zone's UTC offset holds for that
    whole hour.

    Then ``int(moment.timestamp()) - _ORIGIN`` is this plus the minutes and seconds. None (use ``timestamp()``) for an
    hour in which the offset changes (a DST switch: ambiguous or skipped times), an offset that is not whole
    seconds, and times before 1970 (where ``int()`` rounds a negative timestamp up, not down).
    """
    day = moment.toordinal()
    if day < _EPOCH_DAY:
        return None
    top = moment.replace(minute=0, second=0, microsecond=0, fold=0)
    bottom = top.replace(minute=59, second=59, microsecond=999999)
    offsets = {top.utcoffset(), top.replace(fold=1).utcoffset(), bottom.utcoffset(), bottom.replace(fold=1).utcoffset()}
    if len(offsets) != 1:
        return None
    (offset,) = offsets
    if offset is None or offset % _SECOND:
        return None
    return (day - _ORIGIN_DAY) * 86400 + moment.hour * 3600 - offset // _SECOND


def _crowded_stretches(
    intervals: list[Interval], capacity: int, appointment_of: Sequence[int]
) -> list[tuple[int, int, set[int]]]:
    """Maximal stretches where more than ``capacity`` distinct units hold ``intervals`` (sorted by start).

    ``appointment_of`` maps a line number to the unit that counts against the capacity: its appointment, or
    the line itself for equipment.

    Returns ``(start, end, line numbers involved)``; touching stretches are merged. Each overlap component is
    swept with a heap of end times, so the whole is O(k log k) for k intervals.
    """
    if len(intervals) <= capacity:
        return []
    # One plain loop finds the overlap components (a new one begins where a start reaches past every earlier
    # end); most are single intervals. Only a component of more distinct appointments than the capacity (not,
    # say, a couples booking's two lines) can be crowded, and only those get the heap sweep.
    found: list[tuple[int, int, set[int]]] = []
    first, reach = 0, -(2**62)
    for i, (start, end, _) in enumerate(intervals):
        if start < reach:
            reach = max(reach, end)
            continue
        if i - first > capacity:
            found += _crowded_component(intervals[first:i], capacity, appointment_of)
        first, reach = i, end
    if len(intervals) - first > capacity:
        found += _crowded_component(intervals[first:], capacity, appointment_of)
    return found


def _crowded_component(
    component: list[Interval], capacity: int, appointment_of: Sequence[int]
) -> list[tuple[int, int, set[int]]]:
    if len({appointment_of[no] for _, _, no in component}) <= capacity:
        return []
    return _sweep(component, capacity, appointment_of)


def _sweep(component: list[Interval], capacity: int, appointment_of: Sequence[int]) -> list[tuple[int, int, set[int]]]:
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


def _merged_by_appointments(
    stretches: list[tuple[int, int, set[int]]], appointment_of: Sequence[int]
) -> list[tuple[int, int, set[int]]]:
    """Stretches that hold the same appointments (e.g. split by the therapist's processing time) as one, from
    the first's start to the last's end: a conflict's key is its appointments, so each set is one conflict."""
    if len(stretches) < 2:
        return stretches
    merged: dict[frozenset[int], tuple[int, int, set[int]]] = {}
    for start, end, numbers in stretches:
        appointments = frozenset(appointment_of[no] for no in numbers)
        seen = merged.get(appointments)
        merged[appointments] = (start, end, numbers) if seen is None else (seen[0], end, seen[2] | numbers)
    return list(merged.values())


def _buffer_breaches(
    intervals: list[Interval], margins: list[int], appointment_of: Sequence[int], guest_of: Callable[[int], str | None]
) -> list[tuple[int, int]]:
    """Pairs (earlier line, later line) of different appointments, and different guests (``guest_of`` a line's, asked
    only of a pair in the turnover; an unknown guest is nobody's), where the later starts inside the earlier's buffer.

    Only lines that have ended by then count as "earlier" (an overlap is a double booking, not a buffer
    problem); of those, the one whose turnover reaches furthest. Lines are found by end time with bisect, so
    this is O(k log k) for k lines in the room.
    """
    if not _touching(intervals, margins, appointment_of):
        return []
    longest = max(map(margins.__getitem__, map(itemgetter(2), intervals)))
    by_end = sorted((end, no) for _, end, no in intervals)
    end_values = [end for end, _ in by_end]
    breaches: list[tuple[int, int]] = []
    for start, _, no in intervals:
        best: tuple[int, int] | None = None
        for k in range(bisect_right(end_values, start - longest), bisect_right(end_values, start)):
            ended, earlier = by_end[k]
            ready = ended + margins[earlier]
            if (
                ready > start
                and appointment_of[earlier] != appointment_of[no]
                and not ((guest := guest_of(no)) and guest_of(earlier) == guest)
                and (best is None or ready > best[0])
            ):
                best = (ready, earlier)
        if best is not None:
            breaches.append((best[1], no))
    return breaches


def _free(
    intervals: list[Interval], margins: list[int] | None, reach: int, start: int, end: int, skip: int = -1
) -> bool:
    """Nothing in ``intervals`` (sorted; with ``margins``, ignoring line ``skip``) touches ``[start, end)``.

    A bisect finds the intervals that start before ``end``; walking back from the latest, the first one that
    holds past ``start`` answers no, and one starting more than ``reach`` before ``start`` answers yes.
    """
    idx = bisect_left(intervals, (end,))
    floor = start - reach
    while idx:
        idx -= 1
        first, last, no = intervals[idx]
        if first < floor:
            return True
        if no != skip and (last + margins[no] if margins else last) > start:
            return False
    return True


def _touching(intervals: list[Interval], margins: list[int], appointment_of: Sequence[int]) -> bool:
    """Whether some interval (sorted by start) begins before the end plus margin of an earlier interval of
    another appointment: what both an over-capacity stretch and a turnover breach need.

    One walk keeps the furthest end plus margin so far and whose run it is. An interval of another appointment
    either starts before that (touching) or starts a new run, so everything before its run ends before it;
    hence an interval of the current run cannot touch anything earlier of another appointment. Most rooms are
    booked with their turnover respected, and a couples booking's two lines in one suite do not count.
    """
    furthest, owner = -_FAR, -1
    for start, end, no in intervals:
        appointment = appointment_of[no]
        if appointment != owner:
            if start < furthest:
                return True
            owner = appointment
        furthest = max(furthest, end + margins[no])
    return False


def _uncovered(start: int, end: int, windows: list[tuple[int, int]], first: int) -> list[tuple[int, int]]:
    """Each part of ``[start, end)`` not covered by the sorted, merged ``windows[first:]``, in order (none: covered).
    A booking over a split shift's break and past its end is outside it twice, not from the break to the end."""
    gaps: list[tuple[int, int]] = []
    cursor = start
    for i in range(first, len(windows)):
        w_start, w_end = windows[i]
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
    return gaps


@lru_cache(maxsize=8192)
def _epoch(day: date, hhmm: str, tz: tzinfo) -> int:
    hours, minutes = (int(part) for part in hhmm.split(":")[:2])
    if hours >= 24:  # "24:00": the end of the day
        day, hours = day + timedelta(days=1), hours - 24
    return int(datetime.combine(day, time(hours, minutes), tzinfo=tz).timestamp()) - _ORIGIN


def _round_up(ts: int) -> int:
    return -(-ts // _FIVE_MINUTES) * _FIVE_MINUTES


@lru_cache(maxsize=8192)
def _clock(ts: int, tz: tzinfo, *, zone: bool = False) -> str:
    """``4:30pm`` in ``tz`` (``domain.shown_clock``: ``1:30am EDT`` when the clock reads it twice that night); with
    ``zone``, always followed by the zone's abbreviation (``4:30pm PST``)."""
    return shown_clock(datetime.fromtimestamp(ts + _ORIGIN, tz), tz, named=zone)


def _span(start: int, end: int, tz: tzinfo, *, zone: bool = False) -> str:
    """``4:30pm–5:30pm`` in ``tz``, each time labelled when the clocks change in between or one of them is read twice
    that night (``1:30am EDT–1:30am EST``, ``domain.shown_span``); with ``zone``, an unlabelled span gets the
    abbreviation after the end (``4:30pm–5:30pm PST``)."""
    return shown_span(datetime.fromtimestamp(start + _ORIGIN, tz), datetime.fromtimestamp(end + _ORIGIN, tz), tz, named=zone)


def _offset(moment: int, tz: tzinfo) -> timedelta | None:
    """``tz``'s UTC offset at ``moment``."""
    return datetime.fromtimestamp(moment + _ORIGIN, tz).utcoffset()


def _zones_differ(moment: int, zones: Iterable[tzinfo]) -> bool:
    """Whether clocks in ``zones`` read differently at ``moment``: then times shown side by side carry their
    zone's abbreviation. Zones that agree then (two locations in New York) keep plain times."""
    utc = datetime.fromtimestamp(moment + _ORIGIN, timezone.utc)
    return len({utc.astimezone(tz).utcoffset() for tz in zones}) > 1


def _most_at_once(spans: Iterable[tuple[int, int, object]]) -> int:
    """The most owners holding ``(start, end, owner)`` spans at one moment (one owner's overlapping spans count once;
    a span ending as another starts does not overlap it)."""
    events = sorted(
        ((moment, opening, owner) for start, end, owner in spans for moment, opening in ((start, True), (end, False))),
        key=itemgetter(0, 1),  # at one moment, ends before starts
    )
    held: Counter[object] = Counter()
    most = 0
    for _, opening, owner in events:
        if opening:
            held[owner] += 1
            most = max(most, len(held))
        else:
            held[owner] -= 1
            if not held[owner]:
                del held[owner]
    return most


def _merged_spans(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """``spans`` sorted, those that overlap or touch joined (two lines of one booking outside a shift together)."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def _length(seconds: int) -> str:
    """``45 min``, ``7 h``, ``2 h 30 min``: how long, in hours past the hour."""
    hours, minutes = divmod(seconds // 60, 60)
    if not hours:
        return f"{minutes} min"
    return f"{hours} h {minutes} min" if minutes else f"{hours} h"


def _unique(lines: list[_Line]) -> list[_Line]:
    seen: set[int] = set()
    return [line for line in lines if not (line.no in seen or seen.add(line.no))]  # type: ignore[func-returns-value]
