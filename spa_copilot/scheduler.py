"""Scheduled work, all registered in one place (``build_scheduler``); every job is a plain async function.

- ``poll_calendar``: every ``POLL_SECONDS``, an incremental sync per location (a full one every
  ``FULL_RESYNC_HOURS``), then the registered change handlers (alerts, fill proposals) run on what changed.
  A failing platform is reported once in the ops channel (one message however many locations fail), and
  once more when it recovers; a job never raises.
- Mangomint webhooks about appointments trigger the same processing at once (``on_appointment_webhook``).
- ``briefings.send_morning_briefings``: one cron job per location at ``BRIEFING_TIME`` in that location's own
  zone (DST-safe); ``refresh_location_jobs`` (re)creates them from the platform's locations every hour.
- ``briefings.send_prep_briefings``: every ``PREP_CHECK_SECONDS``, the prep DM and ``ai_prep_summary``
  write-back for appointments starting within ``PREP_HOURS_BEFORE`` hours.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Sequence
from datetime import datetime, timedelta

from apscheduler.job import Job
from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.cron import CronTrigger
from slack_sdk.errors import SlackApiError

from spa_copilot.calendar_sync import SyncResult, sync_location
from spa_copilot.copilot import Copilot
from spa_copilot.domain import Location
from spa_copilot.engines.calendar_diff import CalendarChange
from spa_copilot.platform.errors import PlatformError
from spa_copilot.platform.webhooks import WebhookEvent

logger = logging.getLogger(__name__)

ChangeHandler = Callable[[Copilot, Location, list[CalendarChange]], Awaitable[None]]

#: What runs after each sync on the changes it found; features append themselves here.
CHANGE_HANDLERS: list[ChangeHandler] = []

SYNC_FAILING_TEXT = ":warning: Calendar sync with the spa system has been failing since {since} ({location}). I keep retrying."
SYNC_RECOVERED_TEXT = ":white_check_mark: Calendar sync is working again ({location}) after failing since {since}."
ALL_LOCATIONS = "all locations"
PREP_CHECK_SECONDS = 300
LOCATION_REFRESH_SECONDS = 3600
#: A briefing job that could not run at its time (the process was down) still runs within this window.
BRIEFING_GRACE_SECONDS = 3 * 3600


async def poll_calendar(copilot: Copilot, *, full: bool | None = None) -> list[SyncResult]:
    """Sync every location once and process the changes; never raises (failures are reported instead)."""
    try:
        catalog = await copilot.catalog()
    except PlatformError as exc:
        await _report_failure(copilot, ALL_LOCATIONS, exc)
        return []
    await _report_recovery(copilot, ALL_LOCATIONS)
    results = []
    for location in catalog.locations:
        result = await sync_and_process(copilot, location, full=full)
        if result is not None:
            results.append(result)
    return results


async def sync_and_process(copilot: Copilot, location: Location, *, full: bool | None = None) -> SyncResult | None:
    """One location: sync (full when due), report health, run the change handlers."""
    now = copilot.now()
    if full is None:
        last_full = copilot.store.sync_state(location.id)["last_full_sync_at"]
        due = timedelta(hours=copilot.settings.full_resync_hours)
        full = last_full is None or now - datetime.fromisoformat(last_full) >= due
    try:
        result = await sync_location(copilot.platform, copilot.store, location, now=now, full=full)
    except PlatformError as exc:
        await _report_failure(copilot, location.id, exc, label=location.name)
        return None
    await _report_recovery(copilot, location.id, label=location.name)
    _register_builtin_handlers()
    for handler in CHANGE_HANDLERS:
        try:
            await handler(copilot, location, result.changes)
        except Exception:
            logger.exception("change handler %s failed for location %s", handler.__name__, location.id)
    return result


def _register_builtin_handlers() -> None:
    """The scheduler's own change handlers (conflict alerts), whatever was imported before the first sync."""
    from spa_copilot import alerts

    alerts.register_handler()


async def on_appointment_webhook(copilot: Copilot, event: WebhookEvent) -> None:
    """An appointment webhook is a hint: re-read that location's book now, the same way a poll does."""
    catalog = await copilot.catalog()
    location_id = event.appointment.location_id if event.appointment else None
    targets = [loc for loc in catalog.locations if location_id in (None, loc.id)]
    for location in targets:
        await sync_and_process(copilot, location, full=False)


#: ``sync_state.failure_reported``: 0 not reported, 1 reported by a message about this key, 2 covered by
#: the message about another key (one outage, one message, however many locations it hits).
NOT_REPORTED, REPORTED, COVERED = 0, 1, 2


async def _report_failure(copilot: Copilot, key: str, exc: Exception, *, label: str = ALL_LOCATIONS) -> None:
    store = copilot.store
    state = store.sync_state(key)
    now = copilot.now()
    since = state["failing_since"] or now.isoformat()
    store.update_sync_state(key, failing_since=since, last_error=type(exc).__name__)
    logger.warning("calendar sync failing for %s: %s", key, type(exc).__name__)
    if state["failure_reported"]:
        return
    reported = [s for s in store.all_sync_states() if s["location_id"] != key and s["failing_since"] and s["failure_reported"]]
    if reported:
        outage_since = min(s["failing_since"] for s in reported)
        store.update_sync_state(key, failing_since=min(since, outage_since), failure_reported=COVERED)
        return
    if await _post_ops(copilot, SYNC_FAILING_TEXT.format(since=_hhmm(since), location=label)):
        store.update_sync_state(key, failure_reported=REPORTED)


async def _report_recovery(copilot: Copilot, key: str, *, label: str = ALL_LOCATIONS) -> None:
    store = copilot.store
    state = store.sync_state(key)
    if not state["failing_since"]:
        return
    store.update_sync_state(key, failing_since=None, failure_reported=NOT_REPORTED, last_error=None)
    logger.info("calendar sync recovered for %s", key)
    if not state["failure_reported"]:
        return
    if any(s["failing_since"] and s["failure_reported"] for s in store.all_sync_states()):
        return  # the recovery is announced once, when the last failure of the outage clears
    shown = ALL_LOCATIONS if state["failure_reported"] == COVERED else label
    await _post_ops(copilot, SYNC_RECOVERED_TEXT.format(since=_hhmm(state["failing_since"]), location=shown))


def _hhmm(iso: str) -> str:
    return datetime.fromisoformat(iso).strftime("%H:%M UTC")


async def _post_ops(copilot: Copilot, text: str) -> bool:
    try:
        await copilot.slack.chat_postMessage(channel=copilot.settings.ops_channel, text=text)
    except SlackApiError as exc:
        logger.warning("could not post to the ops channel: %s", exc.response.get("error"))
        return False
    return True


def build_scheduler(copilot: Copilot, *, locations: Sequence[Location] = ()) -> AsyncIOScheduler:
    """Every job in one place, not started: the poll, the prep check, and the per-location briefings.

    Briefing jobs need the locations' time zones: they are made from ``locations`` when given, and by the
    ``refresh_location_jobs`` job (first run at once, then hourly) from the platform's locations.
    """
    from spa_copilot import briefings

    _register_builtin_handlers()
    scheduler = AsyncIOScheduler(timezone="UTC")
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
        id="refresh_location_jobs",
        next_run_time=copilot.now(),
        max_instances=1,
        coalesce=True,
    )
    schedule_briefings(scheduler, copilot, locations)
    return scheduler


def briefing_trigger(copilot: Copilot, location: Location) -> CronTrigger:
    """``BRIEFING_TIME`` every day in the location's own zone (so 07:30 stays 07:30 across DST changes)."""
    hour, minute = (int(part) for part in copilot.settings.briefing_time.split(":"))
    return CronTrigger(hour=hour, minute=minute, timezone=location.tz)


def schedule_briefings(scheduler: AsyncIOScheduler, copilot: Copilot, locations: Sequence[Location]) -> list[Job]:
    """Add (or replace) one morning-briefing job per location."""
    from spa_copilot.briefings import send_morning_briefings

    return [
        scheduler.add_job(
            send_morning_briefings,
            briefing_trigger(copilot, location),
            args=[copilot, location.id],
            id=f"briefing:{location.id}",
            replace_existing=True,
            max_instances=1,
            coalesce=True,
            misfire_grace_time=BRIEFING_GRACE_SECONDS,
        )
        for location in locations
    ]


async def refresh_location_jobs(copilot: Copilot, scheduler: AsyncIOScheduler) -> None:
    """Make the briefing jobs match the platform's locations (new ones added, closed ones removed); never raises."""
    try:
        catalog = await copilot.catalog()
    except PlatformError as exc:
        logger.warning("could not refresh the briefing jobs: %s", type(exc).__name__)
        return
    wanted = {f"briefing:{location.id}" for location in catalog.locations}
    for job in scheduler.get_jobs():
        if job.id.startswith("briefing:") and job.id not in wanted:
            job.remove()
    for location in catalog.locations:
        job = scheduler.get_job(f"briefing:{location.id}")
        if job is None or str(getattr(job.trigger, "timezone", "")) != location.time_zone:
            schedule_briefings(scheduler, copilot, [location])


def start_scheduler(copilot: Copilot) -> AsyncIOScheduler:
    """Register every job and start the scheduler on the running event loop."""
    scheduler = build_scheduler(copilot)
    copilot.on_webhook("appointment.*", lambda event: on_appointment_webhook(copilot, event))
    from spa_copilot import fill  # the fill workflow: reply webhook, change handler, expiry and outbox jobs

    fill.install(copilot, scheduler)
    scheduler.start()
    return scheduler
