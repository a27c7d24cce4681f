"""Calendar sync: read a location's book from the platform, diff it against the snapshot, remember it.

A *full* sync reads the whole horizon (today and the next days in the location's zone) and notices
appointments that vanished; an *incremental* sync asks only for what changed since the cursor
(``updatedSince``), which costs one request per location when nothing changed. The cursor is the newest
``updatedAt`` the platform returned, so the copilot's own clock never decides what counts as "new".
The scheduler sizes the horizon to cover the fill horizon (``FILL_HORIZON_HOURS``); an appointment the
snapshot never held that an incremental read returns already cancelled still counts as a cancellation.
"""

from __future__ import annotations

import logging
import math
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from spa_copilot.domain import Appointment, Location, local_day_bounds, newest_versions
from spa_copilot.engines.calendar_diff import CalendarChange, diff_calendar, snapshot_of
from spa_copilot.platform.protocol import SpaPlatform, skipped_ids, skipped_updates
from spa_copilot.store import Store

logger = logging.getLogger(__name__)


@dataclass
class SyncResult:
    location_id: str
    full: bool
    changes: list[CalendarChange] = field(default_factory=list)
    appointments_read: int = 0


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
) -> SyncResult:
    """Bring the snapshot of one location up to date and return what changed."""
    state = store.sync_state(location.id)
    cursor = state["cursor"]
    full = full or cursor is None
    start, end = horizon(location, now=now, days=horizon_days)
    previous = store.snapshot(location_id=location.id)
    since: datetime | None = None

    if full:
        current = await platform.list_appointments(location_id=location.id, start_from=start, start_to=end)
        seen = {a.id for a in current}
        unreadable = skipped_ids(current)  # still there, just not readable: not removed
        seen.update(a for a in unreadable if a)
        vanished = [] if None in unreadable else [
            aid for aid, row in previous.items() if aid not in seen and _within(row.start_at, start, end)
        ]
    else:
        since = datetime.fromisoformat(cursor)
        current = await platform.list_appointments(location_id=location.id, updated_since=since)
        vanished = []

    changes = diff_calendar(previous, current, vanished=vanished, since=since)
    latest = newest_versions(current)  # a paged read during which an appointment changed may list it twice
    in_window = [a for a in latest if start <= a.start_at < end]
    moved_out = [a.id for a in latest if not (start <= a.start_at < end) and a.id in previous]
    stale = [aid for aid, row in previous.items() if datetime.fromisoformat(row.end_at) < start]
    store.save_snapshot(
        [snapshot_of(a) for a in in_window if _newer(a, previous)],
        forget=[*vanished, *moved_out, *stale],
    )
    new_cursor = _newest_update(current, default=cursor)
    stamp = now.isoformat()
    store.update_sync_state(
        location.id,
        cursor=new_cursor,
        last_poll_at=stamp,
        **({"last_full_sync_at": stamp} if full else {}),
    )
    logger.info(
        "synced location=%s full=%s read=%d changes=%d", location.id, full, len(current), len(changes)
    )
    return SyncResult(location.id, full, changes, len(current))


def _within(start_at: str, start: datetime, end: datetime) -> bool:
    return start <= datetime.fromisoformat(start_at) < end


def _newer(appointment: Appointment, previous: dict) -> bool:
    before = previous.get(appointment.id)
    return before is None or appointment.version > before.version


def _newest_update(appointments: list[Appointment], *, default: str | None) -> str | None:
    # a skipped (off-contract) appointment's stamp counts too: the cursor moves past it, so it is not read and
    # warned about on every poll; the full resync still reads it, and a fix at the source updates it again
    stamps = [a.updated_at for a in appointments if a.updated_at is not None] + skipped_updates(appointments)
    if not stamps:
        return default
    newest = max(stamps)
    if default is not None and datetime.fromisoformat(default) > newest:
        return default
    return newest.isoformat()
