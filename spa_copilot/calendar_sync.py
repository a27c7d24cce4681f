"""Calendar sync: read a location's book from the platform, diff it against the snapshot, remember it.

A *full* sync reads the whole horizon (today and the next days in the location's zone) and notices
appointments that vanished, each confirmed by id before it counts as removed (``_confirm_vanished``); an *incremental* sync asks only for what changed since the cursor
(``updatedSince``), which costs one request per location when nothing changed. The cursor is the newest
``updatedAt`` the platform returned, so the copilot's own clock never decides what counts as "new"; it only
bounds it: a stamp further ahead than ``CURSOR_MAX_AHEAD`` (a gateway node whose clock runs fast) is not stored
as the cursor. Each incremental read starts ``CURSOR_OVERLAP`` before the cursor, so a change stamped a little
before changes already read (stamped before its commit, or by a node whose clock is a little behind) is still
seen. What the overlap reads again is not reported again: the diff drops versions the snapshot holds, and an
appointment outside the snapshot's days is remembered by id and version (``_read_before``).
The scheduler sizes the horizon to cover the fill horizon (``FILL_HORIZON_HOURS``); an appointment the
snapshot never held that an incremental read returns already cancelled still counts as a cancellation.

An appointment is remembered, diffed and handed to the change handlers at the times the adapter gives it, its
services' when its own ``startAt`` disagrees with them (``Appointment.as_booked``: a gateway that moved the services
and not the summary). The platform still lists by its own ``startAt``: so a full read reaches ``NEAR_DAYS`` either
side of the horizon to find one whose ``startAt`` is outside, and the horizon keeps those that start in it.

The catalogue (staff, rooms and equipment, services) is no part of the diff: the poll reads it at most every few
minutes (``Copilot.catalog``, its ``catalog_ttl_seconds``), and a change to what a location's conflict check reads of
it (a therapist marked inactive, a shift edited, a certification lapsed or added, a service's skill, room type or
buffer) is found by comparing a digest of that part with the one the location's last check read
(``catalogue_changed``, ``catalogue_checked``): no request of its own.
"""

from __future__ import annotations

import hashlib
import json
import logging
import math
import weakref
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from spa_copilot.domain import NEAR_DAYS, Appointment, Location, local_day_bounds, newest_versions
from spa_copilot.engines.calendar_diff import CalendarChange, diff_calendar, snapshot_of
from spa_copilot.platform.errors import (
    PlatformAuthError,
    PlatformError,
    PlatformNotFound,
    PlatformProtocolError,
    PlatformUnavailable,
)
from spa_copilot.platform.protocol import Listing, SpaPlatform, skipped_ids, skipped_updates
from spa_copilot.store import SnapshotRow, Store

if TYPE_CHECKING:
    from spa_copilot.reads import Catalog

logger = logging.getLogger(__name__)

#: An incremental read asks for the changes since this long before the cursor: a change whose ``updatedAt`` is
#: earlier than one already read (a transaction stamped before it committed, a gateway node whose clock is a little
#: behind another's) is still seen by the next poll or by its own webhook, not only by the next full resync.
CURSOR_OVERLAP = timedelta(minutes=5)
#: The cursor is stored no further ahead of the copilot's own clock than this: one appointment stamped in the future
#: (a node whose clock runs fast, an import with a bad stamp) would otherwise hide every change stamped before it.
CURSOR_MAX_AHEAD = timedelta(minutes=1)


@dataclass
class SyncResult:
    location_id: str
    full: bool
    changes: list[CalendarChange] = field(default_factory=list)
    appointments_read: int = 0
    #: Other locations whose snapshot held an appointment this read found at this location (moved here): their
    #: own reads never see it again, so they are synced too, their handlers told of the move as a change there
    #: (recorded pending for them with this snapshot: ``scheduler.sync_and_process``).
    moved_from: list[str] = field(default_factory=list)


def horizon_days_for(fill_horizon_hours: float) -> int:
    """Days the snapshot must hold (today included) for a cancellation up to ``fill_horizon_hours`` ahead to be
    seen as one; never fewer than today and tomorrow, which the alerts check."""
    return max(2, math.ceil(fill_horizon_hours / 24) + 1)


def horizon(location: Location, *, now: datetime, days: int) -> tuple[datetime, datetime]:
    """[start of today, end of today + days - 1) in the location's own zone."""
    today: date = now.astimezone(location.tz).date()
    start, _ = local_day_bounds(today, location.tz)
    _, end = local_day_bounds(today + timedelta(days=days - 1), location.tz)
    return start, end


def _reach(location: Location, *, now: datetime, days: int) -> tuple[datetime, datetime]:
    """What a full read asks for: the horizon with ``NEAR_DAYS`` either side (the day book's reach, ``reads.load_day``),
    for an appointment whose own ``startAt`` is that far from its services; kept when its services are in the horizon."""
    today: date = now.astimezone(location.tz).date()
    start, _ = local_day_bounds(today - timedelta(days=NEAR_DAYS), location.tz)
    _, end = local_day_bounds(today + timedelta(days=days - 1 + NEAR_DAYS), location.tz)
    return start, end


def snapshot_covers(store: Store, location: Location, day: date, *, now: datetime, horizon_days: int) -> bool:
    """True when the snapshot holds the location's whole book for ``day``: the last full sync read the horizon
    the day is in (incremental syncs since keep it current) and the day has not passed. A day that entered the
    horizon after the last full sync is not covered: an incremental sync adds only what changed on it."""
    last_full = store.sync_state(location.id)["last_full_sync_at"]
    if not last_full:
        return False
    synced = datetime.fromisoformat(last_full).astimezone(location.tz).date()
    today = now.astimezone(location.tz).date()
    return max(synced, today) <= day < synced + timedelta(days=horizon_days)


async def sync_location(
    platform: SpaPlatform,
    store: Store,
    location: Location,
    *,
    now: datetime,
    full: bool = False,
    horizon_days: int = 2,
    record_pending: bool = False,
) -> SyncResult:
    """Bring the snapshot of one location up to date and return what changed.

    With ``record_pending`` (the scheduler's syncs, which hand the changes to the change handlers) the changes are
    recorded as pending in the same transaction as the snapshot (``Store.pending_changes``): a stop or a crash
    before the handlers finish with them cannot lose them, as the next read no longer sees them as changes."""
    state = store.sync_state(location.id)
    cursor = state["cursor"]
    full = full or cursor is None
    start, end = horizon(location, now=now, days=horizon_days)
    reach = _reach(location, now=now, days=horizon_days)
    previous = store.snapshot(location_id=location.id)
    ceiling = now + CURSOR_MAX_AHEAD
    since: datetime | None = None
    unsure: list[str] = []

    if full:
        # the platform lists by the appointment's own startAt, which may be a day off its services' start (the time
        # the adapter gives it, ``as_booked``): the days either side are read too, and kept are the appointments
        # starting in the horizon (and those the snapshot holds, to be diffed and forgotten if they left it)
        read = await platform.list_appointments(location_id=location.id, start_from=reach[0], start_to=reach[1])
        seen, count = {a.id for a in read}, len(read)
        current = _kept(read, keep=lambda a: start <= a.start_at < end or a.id in previous)
        unreadable = skipped_ids(current)  # still there, just not readable: not removed
        seen.update(a for a in unreadable if a)
        vanished = [] if None in unreadable else [
            aid for aid, row in previous.items() if aid not in seen and _within(row.start_at, start, end)
        ]
        there, vanished, unsure = await _confirm_vanished(platform, location, vanished, start, end)
        if there:  # left out of a page, not out of the book: read as if the page had held it
            current = Listing([*current, *there], skipped=skipped_ids(current), skipped_updates=skipped_updates(current))
    else:
        # a cursor stored far ahead (by a version without the ceiling) is read from the copilot's now
        since = min(datetime.fromisoformat(cursor), ceiling) - CURSOR_OVERLAP
        current = await platform.list_appointments(location_id=location.id, updated_since=since)
        vanished, count = [], len(current)

    latest = newest_versions(current)  # a paged read during which an appointment changed may list it twice
    elsewhere = _held_elsewhere(store, location, latest)
    superseded = _superseded(latest, elsewhere)
    if superseded:  # read here before another location's sync saved a newer copy there: not here now
        logger.info(
            "location %s read %d appointment(s) another location holds in a newer version: left to it",
            location.id,
            len(superseded),
        )
        latest = [a for a in latest if a.id not in superseded]
    in_window = [a for a in latest if start <= a.start_at < end]
    read_before = _read_before(store, [a for a in latest if not (start <= a.start_at < end)], previous)
    left_out = read_before | superseded
    fresh = [a for a in current if a.id not in left_out] if left_out else current
    changes = diff_calendar(previous, fresh, vanished=vanished, since=since)
    moved_away = _moved_away(location, latest, elsewhere)
    moved_from = sorted({row.location_id for row, _ in moved_away})
    moved_out = [a.id for a in latest if not (start <= a.start_at < end) and a.id in previous]
    stale = [aid for aid, row in previous.items() if datetime.fromisoformat(row.end_at) < start]
    store.save_snapshot(
        [snapshot_of(a) for a in in_window if _newer(a, previous)],
        # only this location's rows: one another location's sync saved meanwhile (moved there) stays
        forget=[*vanished, *moved_out, *stale],
        forget_at=location.id,
        pending=[
            *((location.id, c.appointment_id, str(c.kind), c.previous, c.appointment) for c in changes),
            # the location it left hears of it as a change of its own, replayed by its next sync
            *((row.location_id, row.appointment_id, "updated", row, appointment) for row, appointment in moved_away),
        ] if record_pending else (),
    )
    new_cursor = _newest_update(current, default=cursor, ceiling=ceiling)
    stamp = now.isoformat()
    store.update_sync_state(
        location.id,
        cursor=new_cursor,
        last_poll_at=stamp,
        # a full read that could not confirm a removal is not the full read that is due: the next poll reads it all
        **({"last_full_sync_at": stamp} if full and not unsure else {}),
    )
    logger.info(
        "synced location=%s full=%s read=%d changes=%d", location.id, full, count, len(changes)
    )
    return SyncResult(location.id, full, changes, count, moved_from)


def _held_elsewhere(store: Store, location: Location, appointments: list[Appointment]) -> dict[str, SnapshotRow]:
    """By id, the rows another location's snapshot holds now of these appointments read at this location.

    The snapshot holds each appointment once, wherever it was last saved, and the locations sync apart (each under its
    own lock): what decides between this read and that row is the copies' age (``_older``), whichever location holds
    it. An older copy read here was read before that location's sync saved it there (moved away, or back), and is left
    to it; any other moved here: this save replaces that row, and that location hears of the move (its own reads never
    see it again)."""
    held = {}
    for appointment in appointments:
        row = store.snapshot_row(appointment.id)
        if row is not None and row.location_id != location.id:
            held[appointment.id] = row
    return held


def _superseded(read: list[Appointment], elsewhere: dict[str, SnapshotRow]) -> set[str]:
    """The ids of the appointments read whose row at another location (``elsewhere``) is newer (``_older``)."""
    return {a.id for a in read if a.id in elsewhere and _older(a, elsewhere[a.id])}


def _older(appointment: Appointment, row: SnapshotRow) -> bool:
    """Whether the copy read is older than the row another location holds: by ``version``, then ``updatedAt`` (the
    contract's order). One nothing tells apart from that row (a gateway sending no version and no ``updatedAt``) is
    not: read at this location, it is here now (rev42e M: a booking with no version, moved, was left to the location
    it had left, its version the default 1 on both)."""
    if appointment.version != row.version:
        return appointment.version < row.version
    if appointment.updated_at is None or row.updated_at is None:
        return False
    return appointment.updated_at < datetime.fromisoformat(row.updated_at)


def _moved_away(
    location: Location, read: list[Appointment], elsewhere: dict[str, SnapshotRow]
) -> list[tuple[SnapshotRow, Appointment]]:
    """The rows another location's snapshot holds of appointments read at this location, not older there
    (``_superseded`` left out of ``read``): moved here, under the same id, each with the appointment as it is here.
    This save replaces them, so that location's own reads never see the move, and hears of it as a change of its
    own."""
    return [(elsewhere[a.id], a) for a in read if a.id in elsewhere and a.location_id == location.id]


async def _confirm_vanished(
    platform: SpaPlatform, location: Location, vanished: list[str], start: datetime, end: datetime
) -> tuple[list[Appointment], list[str], list[str]]:
    """Ask for each appointment a full read no longer lists: (still in the location's book, gone, not known).

    A page can leave a booking out while it is still booked (a gateway paging by offset while another booking is
    rescheduled mid-read shifts one item onto the page already read), and taking it for removed proposed its
    slot to the waitlist and told its therapist it was cancelled. So only one the platform no longer has
    (``PlatformNotFound``), or has at another location or outside the read's days, is gone. One that cannot be
    read as the contract's shape is still there (as a skipped item is); one the platform refuses for good (410
    Gone, another 4xx) is gone. When the platform is down or refuses the key, nothing more is asked and none of the
    rest is dropped: the next full read decides.
    """
    there: list[Appointment] = []
    gone: list[str] = []
    for index, appointment_id in enumerate(vanished):
        try:
            appointment = await platform.get_appointment(appointment_id)
        except PlatformNotFound:
            gone.append(appointment_id)
            continue
        except PlatformProtocolError:
            logger.warning("appointment %s, missing from location %s's book, is still there (unreadable): kept",
                           appointment_id, location.id)
            continue
        except (PlatformUnavailable, PlatformAuthError) as exc:  # down, or the key refused: nothing is known
            unsure = vanished[index:]
            logger.warning("could not confirm that %d appointment(s) left location %s's book (%s): kept until the "
                           "next full read", len(unsure), location.id, type(exc).__name__)
            return there, gone, unsure
        except PlatformError as exc:  # refused for good (410 Gone, another 4xx): not in this book
            logger.warning("appointment %s, missing from location %s's book, cannot be read (%s): removed",
                           appointment_id, location.id, type(exc).__name__)
            gone.append(appointment_id)
            continue
        if appointment.location_id == location.id and start <= appointment.start_at < end:
            logger.info("appointment %s, missing from a full read of location %s, is still booked: kept",
                        appointment_id, location.id)
            there.append(appointment)
        else:
            gone.append(appointment_id)
    return there, gone, []


def _kept(listing: Sequence[Appointment], *, keep: Callable[[Appointment], bool]) -> Listing[Appointment]:
    """The appointments of a read that ``keep`` wants; what the read skipped is kept as it said."""
    return Listing(
        [a for a in listing if keep(a)], skipped=skipped_ids(listing), skipped_updates=skipped_updates(listing)
    )


def _within(start_at: str, start: datetime, end: datetime) -> bool:
    return start <= datetime.fromisoformat(start_at) < end


def _newer(appointment: Appointment, previous: dict) -> bool:
    before = previous.get(appointment.id)
    return before is None or appointment.version > before.version


def _read_before(store: Store, outside: list[Appointment], previous: dict) -> set[str]:
    """The ids of appointments outside the snapshot's days that an earlier read already returned in this version.

    The snapshot keeps only its days, so the diff cannot tell that the overlap (``CURSOR_OVERLAP``) brings one of
    these back (a booking next week, one moved out of the days, one booked and cancelled beyond them): each version
    read is remembered among the processed event ids (kept ``RETENTION``, far longer than the overlap) and reported
    once. One the snapshot still holds (moved out of its days just now) is diffed as usual, and remembered too.
    """
    again = set()
    for appointment in outside:
        first = store.claim_event(f"calendar-read:{appointment.id}:v{appointment.version}", source="calendar_sync")
        if not first and appointment.id not in previous:
            again.add(appointment.id)
    return again


def _newest_update(appointments: list[Appointment], *, default: str | None, ceiling: datetime) -> str | None:
    """The newest ``updatedAt`` read (or ``default``, the cursor so far, when that is newer), never past ``ceiling``."""
    # a skipped (off-contract) appointment's stamp counts too: the cursor moves past it, so it is not read and
    # warned about on every poll (beyond the overlap); the full resync still reads it, and a fix at the source
    # updates it again
    stamps = [a.updated_at for a in appointments if a.updated_at is not None] + skipped_updates(appointments)
    if default is not None:
        stamps.append(datetime.fromisoformat(default))
    if not stamps:
        return None
    return min(max(stamps), ceiling).isoformat()


# ---------------------------------------------------------------------------------------------------
# The catalogue a location's conflict check last read

#: By store (where the alerts live), the catalogue each location's conflicts were last checked with and its digest,
#: by location id. Kept in memory: a copilot starting checks every location once anyway (``alerts._check_due``).
_checked: weakref.WeakKeyDictionary[Store, dict[str, tuple[Catalog, str]]] = weakref.WeakKeyDictionary()


def catalogue_digest(catalog: Catalog, location: Location, store: Store) -> str:
    """A digest of what the location's conflict check reads of the catalogue: the location itself, its own staff
    and those its snapshot has booked there (a visiting therapist), its own rooms and equipment and those booked
    there, and every service (the menu is the spa's, not a location's). Whole records, so a shift, ``active``, a
    skill, a certification or its expiry, a room's type or capacity, a service's skill, room types, equipment or
    buffer changed all change it; a change to another location's staff or rooms does not."""
    booked = store.snapshot(location_id=location.id).values()
    staff_ids = {sid for row in booked for sid in row.staff_ids}
    resource_ids = {rid for row in booked for rid in row.resource_ids}
    read = {
        "location": location.to_json_dict(),
        "staff": sorted(
            (s.to_json_dict() for s in catalog.staff if s.location_id == location.id or s.id in staff_ids),
            key=lambda record: record["id"],
        ),
        "resources": sorted(
            (r.to_json_dict() for r in catalog.resources if r.location_id == location.id or r.id in resource_ids),
            key=lambda record: record["id"],
        ),
        "services": sorted((s.to_json_dict() for s in catalog.services), key=lambda record: record["id"]),
    }
    return hashlib.sha256(json.dumps(read, sort_keys=True, default=str).encode()).hexdigest()


def catalogue_changed(catalog: Catalog, location: Location, store: Store) -> bool:
    """Whether what the location's conflict check reads of ``catalog`` changed since its last check
    (``catalogue_checked``); False before any (a copilot's first check of a location runs anyway).

    The catalogue that check read, not read again since (the poll's reads within ``Copilot.catalog``'s few minutes),
    is not digested again: only a sync of the location changes its snapshot, and a change it found runs the check."""
    before = _checked.get(store, {}).get(location.id)
    if before is None or before[0] is catalog:
        return False
    digest = catalogue_digest(catalog, location, store)
    if digest != before[1]:
        return True
    _checked[store][location.id] = (catalog, digest)  # the same as checked: not digested again until read again
    return False


def catalogue_checked(catalog: Catalog, location: Location, store: Store) -> None:
    """Remember that the location's conflicts were checked with ``catalog``."""
    _checked.setdefault(store, {})[location.id] = (catalog, catalogue_digest(catalog, location, store))
