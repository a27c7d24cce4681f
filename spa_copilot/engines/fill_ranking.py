"""Cancellation fill: which waitlisted clients can actually take an opened slot, best first, and why. Pure.

A waitlist entry *fits* an opening when one of its services fits the slot's length, a room of an allowed type
(and any equipment the service needs) is free, a qualified therapist is free and on shift for the whole service
(the freed therapist or anyone else of the location: a therapist visiting from another location is free in the
hour their cancellation freed, on their own shifts in their own location's zone), the slot's local date and time
fall inside the entry's dates and time windows, and the client has no booking of their own at that time (the
appointments given may include the client's bookings at other locations).

A candidate booked with a therapist the cancellation freed (the same service, or another they can do in that slot)
comes before every candidate who would be booked with someone else, whatever the scores: such a booking leaves the
freed therapist's time empty, so it does not fill the opening (it is still a sale: listed after, its reasons saying
"Claire's freed hour would stay unbooked", or "Claire's freed 90 minutes …" for a 90-minute opening). The therapist
offered is the client's preferred one when free, else the freed one, else anyone qualified. When the opening names no
therapist, every candidate counts as booked with the freed one. A guest already drafted on another card waiting for a
manager (the caller says which: ``drafted_elsewhere``) comes after every other offerable candidate, that card named
first in their reasons: approving either text caps them for the other, since a guest holds one offer at a time.
A guest already booked that day for the service offered is still offered it, her reasons saying so ("already booked
for Swedish Massage 60 at 3:00pm that day", in the clock of that booking's location).
Within each group, candidates go by a score in [0, 1] on, by weight: service match (0.30), how long they have waited
(0.20), preferred therapist (0.15), responsiveness to short-notice offers (0.15), value (0.10) and predicted no-show
risk (0.10: it orders, it never leaves a guest out). Missing inputs (no history, no risk model) score a neutral 0.5.
Ties (equal scores) go to whoever waited longest. Each client is a candidate once, with their best booking of all
their entries and services in that order (one who would take a facial or a deep tissue is offered the deep tissue
with the massage therapist whose hour opened, not the facial that leaves that hour empty). A booking at least
``SHORTER_BY_MINUTES`` shorter than the slot says how much of it it takes ("takes 25 of the 60 minutes"), a service
of the same category is then "a shorter", not "a similar", one, and its service match counts for that share only (25
of 75 minutes: a third of it), so a booking that leaves less of the opening unsold comes first among the shorter
ones.

Excluded, with the reason kept: the client whose booking was cancelled (they just gave it up), clients opted out of
texts (in the platform, or ``stopped``: they replied STOP to one of the copilot's texts), clients already offered
``cap`` slots today, clients with a conflicting booking, and entries that do not fit. A service the guest's own cautions rule out (``ruled_out``: the caller reads them, as
``engines.cautions`` does for the day book) is never offered to her: another of her wanted services that fits is,
else her entry is excluded ("their cautions rule out Hot Stone Massage 75": the condition itself is not said). A
client who cancelled
``REPEAT_CANCELLER_THRESHOLD`` or more times in the last 60 days is not offered: the candidate comes back
``flagged`` for a manager's review, after every offerable candidate. A service that needs two therapists is never
offered (the booking contract books one ``staffId``): an entry only such a service fits (its dates and hours, a
room, two qualified therapists free, the client free then) is excluded ("Couples Massage 60 needs two therapists")
and kept in ``Ranking.by_hand``, for the card to name the guest for a person to book in the spa system.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from spa_copilot.ai.vocabulary import room_type_words, spoken
from spa_copilot.domain import (
    Appointment,
    Client,
    Location,
    Resource,
    ResourceType,
    Service,
    Staff,
    StaffRole,
    WaitlistEntry,
    WaitlistStatus,
    catalogue_word,
    shown_clock,
    shown_percent,
    shown_span,
    spoken_list,
)

if TYPE_CHECKING:  # the risk package loads the model's libraries; the engine only reads a score's fields
    from spa_copilot.risk.bands import RiskScore

REPEAT_CANCELLER_THRESHOLD = 3
CANCELLATION_WINDOW_DAYS = 60
WAIT_DAYS_FOR_FULL_SCORE = 30
#: a booking this much shorter than the slot says how much of it it takes (a 25-minute service in a 60-minute slot)
SHORTER_BY_MINUTES = 15
NEUTRAL = 0.5
WEIGHTS: Mapping[str, float] = {
    "service": 0.30,
    "wait": 0.20,
    "therapist": 0.15,
    "responsiveness": 0.15,
    "value": 0.10,
    "risk": 0.10,
}
PRACTITIONER_ROLES = frozenset({StaffRole.therapist, StaffRole.esthetician})

Interval = tuple[datetime, datetime]


@dataclass(frozen=True)
class OpenSlot:
    """The time, place and people a cancellation freed."""

    appointment_id: str
    location_id: str
    start: datetime
    end: datetime
    time_zone: str
    service_ids: tuple[str, ...] = ()
    staff_ids: tuple[str, ...] = ()
    resource_ids: tuple[str, ...] = ()

    @property
    def minutes(self) -> int:
        return int((self.end - self.start).total_seconds() // 60)

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.time_zone)


@dataclass(frozen=True)
class Candidate:
    """A waitlisted client who can take the slot: the booking that would be made, the score and why."""

    entry_id: str
    client_id: str
    first_name: str
    service_id: str
    staff_id: str
    resource_ids: tuple[str, ...]
    start: datetime
    end: datetime
    score: float
    reasons: tuple[str, ...]
    waiting_since: datetime
    flagged: bool = False
    flag_reason: str | None = None
    #: booked with a therapist the cancellation freed (always, when the opening names none): it fills the opening
    with_freed_therapist: bool = True
    #: already the drafted guest of another card waiting for a manager: listed after the others
    drafted_elsewhere: bool = False


@dataclass(frozen=True)
class ByHand:
    """A waitlisted guest the slot fits (their dates and hours, a room, two qualified therapists free, nothing else
    booked) for a service the copilot cannot book: it needs two therapists and the booking contract takes one
    (``POST /v1/appointments``, one ``staffId``). Never a candidate: the card names them for a person to book in the
    spa system."""

    entry_id: str
    client_id: str
    service_name: str
    #: a repeat canceller, as a flagged candidate's reason says it
    flag_reason: str | None = None


@dataclass(frozen=True)
class Ranking:
    """Offerable candidates best first, then flagged ones; and why each other entry was left out."""

    candidates: list[Candidate]
    excluded: dict[str, str] = field(default_factory=dict)  # waitlist entry id -> reason
    #: entries excluded only because their service needs two therapists, in waitlist order (oldest first)
    by_hand: list[ByHand] = field(default_factory=list)

    @property
    def offerable(self) -> list[Candidate]:
        return [c for c in self.candidates if not c.flagged]

    @property
    def flagged(self) -> list[Candidate]:
        return [c for c in self.candidates if c.flagged]


def rank_candidates(
    opening: OpenSlot,
    waitlist: Iterable[WaitlistEntry],
    *,
    clients: Mapping[str, Client],
    services: Iterable[Service],
    staff: Iterable[Staff],
    resources: Iterable[Resource],
    appointments: Iterable[Appointment],
    locations: Iterable[Location],
    offers_today: Mapping[str, int],
    cancellation_counts: Mapping[str, int],
    risk: Mapping[str, RiskScore] | None,
    now: datetime,
    cap: int,
    responsiveness: Mapping[str, float] | None = None,
    stopped: Collection[str] = frozenset(),
    drafted_elsewhere: Mapping[str, str] | None = None,
    ruled_out: Mapping[str, Collection[str]] | None = None,
) -> list[Candidate]:
    """Waitlist entries that can take the opening, best first (flagged repeat cancellers last)."""
    return rank_with_exclusions(
        opening,
        waitlist,
        clients=clients,
        services=services,
        staff=staff,
        resources=resources,
        appointments=appointments,
        locations=locations,
        offers_today=offers_today,
        cancellation_counts=cancellation_counts,
        risk=risk,
        now=now,
        cap=cap,
        responsiveness=responsiveness,
        stopped=stopped,
        drafted_elsewhere=drafted_elsewhere,
        ruled_out=ruled_out,
    ).candidates


def rank_with_exclusions(
    opening: OpenSlot,
    waitlist: Iterable[WaitlistEntry],
    *,
    clients: Mapping[str, Client],
    services: Iterable[Service],
    staff: Iterable[Staff],
    resources: Iterable[Resource],
    appointments: Iterable[Appointment],
    locations: Iterable[Location],
    offers_today: Mapping[str, int],
    cancellation_counts: Mapping[str, int],
    risk: Mapping[str, RiskScore] | None,
    now: datetime,
    cap: int,
    responsiveness: Mapping[str, float] | None = None,
    stopped: Collection[str] = frozenset(),
    drafted_elsewhere: Mapping[str, str] | None = None,
    ruled_out: Mapping[str, Collection[str]] | None = None,
) -> Ranking:
    """:func:`rank_candidates` plus the reason every other entry was left out (for the audit and tests).

    ``drafted_elsewhere``: client id -> where they are already the drafted guest of another card waiting for a
    manager (``"drafted on the 12:00pm Swedish Massage 60 card (with Jonah Weiss): one offer at a time"``): said first
    in their reasons, and they come after every other offerable candidate (they can hold one offer at a time).
    ``ruled_out``: client id -> the ids of the services their cautions rule out (``cautions.guest_ruled_out``): never
    offered to them, nor named to book by hand."""
    book = Book.of(opening, services, staff, resources, appointments, locations)
    scored: list[Candidate] = []
    excluded: dict[str, str] = {}
    by_hand: list[ByHand] = []
    for entry in sorted(waitlist, key=lambda e: (e.created_at, e.id)):
        client = clients.get(entry.client_id)
        reason = _exclusion(entry, client, opening, offers_today, cap, stopped, book.vacated_by)
        fits: list[Fit] = []
        two_staff: list[Fit] = []
        if reason is None:
            fits, two_staff, reason = book.fits_and_two_staff(entry)
            fits, two_staff, reason = _without_ruled_out(fits, two_staff, reason, (ruled_out or {}).get(entry.client_id))
        if reason is not None or client is None:
            excluded[entry.id] = reason or "does not fit"
            if two_staff and client is not None:
                by_hand.append(ByHand(entry.id, client.id, two_staff[0].service.name,
                                      _flag_reason(cancellation_counts.get(client.id, 0))))
            continue
        elsewhere = (drafted_elsewhere or {}).get(client.id)
        scored.extend(
            _score(entry, client, fit, opening, book, now, cancellation_counts, risk, responsiveness, elsewhere)
            for fit in fits
        )
    scored.sort(key=lambda c: (c.flagged, c.drafted_elsewhere, not c.with_freed_therapist, -c.score, c.waiting_since,
                               c.entry_id))
    best: dict[str, Candidate] = {}  # each client once, by their best booking (of every service of every entry)
    for candidate in scored:
        best.setdefault(candidate.client_id, candidate)
    for candidate in scored:
        if candidate.entry_id != best[candidate.client_id].entry_id:
            excluded.setdefault(candidate.entry_id, "already a candidate through another entry")
    # a client already a candidate through another entry is offered that (by text): not named again to book by hand
    once = {b.client_id: b for b in reversed(by_hand) if b.client_id not in best}  # each client once, oldest entry
    return Ranking(list(best.values()), excluded, [b for b in by_hand if once.get(b.client_id) is b])


def fit_entry(
    opening: OpenSlot,
    entry: WaitlistEntry,
    *,
    services: Iterable[Service],
    staff: Iterable[Staff],
    resources: Iterable[Resource],
    appointments: Iterable[Appointment],
    locations: Iterable[Location],
) -> tuple[Fit | None, str | None]:
    """Re-check one entry against the current book (before booking a YES): the booking to make, or why not."""
    fits, reason = Book.of(opening, services, staff, resources, appointments, locations).fits(entry)
    return (fits[0] if fits else None), reason


def count_recent_cancellations(appointments: Iterable[Appointment], *, now: datetime, days: int = CANCELLATION_WINDOW_DAYS) -> int:
    """How many of a client's appointments were cancelled in the last ``days`` days."""
    since = now - timedelta(days=days)
    count = 0
    for appointment in appointments:
        if appointment.status != "cancelled":
            continue
        when = appointment.cancellation.cancelled_at if appointment.cancellation else appointment.updated_at
        if (when or appointment.start_at) >= since and (when or appointment.start_at) <= now:
            count += 1
    return count


def short_notice_share(appointments: Iterable[Appointment], *, now: datetime, within_hours: float = 48.0) -> float | None:
    """Share of a client's past bookings made within ``within_hours`` of the start (None under 3 bookings)."""
    leads = [a.start_at - a.created_at for a in appointments if a.created_at is not None and a.start_at <= now]
    if len(leads) < 3:
        return None
    return sum(1 for lead in leads if lead <= timedelta(hours=within_hours)) / len(leads)


# ---------------------------------------------------------------------------------------------------
# The book around the opening


@dataclass(frozen=True)
class Fit:
    """The booking that would fill the opening for one waitlist entry."""

    service: Service
    staff: Staff
    resource_ids: tuple[str, ...]
    start: datetime
    end: datetime
    room_name: str | None = None


@dataclass
class Book:
    """The day's active bookings around an opening, indexed by therapist, resource and client."""

    opening: OpenSlot
    services: dict[str, Service]
    staff: list[Staff]
    resources: list[Resource]
    staff_busy: dict[str, list[Interval]]
    resource_busy: dict[str, list[Interval]]
    client_busy_at: dict[str, list[Interval]]
    #: each therapist's shifts are read in their own location's zone (a visitor's is not the opening's)
    shift_zones: dict[str, ZoneInfo] = field(default_factory=dict)
    #: a therapist visiting from another location may be booked only within their own lines of the cancelled
    #: appointment: the rest of their day, at home, is not in this book
    visitor_freed: dict[str, list[Interval]] = field(default_factory=dict)
    #: the client whose booking the opening is: they just gave it up, it is not offered back to them
    vacated_by: str | None = None
    #: the first names of the therapists whose time the cancellation freed, in the opening's order (for "Claire's
    #: freed hour …"): one booked over all of the opening anyway is not named
    freed_names: tuple[str, ...] = ()
    #: the minutes of the opening it freed for each of them, in ``freed_names``' order (a booking of theirs over part
    #: of it keeps that part: "Kai's freed 75 minutes")
    freed_minutes: tuple[int, ...] = ()
    #: each guest's active bookings' services: (service id, start, location id), for "already booked for … that day"
    client_lines: dict[str, list[tuple[str, datetime, str]]] = field(default_factory=dict)
    #: the locations by id (a guest's booking at another location is said in its own clock)
    places: dict[str, Location] = field(default_factory=dict)

    @classmethod
    def of(
        cls,
        opening: OpenSlot,
        services: Iterable[Service],
        staff: Iterable[Staff],
        resources: Iterable[Resource],
        appointments: Iterable[Appointment],
        locations: Iterable[Location],
    ) -> Book:
        by_id = {s.id: s for s in services}
        resources = list(resources)
        equipment = {r.id for r in resources if r.type == ResourceType.equipment}
        staff_busy: dict[str, list[Interval]] = {}
        resource_busy: dict[str, list[Interval]] = {}
        client_busy: dict[str, list[Interval]] = {}
        client_lines: dict[str, list[tuple[str, datetime, str]]] = {}
        for appointment in appointments:
            if not appointment.is_active:  # the opening's own appointment is cancelled, unless reinstated
                continue
            # the visit as summed up, and each of its services (one running past the summary's end: probe46h)
            guest_busy = client_busy.setdefault(appointment.client_id, [])
            guest_busy.append((appointment.start_at, appointment.end_at))
            guest_busy += [(line.start_at, line.end_at) for line in appointment.services
                           if line.start_at < appointment.start_at or line.end_at > appointment.end_at]
            client_lines.setdefault(appointment.client_id, []).extend(
                (line.service_id, line.start_at, appointment.location_id) for line in appointment.services
            )
            for line in appointment.services:
                service = by_id.get(line.service_id)
                if line.staff_id:
                    staff_busy.setdefault(line.staff_id, []).extend(_staff_intervals(service, line.start_at, line.end_at))
                # a service's buffer is the room's turnover before its next booking; equipment has none
                buffer = timedelta(minutes=service.buffer_minutes) if service else timedelta(0)
                for resource_id in line.resource_ids:
                    held_until = line.end_at if resource_id in equipment else line.end_at + buffer
                    resource_busy.setdefault(resource_id, []).append((line.start_at, held_until))
        places = {location.id: location for location in locations}
        staff = list(staff)
        first_names = {s.id: s.first_name for s in staff}
        # the location's own staff, and whoever the cancellation freed (a therapist visiting from another location)
        here = [s for s in staff if s.active and (s.location_id == opening.location_id or s.id in opening.staff_ids)]
        visitors = {s.id for s in here if s.location_id != opening.location_id}
        freed: dict[str, list[Interval]] = {}
        vacated_by: str | None = None
        for appointment in appointments:
            if appointment.id == opening.appointment_id:
                vacated_by = appointment.client_id
                for line in appointment.services:
                    if line.staff_id in visitors:
                        freed.setdefault(line.staff_id, []).append((line.start_at, line.end_at))
        truly_freed = [  # a freed therapist booked over part of the opening anyway: what it freed of their time
            (sid, minutes)
            for sid in opening.staff_ids
            if first_names.get(sid)
            and (minutes := _minutes_freed(opening, _kept_busy(sid, opening, appointments, by_id)))
        ]
        return cls(
            opening=opening,
            services=by_id,
            staff=here,
            resources=[r for r in resources if r.location_id == opening.location_id],
            staff_busy=staff_busy,
            resource_busy=resource_busy,
            client_busy_at=client_busy,
            shift_zones={s.id: places[s.location_id].tz for s in here if s.location_id in places},
            visitor_freed=freed,
            vacated_by=vacated_by,
            freed_names=tuple(first_names[sid] for sid, _ in truly_freed),
            freed_minutes=tuple(minutes for _, minutes in truly_freed),
            client_lines=client_lines,
            places=places,
        )

    def booked_that_day(self, client_id: str, service: Service) -> str | None:
        """The reason line when the guest is already booked for ``service`` on the opening's day (the desk booked her
        by hand, her entry still waiting), else None: ``already booked for Swedish Massage 60 at 3:00pm that day``,
        in the clock of the booking's location, whose own day it is (``at 8:00am at Venice that day`` for another
        location's; the earliest of several). She is still offered the opening (a second one may be wanted): the card
        says it, for a person to judge."""
        opening = self.opening
        day = opening.start.astimezone(opening.tz).date()

        def local_day(start: datetime, location_id: str) -> date:  # the day as that booking's location reads it
            place = self.places.get(location_id)
            return start.astimezone(place.tz if place else opening.tz).date()

        same = sorted(
            (start, location_id)
            for service_id, start, location_id in self.client_lines.get(client_id, [])
            if service_id == service.id and local_day(start, location_id) == day
        )
        if not same:
            return None
        start, location_id = same[0]
        place = self.places.get(location_id)
        if location_id == opening.location_id:
            clock = shown_clock(start, opening.tz)
        elif place is None:  # another location not read: the opening's clock, its zone named
            clock = shown_clock(start, opening.tz, named=True)
        else:
            clock = f"{shown_clock(start, place.tz)} at {place.name}"
        return f"already booked for {service.name} at {clock} that day"

    def client_busy(self, client_id: str, start: datetime, end: datetime) -> bool:
        return any(_overlaps((start, end), other) for other in self.client_busy_at.get(client_id, []))

    def fits(self, entry: WaitlistEntry) -> tuple[list[Fit], str | None]:
        """The bookings the entry's client could take in this opening, one per wanted service that fits (the
        service that opened first, then in the entry's order) and ends before the client's own next booking; or
        none, and the reason."""
        fits, _, reason = self.fits_and_two_staff(entry)
        return fits, reason

    def fits_and_two_staff(self, entry: WaitlistEntry) -> tuple[list[Fit], list[Fit], str | None]:
        """:meth:`fits`, plus, when none fits, the two-therapist services that would (the client free then): the
        copilot cannot book those (``"Couples Massage 60 needs two therapists"``), a person can."""
        opening = self.opening
        local_start = opening.start.astimezone(opening.tz)
        if not entry.date_from <= local_start.date() <= entry.date_to:
            return [], [], "outside the dates they asked for"
        wanted = [self.services[sid] for sid in entry.service_ids if sid in self.services]
        if not wanted:
            return [], [], "none of their services is on the menu"
        reasons: list[str] = []
        fits: list[Fit] = []
        two_staff: list[Fit] = []
        for service in sorted(wanted, key=lambda s: (s.id not in opening.service_ids, entry.service_ids.index(s.id))):
            fit, reason = self._fit_service(entry, service)
            if fit is not None and service.staff_count > 1:
                two_staff.append(fit)
                reasons.append(f"{service.name} needs two therapists")
            elif fit is not None:
                fits.append(fit)
            elif reason:
                reasons.append(reason)
        free = [fit for fit in fits if not self.client_busy(entry.client_id, fit.start, fit.end)]
        if free:
            return free, [], None
        if fits:
            return [], [], "already booked at that time"
        by_hand = [fit for fit in two_staff if not self.client_busy(entry.client_id, fit.start, fit.end)]
        if by_hand:
            return [], by_hand, f"{by_hand[0].service.name} needs two therapists"
        if two_staff:
            return [], [], "already booked at that time"
        return [], [], reasons[0] if reasons else "does not fit"

    def _fit_service(self, entry: WaitlistEntry, service: Service) -> tuple[Fit | None, str | None]:
        opening = self.opening
        length = service.length_minutes
        if length > opening.minutes:
            return None, f"{service.name} ({length} min) is longer than the {opening.minutes}-minute slot"
        start = opening.start
        end = start + timedelta(minutes=length)
        if not _in_windows(entry, start.astimezone(opening.tz), end.astimezone(opening.tz)):
            return None, "outside their time window"
        rooms = self._free_rooms(service, start, end)
        if rooms is None:
            return None, f"no {' or '.join(map(room_type_words, service.room_types)) or 'room'} free for {service.name}"
        equipment = self._free_equipment(service, start, end)
        if equipment is None:
            return None, f"the {', '.join(map(spoken, service.equipment_kinds))} needed for {service.name} is in use"
        therapists = self._free_therapists(entry, service, start, end)
        if not therapists:
            held = self._freed_therapist_held(service, start, end)
            return None, held or f"no qualified therapist free for {service.name}"
        if len(therapists) < service.staff_count:  # a two-therapist service: the caller never books it, a person may
            return None, f"no two qualified therapists free for {service.name}"
        therapist = therapists[0]
        room = rooms[0] if rooms else None
        return (
            Fit(
                service=service,
                staff=therapist,
                resource_ids=tuple([room.id] if room else []) + equipment,
                start=start,
                end=end,
                room_name=room.name if room else None,
            ),
            None,
        )

    def _available(self, resource: Resource, start: datetime, end: datetime, buffer: timedelta) -> bool:
        """Whether one more booking fits: the most bookings holding the resource at once during ``start``–``end``
        (plus turnover) is under its capacity. Bookings that merely follow each other in that time (one set of
        stones used 10:00–11:10, then 11:30–12:30) hold one unit, not two."""
        window = (start, end + buffer)
        held = [other for other in self.resource_busy.get(resource.id, []) if _overlaps(window, other)]
        if len(held) < resource.capacity:
            return True
        # a sweep over the bookings' starts and ends (an end before a start at the same moment: they only touch)
        steps = sorted([(max(s, window[0]), 1) for s, _ in held] + [(min(e, window[1]), -1) for _, e in held])
        at_once = most = 0
        for _, step in steps:
            at_once += step
            most = max(most, at_once)
        return most < resource.capacity

    def _free_rooms(self, service: Service, start: datetime, end: datetime) -> list[Resource] | None:
        """Free rooms of an allowed type, the freed room first; [] when the service needs no room."""
        if not service.room_types:
            return []
        buffer = timedelta(minutes=service.buffer_minutes)
        allowed = {catalogue_word(room_type) for room_type in service.room_types}
        rooms = [
            r
            for r in self.resources
            if r.type == ResourceType.room and catalogue_word(r.room_type) in allowed and self._available(r, start, end, buffer)
        ]
        rooms.sort(key=lambda r: (r.id not in self.opening.resource_ids, r.id))
        return rooms or None

    def _free_equipment(self, service: Service, start: datetime, end: datetime) -> tuple[str, ...] | None:
        chosen: list[str] = []
        buffer = timedelta(0)  # the service's buffer is room turnover: equipment is free again when the line ends
        for kind in service.equipment_kinds:
            pieces = sorted(
                (r for r in self.resources
                 if r.type == ResourceType.equipment and catalogue_word(r.kind) == catalogue_word(kind)),
                key=lambda r: (r.id not in self.opening.resource_ids, r.id),
            )
            piece = next((r for r in pieces if self._available(r, start, end, buffer)), None)
            if piece is None:
                return None
            chosen.append(piece.id)
        return tuple(chosen)

    def _free_therapists(self, entry: WaitlistEntry, service: Service, start: datetime, end: datetime) -> list[Staff]:
        """Qualified, on-shift, free therapists: preferred ones first, then the freed ones, then anyone."""
        day = start.astimezone(self.opening.tz).date()
        wanted = _staff_intervals(service, start, end)
        qualified = [
            s
            for s in self.staff
            if s.role in PRACTITIONER_ROLES
            and (service.required_skill is None or s.has_skill(service.required_skill))
            and (service.required_certification is None or s.has_certification(service.required_certification, day))
            and self._can_work(s, start, end)
            and not any(_overlaps(mine, other) for mine in wanted for other in self.staff_busy.get(s.id, []))
        ]
        qualified.sort(key=lambda s: (s.id not in entry.staff_ids, s.id not in self.opening.staff_ids, s.id))
        return qualified

    def _freed_therapist_held(self, service: Service, start: datetime, end: datetime) -> str | None:
        """Why the therapists the cancellation freed cannot give ``service`` for its whole length from ``start``,
        when each qualified one is free for part of it only: a booking over part of the freed time (its minutes
        said: ``Owen has a booking 11:30am–12:00pm, within the 60 min Swedish Massage 60 needs``) or their shift
        ending first (``Owen's shift ends at 11:30am, within …``); of several, the one free longest. None when no
        freed therapist is qualified, or one is kept by nothing said here (booked for all of it, off shift at the
        start, a visitor's own hours): the reason stays "no qualified therapist free"."""
        day = start.astimezone(self.opening.tz).date()
        held: list[tuple[datetime, str]] = []
        for member in self.staff:
            if member.id not in self.opening.staff_ids or member.role not in PRACTITIONER_ROLES:
                continue
            if service.required_skill is not None and not member.has_skill(service.required_skill):
                continue
            certification = service.required_certification
            if certification is not None and not member.has_certification(certification, day):
                continue
            first = self._first_in_the_way(member, service, start, end)
            if first is None:
                return None
            held.append(first)
        if not held:
            return None
        _, words = max(held, key=lambda found: found[0])
        return f"{words}, within the {service.length_minutes} min {service.name} needs"

    def _first_in_the_way(
        self, member: Staff, service: Service, start: datetime, end: datetime
    ) -> tuple[datetime, str] | None:
        """When the first thing keeping ``member`` (of this location, on shift at ``start``) from part of
        ``start``–``end`` begins, and it in words: a booking, with the minutes it takes of the slot, or the end of
        their shift; None for a visitor, a member off shift at ``start``, one booked for all of it, or one nothing
        keeps."""
        tz = self.opening.tz
        if member.location_id != self.opening.location_id:
            return None
        until = _shift_covers_until(member, start, self.shift_zones.get(member.id, tz))
        if until is None:
            return None
        found: list[tuple[datetime, str]] = []
        if until < end:
            found.append((until, f"{member.first_name}'s shift ends at {shown_clock(until, tz)}"))
        wanted = _staff_intervals(service, start, end)
        busy = self.staff_busy.get(member.id, [])
        booked = sorted(other for other in busy if any(_overlaps(mine, other) for mine in wanted))
        if booked:
            taken = (max(booked[0][0], start), min(booked[0][1], end))
            if taken == (start, end):  # booked for all of it: simply not free ("no qualified therapist free")
                return None
            found.append((taken[0], f"{member.first_name} has a booking {shown_span(*taken, tz)}"))
        return min(found, key=lambda item: item[0]) if found else None

    def _can_work(self, member: Staff, start: datetime, end: datetime) -> bool:
        """On shift for all of ``start``–``end`` in their own zone; a visitor also only inside their freed lines
        (and never when their location's zone is unknown: their shift cannot be read)."""
        if member.location_id == self.opening.location_id:
            return _on_shift(member, start, end, self.shift_zones.get(member.id, self.opening.tz))
        zone = self.shift_zones.get(member.id)
        freed = self.visitor_freed.get(member.id, [])
        return (
            zone is not None
            and _on_shift(member, start, end, zone)
            and any(line_start <= start and end <= line_end for line_start, line_end in freed)
        )


# ---------------------------------------------------------------------------------------------------
# Exclusions and scoring


def _without_ruled_out(
    fits: list[Fit], two_staff: list[Fit], reason: str | None, ruled_out: Collection[str] | None
) -> tuple[list[Fit], list[Fit], str | None]:
    """An entry's bookings without the services the guest's cautions rule out; when that leaves none, why (the
    services, never the condition: the reason goes to the audit, and a card shown in a channel)."""
    if not ruled_out:
        return fits, two_staff, reason
    kept = [fit for fit in fits if fit.service.id not in ruled_out]
    kept_two = [fit for fit in two_staff if fit.service.id not in ruled_out]
    dropped = [fit.service.name for fit in (*fits, *two_staff) if fit.service.id in ruled_out]
    if not dropped:
        return fits, two_staff, reason
    if kept:
        return kept, [], None
    if kept_two:  # only a two-therapist service is left: named to book by hand, as ``fits_and_two_staff`` says it
        return [], kept_two, f"{kept_two[0].service.name} needs two therapists"
    return [], [], f"their cautions rule out {spoken_list(list(dict.fromkeys(dropped)))}"


def _exclusion(
    entry: WaitlistEntry,
    client: Client | None,
    opening: OpenSlot,
    offers_today: Mapping[str, int],
    cap: int,
    stopped: Collection[str],
    vacated_by: str | None,
) -> str | None:
    if entry.location_id != opening.location_id:
        return "waiting at another location"
    if entry.status != WaitlistStatus.waiting:
        return f"waitlist entry is {entry.status.value}"
    if entry.client_id == vacated_by:
        return "cancelled this booking"
    if client is None:
        return "client record unavailable"
    if client.messaging_preferences.transactional_text == "optedOut":
        return "opted out of text messages"
    if client.id in stopped:
        return "replied STOP to a text"
    if offers_today.get(client.id, 0) >= cap:
        return "already offered a slot today"
    return None


def _score(
    entry: WaitlistEntry,
    client: Client,
    fit: Fit,
    opening: OpenSlot,
    book: Book,
    now: datetime,
    cancellation_counts: Mapping[str, int],
    risk: Mapping[str, RiskScore] | None,
    responsiveness: Mapping[str, float] | None,
    elsewhere: str | None = None,
) -> Candidate:
    parts: dict[str, float] = {}
    reasons: list[str] = [elsewhere] if elsewhere else []

    service = fit.service
    cancelled_services = [book.services[sid] for sid in opening.service_ids if sid in book.services]
    minutes = int((fit.end - fit.start).total_seconds() // 60)
    shorter = opening.minutes - minutes >= SHORTER_BY_MINUTES  # the rest of the slot stays empty: say so
    if service.id in opening.service_ids:
        parts["service"] = 1.0
        reasons.append(f"wants {service.name}, the service that opened")
    elif any(s.category and s.category == service.category for s in cancelled_services):
        parts["service"] = 0.6
        reasons.append(f"wants {service.name}, a {'shorter' if shorter else 'similar'} {service.category} service")
    else:
        parts["service"] = 0.3
        reasons.append(f"wants {service.name}")
    if shorter:  # the match counts for the part of the opening it fills: 25 minutes of 75 leave 50 unsold
        parts["service"] *= minutes / opening.minutes
        reasons.append(f"takes {minutes} of the {opening.minutes} minutes")
    booked = book.booked_that_day(client.id, service)
    if booked:  # offered still (a second one may be wanted): the card says it, for a person to judge
        reasons.append(booked)

    days = max((now - entry.created_at).total_seconds() / 86400, 0.0)
    parts["wait"] = min(days / WAIT_DAYS_FOR_FULL_SCORE, 1.0)
    reasons.append(f"waiting {_days(days)}")

    if not entry.staff_ids:
        parts["therapist"] = NEUTRAL
    elif fit.staff.id in entry.staff_ids:
        parts["therapist"] = 1.0
        reasons.append(f"with their preferred therapist {fit.staff.first_name}")  # the therapist offered
    else:
        parts["therapist"] = 0.0
        reasons.append(f"with {fit.staff.first_name}, not their preferred therapist")
    with_freed_therapist = not opening.staff_ids or fit.staff.id in opening.staff_ids
    if not with_freed_therapist:  # a sale, but the hour the cancellation opened stays empty
        reasons.append(
            _time_stays_open(
                book.freed_names,
                fit.staff.first_name,
                opening.minutes,
                named=bool(entry.staff_ids),
                freed_minutes=book.freed_minutes,
            )
        )

    response = (responsiveness or {}).get(client.id)
    parts["responsiveness"] = NEUTRAL if response is None else min(max(response, 0.0), 1.0)
    if response is not None and response >= 0.6:
        reasons.append("usually takes short-notice slots")
    elif response is not None and response <= 0.2:
        reasons.append("rarely takes short-notice slots")

    parts["value"] = min(service.price / 250.0, 1.0) if service.price > 0 else NEUTRAL
    if service.price > 0:
        reasons.append(f"${service.price:,.0f} menu price")  # the service's value to the spa, not a price paid

    predicted = (risk or {}).get(client.id)  # ordering only: a high risk alone never leaves a guest out
    parts["risk"] = NEUTRAL if predicted is None else 1.0 - predicted.probability
    if predicted is not None:  # the model's band, as the day's book and /spa risk name it
        reasons.append(f"{predicted.band} no-show risk ({shown_percent(predicted.probability)})")

    score = round(sum(WEIGHTS[name] * value for name, value in parts.items()), 4)
    flag_reason = _flag_reason(cancellation_counts.get(client.id, 0))
    flagged = flag_reason is not None
    return Candidate(
        entry_id=entry.id,
        client_id=client.id,
        first_name=client.first_name,
        service_id=service.id,
        staff_id=fit.staff.id,
        resource_ids=fit.resource_ids,
        start=fit.start,
        end=fit.end,
        score=score,
        reasons=tuple(reasons),
        waiting_since=entry.created_at,
        flagged=flagged,
        flag_reason=flag_reason,
        with_freed_therapist=with_freed_therapist,
        drafted_elsewhere=elsewhere is not None,
    )


def _flag_reason(cancellations: int) -> str | None:
    """Why a repeat canceller is not offered automatically, or None."""
    if cancellations < REPEAT_CANCELLER_THRESHOLD:
        return None
    return f"cancelled {cancellations} times in the last {CANCELLATION_WINDOW_DAYS} days: needs a manager's review"


def _time_stays_open(
    freed: tuple[str, ...], offered: str, minutes: int, *, named: bool, freed_minutes: tuple[int, ...] = ()
) -> str:
    """What a booking with another therapist leaves of the opening: ``Claire's freed hour would stay unbooked`` for a
    60-minute opening, ``Claire's freed 90 minutes would stay unbooked`` for a 90-minute one (``with Owen, so …``
    when no other reason names the therapist offered); ``Owen and Priya's freed hours …`` for a four-hands hour. The
    opening's own length ("hour" said of a 90-minute opening sold it short), or, given ``freed_minutes`` (each
    therapist's, in ``freed``'s order), what it freed of each: ``Kai's freed 75 minutes`` when a booking of Kai's
    kept the rest, ``Owen's freed hour and Priya's freed 45 minutes`` when theirs differ. "freed … would stay
    unbooked", not "stays open": beside "takes 60 of the 90 minutes", "Kai's 90 minutes stay open" read as a riddle
    (walk41)."""
    lengths = freed_minutes or (minutes,) * len(freed)
    if freed and len(set(lengths)) > 1:  # each said with their own: "Owen's freed hour and Priya's freed 45 minutes"
        each = zip(freed, lengths, strict=True)
        said = spoken_list([f"{name}'s freed {_length_words(length)}" for name, length in each])
    else:
        whose = "the" if not freed else f"{freed[0]}'s" if len(freed) == 1 else f"{spoken_list(freed)}'s"
        said = f"{whose} freed {_length_words(lengths[0] if freed else minutes, several=len(freed) > 1)}"
    said += " would stay unbooked"
    return said if named else f"with {offered}, so {said}"


def _length_words(minutes: int, *, several: bool = False) -> str:
    """A freed length as the card says it: ``hour`` (``hours`` of several therapists), ``2 hours``, ``90 minutes``."""
    if minutes == 60:
        return "hours" if several else "hour"
    return f"{minutes // 60} hours" if minutes % 60 == 0 else f"{minutes} minutes"


def _kept_busy(
    staff_id: str, opening: OpenSlot, appointments: Iterable[Appointment], services: Mapping[str, Service]
) -> list[Interval]:
    """When ``staff_id`` is busy with the active bookings other than the opening's own (processing time left out)."""
    return [
        interval
        for appointment in appointments
        if appointment.is_active and appointment.id != opening.appointment_id
        for line in appointment.services
        if line.staff_id == staff_id
        for interval in _staff_intervals(services.get(line.service_id), line.start_at, line.end_at)
    ]


def _minutes_freed(opening: OpenSlot, busy: list[Interval]) -> int:
    """The minutes of the opening a therapist's other bookings (``busy``) leave free: all of it when none overlaps,
    0 when they cover it."""
    free = opening.minutes * 60.0
    cursor = opening.start
    for start, end in sorted(busy):
        start, end = max(start, cursor), min(end, opening.end)
        if start < end:
            free -= (end - start).total_seconds()
            cursor = end
    return int(free // 60)


def _days(days: float) -> str:
    whole = int(days)
    if whole < 1:
        return "since today"
    return f"{whole} day{'s' if whole != 1 else ''}"


def _in_windows(entry: WaitlistEntry, local_start: datetime, local_end: datetime) -> bool:
    """Whether the slot (local wall-clock times) is inside one of the entry's time windows. A window ending at or
    before its start ("18:00"–"00:00": until midnight, "20:00"–"01:00") ends the next day, so the day before's can
    hold a slot in the small hours."""
    if not entry.time_windows:
        return True
    start, end = local_start.replace(tzinfo=None), local_end.replace(tzinfo=None)
    for window in entry.time_windows:
        for day in (start.date() - timedelta(days=1), start.date()):
            if window.weekday != day.weekday():
                continue
            opens, closes = window.span(day)
            if opens <= start and end <= closes:
                return True
    return False


def _on_shift(member: Staff, start: datetime, end: datetime, tz: ZoneInfo) -> bool:
    """Whether ``start``–``end`` is inside the member's shifts in zone ``tz``: parts of a split shift that touch are
    one stretch (09:00–13:00 and 13:00–18:00 cover 12:30–13:30), and a shift ending at or before its start
    ("16:00"–"00:00", "18:00"–"02:00") ends the next day, so the day before's can cover the small hours."""
    until = _shift_covers_until(member, start, tz)
    return until is not None and end <= until


def _shift_covers_until(member: Staff, start: datetime, tz: ZoneInfo) -> datetime | None:
    """The end of the stretch of the member's shifts (in zone ``tz``) that covers ``start``, touching parts of a split
    shift as one (``_on_shift``); None when no shift covers ``start``."""
    day: date = start.astimezone(tz).date()
    windows = sorted(
        tuple(moment.astimezone(UTC) for moment in shift.span(shift_day, tz))
        for shift_day in (day - timedelta(days=1), day)
        for shift in member.shifts
        if shift.weekday == shift_day.weekday()
    )
    covered_until: datetime | None = None  # the end of the stretch of touching windows that covers ``start``
    for window_start, window_end in windows:
        if covered_until is not None and window_start <= covered_until:
            covered_until = max(covered_until, window_end)
        elif window_start <= start < window_end:
            covered_until = window_end
    return covered_until


def _overlaps(a: Interval, b: Interval) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _staff_intervals(service: Service | None, start: datetime, end: datetime) -> list[Interval]:
    """When a therapist is busy on a line: all of it, except the processing time in the middle."""
    if service is None or service.processing_minutes == 0:
        return [(start, end)]
    processing_from = start + timedelta(minutes=service.duration_minutes)
    processing_to = processing_from + timedelta(minutes=service.processing_minutes)
    busy = [(start, min(processing_from, end))]
    if processing_to < end:
        busy.append((processing_to, end))
    return busy

