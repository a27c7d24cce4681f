"""Read-side gathering: fetch what an engine needs from the platform, concurrently, and hand it over.

These are the only functions that turn "the day's book" or "the catalog" into platform calls; the CLI, the
Slack commands and the scheduler all come through here. ``booked_in_snapshot`` answers "where are these staff
booked?" from the calendar snapshot instead, without a read.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from spa_copilot.domain import (
    ACTIVE_STATUS_VALUES,
    Appointment,
    Client,
    Location,
    Resource,
    Service,
    Staff,
    local_day_bounds,
)
from spa_copilot.engines.daybook import DayBook, build_day_book
from spa_copilot.platform.protocol import SpaPlatform

if TYPE_CHECKING:
    from spa_copilot.store import Store

logger = logging.getLogger(__name__)


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

    def service(self, service_id: str) -> Service | None:
        return next((s for s in self.services if s.id == service_id), None)

    def staff_member(self, staff_id: str) -> Staff | None:
        return next((s for s in self.staff if s.id == staff_id), None)


async def load_catalog(platform: SpaPlatform) -> Catalog:
    """Read locations, staff, services and resources in parallel."""
    locations, staff, services, resources = await asyncio.gather(
        platform.list_locations(), platform.list_staff(), platform.list_services(), platform.list_resources()
    )
    return Catalog(locations, staff, services, resources)


async def load_clients(platform: SpaPlatform, client_ids: Iterable[str], *, concurrency: int = 8) -> dict[str, Client]:
    """Fetch clients by id, a few at a time; unknown ids are left out."""
    from spa_copilot.platform.errors import PlatformNotFound

    semaphore = asyncio.Semaphore(concurrency)

    async def one(client_id: str) -> Client | None:
        async with semaphore:
            try:
                return await platform.get_client(client_id)
            except PlatformNotFound:
                return None

    ids = sorted(set(client_ids))
    clients = await asyncio.gather(*(one(cid) for cid in ids))
    return {c.id: c for c in clients if c is not None}


async def load_day(platform: SpaPlatform, location: Location, day: date) -> list[Appointment]:
    """Every appointment starting on ``day`` in the location's own zone (all statuses)."""
    start, end = local_day_bounds(day, location.tz)
    return await platform.list_appointments(location_id=location.id, start_from=start, start_to=end)


def booked_in_snapshot(
    store: Store, locations: Iterable[Location], staff_ids: Iterable[str], days: Iterable[date]
) -> dict[str, set[str]]:
    """By location id, which of ``staff_ids`` have an active appointment there on one of ``days`` (each
    location's own dates), as the calendar snapshot remembers it: no platform read. Locations where none of
    them is booked are left out."""
    wanted_staff, wanted_days = set(staff_ids), set(days)
    found: dict[str, set[str]] = {}
    if not wanted_staff or not wanted_days:
        return found
    for location in locations:
        for row in store.snapshot(location_id=location.id).values():
            if row.status not in ACTIVE_STATUS_VALUES:
                continue
            booked = wanted_staff.intersection(row.staff_ids)
            if booked and datetime.fromisoformat(row.start_at).astimezone(location.tz).date() in wanted_days:
                found.setdefault(location.id, set()).update(booked)
    return found


RiskScorer = Callable[[Sequence[Appointment]], Awaitable[Mapping[str, Any]]]


async def load_day_book(
    platform: SpaPlatform, catalog: Catalog, location: Location, day: date, *, risk: RiskScorer | None = None
) -> DayBook:
    """The day's book for one location, with client first names and last initials for the front desk.

    With ``risk`` (e.g. ``Copilot.risk_scores``), bookings in the medium and high bands carry their label.
    The other locations' books of ``day`` (each its own date) are read too, at the same time, so each row says
    where else its therapist is booked (staff shared between locations); one that cannot be read is left out
    and named in ``unread`` (the location's own read must succeed). A spa of one location reads nothing more.
    """
    others = [loc for loc in catalog.locations if loc.id != location.id]
    own, *books = await asyncio.gather(
        load_day(platform, location, day), *(load_day(platform, other, day) for other in others), return_exceptions=True
    )
    if isinstance(own, BaseException):
        raise own
    appointments: list[Appointment] = own
    elsewhere: list[Appointment] = []
    unread: list[Location] = []
    for other, book in zip(others, books, strict=True):
        if isinstance(book, BaseException):
            if not isinstance(book, Exception):
                raise book  # cancelled, or the process is stopping
            what = "day book of %s: the book of %s could not be read: %s"
            logger.warning(what, location.id, other.id, type(book).__name__)
            unread.append(other)
        else:
            elsewhere += book
    active = [a for a in appointments if a.is_active]
    # the clients of the other locations' bookings of this location's staff and visitors (the rows' "away")
    staff_here = {s.id for s in catalog.staff if s.location_id == location.id}
    staff_here |= {sid for a in active for sid in a.staff_ids}
    away = [a for a in elsewhere if a.is_active and staff_here.intersection(a.staff_ids)]
    clients = await load_clients(platform, (a.client_id for a in [*active, *away]))
    names = {cid: c.short_name for cid, c in clients.items()}
    scores = await risk(active) if risk else {}
    labels = {aid: score.label for aid, score in scores.items() if score.band != "low"}
    book = build_day_book(
        location,
        day,
        appointments=appointments,
        staff=catalog.staff,
        services=catalog.services,
        resources=catalog.resources,
        client_names=names,
        risk_labels=labels,
        locations=catalog.locations,
        elsewhere=away,
    )
    book.unread = unread
    return book
