"""The copilot's parts, built once and handed to every surface: ``build_copilot(settings, …)``.

Tests and the demo call the same factory with the sandbox platform, a stand-in Slack URL and a fake clock.
"""

from __future__ import annotations

import asyncio
import logging
import secrets
import sqlite3
import time
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from slack_sdk.web.async_client import AsyncWebClient

from spa_copilot.domain import Appointment, Client, HistoryRecord, risk_history_start
from spa_copilot.platform.errors import PlatformError
from spa_copilot.platform.protocol import SpaPlatform
from spa_copilot.platform.webhooks import WebhookEvent
from spa_copilot.reads import Catalog, load_catalog, load_clients
from spa_copilot.settings import Settings
from spa_copilot.slack.directory import StaffDirectory
from spa_copilot.slack.retry import ConnectionErrorRetryHandler, RetryAfterHandler
from spa_copilot.slack.roles import Roles
from spa_copilot.slack.watched import WatchedWebClient
from spa_copilot.store import Store

if TYPE_CHECKING:
    from spa_copilot.domain import Location
    from spa_copilot.engines.calendar_diff import CalendarChange
    from spa_copilot.risk.bands import RiskScores

logger = logging.getLogger(__name__)

Clock = Callable[[], datetime]

WebhookHandler = Callable[[WebhookEvent], Awaitable[None]]
#: Runs after each calendar sync on the changes it found (``copilot.on_changes``).
ChangeHandler = Callable[["Copilot", "Location", "list[CalendarChange]"], Awaitable[None]]


#: How far back the outcomes are read again between full history reads: a no-show is often marked hours after the
#: visit, at closing or the next morning.
RECENT_OUTCOME_DAYS = 2


def utc_now() -> datetime:
    return datetime.now(UTC)


def build_slack_client(settings: Settings) -> AsyncWebClient:
    """The Web API client: ``SLACK_API_URL`` as base URL, 429s retried after ``Retry-After`` (non-blocking), a
    dropped connection retried once except for a ``chat.postMessage`` Slack may have taken (``post_once`` looks for
    it instead of posting it twice); it keeps whether Slack served its last call (``WatchedWebClient.failing``,
    ``/healthz``'s ``slackOk``)."""
    return WatchedWebClient(
        token=settings.slack_bot_token.get_secret_value(),
        base_url=settings.slack_api_url,
        retry_handlers=[RetryAfterHandler(max_retry_count=3), ConnectionErrorRetryHandler()],
    )


@dataclass
class Copilot:
    """Everything a listener, a job or a command needs, in one place."""

    settings: Settings
    store: Store
    platform: SpaPlatform
    slack: AsyncWebClient
    roles: Roles
    directory: StaffDirectory
    clock: Clock = utc_now
    ai: Any = None
    risk: Any = None
    #: why the installed risk model was refused at load (``risk.model.load_model_checked``), "" when none is installed
    #: or it was loaded: ``/spa risk`` says it, rather than that none is installed
    risk_refused: str = ""
    catalog_ttl_seconds: float = 300.0
    webhook_handlers: dict[str, list[WebhookHandler]] = field(default_factory=dict)
    change_handlers: list[ChangeHandler] = field(default_factory=list)
    history_ttl_seconds: float = 6 * 3600.0
    #: between the full reads, the last days' outcomes are read again this often, so a no-show marked this morning
    #: counts in the score of the booking the guest makes at noon (``RECENT_OUTCOME_DAYS``)
    history_recent_seconds: float = 600.0
    _catalog: Catalog | None = None
    _catalog_at: float = float("-inf")
    _history: list[HistoryRecord] | None = None
    _history_at: float = float("-inf")
    _recent_at: float = float("-inf")
    _recent_failing: bool = False
    _said_undated: bool = False  # a booking with no createdAt (not scored) was logged once
    #: waitlist adds one at a time: the same request sent again while the first is still being checked is added once
    waitlist_lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    #: this run of the copilot (a process's start, or a test's copilot): checks done "once" are done once per run too,
    #: so a restart (after a fixed token, say) posts what an earlier run could not, without waiting for a change
    run_id: str = field(default_factory=lambda: secrets.token_hex(4))
    #: guests' names as conflict cards show them, by client id, with when they were read (``alerts.named_conflicts``)
    guest_names: dict[str, tuple[datetime, str]] = field(default_factory=dict)
    #: the poll's report to the ops channel while it runs (``scheduler.report_in_background``)
    ops_report: asyncio.Task[None] | None = None
    #: scheduled jobs whose last run raised, by name, and whether the ops channel was told (``scheduler.job_failed``)
    job_failures: dict[str, str] = field(default_factory=dict)
    #: the App Home's reads of a day book (a task, done or under way), by location id and day, with when they began
    #: (``home.home_book``)
    home_books: dict[tuple[str, date], tuple[float, asyncio.Future[Any]]] = field(default_factory=dict)
    #: when this run began (its clock): work left "in progress" before it was left by a run that stopped (one copilot
    #: holds the state database at a time), so it is taken up at once (``fill.expiry``: a fill mid-draft)
    started_at: datetime | None = None

    def __post_init__(self) -> None:
        if self.started_at is None:
            self.started_at = self.now()

    def now(self) -> datetime:
        return self.clock()

    async def catalog(self, *, refresh: bool = False) -> Catalog:
        """Locations, staff, services and resources, re-read at most every few minutes."""
        if refresh or self._catalog is None or time.monotonic() - self._catalog_at > self.catalog_ttl_seconds:
            self._catalog = await load_catalog(self.platform)
            self._catalog_at = time.monotonic()
            self._keep_locations(self._catalog.locations)
        return self._catalog

    def _keep_locations(self, locations: Sequence[Location]) -> None:
        """Keep the locations just read in the store (``known_locations`` after a restart), in place of those kept
        before; a read listing none keeps the earlier ones (a gateway's empty answer is not the spa closing every
        location). The store failing to keep them is logged: the read itself stands."""
        if not locations:
            return
        try:
            self.store.remember_locations(locations, at=self.now())
        except sqlite3.Error as exc:
            logger.warning("the locations read could not be kept in the store (%s)", type(exc).__name__)

    def known_catalog(self) -> Catalog | None:
        """The catalogue as last read (None before the first read), for what cannot await the platform."""
        return self._catalog

    def known_locations(self) -> list[Location]:
        """The locations as last read, for when the platform cannot be asked: this run's read, else (a process started
        while the spa system is down) the ones an earlier run kept in the store (ids, names and zones only), else
        none."""
        if self._catalog is not None:
            return list(self._catalog.locations)
        return self.store.remembered_locations()

    async def risk_scores(
        self, appointments: Sequence[Appointment], clients: Mapping[str, Client] | None = None
    ) -> RiskScores:
        """No-show risk (``RiskScores``: ``RiskScore`` by appointment id) when a model is loaded; empty when not.

        When the book cannot be scored just now, the scores are empty and say why (``RiskScores.failure``): the
        booking history could not be read from the spa system (``HISTORY_UNREAD``), or the model could not score it
        (``MODEL_FAILED``), so no caller reads the empty scores as a day of low-risk bookings.
        ``clients`` (by id) are the caller's records of the guests, if it holds them: a client the history window
        knows nothing of is new only if the spa system knows no visit either (``lastVisitDate``). Without them, the
        few such clients are read (``clients_to_look_up``); one that cannot be read is scored by the history alone.
        """
        from spa_copilot.risk.bands import HISTORY_UNREAD, MODEL_FAILED, RiskScores, scorable

        if self.risk is None or not appointments:
            return RiskScores()
        from spa_copilot.risk.features import clients_to_look_up, visit_records

        if undated := [a.id for a in appointments if not scorable(a)]:
            # not scored (the model's strongest feature is how far ahead it was booked); said once, not per poll
            if not self._said_undated:
                logger.warning("risk: %d booking(s) have no createdAt from the spa system (or one years before the "
                               "start) and are not scored (%s)",
                               len(undated), ", ".join(undated[:5]))
                self._said_undated = True
        try:
            history = await self._risk_history()
            catalog = await self.catalog()
        except PlatformError as exc:
            logger.warning("risk scores skipped: %s", type(exc).__name__)
            return RiskScores(failure=HISTORY_UNREAD)
        wanted = clients_to_look_up(appointments, history)
        if clients is None and wanted:
            clients = await load_clients(self.platform, wanted, tolerant=True)
        visited = visit_records(wanted, clients or {})  # only the records that can change a score
        try:
            scores = self.risk.score(
                list(appointments), history, catalog.services, catalog.locations, self.now(), clients=visited
            )
        except (ValueError, KeyError, TypeError, OverflowError) as exc:  # a model that loaded but cannot score this book
            logger.warning("risk scores skipped: the model could not score (%s)", type(exc).__name__)
            return RiskScores(failure=MODEL_FAILED)
        return RiskScores(scores)

    async def _risk_history(self) -> list[HistoryRecord]:
        """Outcomes over the window the model is trained on (``RISK_HISTORY_MONTHS``), re-read every few hours."""
        if self._history is None or time.monotonic() - self._history_at > self.history_ttl_seconds:
            now = self.now()
            self._history = await self.platform.appointment_history(start=risk_history_start(now), end=now)
            self._history_at = self._recent_at = time.monotonic()
        elif time.monotonic() - self._recent_at > self.history_recent_seconds:
            self._recent_at = time.monotonic()  # tried at most this often, read or not
            now = self.now()
            since = now - timedelta(days=RECENT_OUTCOME_DAYS)
            try:
                recent = await self.platform.appointment_history(start=since, end=now)
            except PlatformError as exc:  # the history read before still scores: the spa system is asked again later
                if not self._recent_failing:  # once per outage, not every ten minutes
                    logger.warning("risk: the last days' outcomes could not be read again (%s)", type(exc).__name__)
                self._recent_failing = True
            else:  # the window's rows as the spa system has them now, after the older ones (by start, as read)
                self._history = [record for record in self._history if record.start_at < since] + recent
                self._recent_failing = False
        return self._history

    def on_webhook(self, event_type: str, handler: WebhookHandler) -> None:
        """Register a handler for a webhook type (``appointment.*`` matches every appointment event)."""
        self.webhook_handlers.setdefault(event_type, []).append(handler)

    def on_changes(self, handler: ChangeHandler) -> None:
        """Register a handler for the calendar changes each sync finds (once: registering it again does nothing)."""
        if handler not in self.change_handlers:
            self.change_handlers.append(handler)

    async def dispatch_webhook(self, event: WebhookEvent) -> int:
        """Run every handler registered for the event's type; returns how many ran."""
        family = event.type.split(".", 1)[0] + ".*"
        handlers = [*self.webhook_handlers.get(event.type, []), *self.webhook_handlers.get(family, [])]
        for handler in handlers:
            await handler(event)
        return len(handlers)


def build_copilot(
    settings: Settings,
    *,
    platform: SpaPlatform,
    store: Store | None = None,
    slack_client: AsyncWebClient | None = None,
    clock: Clock | None = None,
    ai: Any = None,
    risk: Any = None,
) -> Copilot:
    """Assemble the copilot from settings and the (real or stand-in) outside world."""
    store = store or Store.open(settings.spa_db_path)
    slack = slack_client or build_slack_client(settings)
    if ai is None:
        from spa_copilot.ai import build_ai

        ai = build_ai(settings, cache=store, audit=store, clock=clock)  # the copilot's clock times its calls
    risk_refused = ""
    if risk is None:
        from spa_copilot.risk.model import load_model_checked

        risk, risk_refused = load_model_checked(settings.spa_model_dir)
    return Copilot(
        settings=settings,
        store=store,
        platform=platform,
        slack=slack,
        roles=Roles(settings, slack),
        directory=StaffDirectory(slack, store, settings.spa_staff_slack_ids),
        clock=clock or utc_now,
        ai=ai,
        risk=risk,
        risk_refused=risk_refused,
    )
