"""Read-side gathering: fetch what an engine needs from the platform, concurrently, and hand it over.

These are the only functions that turn "the day's book" or "the catalog" into platform calls; the CLI, the
Slack commands and the scheduler all come through here. ``booked_in_snapshot`` answers "where are these staff
booked?" from the calendar snapshot instead, without a read.
"""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import Awaitable, Callable, Iterable, Mapping, MutableMapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from spa_copilot.domain import (
    ACTIVE_STATUS_VALUES,
    UPCOMING_STATUSES,
    Appointment,
    AppointmentStatus,
    Client,
    Location,
    Resource,
    Service,
    Staff,
    folded,
    local_day_bounds,
)
from spa_copilot.engines.cautions import RuledOut, booking_ruled_out
from spa_copilot.engines.daybook import NEAR_DAYS, DayBook, book_day, build_day_book
from spa_copilot.platform.protocol import SpaPlatform

if TYPE_CHECKING:
    from spa_copilot.store import Store

logger = logging.getLogger(__name__)


class AmbiguousLocation(LookupError):
    """A name several locations' names share: its message asks which."""


@dataclass(frozen=True)
class Catalog:
    """The slow-changing parts of the spa: locations, staff, services, resources."""

    locations: list[Location]
    staff: list[Staff]
    services: list[Service]
    resources: list[Resource]

    def location(self, key: str) -> Location | None:
        """A location by id or by (case-insensitive) name or name prefix."""
        key_lower = key.lower()
        for location in self.locations:
            if location.id == key or location.name.lower() == key_lower:
                return location
        matches = [loc for loc in self.locations if loc.name.lower().startswith(key_lower)]
        return matches[0] if len(matches) == 1 else None

    def named_location(self, key: str) -> Location:
        """The location a person names (``--location``, ``/spa today Venice``): as ``location``, by a word of its name
        only it has (``Venice`` for "Juniper & Salt Venice"), or by the starts of its name's words (``Ven``, ``jun
        ven``; three letters at least). A part several locations' names share is ``AmbiguousLocation`` asking which
        ("Juniper could be Juniper & Salt SoHo or Juniper & Salt Venice: type more of the name"); a name none has is
        ``LookupError`` naming the known ones."""
        found = self.location(key)
        if found is not None:
            return found
        word = key.strip().lower()
        by_word = [loc for loc in self.locations if word in re.findall(r"\w+", loc.name.lower())]
        if len(by_word) == 1:
            return by_word[0]
        typed = re.findall(r"\w+", word)
        if len("".join(typed)) >= 3:  # "V" or "Ve" names nothing yet
            by_start = [
                loc for loc in self.locations
                if all(any(w.startswith(part) for w in re.findall(r"\w+", loc.name.lower())) for part in typed)
            ]
            if len(by_start) == 1:
                return by_start[0]
            if by_start:
                names = sorted(loc.name for loc in by_start)
                raise AmbiguousLocation(f"{key} could be {', '.join(names[:-1])} or {names[-1]}: type more of the name")
        names = ", ".join(f"{loc.name} ({loc.id})" for loc in self.locations)
        raise LookupError(f"no location {key!r}; known: {names}")

    def service(self, service_id: str) -> Service | None:
        return next((s for s in self.services if s.id == service_id), None)

    def services_named(self, key: str) -> list[Service]:
        """The service with id or (case-insensitive) name ``key``; else those whose name starts with it
        (``swedish`` → Swedish Massage 60 and 90: the caller asks which)."""
        lowered = key.strip().lower()
        exact = [s for s in self.services if s.id == key or s.name.lower() == lowered]
        return exact or [s for s in self.services if lowered and s.name.lower().startswith(lowered)]

    def staff_member(self, staff_id: str) -> Staff | None:
        return next((s for s in self.staff if s.id == staff_id), None)

    def staff_named(self, name: str) -> list[Staff]:
        """Staff a person typing ``name`` may mean: by first name, full name or id, case- and accent-insensitive
        (``ana lopez`` is Ana López), a leading @ dropped. Two therapists sharing a first name are both returned: the caller asks which one."""
        key = folded(name.lstrip("@").strip())
        return [s for s in self.staff if key in (folded(s.first_name), folded(s.display_name), s.id.lower())]



def still_to_come(appointment: Appointment, now: datetime) -> bool:
    """Whether the guest is still to come: booked (not yet checked in, done, cancelled or a no-show) and the start not
    passed (the start of its services, as the adapter times it: ``Appointment.as_booked``). Only such a booking can
    still be a no-show: the one rule for what ``/spa risk`` lists, what the day book labels with its risk and which
    booking the client card names next (and scores)."""
    return appointment.status in UPCOMING_STATUSES and appointment.start_at > now


def guest_name(clients: Mapping[str, Client], client_id: str) -> str:
    """A guest as the front desk's lists name them (the day book, ``/spa risk``, the waitlist): first name and last
    initial (``Client.short_name``: never a phone or an email typed into the name field); one whose record cannot be
    read is named by its id, to look up (``client cl_0042``)."""
    client = clients.get(client_id)
    return client.short_name if client is not None else f"client {client_id}"


def guest_names(
    clients: Mapping[str, Client], client_ids: Iterable[str], *, shown: Mapping[str, str] | None = None
) -> dict[str, str]:
    """The guests of one list named as ``guest_name`` names each (or as ``shown`` already names them: names read
    earlier, kept for guests whose record is not in ``clients``), told apart: two different guests the list would
    show alike ("Ezra R." for Ezra Rodriguez and Ezra Ramos on one day book) are named by their whole last name, and
    by their id too when that is alike as well, so the front desk does not ask the wrong guest for a card."""
    names = {cid: (shown or {}).get(cid) or guest_name(clients, cid) for cid in dict.fromkeys(client_ids)}
    for client_id in alike_names(names):
        if (client := clients.get(client_id)) is not None and client.whole_name:
            names[client_id] = client.whole_name
    for client_id in alike_names(names):
        names[client_id] = f"{names[client_id]} ({client_id})"
    return names


def alike_names(names: Mapping[str, str]) -> set[str]:
    """The clients (ids) that ``names`` (client id -> name) shows alike, letter case aside ("Ann smith", "Ann Smith"),
    though they are different clients."""
    seen: dict[str, set[str]] = {}
    for client_id, name in names.items():
        seen.setdefault(name.casefold(), set()).add(client_id)
    return {client_id for ids in seen.values() if len(ids) > 1 for client_id in ids}


async def load_catalog(platform: SpaPlatform) -> Catalog:
    """Read locations, staff, services and resources in parallel."""
    locations, staff, services, resources = await asyncio.gather(
        platform.list_locations(), platform.list_staff(), platform.list_services(), platform.list_resources()
    )
    return Catalog(locations, staff, services, resources)


async def load_clients(
    platform: SpaPlatform, client_ids: Iterable[str], *, concurrency: int = 8, tolerant: bool = False
) -> dict[str, Client]:
    """Fetch clients by id, a few at a time; unknown ids are left out, and with ``tolerant`` those that cannot be
    read either (logged).

    A client record that is not the contract's shape (``PlatformProtocolError``: a field of a type the contract does
    not give) is left out too, logged by id, tolerant or not: one odd record must not keep a location's briefings or
    day book from being read, and asking again would not mend it (the guest is then listed as one whose details the
    spa system did not give). Only when several were asked for and every one is such a record (a gateway answering
    in another shape altogether) does the error stand, as an outage's does."""
    from spa_copilot.platform.errors import PlatformNotFound, PlatformProtocolError

    semaphore = asyncio.Semaphore(concurrency)
    unreadable: list[PlatformProtocolError] = []

    async def one(client_id: str) -> Client | None:
        async with semaphore:
            try:
                return await platform.get_client(client_id)
            except PlatformNotFound:
                return None
            except PlatformProtocolError as exc:
                unreadable.append(exc)
                logger.warning("client %s could not be read: %s", client_id, exc)
                return None
            except Exception as exc:
                if not tolerant:
                    raise
                logger.warning("client %s could not be read: %s", client_id, type(exc).__name__)
                return None

    ids = sorted(set(client_ids))
    clients = await asyncio.gather(*(one(cid) for cid in ids))
    if len(ids) > 1 and len(unreadable) == len(ids) and not tolerant:
        raise unreadable[0]
    return {c.id: c for c in clients if c is not None}


async def load_day(platform: SpaPlatform, location: Location, day: date) -> list[Appointment]:
    """Every appointment starting on ``day`` in the location's own zone (all statuses), as the adapter times it (by its
    services: ``Appointment.as_booked``). The platform lists appointments by their own ``startAt``, which may disagree
    with their services (moved to the next day, the summary not): so the day is read with ``NEAR_DAYS`` either side,
    in one read, and those starting that day are kept, whatever the platform's ``startAt``."""
    start, _ = local_day_bounds(day - timedelta(days=NEAR_DAYS), location.tz)
    _, end = local_day_bounds(day + timedelta(days=NEAR_DAYS), location.tz)
    return [a for a in await _listed(platform, location, start, end) if book_day(a, location.tz) == day]


async def load_between(platform: SpaPlatform, location: Location, start: datetime, end: datetime) -> list[Appointment]:
    """Every appointment of the location starting in ``[start, end)`` (all statuses) as the adapter times it (by its
    services: ``Appointment.as_booked``): one read, however many days. The platform filters by its own ``startAt``,
    which may be ``NEAR_DAYS`` local days off its services' start: so the stretch is read with that many days either
    side (in the location's zone), and kept are those starting in it, whatever the platform's ``startAt``."""
    zone = location.tz
    since, _ = local_day_bounds(start.astimezone(zone).date() - timedelta(days=NEAR_DAYS), zone)
    last = (end - timedelta(microseconds=1)).astimezone(zone).date()  # ``end`` excluded: midnight is the day before's
    _, until = local_day_bounds(last + timedelta(days=NEAR_DAYS), zone)
    return [a for a in await _listed(platform, location, since, until) if start <= a.start_at < end]


async def _listed(platform: SpaPlatform, location: Location, start: datetime, end: datetime) -> list[Appointment]:
    """The platform's one read of the location: the appointments whose own ``startAt`` is in ``[start, end)``."""
    return await platform.list_appointments(location_id=location.id, start_from=start, start_to=end)


def days_around(location: Location, days: Sequence[date]) -> tuple[datetime, datetime]:
    """The stretch of time a check of the location's ``days`` reads: from the start of the day before the first to
    the end of the day after the last, in its own zone. A booking belongs to the day it starts, but a clash of it
    may not: the 11:30pm booking running past midnight clashes with the next day's 12:00am one, and after
    midnight the clash in progress is still yesterday's booking's."""
    start, _ = local_day_bounds(min(days) - timedelta(days=1), location.tz)
    _, end = local_day_bounds(max(days) + timedelta(days=1), location.tz)
    return start, end


async def read_books(
    read: Callable[[Location, date], Awaitable[list[Appointment]]],
    locations: Sequence[Location],
    days: Sequence[date],
) -> tuple[dict[str, list[Appointment]], dict[str, Exception]]:
    """Every one of ``locations`` read on every one of ``days`` at once (``read``, e.g. ``load_day`` on a
    platform): the appointments by location id (its days together) and, by location id, the error of each
    location with a day that could not be read (none of its days kept). A cancellation, or the process
    stopping, is raised, not collected."""
    return await _read_each(locations, lambda loc: [read(loc, day) for day in days])


async def read_between(
    platform: SpaPlatform, locations: Sequence[Location], start: datetime, end: datetime
) -> tuple[dict[str, list[Appointment]], dict[str, Exception]]:
    """``read_books`` over one stretch of time rather than dates (``load_between``: one read per location, each the
    same instants whatever its zone): a location in another zone is read for the same hours, not for the same
    calendar dates in its own zone (9:30pm Tuesday in Los Angeles is 12:30am Wednesday in New York)."""
    return await _read_each(locations, lambda loc: [load_between(platform, loc, start, end)])


async def _read_each(
    locations: Sequence[Location], reads_of: Callable[[Location], Sequence[Awaitable[list[Appointment]]]]
) -> tuple[dict[str, list[Appointment]], dict[str, Exception]]:
    """Run every location's reads at once: its appointments together, or the first error of one of its reads."""
    wanted = [(loc, reads_of(loc)) for loc in locations]
    results = await asyncio.gather(*(read for _, reads in wanted for read in reads), return_exceptions=True)
    books: dict[str, list[Appointment]] = {}
    failed: dict[str, Exception] = {}
    position = 0
    for loc, reads in wanted:
        its = results[position : position + len(reads)]
        position += len(reads)
        failure = next((r for r in its if isinstance(r, BaseException)), None)
        if failure is None:
            books[loc.id] = [a for book in its if not isinstance(book, BaseException) for a in book]
        elif isinstance(failure, Exception):
            failed[loc.id] = failure
        else:
            raise failure
    return books, failed


def booked_in_snapshot(
    store: Store, locations: Iterable[Location], staff_ids: Iterable[str], days: Iterable[date]
) -> dict[str, set[str]]:
    """By location id, which of ``staff_ids`` have an active appointment there on one of ``days`` (each
    location's own dates), as the calendar snapshot remembers it: no platform read. Locations where none of
    them is booked are left out."""
    wanted_days = set(days)
    if not wanted_days:
        return {}
    return _booked(store, locations, staff_ids, lambda start, location: start.astimezone(location.tz).date() in wanted_days)


def booked_between(
    store: Store, locations: Iterable[Location], staff_ids: Iterable[str], start: datetime, end: datetime
) -> dict[str, set[str]]:
    """``booked_in_snapshot`` for the appointments starting in ``[start, end)``: the same hours at every location,
    whatever its zone."""
    return _booked(store, locations, staff_ids, lambda at, _: start <= at < end)


def _booked(
    store: Store, locations: Iterable[Location], staff_ids: Iterable[str], when: Callable[[datetime, Location], bool]
) -> dict[str, set[str]]:
    wanted_staff = set(staff_ids)
    found: dict[str, set[str]] = {}
    if not wanted_staff:
        return found
    for location in locations:
        for row in store.snapshot(location_id=location.id).values():
            if row.status not in ACTIVE_STATUS_VALUES:
                continue
            booked = wanted_staff.intersection(row.staff_ids)
            if booked and when(datetime.fromisoformat(row.start_at), location):
                found.setdefault(location.id, set()).update(booked)
    return found


def _wanted(
    store: Store, others: Sequence[Location], already: Sequence[Location], home_of: Mapping[str, str],
    staff_here: set[str], day: date,
) -> list[Location]:
    """Of ``others`` not ``already`` read, those where the snapshot has one of ``staff_here`` booked on ``day``,
    and the own locations of the visitors among them."""
    booked = booked_in_snapshot(store, others, staff_here, [day])
    homes = {home_of[sid] for sid in staff_here if sid in home_of}
    skip = {loc.id for loc in already}
    return [loc for loc in others if loc.id not in skip and (loc.id in booked or loc.id in homes)]


#: ``Copilot.risk_scores``: the bookings to score and the records of their guests the caller holds (by id), so a
#: client it has read is not read again for their score.
RiskScorer = Callable[[Sequence[Appointment], Mapping[str, Client]], Awaitable[Mapping[str, Any]]]


async def load_day_book(
    platform: SpaPlatform,
    catalog: Catalog,
    location: Location,
    day: date,
    *,
    risk: RiskScorer | None = None,
    store: Store | None = None,
    now: datetime | None = None,
    horizon_days: int = 2,
    books: MutableMapping[tuple[str, date], list[Appointment]] | None = None,
) -> DayBook:
    """The day's book for one location, with client first names and last initials for the front desk.

    With ``risk`` (e.g. ``Copilot.risk_scores``), bookings in the medium and high bands carry their label, those of
    guests still to come only (``still_to_come`` at ``now``, else the present moment), as ``/spa risk`` lists them;
    it is given the clients read here, so none is read a second time for its score. A booking it can never score (no
    booking date) says so instead (``risk.bands.NOT_SCORED``): no label there read as a low risk. When the book
    could not be scored just now (``RiskScores.failure``), the book says so once (``DayBook.risk_note``).
    The other locations' books of ``day`` (each its own date) are read too, at the same time, so each row says
    where else its therapist is booked (staff shared between locations). With ``store`` and ``now``, only those
    the calendar snapshot says are needed: where this location's staff or its visitors are booked that day, each
    visitor's own location, and any location whose snapshot does not hold the day; without them, all of them.
    One that cannot be read (its book, or its clients) is left out and named in ``unread`` (the location's own
    read must succeed). A spa of one location reads nothing more. ``books`` (by location id and day) holds books
    already read, used instead of reading them again, and gets those read here (the CLI's every-location run).

    A booking not yet started whose service the guest's cautions rule out (``ruled_out_of``: the briefing's rule, the
    notes read by the offline lexicon) is marked with what it rules out.

    When a shift of the day here runs past local midnight (18:00–02:00), the location's next day is read too, as the
    day is (and, like it, must be read): its bookings are busy time in that shift, not rows of this book (a booking
    belongs to the day it starts). No shift past midnight, no such read.
    """
    others = [loc for loc in catalog.locations if loc.id != location.id]
    home_of = {s.id: s.location_id for s in catalog.staff}
    own_staff = {s.id for s in catalog.staff if s.location_id == location.id}
    to_read = list(others)
    if store is not None and now is not None:
        from spa_copilot.calendar_sync import snapshot_covers

        def covered(loc: Location) -> bool:
            return snapshot_covers(store, loc, day, now=now, horizon_days=horizon_days)

        if covered(location):
            to_read = [loc for loc in others if not covered(loc)]
            here = booked_in_snapshot(store, [location], home_of, [day]).get(location.id, set())
            to_read += _wanted(store, others, to_read, home_of, own_staff | here, day)

    async def read(loc: Location, day: date) -> list[Appointment]:
        if books is not None and (loc.id, day) in books:
            return books[(loc.id, day)]
        appointments = await load_day(platform, loc, day)
        if books is not None:
            books[(loc.id, day)] = appointments
        return appointments

    next_day = day + timedelta(days=1)
    # whose shift here runs past midnight: every active staff member of the location has a row with their shift,
    # anyone else of it only when booked that day (then known after the day's read)
    overnight = {
        s.id: s.active for s in catalog.staff if s.location_id == location.id and _past_midnight(s, location, day)
    }

    async def read_next_day(wanted: bool) -> list[Appointment]:
        return await read(location, next_day) if wanted else []

    own, later, elsewhere = await asyncio.gather(
        read(location, day), read_next_day(any(overnight.values())), read_books(read, to_read, [day]),
        return_exceptions=True,
    )
    if isinstance(own, BaseException):
        raise own
    if isinstance(later, BaseException):
        raise later  # the next day is read as the day is: an outage of either is the book's
    if isinstance(elsewhere, BaseException):
        raise elsewhere  # cancelled, or the process is stopping
    appointments: list[Appointment] = own
    if not any(overnight.values()) and overnight.keys() & {sid for a in own if a.is_active for sid in a.staff_ids}:
        later = await read_next_day(True)
    by_location, failed = elsewhere
    staff_here = own_staff | {sid for a in appointments if a.is_active for sid in a.staff_ids}
    if len(to_read) < len(others) and store is not None:
        # the snapshot may lag the book just read: a visitor it did not know of brings their location too
        if more := _wanted(store, others, to_read, home_of, staff_here, day):
            more_books, more_failed = await read_books(read, more, [day])
            by_location |= more_books
            failed |= more_failed
    for loc_id, error in failed.items():
        logger.warning("day book of %s: the book of %s could not be read: %s", location.id, loc_id,
                       type(error).__name__)
    active = [a for a in appointments if a.is_active]
    # the clients of the other locations' bookings of this location's staff and visitors (the rows' "away"),
    # each location's apart: one whose clients cannot be read is left out like a book that cannot be
    away_by: dict[str, list[Appointment]] = {}
    for loc_id, book in by_location.items():
        if theirs := [a for a in book if a.is_active and staff_here.intersection(a.staff_ids)]:
            away_by[loc_id] = theirs
    own_clients, *away_clients = await asyncio.gather(
        load_clients(platform, (a.client_id for a in active)),
        *(load_clients(platform, [a.client_id for a in theirs]) for theirs in away_by.values()),
        return_exceptions=True,
    )
    if isinstance(own_clients, BaseException):
        raise own_clients
    clients = dict(own_clients)
    away: list[Appointment] = []
    for (loc_id, its_away), found in zip(away_by.items(), away_clients, strict=True):
        if isinstance(found, BaseException):
            if not isinstance(found, Exception):
                raise found
            logger.warning("day book of %s: the clients of %s could not be read: %s", location.id, loc_id,
                           type(found).__name__)
            failed[loc_id] = found
            continue
        clients.update(found)
        away += its_away
    unread = [loc for loc in others if loc.id in failed]
    names = guest_names(clients, (a.client_id for a in [*active, *away]))
    moment = now or datetime.now(UTC)
    to_come = [a for a in active if still_to_come(a, moment)]
    scores = await risk(to_come, clients) if risk else {}
    labels = {aid: score.label for aid, score in scores.items() if score.band != "low"}
    risk_note = ""
    if risk:
        from spa_copilot.risk.bands import NOT_SCORED, NOT_SCORED_NOW, scorable, scoring_failure

        labels.update({a.id: NOT_SCORED for a in to_come if a.id not in scores and not scorable(a)})
        if scoring_failure(scores) and any(scorable(a) for a in to_come):
            risk_note = NOT_SCORED_NOW  # once for the book: with no mark, every booking would read as a low risk
    # the lexicon's reading of long notes is CPU work (seconds for 200 guests with 1–2 KB notes, cold): on a worker
    # thread, so the event loop goes on acking every other request meanwhile (benchmarks/daybook.py)
    ruled = await asyncio.to_thread(ruled_out_of, [*active, *away], clients, catalog, now=moment)
    book = build_day_book(
        location,
        day,
        appointments=[*appointments, *later],  # the next day's: busy time in a shift past midnight, not listed
        staff=catalog.staff,
        services=catalog.services,
        resources=catalog.resources,
        client_names=names,
        risk_labels=labels,
        locations=catalog.locations,
        elsewhere=away,
        ruled_out=ruled,
    )
    book.unread = unread
    book.risk_note = risk_note
    return book


#: The statuses of a booking whose guest may still be told, before it starts, that a service is ruled out.
_NOT_STARTED = frozenset({*UPCOMING_STATUSES, AppointmentStatus.checked_in})


def ruled_out_of(
    appointments: Iterable[Appointment], clients: Mapping[str, Client], catalog: Catalog, *, now: datetime
) -> dict[str, list[RuledOut]]:
    """What each guest's cautions rule out of their booking (``cautions.booking_ruled_out``, the briefing's rule, the
    notes read by the offline lexicon only, never a model), for the bookings not yet started (booked, confirmed or
    checked in, the start ahead of ``now``): the front desk can still rebook or ask. The booking's day at its location
    is the day its records are read on."""
    services = {s.id: s for s in catalog.services}
    zones = {loc.id: loc.tz for loc in catalog.locations}
    found: dict[str, list[RuledOut]] = {}
    for appointment in appointments:
        client = clients.get(appointment.client_id)
        if client is None or appointment.status not in _NOT_STARTED or appointment.start_at <= now:
            continue
        day = appointment.start_at.astimezone(zones.get(appointment.location_id, UTC)).date()
        if ruled := booking_ruled_out(appointment, client, services, today=day):
            found[appointment.id] = ruled
    return found


def _past_midnight(member: Staff, location: Location, day: date) -> bool:
    """Whether ``member``'s shift of ``day`` here runs into the next local day (18:00–02:00, not 16:00–00:00)."""
    _, day_end = local_day_bounds(day, location.tz)
    return any(end.timestamp() > day_end.timestamp() for _, end in member.shift_parts(day, location.tz))
