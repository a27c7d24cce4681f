"""Scheduled work, all registered in one place (``build_scheduler``); every job is a plain async function.

- ``poll_calendar``: every ``POLL_SECONDS``, an incremental sync per location (a full one every
  ``FULL_RESYNC_HOURS``), then the copilot's change handlers (``copilot.on_changes``: alerts, fill proposals, prep updates)
  run on what changed (the conflict check also after a change to the staff, rooms or services it reads, found by
  comparing the catalogue the poll reads anyway: ``calendar_sync.catalogue_changed``). The changes are recorded
  pending with the snapshot and dropped once the handlers ran: a stop or a crash in between leaves them to be
  handed again by the location's next sync, each handler going on from the last change it finished (``_replay_plan``). A location failing (the
  platform down, or a bug) two polls in a row is reported in the ops channel once (one message at the end of the pass, naming every location failing that long, each with the
  time it started failing in its own zone, and its day when that is not today there, or "all locations"), and
  once more when the last of them recovers (naming them all again). A one-poll blip (the platform restarting) is not reported, nor its recovery; /healthz
  and /spa status show the failure at once. A location failing only after they have all recovered starts a new
  outage, reported after the old one's recovery; a location removed from the platform (confirmed: ``held_locations``) stops failing, and the
  outage's end names it as no longer on the spa system (an outage of only such locations ends with that). The
  other locations still run and a job never raises. The ops channel never holds up the poll: its report runs in
  a task of its own, waited for only briefly, and a post Slack refuses or rate-limits is not waited out but made
  at the next poll. A poll and a webhook never process the same location at the same time; a webhook's sync
  records its health, and the polls report it.
- Mangomint webhooks about appointments trigger the same processing at once (``on_appointment_webhook``): the
  platform down meanwhile makes the webhook fail (answered 503, retried by its sender); one naming a location not
  yet known reads the locations again first.
- ``morning_briefings``: one daily job per location at ``BRIEFING_TIME`` in that location's own zone
  (DST-safe); ``refresh_location_jobs`` (re)creates them from the platform's locations every hour (a minute
  later when it could not read them, until it can: a start during a blip of the spa system still briefs). A job
  (re)created within ``BRIEFING_GRACE_SECONDS`` after the briefing time (a restart at 07:31) runs at once,
  and a run whose DMs could not all go out is tried again every ``BRIEFING_RETRY_SECONDS`` within that window.
- ``briefings.send_prep_briefings``: every ``PREP_CHECK_SECONDS``, the prep DM and ``ai_prep_summary``
  write-back for appointments due (from ``PREP_HOURS_BEFORE`` hours before they start until they end); after each
  sync, ``briefings.on_calendar_changes`` (registered here) tells prepped therapists what changed and prepares a
  booking just made at once.
- ``housekeeping``: daily, forgets processed event ids and cached model results older than ``RETENTION``, and
  pending changes never replayed (their appointment unreadable) older than ``PENDING_CHANGE_MAX_AGE``.
- A job that raises runs again on its schedule; the ops channel hears of it once (its name and the error's type,
  never a traceback: ``job_failed``) and once more when it next runs through (``job_succeeded``). A process starting
  ends the leases of the DMs the last one claimed and never sent (``Store.reclaim_work``), so they go out at once.
"""

from __future__ import annotations

import asyncio
import logging
import time as time_module
import weakref
from collections.abc import Awaitable, Collection, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import TYPE_CHECKING, Any

from apscheduler.events import EVENT_JOB_ERROR, EVENT_JOB_EXECUTED, JobExecutionEvent
from apscheduler.job import Job
from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.base import BaseTrigger

from spa_copilot import clock_watch
from spa_copilot.calendar_sync import SyncResult, horizon_days_for, sync_location
from spa_copilot.copilot import ChangeHandler, Copilot
from spa_copilot.domain import Appointment, AppointmentStatus, Location
from spa_copilot.engines.calendar_diff import CalendarChange, ChangeKind, diff_calendar, snapshot_of
from spa_copilot.ops_notes import note_key, post_note
from spa_copilot.platform.errors import PlatformError, PlatformUnavailable
from spa_copilot.platform.protocol import skipped_ids
from spa_copilot.platform.webhooks import APPOINTMENT_EVENTS, WebhookEvent
from spa_copilot.slack.blocks import escape, zoned_moment
from spa_copilot.store.db import step_version

if TYPE_CHECKING:
    from spa_copilot.briefings import BriefingRun
    from spa_copilot.reads import Catalog
    from spa_copilot.store.db import PendingStep, SnapshotRow

logger = logging.getLogger(__name__)

#: ``{scope}`` is " at all locations" or empty; ``{since}`` is "9:00am EST (SoHo) / 6:00am PST (Venice)": each location
#: affected, by the time it started failing in its own zone (``Tue 24 Nov 9:00am EST`` when not today there).
SYNC_FAILING_TEXT = ":warning: Calendar sync with the spa system has been failing{scope} since {since}. I keep retrying."
SYNC_RECOVERED_TEXT = ":white_check_mark: Calendar sync is working again{scope} after failing since {since}."
#: an outage whose failing locations have all left the platform (closed, or deleted there) is over as well
SYNC_OUTAGE_OVER_TEXT = ":white_check_mark: The calendar sync outage is over."
SYNC_GONE_TEXT = "No longer on the spa system, so no longer synced: {gone}."
ALL_LOCATIONS = "all locations"
#: How long a poll waits for its report to the ops channel before going on (the report still finishes).
OPS_REPORT_WAIT_SECONDS = 2.0
PREP_CHECK_SECONDS = 300
LOCATION_REFRESH_SECONDS = 3600
#: How soon a refresh of the briefing jobs that could not read the locations is tried again.
LOCATION_RETRY_SECONDS = 60
REFRESH_JOB_ID = "refresh_location_jobs"
#: How long after ``BRIEFING_TIME`` the morning briefings may still go out. Jobs live in a memory job store,
#: so a process started at 07:31 would otherwise first fire tomorrow (``misfire_grace_time`` only covers a run
#: that was due while the process was up): a briefing job (re)created inside this window runs at once, and a
#: run with undelivered DMs is retried inside it. The per-day claims in the store keep anyone from getting the
#: same briefing twice, also across processes.
BRIEFING_GRACE_SECONDS = 3 * 3600
BRIEFING_RETRY_SECONDS = 600
HOUSEKEEPING_SECONDS = 24 * 3600
#: Webhook and Slack event ids older than this are no longer recognised as replays (signed requests that old
#: are refused anyway), and cached model results are drafted afresh.
RETENTION = timedelta(days=30)
#: How long a change recorded pending (``Store.pending_changes``) is kept for replay when its appointment cannot be
#: read: dropped by the housekeeping after that (logged once), rather than warned of at every poll for ever.
PENDING_CHANGE_MAX_AGE = timedelta(hours=24)

_locks: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, dict[str, asyncio.Lock]] = weakref.WeakKeyDictionary()


# ---------------------------------------------------------------------------------------------------
# The calendar poll


async def poll_calendar(copilot: Copilot, *, full: bool | None = None) -> list[SyncResult]:
    """Sync every location once and process the changes; never raises (failures are reported instead)."""
    failing_before = _failing(copilot)
    try:
        catalog = await copilot.catalog()
    except Exception as exc:  # the platform, or a bug reading it: reported like any failing sync
        if not isinstance(exc, PlatformError):
            logger.exception("reading the locations failed")
        await _guarded(_record_failure(copilot, ALL_LOCATIONS, exc), ALL_LOCATIONS)
        # the locations as last read (if ever) give the message its names and time zones
        await report_in_background(copilot, copilot.known_locations(), failing_before)
        return []
    await _guarded(_record_recovery(copilot, ALL_LOCATIONS), ALL_LOCATIONS)
    try:  # the locations this read leaves out that are not (yet) taken as closed
        held: Collection[str] | None = held_locations(copilot, catalog)
    except Exception:
        logger.exception("could not tell which locations missing from the read are gone")
        held = None
    if held is not None:
        await _guarded(_forget_removed(copilot, catalog.locations, held=held), "the locations no longer on the platform")
    results = []
    for location in catalog.locations:
        result = await sync_and_process(copilot, location, full=full)
        if result is not None:
            results.append(result)
    await report_in_background(copilot, catalog.locations, failing_before, held=held or ())
    return results


async def sync_and_process(
    copilot: Copilot, location: Location, *, full: bool | None = None, raise_outage: bool = False
) -> SyncResult | None:
    """One location: sync (full when due), record its health, run the change handlers; never raises, except
    with ``raise_outage`` the platform's ``PlatformUnavailable`` when the sync met it (recorded first, like any
    failing sync): a refused key or a broken answer would fail the sender's retries too.

    The ops channel hears about the health at the end of the poll (``report_sync_health``), which has seen
    every location by then.

    One at a time per location, so a poll and a webhook arriving together do not both diff against the same
    snapshot and hand the same changes to the handlers twice. (A handler must not sync; it would wait forever.)
    """
    async with _lock(location.id):
        try:
            result = await _sync(copilot, location, full=full)
        except Exception as exc:  # an outage, or a bug in this location's data: report it, go on with the others
            if not isinstance(exc, PlatformError):
                logger.exception("calendar sync failed for location %s", location.id)
            await _guarded(_record_failure(copilot, location.id, exc), location.id)
            if raise_outage and isinstance(exc, PlatformUnavailable):  # down: worth the sender's retry
                raise
            return None
        await _guarded(_record_recovery(copilot, location.id), location.id)
        handlers = change_handlers(copilot)
        plan = await _replay_plan(copilot, location, result.changes, [_key(handler) for handler in handlers])
        for handler in handlers:
            key = _key(handler)
            # from what it last finished with to now, then this sync's changes of the other bookings (always run:
            # the alerts check runs for more than the book's changes)
            await _run_handler(copilot, location, handler, plan.changes_for(key, result.changes))
            _mark_done(copilot, location, plan.todo(key), key)
        # every handler ran on them (a stop cutting one off leaves them pending, replayed by the next sync here)
        if plan.keys:
            await _guarded(_clear_pending(copilot, location, plan.keys), location.id)
    if result.moved_from:
        await _check_moved_from(copilot, result.moved_from)
    return result


async def _run_handler(copilot: Copilot, location: Location, handler: ChangeHandler, changes: list[CalendarChange]) -> None:
    try:
        await handler(copilot, location, changes)
    except PlatformError as exc:  # an outage mid-handler: one line per poll; the handler catches up later
        logger.warning("change handler %s failed for location %s: %s", _name(handler), location.id, type(exc).__name__)
    except Exception:
        logger.exception("change handler %s failed for location %s", _name(handler), location.id)


def _key(handler: ChangeHandler) -> str:
    """A change handler's name in the pending steps' records: its module and name (two are ``on_calendar_changes``)."""
    return f"{getattr(handler, '__module__', '')}.{getattr(handler, '__qualname__', type(handler).__qualname__)}"


def _mark_done(copilot: Copilot, location: Location, keys: Sequence[tuple[str, str, int]], handler: str) -> None:
    if not keys:
        return
    try:
        copilot.store.mark_pending_steps(location.id, keys, handler)
    except Exception:  # the next sync may hand them to it again: its claims keep that from doing anything twice
        logger.exception("could not record the pending changes of location %s as handled", location.id)


@dataclass
class _ReplayPlan:
    """What each change handler is handed by a sync (``_replay_plan``): by handler key, the changes that catch it up
    (``catch_up``) to the appointments as they are now; the bookings whose steps it catches up on (``behind``: this
    sync's own changes of them are in ``catch_up``) and the keys of those steps (``unfinished``); the keys of this
    sync's own changes (``own``) and of every step handed on (``keys``, cleared once all the handlers ran)."""

    keys: list[tuple[str, str, int]] = field(default_factory=list)
    catch_up: dict[str, list[CalendarChange]] = field(default_factory=dict)
    behind: dict[str, set[str]] = field(default_factory=dict)
    own: list[tuple[str, str, int]] = field(default_factory=list)
    unfinished: dict[str, list[tuple[str, str, int]]] = field(default_factory=dict)

    def todo(self, handler: str) -> list[tuple[str, str, int]]:
        """The keys of the steps ``handler`` is handed by this sync: its own changes', and those it had not finished."""
        return [*self.own, *self.unfinished.get(handler, [])]

    def changes_for(self, handler: str, fresh: Sequence[CalendarChange]) -> list[CalendarChange]:
        behind = self.behind.get(handler, set())
        return [*self.catch_up.get(handler, []), *(c for c in fresh if c.appointment_id not in behind)]


async def _replay_plan(
    copilot: Copilot, location: Location, fresh: Sequence[CalendarChange], handlers: Sequence[str]
) -> _ReplayPlan:
    """What each change handler is handed by this sync of the location: the changes it found, and for the steps earlier
    syncs recorded pending and a handler never finished with (a stop or a crash came between the snapshot's save and
    the handler's end), the catching up. Each handler goes on from the first step it did not finish
    (``PendingStep.handlers``): it is handed one change from that step's "before" to the booking as it is now, under
    the booking's version now (``catch_up``, which stands for this sync's own change of it). Nothing stale is acted on:
    a handler that finished a step does nothing again, one that did not hears of the booking as it stands, once,
    however many stops came in a row; a cancellation undone while the copilot was down is no change at all; a booking
    gone from the spa system since is removed from where the copilot last saw it. One cut off inside a handler that had
    acted (a DM sent) is kept from acting twice by its claims while the booking is as it handed it; changed again since,
    the catching up may tell it again. The spa system down while an appointment is read again: its steps wait."""
    plan = _ReplayPlan()
    plan.own = [(change.appointment_id, str(change.kind), step_version(change.previous, change.appointment))
                for change in fresh]
    plan.keys = list(plan.own)
    try:
        steps = copilot.store.pending_steps(location.id)
    except Exception:
        logger.exception("could not read the pending changes of location %s", location.id)
        return plan
    own = set(plan.keys)
    covered = {change.appointment_id: change for change in fresh}
    by_appointment: dict[str, list[PendingStep]] = {}
    for step in steps:
        if step.key not in own:
            by_appointment.setdefault(step.appointment_id, []).append(step)
    now_read = await _read_now(copilot, location, by_appointment, covered)
    for appointment_id, kept in by_appointment.items():
        if appointment_id not in now_read:  # its read failed: kept for the next sync
            continue
        plan.keys.extend(step.key for step in kept)
        now = now_read[appointment_id]
        for name in handlers:
            behind = [step for step in kept if step.handlers.get(name) != "done"]
            if not behind:
                continue
            plan.behind.setdefault(name, set()).add(appointment_id)
            plan.unfinished.setdefault(name, []).extend(step.key for step in behind)
            first = behind[0]
            since = first.previous
            if since is None and first.handed is not None and now is not None and not now.is_active:
                # a booking new to the copilot, cancelled since: told from the booking as first handed on (its prep
                # DM, sent at once, is followed by "is cancelled"; whoever was told nothing of it is told nothing)
                since = snapshot_of(first.handed)
            last_seen = _last_seen(location, kept, covered.get(appointment_id))
            caught_up = _caught_up(location, appointment_id, since, now, last_seen)
            if first.previous is None and first.kind == ChangeKind.cancelled and _cancelled(now):
                caught_up = [_first_seen_cancelled(location, first, now)]  # type: ignore[arg-type]
            plan.catch_up.setdefault(name, []).extend(caught_up)
    if len(plan.keys) > len(own):
        logger.info("catching up on %d change(s) of location %s still pending (a stopped process, a move away)",
                    len(plan.keys) - len(own), location.id)
    return plan


def _first_seen_cancelled(location: Location, first: PendingStep, now: Appointment) -> CalendarChange:
    """A booking made and cancelled between two looks (first seen cancelled) and still cancelled, touched or not since:
    the opening it was handed on as, under the version first handed on while it is the same cancellation (a touch is
    no new one; restored and cancelled again, at another time, is; no cancelledAt in the payload: not known to be the
    same, a new card rather than none)."""
    same = first.handed is not None and _cancelled_at(now) is not None and _cancelled_at(first.handed) == _cancelled_at(now)
    seen = now.model_copy(update={"version": first.handed.version}) if same else now  # type: ignore[union-attr]
    return CalendarChange(ChangeKind.cancelled, first.appointment_id, location.id, seen, None)


def _cancelled_at(appointment: Appointment | None) -> datetime | None:
    return appointment.cancellation.cancelled_at if appointment is not None and appointment.cancellation else None


def _cancelled(appointment: Appointment | None) -> bool:
    return appointment is not None and appointment.status == AppointmentStatus.cancelled


def _last_seen(location: Location, steps: Sequence[PendingStep], own: CalendarChange | None) -> SnapshotRow | None:
    """The booking as the copilot last saw it at this location: before this sync's own change, else as the last
    pending step handed it (or as it was before it: one without, or one moved away)."""
    if own is not None and own.previous is not None:
        return own.previous
    last = steps[-1]
    if last.handed is not None and last.handed.location_id == location.id:
        return snapshot_of(last.handed)
    return last.previous


def _caught_up(
    location: Location, appointment_id: str, since: SnapshotRow | None, now: Appointment | None,
    last_seen: SnapshotRow | None,
) -> list[CalendarChange]:
    """The change from ``since`` (what a handler last finished with) to ``now``, under ``now``'s version: none when
    nothing changed; gone from the spa system, removed from where it was last seen (``last_seen``)."""
    if now is None:
        gone_from = last_seen or since
        if gone_from is None:
            return []
        return [CalendarChange(ChangeKind.removed, appointment_id, location.id, None, gone_from)]
    if now.location_id != location.id:  # moved to another location: one change, as its sync hands it (its kinds there
        # are that location's to tell: a cancellation at the sister location is no opening here)
        newer = since is None or now.version > since.version
        return [CalendarChange(ChangeKind.updated, appointment_id, location.id, now, since)] if newer else []
    again = diff_calendar({appointment_id: since} if since is not None else {}, [now])
    return [replace(change, location_id=location.id) for change in again]


async def _read_now(
    copilot: Copilot, location: Location, steps: Mapping[str, Sequence[PendingStep]], covered: Mapping[str, CalendarChange]
) -> dict[str, Appointment | None]:
    """Each pending step's appointment as it is now (None: gone from the spa system): this sync's read where it found
    it changed again, else asked; one the spa system could not be asked for is left out (its steps wait)."""
    from spa_copilot.platform.errors import PlatformNotFound

    now: dict[str, Appointment | None] = {}
    for appointment_id, kept in steps.items():
        if (own := covered.get(appointment_id)) is not None:
            now[appointment_id] = own.appointment
            continue
        if all(step.kind == ChangeKind.removed for step in kept):
            now[appointment_id] = None  # removed: nothing to ask
            continue
        try:
            now[appointment_id] = await copilot.platform.get_appointment(appointment_id)
        except PlatformNotFound:
            now[appointment_id] = None
        except PlatformError as exc:  # down, or unreadable: the next sync tries again
            # warned of once per process, not at every poll (the housekeeping drops it after a day)
            warned = _pending_warned.setdefault(copilot.store, set())
            level = logging.DEBUG if (location.id, appointment_id) in warned else logging.WARNING
            warned.add((location.id, appointment_id))
            logger.log(level, "pending change of appointment %s at %s kept: %s", appointment_id, location.id,
                       type(exc).__name__)
    return now


#: By store, the (location id, appointment id) of pending changes whose failed read was warned of already.
_pending_warned: weakref.WeakKeyDictionary[Any, set[tuple[str, str]]] = weakref.WeakKeyDictionary()


async def _clear_pending(copilot: Copilot, location: Location, keys: Sequence[tuple[str, str, int]]) -> None:
    copilot.store.clear_pending_steps(location.id, keys)
    warned = _pending_warned.get(copilot.store)
    if warned:
        warned -= {(location.id, appointment_id) for appointment_id, _, _ in keys}


async def _check_moved_from(copilot: Copilot, location_ids: Sequence[str]) -> None:
    """Sync the locations an appointment was just moved away from, under the same id: their own reads never see it
    again (it is no longer in their book), so their handlers hear of it from the change the move recorded pending
    for them (handed on by this sync, ``_replay_plan``): their conflicts are checked (a card about it would otherwise
    stay open until their next full resync), and the therapist there who had the prep DM is told it moved."""
    known = {location.id: location for location in copilot.known_locations()}
    for location_id in location_ids:
        other = known.get(location_id)
        if other is not None:
            await sync_and_process(copilot, other, full=False)


async def _sync(copilot: Copilot, location: Location, *, full: bool | None) -> SyncResult:
    now = copilot.now()
    if full is None:
        last_full = copilot.store.sync_state(location.id)["last_full_sync_at"]
        due = timedelta(hours=copilot.settings.full_resync_hours)
        full = last_full is None or now - datetime.fromisoformat(last_full) >= due
    days = horizon_days_for(copilot.settings.fill_horizon_hours)
    return await sync_location(
        copilot.platform, copilot.store, location, now=now, full=full, horizon_days=days, record_pending=True
    )


def change_handlers(copilot: Copilot) -> list[ChangeHandler]:
    """What runs after a sync of this copilot: its handlers, conflict alerts first."""
    from spa_copilot import alerts

    alerts.register_handler(copilot)
    return list(copilot.change_handlers)


def _name(handler: Any) -> str:
    return getattr(handler, "__name__", type(handler).__name__)


def _lock(location_id: str) -> asyncio.Lock:
    loop = asyncio.get_running_loop()
    return _locks.setdefault(loop, {}).setdefault(location_id, asyncio.Lock())


async def on_appointment_webhook(copilot: Copilot, event: WebhookEvent) -> None:
    """An appointment webhook is a hint: re-read that location's book now, the same way a poll does.

    The platform down while it is read raises its ``PlatformUnavailable`` (after every location named has been tried):
    the HTTP face answers ``503`` and does not remember the event, so the sender retries it. The sync's failure
    is recorded as a poll's is, so the ops channel still hears of the outage once, from the polls.
    """
    if event.type not in APPOINTMENT_EVENTS:  # a type the contract may add one day: parsed, acknowledged, ignored
        logger.info("webhook type %r ignored", event.type[:80])
        return
    catalog = await copilot.catalog()
    # the location the body names: the contract's appointment, else the add-on's ``locationId`` / ``location.id``
    # (a real add-on body naming one re-read every location's book)
    ref = event.appointment_ref
    location_id = event.appointment.location_id if event.appointment else (ref.location_id if ref else None)
    if location_id is not None and all(loc.id != location_id for loc in catalog.locations):
        catalog = await _catalog_knowing(copilot, catalog, location_id)
    targets = [loc for loc in catalog.locations if location_id in (None, loc.id)]
    outage: PlatformError | None = None
    for location in targets:
        try:
            await sync_and_process(copilot, location, full=False, raise_outage=True)
        except PlatformError as exc:
            outage = outage or exc
    if outage is not None:
        raise outage


#: A webhook naming a location the copilot does not know reads the locations again, at most this often per location
#: id (an appointment at a location opened on the platform minutes ago; a sender naming one that does not exist
#: would otherwise cost a read of the whole catalogue per webhook).
UNKNOWN_LOCATION_REFRESH_SECONDS = 60.0
_unknown_refreshed: weakref.WeakKeyDictionary[Any, dict[str, float]] = weakref.WeakKeyDictionary()


async def _catalog_knowing(copilot: Copilot, catalog: Catalog, location_id: str) -> Catalog:
    """The catalogue, read again when a webhook names a location it lacks (at most once a minute per location id),
    and one line in the log saying which (ids only: the webhook's appointment stays out of it)."""
    shown = location_id[:80]
    asked = _unknown_refreshed.setdefault(copilot.platform, {})
    clock = time_module.monotonic()
    if clock - asked.get(location_id, float("-inf")) >= UNKNOWN_LOCATION_REFRESH_SECONDS:
        if len(asked) >= 1000:  # ids a sender made up: never more than a page of them remembered
            asked.clear()
        catalog = await copilot.catalog(refresh=True)  # failing, the event is answered 503 and its retry asks again
        asked[location_id] = clock
        if any(loc.id == location_id for loc in catalog.locations):
            logger.info("webhook for location %r, new since the locations were read: read them again", shown)
            asked.pop(location_id, None)
            return catalog
    logger.warning("webhook for location %r ignored: it is not among the spa system's locations", shown)
    return catalog


# ---------------------------------------------------------------------------------------------------
# Reporting sync health in the ops channel
#
# Each sync records its location's health (``failing_since``, ``last_error``); the poll then reports, once per
# outage, the locations that were failing already when it began and still are (a failure is news once it has
# lasted two polls; one that clears by the next poll is never reported, so neither is its recovery):
# ``failure_reported`` marks the locations the outage message (or the outage it joined) covers and
# ``outage_since`` when each started failing, kept after it recovers so that the recovery message, posted when
# the last of them clears, names them all with their own times. A location failing while one of the reported
# outage's locations still fails joins it quietly (one outage, one message) and is named in the recovery; one
# failing after they have all recovered starts a new outage, reported after the old one's recovery. A location
# the platform no longer lists stops failing (``_forget_removed``); if it was in the reported outage it stays
# there until the outage ends, whose message names it (by id) as gone.

#: ``sync_state.failure_reported``: 0 not part of a reported outage, 1 part of it (2, "covered by the message
#: about another key", was written by earlier versions and means the same).
NOT_REPORTED, REPORTED, COVERED = 0, 1, 2


async def _guarded(report: Awaitable[None], key: str) -> None:
    """Run a health record or report; the store or Slack failing as well must not stop the other locations."""
    try:
        await report
    except Exception:
        logger.exception("could not record the sync health of %s", key)


def _failing(copilot: Copilot) -> dict[str, str]:
    """Since when each failing key has been failing (nothing when the store cannot be read)."""
    try:
        return {s["location_id"]: s["failing_since"] for s in copilot.store.all_sync_states() if s["failing_since"]}
    except Exception:
        logger.exception("could not read the sync health")
        return {}


async def _record_failure(copilot: Copilot, key: str, exc: Exception) -> None:
    state = copilot.store.sync_state(key)
    since = state["failing_since"] or copilot.now().isoformat()
    copilot.store.update_sync_state(key, failing_since=since, last_error=type(exc).__name__)
    # once when it starts failing (and once when it recovers), not at every poll of an outage: /healthz, /spa
    # status and the ops channel say it is still failing
    level = logging.DEBUG if state["failing_since"] and state["last_error"] == type(exc).__name__ else logging.WARNING
    logger.log(level, "calendar sync failing for %s: %s", key, type(exc).__name__)


async def _record_recovery(copilot: Copilot, key: str) -> None:
    state = copilot.store.sync_state(key)
    if not state["failing_since"]:
        return
    # a location in the reported outage keeps when it started failing, for the recovery message
    outage_since = (state.get("outage_since") or state["failing_since"]) if state["failure_reported"] else None
    copilot.store.update_sync_state(key, failing_since=None, last_error=None, outage_since=outage_since)
    logger.info("calendar sync recovered for %s", key)


async def _forget_removed(copilot: Copilot, locations: Sequence[Location], *, held: Collection[str] = ()) -> None:
    """Forget the sync health of locations the platform no longer lists (closed, or deleted there), and close their
    conflict alerts.

    They are no longer synced, so they would otherwise stay failing for good: named as failing where the health
    is shown, and holding an outage open whenever the locations cannot be read (then nothing says which ones are
    gone). One that was part of the reported outage stays in it, no longer failing, so that the outage's end
    says it left (``report_sync_health``). Their alerts would stay open for good too, counted in the status and
    with live buttons: they expire, their cards redrawn without buttons (one Slack could not redraw is tried again
    at the next poll). An empty list (no location at all) is taken as no news, not as every one removed, and so is
    a location ``held`` (``held_locations``: unreadable, or its absence not yet confirmed).
    """
    from spa_copilot import alerts

    if not locations:
        return
    listed = {location.id for location in locations} | {ALL_LOCATIONS} | set(held)
    for state in copilot.store.all_sync_states():
        if state["location_id"] in listed:
            continue
        if state["failing_since"]:
            outage_since = (state.get("outage_since") or state["failing_since"]) if state["failure_reported"] else None
            copilot.store.update_sync_state(
                state["location_id"], failing_since=None, last_error=None, outage_since=outage_since
            )
            logger.info("location %s is no longer on the platform: dropped from the sync health", state["location_id"])
        await alerts.expire_removed_location(copilot, state["location_id"], now=copilot.now())
        if dropped := copilot.store.drop_pending_changes(state["location_id"]):  # never synced again to replay them
            logger.info("location %s is no longer on the platform: %d pending change(s) dropped",
                        state["location_id"], dropped)


# ---------------------------------------------------------------------------------------------------
# Locations missing from a read of the spa system's locations
#
# One read of the locations that leaves one out is no proof it closed: a gateway's partial page, a record that
# is not the contract's shape for a while. A location the adapter skipped as unreadable (``Listing.skipped``) is
# still there: it never counts as removed (the ops channel hears once that it cannot be read, and once that it
# can again), and while the skip has no id every absent location is kept so. A location simply absent counts as
# removed only when it is still absent from another read at least ``LOCATION_REMOVAL_CONFIRM`` after the first
# read without it (as ``calendar_sync._confirm_vanished`` confirms an appointment): until then its conflict cards,
# its briefing job and its sync health stay as they were (it is not synced meanwhile). Kept in memory: a copilot
# starting confirms a removal afresh.

#: How long a location must stay absent from the spa system's locations (over two reads at least) before it is
#: taken as closed: its cards expired, its briefing job dropped, its sync health forgotten.
LOCATION_REMOVAL_CONFIRM = timedelta(minutes=5)
LOCATION_UNREADABLE_TEXT = (
    ":warning: The spa system's record of location {where} cannot be read ({why}), so it is not synced: its "
    "conflict cards stay as they were, and its morning briefings are not sent (tried again every few minutes for "
    "a while after the briefing time) until it can be read again (see `spa-copilot check`)."
)
LOCATION_READABLE_TEXT = ":white_check_mark: Location {where} can be read from the spa system again: its sync resumes."


@dataclass
class _Absence:
    since: datetime  # the first read without it
    last: datetime  # the last read without it
    reads: int = 1  # reads without it


@dataclass
class _Presence:
    catalog: Any = None  # the last catalogue read looked at (a read is counted once, however often it is looked at)
    absent: dict[str, _Absence] = field(default_factory=dict)
    unreadable: set[str] = field(default_factory=set)  # skipped by the adapter at the last read
    any_unreadable: bool = False  # the last read skipped a location without a readable id
    names: dict[str, str] = field(default_factory=dict)  # id -> name, as last listed
    reported: dict[str, str] = field(default_factory=dict)  # unreadable ids the ops channel heard of -> how named
    to_report: dict[str, str] = field(default_factory=dict)  # unreadable ids not yet said -> why
    to_recover: set[str] = field(default_factory=set)  # reported ids readable again, their recovery not yet said
    #: id -> when its unreadable (or readable again) note was queued: in the note's key, so a note of an earlier time
    #: whose answer Slack lost never stands for this one (rev43c L2)
    queued_at: dict[str, str] = field(default_factory=dict)


_presence: weakref.WeakKeyDictionary[Any, _Presence] = weakref.WeakKeyDictionary()


def held_locations(copilot: Copilot, catalog: Catalog) -> set[str]:
    """The ids of locations ``catalog`` does not list that are not (yet) taken as removed: skipped as unreadable,
    or absent for less than ``LOCATION_REMOVAL_CONFIRM`` or from one read only. Any other known location the
    catalogue does not list is removed. Each catalogue read counts once, however often this is asked."""
    presence = _presence.setdefault(copilot.store, _Presence())
    listed = {location.id for location in catalog.locations}
    if not listed:  # no location at all is no news (as ``_forget_removed`` takes it): every known one is held
        known = {s["location_id"] for s in copilot.store.all_sync_states()} | set(presence.names)
        return known - {ALL_LOCATIONS}
    if presence.catalog is not catalog:
        presence.catalog = catalog
        now = copilot.now()
        skipped = skipped_ids(catalog.locations)
        presence.any_unreadable = None in skipped
        unreadable = {location_id for location_id in skipped if location_id}
        why = dict(getattr(copilot.platform, "skipped_locations", None) or [])
        for location_id in sorted(unreadable - set(presence.reported)):
            if location_id not in presence.to_report:
                presence.to_report[location_id] = str(why.get(location_id) or "not the contract's shape")[:300]
                presence.queued_at[location_id] = now.isoformat()
        for location_id in [i for i in presence.to_report if i not in unreadable]:
            del presence.to_report[location_id]  # readable again before it was said: nothing to say
        for location_id in {i for i in presence.reported if i in listed} - presence.to_recover:
            presence.to_recover.add(location_id)
            presence.queued_at[location_id] = now.isoformat()
        presence.to_recover -= unreadable
        presence.unreadable = unreadable
        presence.names.update((location.id, location.name) for location in catalog.locations)
        known = {s["location_id"] for s in copilot.store.all_sync_states()} | set(presence.names) | set(presence.absent)
        known.discard(ALL_LOCATIONS)
        for location_id in known:
            if location_id in listed or location_id in unreadable:
                presence.absent.pop(location_id, None)
            elif (absence := presence.absent.get(location_id)) is None:
                presence.absent[location_id] = _Absence(since=now, last=now)
                # said as news only of one listed since the start (not of one closed long ago, at every start)
                logger.log(logging.WARNING if location_id in presence.names else logging.INFO,
                           "location %s is missing from the spa system's locations: kept until a later read "
                           "confirms it is gone", location_id)
            else:
                absence.reads += 1
                absence.last = now
    held = set(presence.unreadable)
    for location_id, absence in presence.absent.items():
        confirmed = absence.reads >= 2 and absence.last - absence.since >= LOCATION_REMOVAL_CONFIRM
        if presence.any_unreadable or not confirmed:
            held.add(location_id)
    return held - listed


async def report_unreadable_locations(copilot: Copilot) -> None:
    """Say once in the ops channel each location the spa system lists that cannot be read, and once that it can be
    again (a post Slack refuses is made at the next poll)."""
    presence = _presence.get(copilot.store)
    if presence is None:
        return
    for location_id in sorted(presence.to_recover):
        where = presence.reported.get(location_id, location_id)
        if await _post_ops(copilot, LOCATION_READABLE_TEXT.format(where=where),
                           key=note_key("location-readable", location_id, presence.queued_at.get(location_id, ""))):
            presence.to_recover.discard(location_id)
            presence.reported.pop(location_id, None)
            logger.info("location %s can be read again", location_id)
    for location_id, why in sorted(presence.to_report.items()):
        name = presence.names.get(location_id)
        where = f"{escape(name)} (`{escape(location_id)}`)" if name else f"`{escape(location_id)}`"
        if await _post_ops(copilot, LOCATION_UNREADABLE_TEXT.format(where=where, why=escape(why)),
                           key=note_key("location-unreadable", location_id, presence.queued_at.get(location_id, ""))):
            del presence.to_report[location_id]
            presence.reported[location_id] = where


async def report_in_background(
    copilot: Copilot, locations: Sequence[Location], failing_before: Mapping[str, str], *, held: Collection[str] = ()
) -> None:
    """The poll's ``report_sync_health``, in a task of its own that the poll waits for only briefly; never raises.

    Slack being slow or unreachable must not hold up the calendar poll: the poll goes on after
    ``OPS_REPORT_WAIT_SECONDS`` and the report finishes on its own. While one runs, the next poll makes none
    (its news is reported by the poll after), so two reports never post the same message. The posts do not wait
    out a rate limit either (``_post_ops``).
    """
    if _still_running(copilot.ops_report):
        logger.warning("the last report to the ops channel is still waiting on Slack: this poll's is left to the next")
        return
    async def report() -> None:
        await _guarded(report_sync_health(copilot, locations, failing_before=failing_before, held=held), "the ops channel")
        await _guarded(report_unreadable_locations(copilot), "the ops channel")

    task = asyncio.create_task(report())
    copilot.ops_report = task
    await asyncio.wait({task}, timeout=OPS_REPORT_WAIT_SECONDS)


async def finish_ops_report(copilot: Copilot) -> None:
    """At shutdown, before the store closes: let a running ops report finish (briefly), else cancel it. What it
    did not record as reported is reported again by the next process; cut off mid-write, it could post twice."""
    running = copilot.ops_report
    if running is None or not _still_running(running):
        return
    await asyncio.wait({running}, timeout=OPS_REPORT_WAIT_SECONDS)
    if not running.done():
        running.cancel()
        await asyncio.gather(running, return_exceptions=True)


def _still_running(task: asyncio.Task[None] | None) -> bool:
    """The task is running on this event loop (one left by a loop that has gone, as in tests, is not)."""
    return task is not None and not task.done() and task.get_loop() is asyncio.get_running_loop()


async def report_sync_health(
    copilot: Copilot, locations: Sequence[Location], *, failing_before: Mapping[str, str], held: Collection[str] = ()
) -> None:
    """Post an outage once (every location failing, each in its own zone) and its end once (Slack errors are logged).

    ``locations`` are the platform's locations (possibly as last read): they give names and zones, and say what
    "all locations" is; a location ``held`` (missing from the read, not taken as closed: ``held_locations``) still
    counts as listed. ``failing_before`` is the sync health as the poll began (``failing_since`` of each key
    failing then): a failure is reported only when it is the same one still, so it has failed two polls in a row
    (the last one, or a webhook's sync since, and this one); one that clears by the next poll is never reported,
    and so never gets a recovery message either. Nothing is marked reported unless the message went out, so a
    report Slack refused (or rate-limited: it is tried once) is made at the next poll.

    A location failing (for two polls) joins the reported outage only while one of that outage's locations still
    fails; once they have all recovered, the old outage's recovery is posted first and then the new outage (each
    once: if the recovery cannot go out, neither does the new outage, and both are tried again at the next poll).
    """
    store = copilot.store
    known = {location.id: location for location in locations}
    listed = {*known, ALL_LOCATIONS, *held}
    states = store.all_sync_states()
    # a location no longer on the platform neither keeps an outage open nor is named in one as failing or
    # recovered; one that was in the reported outage is named, by id, as gone when the outage ends
    gone = [s for s in states if known and s["location_id"] not in listed and s["failure_reported"]]
    states = [s for s in states if not known or s["location_id"] in listed]
    failing = [s for s in states if s["failing_since"]]
    outage = [s for s in states if s["failure_reported"]]
    # a failure is news once it has lasted two polls: failing as the poll began, and the same failure still
    new = [
        s for s in failing
        if not s["failure_reported"] and failing_before.get(s["location_id"]) == s["failing_since"]
    ]
    if outage and any(s["failing_since"] for s in outage):
        # the reported outage goes on: whoever has failed two polls since joins it, to be named in its recovery
        for s in new:
            store.update_sync_state(s["location_id"], failure_reported=REPORTED, outage_since=s["failing_since"])
        return
    if outage or gone:  # every location of the reported outage has recovered or left: it is over, whatever fails now
        text = (
            SYNC_RECOVERED_TEXT.format(**_where(outage, "outage_since", locations, now=copilot.now()))
            if outage else SYNC_OUTAGE_OVER_TEXT
        )
        if gone:
            text += " " + SYNC_GONE_TEXT.format(gone=", ".join(sorted(s["location_id"] for s in gone)))
        if not await _post_ops(copilot, text, key=note_key("sync-recovered", _first_since([*outage, *gone], "outage_since"))):
            return
        for s in [*outage, *gone]:
            store.update_sync_state(s["location_id"], failure_reported=NOT_REPORTED, outage_since=None)
    if not new:
        return
    text = SYNC_FAILING_TEXT.format(**_where(new, "failing_since", locations, now=copilot.now()))
    if await _post_ops(copilot, text, key=note_key("sync-failing", _first_since(new, "failing_since"))):
        for s in new:
            store.update_sync_state(s["location_id"], failure_reported=REPORTED, outage_since=s["failing_since"])


def _where(
    states: Sequence[dict[str, Any]], since_field: str, locations: Sequence[Location], *, now: datetime
) -> dict[str, str]:
    """``scope`` and ``since`` of an ops message about these sync states (see ``SYNC_FAILING_TEXT``).

    Each location is named with the time in its own zone, grouped by that time ("9:00am EST (SoHo, Brooklyn) /
    6:00am PST (Venice)"), with its day when that is not today there ("Tue 24 Nov 9:01am EST"). The all-locations
    entry (the locations could not be read) stands for every known location; with none known, the time is in UTC.
    """
    order = {location.id: index for index, location in enumerate(locations)}
    known = {location.id: location for location in locations}
    since_by_id = {s["location_id"]: s[since_field] for s in states}
    everywhere_since = since_by_id.pop(ALL_LOCATIONS, None)
    if everywhere_since is not None:
        for location_id in known:
            since_by_id.setdefault(location_id, everywhere_since)
    everywhere = everywhere_since is not None or (len(known) > 1 and set(known) <= set(since_by_id))
    groups: dict[str, list[str]] = {}
    for location_id in sorted(since_by_id, key=lambda i: (order.get(i, len(order)), i)):
        location = known.get(location_id)
        name = escape(location.name) if location is not None else location_id
        groups.setdefault(_clock(since_by_id[location_id], location, now), []).append(name)
    if not groups and everywhere_since is not None:  # the locations were never read: no names, UTC
        groups[_clock(everywhere_since, None, now)] = []
    since = " / ".join(f"{clock} ({', '.join(names)})" if names else clock for clock, names in groups.items())
    return {"scope": " at all locations" if everywhere else "", "since": since}


def _clock(iso: str, location: Location | None, now: datetime) -> str:
    """``9:12am EST`` in the location's own zone (``2:12pm UTC`` when the outage is not about one location), with
    its day (``Tue 24 Nov 9:12am EST``) when that is not today there."""
    return zoned_moment(datetime.fromisoformat(iso), location.time_zone if location is not None else "UTC", now=now)


def _first_since(states: Sequence[dict[str, Any]], since_field: str) -> str:
    """When the earliest of these sync states started failing (their ``since_field``): what names an outage, or its
    end, in its note's key."""
    return min((s.get(since_field) or "" for s in states), default="")


async def _post_ops(copilot: Copilot, text: str, *, key: str) -> bool:
    """Post to the ops channel as the note ``key`` (``ops_notes.post_note``: at most once however often it is tried,
    a note whose answer Slack lost is found, not posted again): False (never an exception) when Slack cannot be
    reached, refuses it or is rate limiting. A 429 is not waited out (``Retry-After`` can be long): the report is
    left to the next poll."""
    return await post_note(copilot, text, key=key)


# ---------------------------------------------------------------------------------------------------
# Registration


def build_scheduler(copilot: Copilot, *, locations: Sequence[Location] = ()) -> AsyncIOScheduler:
    """Every job in one place, not started: the poll, the prep check, and the per-location briefings.

    A repeating job due while the event loop was busy runs late rather than waiting for its next interval (each
    one's ``misfire_grace_time`` is its interval; ``coalesce`` makes several missed runs one).

    Briefing jobs need the locations' time zones: they are made from ``locations`` when given, and by the
    ``refresh_location_jobs`` job (first run at once, then hourly) from the platform's locations.
    """
    from spa_copilot import alerts, briefings

    alerts.register_handler(copilot)
    briefings.register_handler(copilot)
    # the process starting: a DM the last one claimed and never sent (killed mid-send) is due at once, not after its
    # lease (a briefing claimed in the last minutes of the morning window would otherwise never go out)
    if reclaimed := copilot.store.reclaim_work(now=copilot.now(), lease=briefings.CLAIM_LEASE):
        logger.info("%d DMs left mid-send by a stopped process are due again", reclaimed)
    scheduler = AsyncIOScheduler(timezone="UTC")
    scheduler.add_listener(_job_listener(copilot), EVENT_JOB_ERROR | EVENT_JOB_EXECUTED)
    clock_watch.follow(copilot, scheduler)  # while it runs: a clock jump makes the interval jobs due; a gap is said
    scheduler.add_job(
        poll_calendar,
        "interval",
        seconds=copilot.settings.poll_seconds,
        args=[copilot],
        id="poll_calendar",
        next_run_time=copilot.now(),
        max_instances=1,
        coalesce=True,
        misfire_grace_time=copilot.settings.poll_seconds,
    )
    scheduler.add_job(
        briefings.send_prep_briefings,
        "interval",
        seconds=PREP_CHECK_SECONDS,
        args=[copilot],
        id="prep_briefings",
        max_instances=1,
        coalesce=True,
        misfire_grace_time=PREP_CHECK_SECONDS,
    )
    scheduler.add_job(
        refresh_location_jobs,
        "interval",
        seconds=LOCATION_REFRESH_SECONDS,
        args=[copilot, scheduler],
        id=REFRESH_JOB_ID,
        next_run_time=copilot.now(),
        max_instances=1,
        coalesce=True,
        misfire_grace_time=LOCATION_REFRESH_SECONDS,
    )
    scheduler.add_job(
        housekeeping,
        "interval",
        seconds=HOUSEKEEPING_SECONDS,
        args=[copilot],
        id="housekeeping",
        next_run_time=copilot.now() + timedelta(minutes=5),
        max_instances=1,
        coalesce=True,
        misfire_grace_time=HOUSEKEEPING_SECONDS,
    )
    schedule_briefings(scheduler, copilot, locations)
    return scheduler


# ---------------------------------------------------------------------------------------------------
# A job raising: the scheduler runs it again on schedule; the ops channel hears of it once, and of its end once

#: ``{job}`` is the job in words (``_job_words``: "calendar poll job", "morning briefings job at Juniper & Salt SoHo"),
#: ``{error}`` the exception's type: never a traceback in Slack.
JOB_FAILING_TEXT = (
    ":warning: The {job} failed ({error}). It runs again on its schedule; the details are in the copilot's log."
)
JOB_RECOVERED_TEXT = ":white_check_mark: The {job} is working again."
#: Job ids (before any ``:location``) in words; a retry of the morning briefings is the morning briefings' job.
JOB_NAMES = {
    "poll_calendar": "calendar poll",
    "prep_briefings": "prep briefings",
    REFRESH_JOB_ID: "briefing schedule",
    "housekeeping": "housekeeping",
    "briefing": "morning briefings",
    "briefing-retry": "morning briefings",
    "fill_expire_offers": "fill follow-up",
    "fill_redrive_outbox": "approved texts and bookings",
}
_FAILING, _REPORTED = "failing", "reported"


def _job_family(job_id: str) -> str:
    """What a job's failure is tracked under: one per job and location id (``briefing:loc_soho`` and its retry
    ``briefing-retry:loc_soho`` are one), so one location failing while another works is not said as failed, then
    working again, at every run; by id, so a location renamed meanwhile is still the same job."""
    kind, _, location_id = job_id.partition(":")
    name = JOB_NAMES.get(kind, kind)
    return f"{name}:{location_id}" if location_id else name


def _job_words(copilot: Copilot, family: str) -> str:
    """A job as the ops channel names it: "calendar poll job", "morning briefings job at Juniper & Salt SoHo" (the
    location's id while its name is not known)."""
    name, _, location_id = family.partition(":")
    if not location_id:
        return f"{name} job"
    where = next((loc.name for loc in copilot.known_locations() if loc.id == location_id), location_id)
    return f"{name} job at {where}"


def _job_listener(copilot: Copilot) -> Any:
    """APScheduler's job events, turned into ``job_failed``/``job_succeeded`` (in tasks of their own)."""
    tasks: set[asyncio.Task[None]] = set()

    def listen(event: JobExecutionEvent) -> None:
        family = _job_family(event.job_id)
        words = _job_words(copilot, family)
        if event.exception is not None:
            if isinstance(event.exception, asyncio.CancelledError):  # a stop cutting a job off is no failure
                return
            report = job_failed(copilot, family, event.exception, words=words)
        elif family in copilot.job_failures or _failure_kept(copilot, family):
            report = job_succeeded(copilot, family, words=words)
        else:
            return
        task = asyncio.get_running_loop().create_task(_guarded(report, f"the {words}"))
        tasks.add(task)
        task.add_done_callback(tasks.discard)

    return listen


#: ``processed_events`` sources of a job's kept failure (``_failure_marker``): failing, and said in the ops channel.
_FAILING_SOURCE, _REPORTED_SOURCE = "ops-job:failing", "ops-job:reported"


def _failure_marker(job: str) -> str:
    """The ``processed_events`` id keeping that a job is failing (``_FAILING_SOURCE``) or that its failure was said
    (``_REPORTED_SOURCE``), claimed at its first failure: kept in the state database, so a copilot restarted while
    the job still fails does not say it again, and says its recovery."""
    return f"ops-job:{job}"


def _failure_kept(copilot: Copilot, job: str) -> bool:
    """Whether the state database keeps a failure of ``job`` (one a process before this one met); False when it cannot
    be read (the store closing)."""
    try:
        return copilot.store.event(_failure_marker(job)) is not None
    except Exception:
        logger.exception("could not read whether the %s job is failing", job)
        return False


async def job_failed(copilot: Copilot, job: str, exc: BaseException, *, words: str | None = None) -> None:
    """A job (``_job_family``) raised: said once in the ops channel (in ``words``, its name and the error's type)
    until it works again, however often it is tried (the note's key is the job and when it first failed: a post
    whose answer Slack lost is not made twice) and across restarts (``_failure_marker``); a post Slack refuses is made
    at the job's next failure. APScheduler logged the traceback."""
    if copilot.job_failures.get(job) is not None:  # reported already, or being reported
        return
    store, marker = copilot.store, _failure_marker(job)
    try:
        kept = store.event(marker)
        if kept is not None and kept[0] == _REPORTED_SOURCE:  # said by a process before this one
            copilot.job_failures[job] = _REPORTED
            return
        if kept is None:
            store.claim_event(marker, source=_FAILING_SOURCE)
            kept = store.event(marker)
    except Exception:  # the state database cannot be written (full, locked): the failure is still said (rev43c M2)
        logger.exception("could not keep that the %s job is failing", job)
        kept = None
    copilot.job_failures[job] = _FAILING
    since = kept[1].isoformat() if kept is not None else ""
    text = JOB_FAILING_TEXT.format(job=words or job, error=type(exc).__name__)
    if await _post_ops(copilot, text, key=note_key("job-failing", job, since)):
        copilot.job_failures[job] = _REPORTED
        try:
            store.finish_work(marker, source=_REPORTED_SOURCE)
        except Exception:
            logger.exception("could not keep that the %s job's failure was said", job)
    elif copilot.job_failures.get(job) == _FAILING:
        del copilot.job_failures[job]


async def job_succeeded(copilot: Copilot, job: str, *, words: str | None = None) -> None:
    """A job that failed ran through: its recovery is said once, if its failure was (by this process or one before
    it); else the failure is simply forgotten."""
    state = copilot.job_failures.pop(job, None)
    store, marker = copilot.store, _failure_marker(job)
    kept = store.event(marker)
    if state == _REPORTED or (kept is not None and kept[0] == _REPORTED_SOURCE):
        since = kept[1].isoformat() if kept is not None else ""
        text = JOB_RECOVERED_TEXT.format(job=words or job)
        if not await _post_ops(copilot, text, key=note_key("job-recovered", job, since)):
            copilot.job_failures.setdefault(job, _REPORTED)  # the next run that works says it
            return
    if kept is not None:
        store.release_event(marker)


async def housekeeping(copilot: Copilot) -> dict[str, int]:
    """Prune what only grows (see ``Store.prune``); never raises."""
    try:
        pruned = copilot.store.prune(before=copilot.now() - RETENTION)
    except Exception:
        logger.exception("housekeeping failed; it runs again tomorrow")
        return {}
    logger.info("housekeeping: forgot %(processed_events)d event ids and %(llm_cache)d cached model results", pruned)
    try:
        expired = copilot.store.expire_pending_changes(recorded_before=copilot.now() - PENDING_CHANGE_MAX_AGE)
    except Exception:
        logger.exception("housekeeping could not expire old pending changes; it tries again tomorrow")
        return pruned
    if expired:
        logger.warning(
            "housekeeping: dropped %d pending change(s) older than %s whose replay kept failing (their appointment "
            "could not be read): %s", len(expired), PENDING_CHANGE_MAX_AGE,
            ", ".join(f"{appointment_id} at {location_id}" for location_id, appointment_id in expired),
        )
        for key in expired:
            _pending_warned.get(copilot.store, set()).discard(key)
    return pruned


# ---------------------------------------------------------------------------------------------------
# Morning briefings


class DailyLocalTrigger(BaseTrigger):
    """Once a day at ``hour:minute`` on the zone's wall clock, every day.

    APScheduler 3's ``CronTrigger`` skipped a whole day after the spring clock change for a time before the hour the
    clocks skip (00:15 fired on the Sunday of the change, then on the Tuesday): this one works out the next local
    day's time itself. A time the spring night does not have (02:30) is the same time on the clock the night
    started with (03:30 on the new one); one the autumn night has twice is its first."""

    def __init__(self, hour: int, minute: int, timezone: tzinfo) -> None:
        self.hour, self.minute, self.timezone = hour, minute, timezone

    def _on(self, day: date) -> datetime:
        wall = datetime.combine(day, time(self.hour, self.minute), tzinfo=self.timezone)  # fold 0: the first
        return wall.astimezone(UTC).astimezone(self.timezone)  # a time the night skips, on the clock after it

    def get_next_fire_time(self, previous_fire_time: datetime | None, now: datetime) -> datetime | None:
        if previous_fire_time is not None:
            # the next local day's time after the last one, even if it is past (as ``CronTrigger`` does): APScheduler
            # asks again until one is ahead, so after a sleep of days it sees today's time too and, coalescing,
            # runs it within the grace rather than count only a stale time missed
            last_day = previous_fire_time.astimezone(self.timezone).date()
            for ahead in range(1, 4):
                fire = self._on(last_day + timedelta(days=ahead))
                if fire > previous_fire_time:
                    return fire
            return None  # unreachable: the next day's time is always after the last
        local_now = now.astimezone(self.timezone)
        for ahead in range(-1, 3):  # yesterday's time may fall after midnight of today's (02:30 → 03:30)
            fire = self._on(local_now.date() + timedelta(days=ahead))
            if fire >= now:
                return fire
        return None  # unreachable: one of the next days' times is always ahead

    def __str__(self) -> str:
        return f"daily at {self.hour:02d}:{self.minute:02d} ({self.timezone})"

    def __repr__(self) -> str:
        return f"<DailyLocalTrigger ({self.hour:02d}:{self.minute:02d}, timezone={str(self.timezone)!r})>"


def briefing_trigger(copilot: Copilot, location: Location) -> DailyLocalTrigger:
    """``BRIEFING_TIME`` every day in the location's own zone (so 07:30 stays 07:30 across DST changes, and a time
    before the hour the spring night skips, 00:15, still fires the next day: ``DailyLocalTrigger``)."""
    hour, minute = _briefing_clock(copilot)
    return DailyLocalTrigger(hour, minute, location.tz)


def briefing_window_open(copilot: Copilot, location: Location, now: datetime) -> bool:
    """True from today's ``BRIEFING_TIME`` (the location's own) until ``BRIEFING_GRACE_SECONDS`` after it."""
    start = _briefing_start(copilot, location, now)
    return start <= now.astimezone(UTC) < start + timedelta(seconds=BRIEFING_GRACE_SECONDS)


def _briefing_start(copilot: Copilot, location: Location, now: datetime) -> datetime:
    """Today's ``BRIEFING_TIME`` at the location (its own day at ``now``), in UTC."""
    local = now.astimezone(location.tz)
    return datetime.combine(local.date(), time(*_briefing_clock(copilot)), tzinfo=location.tz).astimezone(UTC)


#: How long before the briefings' window closes its last retry runs: a spa system back at 10:22 had its briefings
#: lost, the 10:20 retry failing and the next (10:30) falling outside a window closing at 10:30 (probe45f).
BRIEFING_LAST_TRY_SECONDS = 60


def briefing_retry_at(copilot: Copilot, location: Location, now: datetime) -> datetime | None:
    """When an incomplete morning run is tried again: ``BRIEFING_RETRY_SECONDS`` on, or the window's last minute
    when that is sooner (``BRIEFING_LAST_TRY_SECONDS`` before it closes); None when no try is left in the window."""
    closes = _briefing_start(copilot, location, now) + timedelta(seconds=BRIEFING_GRACE_SECONDS)
    retry_at = min(now + timedelta(seconds=BRIEFING_RETRY_SECONDS), closes - timedelta(seconds=BRIEFING_LAST_TRY_SECONDS))
    return retry_at if retry_at > now and briefing_window_open(copilot, location, retry_at) else None


def _briefing_clock(copilot: Copilot) -> tuple[int, int]:
    hour, minute = (int(part) for part in copilot.settings.briefing_time.split(":"))
    return hour, minute


def schedule_briefings(scheduler: AsyncIOScheduler, copilot: Copilot, locations: Sequence[Location]) -> list[Job]:
    """Add (or replace) one morning-briefing job per location; one (re)created after its time today runs at once."""
    now = copilot.now()
    jobs = []
    for location in locations:
        catch_up: dict[str, Any] = {"next_run_time": now} if briefing_window_open(copilot, location, now) else {}
        if catch_up:
            logger.info("morning briefings for %s are due: running them now", location.id)
        jobs.append(
            scheduler.add_job(
                morning_briefings,
                briefing_trigger(copilot, location),
                args=[copilot, scheduler, location],
                id=f"briefing:{location.id}",
                replace_existing=True,
                max_instances=1,
                coalesce=True,
                misfire_grace_time=BRIEFING_GRACE_SECONDS,
                **catch_up,
            )
        )
    return jobs


async def morning_briefings(copilot: Copilot, scheduler: AsyncIOScheduler, location: Location) -> BriefingRun:
    """The morning job: a location's briefings, tried again a little later if some could not go out."""
    from spa_copilot.briefings import LOCATION_NOT_READ, send_morning_briefings

    run = await send_morning_briefings(copilot, location.id)
    if not run.incomplete:
        return run
    retry_at = briefing_retry_at(copilot, location, copilot.now())
    if retry_at is not None:
        logger.info("morning briefings for %s incomplete: trying again at %s", location.id, retry_at.isoformat())
        scheduler.add_job(
            morning_briefings,
            "date",
            run_date=retry_at,
            args=[copilot, scheduler, location],
            id=f"briefing-retry:{location.id}",
            replace_existing=True,
            misfire_grace_time=BRIEFING_RETRY_SECONDS,
        )
    elif run.failed or (run.error is not None and run.error != LOCATION_NOT_READ):  # said once: nobody waits for them
        await _say_briefings_missed(copilot, location, run)
    return run


#: The ops channel's note when a location's morning briefings could not all go out within their window.
BRIEFINGS_MISSED_TEXT = (
    ":warning: Not every morning briefing at {location} went out this morning ({why}), and they are no longer tried "
    "today: the front desk can send one with `/spa brief @therapist`."
)


async def _say_briefings_missed(copilot: Copilot, location: Location, run: BriefingRun) -> None:
    """One ops note a day per location when the last try of its morning briefings left some unsent (the spa system
    down the whole window, Slack refusing some DMs): they had been lost without a word (probe45f). "Not every" as the
    run cannot tell how many went out at earlier tries (rev45k)."""
    if run.error is None:
        why = "Slack did not take them"
    elif run.error == PlatformUnavailable.__name__:
        why = "the spa system was not answering"
    else:
        why = f"reading the spa system failed: {run.error}"
    day = copilot.now().astimezone(location.tz).date().isoformat()
    key = note_key("briefings-missed", location.id, day)
    if copilot.store.event_seen(key):  # said already today (a later run of the job, another process)
        return
    text = BRIEFINGS_MISSED_TEXT.format(location=escape(location.name), why=why)
    if await post_note(copilot, text, key=key):
        copilot.store.claim_event(key, source="ops")


async def refresh_location_jobs(copilot: Copilot, scheduler: AsyncIOScheduler) -> None:
    """Make the briefing jobs match the platform's locations (new ones added, closed ones removed); never raises.

    A refresh that cannot read the locations is tried again ``LOCATION_RETRY_SECONDS`` later (then hourly once
    it succeeds): a process started during a blip of the spa system would otherwise have no briefing job for an
    hour, and none at all that day if the hour ran past the briefings' catch-up window."""
    try:
        catalog = await copilot.catalog()
    except PlatformError as exc:
        # during an outage the calendar sync's own line has said it once: this one, every LOCATION_RETRY_SECONDS,
        # would say it again each minute
        level = logging.DEBUG if _failing(copilot) else logging.WARNING
        logger.log(level, "could not refresh the briefing jobs: %s; trying again soon", type(exc).__name__)
        _refresh_again_soon(copilot, scheduler)
        return
    except Exception:
        logger.exception("could not refresh the briefing jobs; trying again soon")
        _refresh_again_soon(copilot, scheduler)
        return
    # a location missing from this read keeps its job until its removal is confirmed (``held_locations``)
    try:
        held = held_locations(copilot, catalog)
    except Exception:
        logger.exception("could not tell which locations missing from the read are gone: their jobs are kept")
        return
    wanted = {f"briefing:{location_id}" for location_id in [*(loc.id for loc in catalog.locations), *held]}
    for job in scheduler.get_jobs():
        if job.id.startswith("briefing:") and job.id not in wanted:
            job.remove()
    for location in catalog.locations:
        job = scheduler.get_job(f"briefing:{location.id}")
        if job is None or str(getattr(job.trigger, "timezone", "")) != location.time_zone:
            schedule_briefings(scheduler, copilot, [location])


def _refresh_again_soon(copilot: Copilot, scheduler: AsyncIOScheduler) -> None:
    """Bring the refresh job's next run forward to ``LOCATION_RETRY_SECONDS`` from now (its interval counts
    from that run, so once it succeeds it is hourly again)."""
    job = scheduler.get_job(REFRESH_JOB_ID)
    if job is not None:
        job.modify(next_run_time=copilot.now() + timedelta(seconds=LOCATION_RETRY_SECONDS))


#: At a stop, how long the jobs already running (a poll, a briefing run) may take to finish before they are cut off.
STOP_GRACE_SECONDS = 10.0


class _CancelledAtStop(logging.Filter):
    """APScheduler logs a job cancelled by a stop as 'raised an exception' with a traceback; it is not an error."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not (record.exc_info and record.exc_info[0] is asyncio.CancelledError)


logging.getLogger("apscheduler.executors.default").addFilter(_CancelledAtStop())


async def stop_scheduler(scheduler: AsyncIOScheduler, *, grace: float = STOP_GRACE_SECONDS) -> None:
    """Start nothing more, let the jobs already running finish within ``grace`` seconds, then cut off the rest.

    A job cut off is taken up by the next process: every step is a claim or a compare-and-set, and a claim cut off
    before its work was done is released on the way out (a briefing or prep DM whose process is killed instead,
    with no way out, is sent once its claim lapses, ``briefings.CLAIM_LEASE``). A DM Slack took just as the stop
    came may so go twice, never not at all. One that finishes leaves nothing to take up, and no job is left
    writing to a store about to close.
    """
    await clock_watch.stop_watching(scheduler)
    scheduler.pause()
    executor = scheduler._lookup_executor("default")  # APScheduler 3 keeps no public list of running jobs
    running = [f for f in getattr(executor, "_pending_futures", ()) if not f.done()]
    if running:
        await asyncio.wait(running, timeout=grace)
    scheduler.shutdown(wait=False)  # cancels what is still running
    await asyncio.gather(*running, return_exceptions=True)


def start_scheduler(copilot: Copilot) -> AsyncIOScheduler:
    """Register every job and start the scheduler on the running event loop."""
    scheduler = build_scheduler(copilot)
    copilot.on_webhook("appointment.*", lambda event: on_appointment_webhook(copilot, event))
    from spa_copilot import (
        fill,  # the fill workflow: reply webhook, change handler, expiry and outbox jobs
    )

    fill.install(copilot, scheduler)
    scheduler.start()
    return scheduler
