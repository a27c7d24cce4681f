"""Scheduled work, all registered in one place (``start_scheduler``); every job is a plain async function.

- ``poll_calendar``: every ``POLL_SECONDS``, an incremental sync per location (a full one every
  ``FULL_RESYNC_HOURS``), then the registered change handlers (alerts, fill proposals) run on what changed.
  A failing platform is reported once in the ops channel, and once more when it recovers; a job never raises.
- Mangomint webhooks about appointments trigger the same processing at once (``on_appointment_webhook``).
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta

from apscheduler.schedulers.asyncio import AsyncIOScheduler
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
    for handler in CHANGE_HANDLERS:
        try:
            await handler(copilot, location, result.changes)
        except Exception:
            logger.exception("change handler %s failed for location %s", handler.__name__, location.id)
    return result


async def on_appointment_webhook(copilot: Copilot, event: WebhookEvent) -> None:
    """An appointment webhook is a hint: re-read that location's book now, the same way a poll does."""
    catalog = await copilot.catalog()
    location_id = event.appointment.location_id if event.appointment else None
    targets = [loc for loc in catalog.locations if location_id in (None, loc.id)]
    for location in targets:
        await sync_and_process(copilot, location, full=False)


async def _report_failure(copilot: Copilot, key: str, exc: Exception, *, label: str = ALL_LOCATIONS) -> None:
    store = copilot.store
    state = store.sync_state(key)
    now = copilot.now()
    since = state["failing_since"] or now.isoformat()
    store.update_sync_state(key, failing_since=since, last_error=type(exc).__name__)
    logger.warning("calendar sync failing for %s: %s", key, type(exc).__name__)
    if not state["failure_reported"]:
        if await _post_ops(copilot, SYNC_FAILING_TEXT.format(since=_hhmm(since), location=label)):
            store.update_sync_state(key, failure_reported=1)


async def _report_recovery(copilot: Copilot, key: str, *, label: str = ALL_LOCATIONS) -> None:
    store = copilot.store
    state = store.sync_state(key)
    if not state["failing_since"]:
        return
    if state["failure_reported"]:
        await _post_ops(copilot, SYNC_RECOVERED_TEXT.format(since=_hhmm(state["failing_since"]), location=label))
    store.update_sync_state(key, failing_since=None, failure_reported=0, last_error=None)
    logger.info("calendar sync recovered for %s", key)


def _hhmm(iso: str) -> str:
    return datetime.fromisoformat(iso).strftime("%H:%M UTC")


async def _post_ops(copilot: Copilot, text: str) -> bool:
    try:
        await copilot.slack.chat_postMessage(channel=copilot.settings.ops_channel, text=text)
    except SlackApiError as exc:
        logger.warning("could not post to the ops channel: %s", exc.response.get("error"))
        return False
    return True


def start_scheduler(copilot: Copilot) -> AsyncIOScheduler:
    """Register every job and start the scheduler on the running event loop."""
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
    copilot.on_webhook("appointment.*", lambda event: on_appointment_webhook(copilot, event))
    scheduler.start()
    return scheduler
