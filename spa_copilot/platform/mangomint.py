"""The Mangomint client: speaks the contract in ``docs/mangomint-contract.md`` over ``httpx.AsyncClient``.

Mangomint publishes no public REST API; this client talks to a partner endpoint or thin gateway that
serves the contract (or to the sandbox spa). Everything HTTP stays in this module; callers get domain
objects or one of the errors in ``spa_copilot.platform.errors``:

    PlatformAuthError       401/403, never retried
    PlatformNotFound        404
    PlatformConflict        409
    PlatformRejected        other 4xx (and 3xx: redirects are not followed), the server's message aside
    PlatformProtocolError   2xx with malformed JSON or a body that is not the contract's shape
    PlatformUnavailable     5xx, 429, timeouts or connection errors after every retry; at once (not retried) a TLS
                            handshake that cannot succeed: the gateway's certificate refused, or no TLS at an
                            https:// address; a ``Retry-After`` longer than the client waits

Retries use exponential backoff with full jitter and honour ``Retry-After`` on 429. Writes carry the
caller's ``Idempotency-Key`` on every attempt, which is what makes retrying a write safe.

A read made for a person waiting (a ``/spa`` command, a click, the App Home) runs inside ``reads_for_a_person()``:
it gives up after ``PERSON_WAITING_READ_SECONDS`` in all, its attempts, backoff and ``Retry-After`` waits included,
so the desk hears "the spa system is not answering" in seconds, not after every retry has timed out. Writes, and
every read of the poll, the outbox and the webhooks, keep every retry.

Every appointment it returns is timed by its service lines (``Appointment.as_booked``, in its location's zone): an
appointment whose own ``startAt`` disagrees with its services (within a day) reaches the rest of the copilot at its
services' times, so no caller has to mend it. The filters it sends (``startFrom``/``startTo``) still work on the
platform's own ``startAt``: callers reading a day read the day either side (``domain.NEAR_DAYS``).
"""

from __future__ import annotations

import asyncio
import copy
import functools
import logging
import math
import random
import re
import ssl
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import UTC, date, datetime, tzinfo
from email.utils import parsedate_to_datetime
from types import TracebackType
from typing import Any, TypeVar
from urllib.parse import quote, unquote

import httpx
from pydantic import BaseModel, TypeAdapter, ValidationError
from pydantic_core import to_jsonable_python

from spa_copilot.clock_watch import ServerClock
from spa_copilot.domain import (
    Appointment,
    AppointmentStatus,
    BookingRequest,
    Client,
    HistoryRecord,
    Location,
    OutboundMessage,
    Resource,
    SentMessage,
    Service,
    Staff,
    WaitlistEntry,
    scalar_id,
)
from spa_copilot.platform.errors import (
    PlatformAnswerUnread,
    PlatformAuthError,
    PlatformConflict,
    PlatformError,
    PlatformNotFound,
    PlatformProtocolError,
    PlatformRejected,
    PlatformUnavailable,
)
from spa_copilot.platform.protocol import Listing
from spa_copilot.settings import Settings

logger = logging.getLogger(__name__)

PAGE_LIMIT = 100
#: A list longer than this many pages (a million records) is a gateway handing out cursors forever, not a spa.
MAX_PAGES = 10_000
#: Base URL used when no ``MANGOMINT_API_URL`` is set and the caller passes a transport to the sandbox.
SANDBOX_BASE_URL = "http://sandbox.local/"
REQUEST_ID_HEADER = "X-Request-Id"
#: While the spa system is out of reach (a request gave up, none has been answered since), a reminder that it still is
#: is logged at most this often; every other retry and give-up goes to DEBUG.
OUTAGE_REMINDER_SECONDS = 600.0
#: The longest a ``Retry-After`` is waited out between two attempts (a longer one is not waited: the request gives up
#: at once, an outage its callers try again later).
RETRY_AFTER_MAX_SECONDS = 30.0
#: How long such a longer ``Retry-After`` holds back every request of the client at most (each fails at once, without
#: asking): a gateway asking for an hour is not asked again at every poll, re-drive and command, nor left for an hour.
RETRY_AFTER_HOLD_MAX_SECONDS = 300.0
#: OpenSSL's reasons for a handshake answered by something that does not speak TLS (a plain-HTTP server's
#: "HTTP/1.1 400 …" read as a TLS record, where the address says https://), across OpenSSL versions.
NOT_TLS_REASONS = frozenset({"WRONG_VERSION_NUMBER", "PACKET_LENGTH_TOO_LONG", "RECORD_LAYER_FAILURE",
                             "UNKNOWN_PROTOCOL", "HTTP_REQUEST"})

#: The longest a read made for a person waiting (inside ``reads_for_a_person``) takes in all, its attempts, backoff and
#: ``Retry-After`` waits included, before it gives up as ``PlatformUnavailable``: the desk is told the spa system is
#: not answering, not left with nothing for every retry's timeout (5 x 10 s and backoff with the defaults). A first
#: attempt is never cut before the client's own timeout (a slow answer is still an answer).
PERSON_WAITING_READ_SECONDS = 8.0

M = TypeVar("M", bound=BaseModel)
Sleep = Callable[[float], Awaitable[Any]]


@dataclass
class _PersonWaiting:
    """One person's wait (``reads_for_a_person``): how long each read for them may take in all, and the first read
    given up for them with nothing answered (a timeout, a connection refused), after which the others give up at
    once (the Home tab read the catalogue twice, one budget after the other, before it said the spa system was not
    answering)."""

    seconds: float
    given_up: str | None = None


#: The wait of the person this task works for (``reads_for_a_person``); None: nobody waits, every retry is made.
_person_waiting: ContextVar[_PersonWaiting | None] = ContextVar("spa_copilot_mangomint_person_waiting", default=None)


@contextmanager
def reads_for_a_person(seconds: float | None = None) -> Iterator[None]:
    """Reads made inside (by this task, and tasks it starts) give up after ``seconds`` in all
    (``PERSON_WAITING_READ_SECONDS`` unless given), attempts, backoff and ``Retry-After`` waits included, and once one
    has given up with nothing answered the later ones give up at once, without asking: around the work of a slash
    command, a click or the App Home. A write inside keeps every retry (it carries its ``Idempotency-Key``, and
    giving up sooner would leave it unknown more often, never safer)."""
    token = _person_waiting.set(_PersonWaiting(PERSON_WAITING_READ_SECONDS if seconds is None else seconds))
    try:
        yield
    finally:
        _person_waiting.reset(token)


class _OutOfTime(Exception):
    """Internal: an attempt cut short because a person's read budget (``reads_for_a_person``) was spent."""


class _RetryableStatus(Exception):
    """Internal: a 5xx or 429 answer that the retry loop may try again."""

    def __init__(self, response: httpx.Response) -> None:
        super().__init__(f"HTTP {response.status_code}")
        self.response = response


class MangomintClient:
    """``SpaPlatform`` over HTTP: bearer auth, cursor pagination, retries, idempotent writes."""

    def __init__(
        self,
        base_url: str,
        api_key: str,
        *,
        http: httpx.AsyncClient | None = None,
        timeout: float = 10.0,
        max_retries: int = 4,
        backoff_base: float = 0.25,
        backoff_max: float = 8.0,
        sleep: Sleep = asyncio.sleep,
        rng: random.Random | None = None,
        retry_after_max: float = RETRY_AFTER_MAX_SECONDS,
        clock: Callable[[], float] = time.time,
        retry_rate_limits: bool = True,
    ) -> None:
        """``retry_rate_limits=False`` gives up on a 429 at once (``check`` reports a rate limit, it does not wait
        one out); every other retryable failure is still retried."""
        if max_retries < 0:
            raise ValueError("max_retries must be >= 0")
        self._root = _api_root(base_url)
        # A key read from a secret file often ends in a newline; no key has whitespace at either end.
        self._api_key = api_key.strip()
        self._key_problem = None if self._api_key.isascii() and self._api_key.isprintable() else (
            "MANGOMINT_API_KEY holds a character an HTTP header cannot carry (a smart quote or a non-breaking space "
            "pasted with it?)"
        )
        self._owns_http = http is None
        self._http = http if http is not None else httpx.AsyncClient(timeout=timeout)
        self._timeout = timeout
        self._max_retries = max_retries
        self._backoff_base = backoff_base
        self._backoff_max = backoff_max
        self._retry_after_max = retry_after_max
        self._retry_rate_limits = retry_rate_limits
        self._sleep = sleep
        self._rng = rng if rng is not None else random.Random()
        self._clock = clock
        #: How far this machine's clock is from the spa system's, by its answers' ``Date`` (``clock_watch``).
        self.server_clock = ServerClock()
        #: Every HTTP attempt made, retries included (benchmarks read and may reset it).
        self.request_count = 0
        #: The off-contract items already warned about, as (shape, id, updatedAt): an incremental read's overlap
        #: returns one again on every poll for a while, and one warning per version is enough.
        self._warned_skips: OrderedDict[tuple[str, str, str | None], None] = OrderedDict()
        #: Each location's zone, from the last read of the locations: the local day ``as_booked`` compares in.
        self._zones: dict[str, tzinfo] = {}
        #: Location ids a read of the locations was made for (``_timed``): one the platform does not list is not
        #: asked about again (its appointments compare in their ``startAt``'s own offset).
        self._zones_asked: set[str] = set()
        #: The locations the last read of the locations skipped (not the contract's shape), each as (its id or None,
        #: why: the fields and, for those that are the spa's configuration, the value: ``check`` names them).
        self.skipped_locations: list[tuple[str | None, str]] = []
        #: The items the last read of each list skipped (not the contract's shape), by the shape's name ("Staff",
        #: "Resource", "WaitlistEntry", …), each as (its id or None, why, as logged): ``check`` counts and names them.
        self.skipped_records: dict[str, list[tuple[str | None, str]]] = {}
        #: Of those, the ids whose payload marks them inactive (``"active": false``: a former employee, a retired
        #: service), by the shape's name: skipping one costs nothing while it stays so (``check`` says them as such).
        self.skipped_inactive: dict[str, list[str | None]] = {}
        # A platform outage is reported once, not at every request of every poll (four catalogue reads in parallel,
        # each retried, every POLL_SECONDS): the first request to fail since the platform last answered (the
        # ``_failing`` one) logs its retries and its give-up as warnings, which starts the outage; a request already
        # under way then, or one of a route already given up on in this outage (the next poll's), logs at DEBUG; a
        # reminder every OUTAGE_REMINDER_SECONDS and one line when the platform answers again.
        self._failing: object | None = None
        self._outages = 0
        self._outage_since: float | None = None
        self._outage_reminded = 0.0
        self._outage_routes: set[str] = set()
        self._given_up = 0
        #: Until when (``clock``) a longer ``Retry-After`` holds every request back, and the status that asked it.
        self._held_until = 0.0
        self._held_status: int | None = None

    async def __aenter__(self) -> MangomintClient:
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        """Close the HTTP client if this object created it (an injected one belongs to the caller)."""
        if self._owns_http:
            await self._http.aclose()

    # ---- reads -------------------------------------------------------------------------------------

    async def list_locations(self) -> list[Location]:
        """Every location, with its IANA time zone."""
        why: list[tuple[str | None, str]] = []
        locations = await self._list("/v1/locations", Location, why=why)
        self.skipped_locations = why
        self._zones.update((location.id, location.tz) for location in locations)
        return locations

    async def list_staff(self, *, location_id: str | None = None) -> list[Staff]:
        """Staff members, optionally of one location."""
        return await self._list("/v1/staff", Staff, {"locationId": location_id})

    async def list_services(self) -> list[Service]:
        """The service menu."""
        return await self._list("/v1/services", Service)

    async def list_resources(self, *, location_id: str | None = None) -> list[Resource]:
        """Rooms and equipment, optionally of one location."""
        return await self._list("/v1/resources", Resource, {"locationId": location_id})

    async def list_appointments(
        self,
        *,
        location_id: str | None = None,
        start_from: datetime | None = None,
        start_to: datetime | None = None,
        status: Sequence[AppointmentStatus] | None = None,
        updated_since: datetime | None = None,
        client_id: str | None = None,
    ) -> list[Appointment]:
        """Appointments matching the filters, every page followed; ``updated_since`` for incremental polls."""
        params = {
            "locationId": location_id,
            "clientId": client_id,
            "startFrom": _iso(start_from),
            "startTo": _iso(start_to),
            "status": ",".join(str(s) for s in status) if status else None,
            "updatedSince": _iso(updated_since),
        }
        listing = await self._list("/v1/appointments", Appointment, params)
        return Listing(await self._timed(listing), skipped=listing.skipped, skipped_updates=listing.skipped_updates)

    async def get_appointment(self, appointment_id: str) -> Appointment:
        """One appointment by id (``PlatformNotFound`` if it does not exist)."""
        body = await self._request("GET", f"/v1/appointments/{_seg(appointment_id)}")
        return (await self._timed([_parse(Appointment, _unwrap(body))]))[0]

    async def get_client(self, client_id: str) -> Client:
        """One client by id (``PlatformNotFound`` if it does not exist)."""
        body = await self._request("GET", f"/v1/clients/{_seg(client_id)}")
        return _parse(Client, _unwrap(body))

    async def search_clients(self, query: str, *, limit: int = 10) -> list[Client]:
        """Clients matching a name, phone or email fragment (a contract extension), best first."""
        limit = max(1, min(limit, PAGE_LIMIT))
        body = await self._request("GET", "/v1/clients", params={"query": query, "limit": limit})
        return _parse_page(Client, body)[0][:limit]

    async def list_waitlist(self, *, location_id: str | None = None, on: date | None = None) -> list[WaitlistEntry]:
        """Waitlist entries, optionally of one location and covering one day."""
        params = {"locationId": location_id, "date": on.isoformat() if on else None}
        return await self._list("/v1/waitlist", WaitlistEntry, params)

    async def appointment_history(self, *, start: datetime, end: datetime) -> list[HistoryRecord]:
        """Past appointments with their outcomes, for the risk model."""
        params = {"from": _iso(start), "to": _iso(end)}
        return await self._list("/v1/reports/appointments", HistoryRecord, params)

    # ---- writes (always with the caller's Idempotency-Key) -------------------------------------------

    async def update_client(
        self,
        client_id: str,
        *,
        custom_fields: dict[str, Any] | None = None,
        tags: list[str] | None = None,
        idempotency_key: str,
    ) -> Client:
        """Change a client's ``customFields`` and/or ``tags`` (the only fields the contract lets us write)."""
        patch: dict[str, Any] = {}
        if custom_fields is not None:
            patch["customFields"] = custom_fields
        if tags is not None:
            patch["tags"] = tags
        if not patch:
            raise ValueError("update_client needs custom_fields or tags")
        body = await self._request(
            "PATCH", f"/v1/clients/{_seg(client_id)}", json_body=_jsonable(patch), idempotency_key=idempotency_key
        )
        return _parse(Client, _unwrap(body))

    async def update_waitlist_entry(
        self, entry_id: str, *, changes: dict[str, Any], idempotency_key: str
    ) -> WaitlistEntry:
        """Patch a waitlist entry (e.g. ``{"status": "offered"}``); snake_case keys are sent as camelCase."""
        body = await self._request(
            "PATCH",
            f"/v1/waitlist/{_seg(entry_id)}",
            json_body=_jsonable(_camel_keys(changes)),
            idempotency_key=idempotency_key,
        )
        return _parse(WaitlistEntry, _unwrap(body))

    async def create_waitlist_entry(self, entry: dict[str, Any], *, idempotency_key: str) -> WaitlistEntry:
        """Add a client to the waitlist (a contract extension); snake_case keys are sent as camelCase."""
        body = await self._request(
            "POST", "/v1/waitlist", json_body=_jsonable(_camel_keys(entry)), idempotency_key=idempotency_key
        )
        return _parse(WaitlistEntry, _unwrap(body))

    async def book_appointment(self, request: BookingRequest, *, idempotency_key: str) -> Appointment:
        """Book one service; the same key twice books once and returns the first result. An answer that is not an
        Appointment is ``PlatformAnswerUnread``: booked, what was made not known from it."""
        body = await self._write(
            Appointment, "/v1/appointments", request.model_dump(mode="json", by_alias=True, exclude_none=True),
            idempotency_key=idempotency_key,
        )
        return (await self._timed([body]))[0]

    async def send_message(self, client_id: str, message: OutboundMessage, *, idempotency_key: str) -> SentMessage:
        """Send an approved message to a client; the same key twice sends once. An answer that is not a SentMessage
        is ``PlatformAnswerUnread``: the text went out."""
        return await self._write(
            SentMessage, f"/v1/clients/{_seg(client_id)}/messages",
            message.model_dump(mode="json", by_alias=True, exclude_none=True), idempotency_key=idempotency_key,
        )

    async def _write(self, model: type[M], path: str, json_body: Any, *, idempotency_key: str) -> M:
        """POST ``json_body`` and read the answer as ``model``. An answer that is not the contract's shape came with
        a 2xx (every other status raises in ``_request``). When it still names the record the write made (a JSON
        object with an id), the write was taken: ``PlatformAnswerUnread`` (with the answer), never a refusal. When it
        names none (a proxy's page, a 202 or 204 with no body, ``{"error": …}``), nothing says the write was done:
        ``PlatformUnavailable``, so the caller asks again under the same key, which the spa system answers with the
        first write's result, never a second text or booking."""
        body: Any = None
        try:
            body = await self._request("POST", path, json_body=json_body, idempotency_key=idempotency_key)
            return _parse(model, _unwrap(body))
        except PlatformProtocolError as exc:
            answer, shown, key = _unwrap(body), _shown_path(path), _shown_key(idempotency_key)
            if isinstance(answer, dict) and (record_id := scalar_id(answer.get("id"))) is not None:
                logger.warning("mangomint POST %s taken (key %s), but its answer is not the contract's: %s", shown, key, exc)
                raise PlatformAnswerUnread(f"POST {shown} taken: {exc}", body=answer, record_id=record_id,
                                           sent_at=_stamp(answer.get("sentAt")), status=exc.status,
                                           request_id=exc.request_id) from None
            logger.warning("mangomint POST %s answered HTTP %s with no record of the write (key %s): %s; it will be "
                           "asked again under its key", shown, exc.status or "2xx", key, exc)
            raise PlatformUnavailable(f"POST {shown}: answered with no record of the write ({exc})", status=exc.status,
                                      request_id=exc.request_id) from None

    # ---- appointments as the copilot reads them -----------------------------------------------------

    async def _timed(self, appointments: Sequence[Appointment]) -> list[Appointment]:
        """``appointments`` timed by their service lines (``Appointment.as_booked``) in their location's zone. Only
        one whose lines disagree with its ``startAt`` needs the zone: when its location's is not known yet, the
        locations are read once for it (a failed read is no failed appointment read: its own offset is used)."""
        unknown = {
            a.location_id for a in appointments
            if a.disagrees_with_its_lines and a.location_id not in self._zones and a.location_id not in self._zones_asked
        }
        if unknown:
            try:
                await self.list_locations()
            except PlatformError as exc:
                logger.warning("locations %s not read for their zone (%s): their appointments' own offset is used",
                               sorted(unknown)[:5], type(exc).__name__)
            else:
                if len(self._zones_asked) > 1000:  # ids a gateway made up: never more than a page of them kept
                    self._zones_asked.clear()
                self._zones_asked.update(unknown)
        return [a.as_booked(self._zones.get(a.location_id)) for a in appointments]

    # ---- the one request wrapper -------------------------------------------------------------------

    async def _list(
        self,
        path: str,
        model: type[M],
        params: Mapping[str, Any] | None = None,
        *,
        why: list[tuple[str | None, str]] | None = None,
    ) -> Listing[M]:
        """GET every page of a list endpoint (``limit=100``, following ``nextCursor`` to the end); ``why`` gets each
        skipped item's id and why it was skipped (``_parse_page``), as ``skipped_records`` keeps them for the shape."""
        items: Listing[M] = Listing()
        seen: set[str] = set()
        cursor: str | None = None
        skipped: list[tuple[str | None, str]] = []
        inactive: list[str | None] = []
        while True:
            query = {**(params or {}), "limit": PAGE_LIMIT, "cursor": cursor}
            body = await self._request("GET", path, params=query)
            page, cursor = _parse_page(model, body, warned=self._warned_skips, why=skipped, inactive=inactive)
            items.extend(page)
            items.skipped.extend(page.skipped)
            items.skipped_updates.extend(page.skipped_updates)
            if cursor is None:
                if why is not None:
                    why.extend(skipped)
                self.skipped_records[model.__name__] = skipped
                self.skipped_inactive[model.__name__] = inactive
                return items
            if cursor in seen:
                raise PlatformProtocolError(f"{path}: pagination repeated cursor {cursor!r}")
            if len(seen) + 1 >= MAX_PAGES:
                raise PlatformProtocolError(f"{path}: pagination went on past {MAX_PAGES} pages")
            seen.add(cursor)

    async def _request(
        self,
        method: str,
        path: str,
        *,
        params: Mapping[str, Any] | None = None,
        json_body: Any = None,
        idempotency_key: str | None = None,
    ) -> Any:
        """Send one logical request, retrying transient failures, and return the decoded JSON body.

        Logs and errors name the path as ``_shown_path`` gives it and the key as ``_shown_key``: an id is kept, a word
        a person typed where an id was expected (a name, an email, a phone) is not."""
        shown, key = _shown_path(path), _shown_key(idempotency_key)
        if self._key_problem is not None:
            raise PlatformAuthError(f"{method} {shown}: {self._key_problem}")
        headers = {"Authorization": f"Bearer {self._api_key}", "Accept": "application/json"}
        if method in ("POST", "PATCH", "PUT", "DELETE"):
            if not idempotency_key:
                raise ValueError(f"{method} {shown} needs an idempotency key")
            headers["Idempotency-Key"] = _header_value(idempotency_key)
        query = {k: v for k, v in (params or {}).items() if v is not None}
        if (held := self._held_until - self._clock()) > 0:  # the gateway asked to wait: not asked before then
            logger.debug("mangomint %s %s not sent: the spa system asked to wait %.0f s more", method, shown, held)
            raise PlatformUnavailable(f"{method} {shown}: the spa system asked to wait {held:.0f} s more",
                                      status=self._held_status)
        waiting = _person_waiting.get() if method == "GET" else None  # a write keeps every retry
        if waiting is not None and waiting.given_up is not None:
            logger.debug("mangomint %s %s not sent: %s gave up a moment ago for the same person", method, shown,
                         waiting.given_up)
            raise PlatformUnavailable(f"{method} {shown}: not asked, {waiting.given_up} gave up a moment ago")
        attempts = self._max_retries + 1
        deadline = None if waiting is None else self._clock() + waiting.seconds
        this, outage_at_start = object(), self._outages  # for the outage's log lines
        for attempt in range(1, attempts + 1):
            self.request_count += 1
            retry_after: float | None = None
            try:
                # a person's budget never cuts the first attempt before the client's own timeout: a slow spa system
                # still answering (9 s of a 10 s timeout) is no outage (rev43d M); it stops the retries after it
                response = await self._attempt(method, path, query, json_body, headers, deadline if attempt > 1 else None)
                request_id = response.headers.get(REQUEST_ID_HEADER)
                self.server_clock.observe(response.headers, self._clock())  # this machine's clock against its Date
                if response.status_code != 429 and response.status_code < 500:
                    self._answered(method, shown)
                logger.debug(
                    "mangomint %s %s -> %s (attempt %d, request %s%s)",
                    method, shown, response.status_code, attempt, request_id, f", key {key}" if key else "",
                )
                if response.status_code == 429 or response.status_code >= 500:
                    retry_after = _retry_after_seconds(response.headers.get("Retry-After"), self._clock())
                    raise _RetryableStatus(response)
                if response.status_code >= 300:  # redirects are not followed: a gateway answering 3xx is misconfigured
                    try:
                        response.raise_for_status()
                    except httpx.HTTPStatusError:  # its message has the whole URL, a typed search with it: not chained
                        raise _status_error(response, method, shown) from None
                return _decode(response, method, shown)
            except (_RetryableStatus, _OutOfTime, httpx.TimeoutException, httpx.NetworkError,
                    httpx.RemoteProtocolError) as exc:
                failure: Exception = exc
            except (httpx.HTTPError, httpx.InvalidURL) as exc:  # bad URL, unsupported protocol: retrying will not help
                raise PlatformError(f"{method} {shown}: {type(exc).__name__}") from exc
            reason = str(failure) if isinstance(failure, (_RetryableStatus, _OutOfTime)) else type(failure).__name__
            last = failure.response if isinstance(failure, _RetryableStatus) else None
            # the gateway's id of the answer (none when nothing answered), so its operator can find the request
            request = f"request {rid}" if (rid := _shown_request_id(last)) else ""
            # A handshake that cannot succeed (a certificate refused, no TLS there) fails the same way at every
            # attempt: given up at once, still as an outage (callers try again later: the next poll, the outbox), with
            # what it met in the log line; ``check`` says what to do.
            if (refused := _tls_refusal(failure)) is not None:
                reason = f"{reason}, {refused}"
            # A Retry-After beyond the longest wait is not waited (a poll would stall for minutes) nor cut short (it
            # asked for that long): given up at once, an outage its callers try again later (the next poll, the outbox).
            too_long = retry_after is not None and retry_after > self._retry_after_max
            if too_long:
                assert retry_after is not None and last is not None
                reason = f"{reason}, Retry-After {retry_after:g} s"
                self._held_until = self._clock() + min(retry_after, RETRY_AFTER_HOLD_MAX_SECONDS)
                self._held_status = last.status_code
            at_once = (
                refused is not None or too_long
                or (last is not None and last.status_code == 429 and not self._retry_rate_limits)
            )
            out_of_time = isinstance(failure, _OutOfTime)  # a person's budget spent during the attempt
            give_up, delay = attempt == attempts or at_once or out_of_time, 0.0
            if not give_up:
                # Retry-After is honoured, but "0" (or a date in the past) still waits the base backoff: no busy loop.
                delay = self._backoff(attempt) if retry_after is None else max(retry_after, self._backoff_base)
                # a person waiting: no wait (a Retry-After included) that ends past their budget, no attempt after it
                out_of_time = give_up = deadline is not None and self._clock() + delay >= deadline
            if give_up:
                mend = "; not retried: retrying cannot mend it, `spa-copilot check` says what to do" if refused else ""
                if too_long:
                    mend = f"; not retried: the spa system asked to wait longer than {self._retry_after_max:g} s"
                elif out_of_time and attempt < attempts and waiting is not None:
                    mend = f"; not retried: a person is waiting, and a read for them takes {waiting.seconds:g} s at most"
                if waiting is not None and last is None:  # nothing answered (a 5xx of one route is no hang of all)
                    waiting.given_up = f"{method} {shown}"
                logger.log(self._gave_up_level(this, outage_at_start, f"{method} {shown}"),
                           "mangomint %s %s gave up after %d attempts (%s%s)%s",
                           method, shown, attempt, reason, f"; {request}" if request else "", mend)
                raise PlatformUnavailable(
                    f"{method} {shown}: {reason} after {attempt} attempts",
                    status=last.status_code if last is not None else None,
                    request_id=last.headers.get(REQUEST_ID_HEADER) if last is not None else None,
                ) from failure
            said = ", ".join(part for part in (request, f"key {key}" if key else "") if part)
            self._failing = self._failing or this
            level = logging.WARNING if self._failing is this and self._outage_since is None else logging.DEBUG
            logger.log(
                level,
                "mangomint %s %s failed (%s), retry %d/%d in %.2fs%s",
                method, shown, reason, attempt, self._max_retries, delay, f" ({said})" if said else "",
            )
            await self._sleep(delay)
        raise AssertionError("unreachable")  # pragma: no cover

    async def _attempt(
        self, method: str, path: str, query: Mapping[str, Any], json_body: Any, headers: Mapping[str, str],
        deadline: float | None,
    ) -> httpx.Response:
        """One HTTP attempt; with a ``deadline`` (a person's read budget, on ``clock``), cut short when it comes
        (``_OutOfTime``), however the transport applies its own timeout."""
        url = _parsed_url(self._root + path)
        if deadline is None:
            return await self._http.request(
                method, url, params=query, json=json_body, headers=headers, timeout=self._timeout
            )
        left = max(0.0, deadline - self._clock())
        try:
            async with asyncio.timeout(left):
                return await self._http.request(method, url, params=query, json=json_body,
                                                headers=headers, timeout=min(self._timeout, max(left, 0.001)))
        except TimeoutError:  # asyncio's own: httpx raises its TimeoutException, caught by the caller
            raise _OutOfTime(f"no answer within the {left:.1f} s left of a person's wait") from None

    def _gave_up_level(self, this: object, outage_at_start: int, route: str) -> int:
        """A give-up's log level: a warning when it starts an outage (the first since the platform last answered) or
        is of a new route in it (a write, another read) begun after it started; DEBUG for a request begun before it
        started (one of the same poll's) or of a route already given up on (the next poll's), with a reminder every
        ``OUTAGE_REMINDER_SECONDS`` that says since when."""
        now = self._clock()
        self._failing = self._failing or this
        self._given_up += 1
        if self._outage_since is None:
            self._outage_since = self._outage_reminded = now
            self._outages += 1
            self._outage_routes.add(route)
            return logging.WARNING
        seen = route in self._outage_routes or outage_at_start != self._outages
        self._outage_routes.add(route)
        if not seen:
            return logging.WARNING
        if now - self._outage_reminded < OUTAGE_REMINDER_SECONDS:
            return logging.DEBUG
        self._outage_reminded = now
        logger.warning("mangomint still out of reach, for %s now (%d requests given up; each poll retries)",
                       _duration(now - self._outage_since), self._given_up)
        return logging.DEBUG

    def _answered(self, method: str, shown: str) -> None:
        """The platform answered (anything but a 5xx or a 429): an outage it was in ends, said in one line."""
        if self._failing is None:
            return
        if self._outage_since is not None:
            logger.warning("mangomint answers again (%s %s), after %s out of reach (%d requests given up)",
                           method, shown, _duration(self._clock() - self._outage_since), self._given_up)
        self._failing, self._outage_since, self._given_up = None, None, 0
        self._outage_routes.clear()

    def _backoff(self, attempt: int) -> float:
        """Full jitter: uniform in [0, min(max, base * 2**(attempt-1))]."""
        return self._rng.uniform(0.0, min(self._backoff_max, self._backoff_base * 2 ** (attempt - 1)))


@functools.lru_cache(maxsize=4096)
def _parsed_url(address: str) -> httpx.URL:
    """``address`` parsed once: the same few routes (and the same guests' and bookings') are asked for at every poll,
    and httpx parsed each request's address afresh, a tenth of a request's own time."""
    return httpx.URL(address)


def build_platform(
    settings: Settings,
    *,
    http: httpx.AsyncClient | None = None,
    retry_rate_limits: bool = True,
    retry_after_max: float = RETRY_AFTER_MAX_SECONDS,
) -> MangomintClient:
    """The client configured from settings; with no ``MANGOMINT_API_URL``, ``http`` must reach the sandbox.
    ``retry_rate_limits`` and ``retry_after_max`` as ``MangomintClient`` takes them (``check`` waits out neither)."""
    if settings.mangomint_api_url is None and http is None:
        raise ValueError("MANGOMINT_API_URL is unset: pass an http client whose transport serves the sandbox spa")
    return MangomintClient(
        settings.mangomint_api_url or SANDBOX_BASE_URL,
        settings.mangomint_api_key.get_secret_value(),
        http=http,
        timeout=settings.mangomint_timeout_seconds,
        max_retries=settings.mangomint_max_retries,
        backoff_base=settings.mangomint_retry_backoff_seconds,
        retry_rate_limits=retry_rate_limits,
        retry_after_max=retry_after_max,
    )


# ---- helpers ---------------------------------------------------------------------------------------


def _duration(seconds: float) -> str:
    """``45 s``, ``12 min``, ``2 h 5 min``."""
    seconds = max(0, round(seconds))
    if seconds < 60:
        return f"{seconds} s"
    hours, minutes = divmod(seconds // 60, 60)
    return f"{hours} h {minutes} min" if hours else f"{minutes} min"


def _tls_refusal(exc: BaseException) -> str | None:
    """What a TLS handshake met that a retry cannot get past: the gateway's certificate refused (with its verify
    message) or a server that does not speak TLS (``NOT_TLS_REASONS``); None for anything else, a handshake cut off
    included (a gateway restarting), which a retry may get past. httpx keeps the ``ssl.SSLError`` as the cause of
    the cause."""
    seen: set[int] = set()
    link: BaseException | None = exc
    while link is not None and id(link) not in seen:
        if isinstance(link, ssl.SSLCertVerificationError):
            return f"TLS certificate refused ({getattr(link, 'verify_message', None) or link.reason or 'unverified'})"
        if isinstance(link, ssl.SSLError) and link.reason in NOT_TLS_REASONS:
            return f"no TLS there ({link.reason})"
        seen.add(id(link))
        link = link.__cause__ or link.__context__
    return None


def _api_root(base_url: str) -> str:
    """``https://partner.example/`` or ``…/v1`` → ``https://partner.example`` (paths start with ``/v1``)."""
    root = base_url.rstrip("/")
    if root.endswith("/v1"):
        root = root[: -len("/v1")]
    return root


def _seg(value: str) -> str:
    """An id as one safe path segment. No object has the id "", "." or "..": as a segment each names the list
    itself or its parent (``GET /v1/appointments/``), so it is not found, without asking."""
    if value.strip(".") == "" and len(value) <= 2:
        raise PlatformNotFound(f"no object has the id {value!r}", status=404)
    return quote(value, safe="")


#: A path segment or a key part that is an id: letters, digits, "_" and "-", with a digit and a letter or "_"
#: ("cl_0042", "apt_088c7da52ab8", a UUID), or a short number ("31"); never digits and dashes alone
#: ("415-555-0101") nor seven digits or more, which may be a phone number.
_ID_LIKE = re.compile(r"^(?:\d{1,6}|(?=[\w-]*\d)(?=[\w-]*[A-Za-z_])[A-Za-z0-9_-]{1,64})$")
#: The words of the copilot's own idempotency keys (``fill:fp_1:sms:0``, ``waitlist-remove:wl_7:9f…``); any other
#: word in a key came from what a person typed (``waitlist remove jane``) and is shown as ``{id}``.
_KEY_WORDS = frozenset({
    "fill", "sms", "reply", "book", "offer", "offered", "booked", "declined", "expired", "waitlist-add", "waitlist-remove",
    "prep-summary",
})
#: A time in a key (``prep-summary:ap_1:2026-11-24T14:15:00+00:00:cl_1``): one part, its own colons kept.
_KEY_TIME = r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,6})?)?(?:Z|[+-]\d{2}:\d{2})?"
#: One part of a key: a whole time, or what comes before the next colon.
_KEY_PART = re.compile(rf"(?P<time>{_KEY_TIME})(?=:|$)|[^:]*")


#: The contract's paths with a fixed word where other paths have an id (``/v1/reports/appointments``): the
#: collection, and the word after it, kept as it is.
_FIXED_WORDS = frozenset({("reports", "appointments")})


def _shown_path(path: str) -> str:
    """A contract path as logs and errors show it: the segment after each collection ("/v1/clients/…") kept when it is
    an id or the contract's own word there (``/v1/reports/appointments``), else ``{id}``, so ``/spa fill Jane
    Okonkwo`` logs ``/v1/appointments/{id}``, not the name typed."""
    parts = path.split("/")  # ["", "v1", "clients", "cl_0042", "messages"]: ids stand at 3, 5, …
    return "/".join(
        part if index < 3 or index % 2 == 0 or _ID_LIKE.match(unquote(part)) or (parts[index - 1], part) in _FIXED_WORDS
        else "{id}"
        for index, part in enumerate(parts)
    )


def _shown_key(key: str | None) -> str | None:
    """An idempotency key as logs show it: its ids and the copilot's own words kept, anything else ``{id}``
    (``waitlist-remove:{id}:9f…`` for an entry id typed as an email)."""
    if key is None:
        return None
    shown, at = [], 0
    while at <= len(key):  # part by part, as key.split(":") but a time whole
        part = _KEY_PART.match(key, at)
        assert part is not None  # the second branch matches anywhere, also nothing
        word = part.group()
        shown.append(word if part.group("time") or _ID_LIKE.match(word) or word in _KEY_WORDS else "{id}")
        at = part.end() + 1
    return ":".join(shown)


_REQUEST_ID = re.compile(r"^[\w.:/+=-]{1,128}$", re.ASCII)


def _shown_request_id(response: httpx.Response | None) -> str | None:
    """The response's ``X-Request-Id`` as logs show it: one token of visible ASCII (a UUID, ``req_8f2c``), else
    ``{id}``, so a header with spaces or line breaks cannot forge a log line; None without a response or an id."""
    value = response.headers.get(REQUEST_ID_HEADER) if response is not None else None
    if not value:
        return None
    return value if _REQUEST_ID.match(value) else "{id}"


def _header_value(value: str) -> str:
    """``value`` as an HTTP header value: visible ASCII kept, everything else (and ``%``) percent-encoded as UTF-8.

    A key is built from ids, and an id can come from what a person typed (``/spa waitlist remove wé``): httpx
    encodes headers as ASCII and raised ``UnicodeEncodeError`` out of the client. The mapping is one-to-one and
    the same on every retry, and leaves the usual keys (``fill:wl_0031:offer:1``) exactly as they were.
    """
    if value.isascii() and value.isprintable() and " " not in value and "%" not in value:
        return value
    return quote(value, safe="!#$&'()*+,/:;=?@[]^_`{|}~\"<>")


def _iso(value: datetime | None) -> str | None:
    if value is None:
        return None
    if value.tzinfo is None:
        raise ValueError("datetimes sent to the platform must be timezone-aware")
    return value.isoformat()


def _camel(key: str) -> str:
    head, *rest = key.split("_")
    return head + "".join(part[:1].upper() + part[1:] for part in rest)


def _camel_keys(values: Mapping[str, Any]) -> dict[str, Any]:
    return {_camel(key): value for key, value in values.items()}


def _jsonable(value: Any) -> Any:
    return to_jsonable_python(value, by_alias=True)


def _retry_after_seconds(value: str | None, now: float) -> float | None:
    """``Retry-After`` as seconds from ``now``: delta-seconds or an HTTP-date; None if absent or unreadable."""
    if not value:
        return None
    value = value.strip()
    try:
        seconds = float(value)
    except ValueError:
        try:
            when = parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            return None
        if when.tzinfo is None:
            when = when.replace(tzinfo=UTC)
        seconds = when.timestamp() - now
    if not math.isfinite(seconds):
        return None
    return max(0.0, seconds)


def _server_message(response: httpx.Response) -> str:
    """The platform's explanation of a 4xx: ``{"error": {"message"}}``, ``{"message"}``, ``{"detail"}`` or text."""
    try:
        body = response.json()
    except (ValueError, RecursionError):  # not JSON, or nested past Python's limit
        return response.text.strip()[:300] or response.reason_phrase
    if isinstance(body, dict):
        error = body.get("error")
        candidates = [error.get("message") if isinstance(error, dict) else None]
        candidates += [body.get(key) for key in ("message", "detail", "error")]
        for candidate in candidates:
            if isinstance(candidate, str):
                return candidate
    return response.reason_phrase


def _status_error(response: httpx.Response, method: str, path: str) -> PlatformError:
    """Translate a non-retryable 4xx into the error hierarchy (the caller raises it ``from None``: httpx's error
    names the whole URL, a typed search's words with it, and a traceback would log them). The spa system's
    explanation is part of the message for a refused key (401, 403: about the credential, and what the IT person
    needs to read) and kept aside otherwise (``server_message``): a gateway may repeat the request in it
    ("query 'Nora Long 415…' is not a valid search"), and the message reaches logs and tracebacks."""
    status = response.status_code
    said = _server_message(response)
    message = f"{method} {path}: HTTP {status}" + (f": {said}" if status in (401, 403) else "")
    request_id = response.headers.get(REQUEST_ID_HEADER)
    kind: type[PlatformError]
    if status in (401, 403):
        kind = PlatformAuthError
    elif status == 404:
        kind = PlatformNotFound
    elif status == 409:
        kind = PlatformConflict
    else:
        kind = PlatformRejected
    return kind(message, status=status, request_id=request_id, server_message=said, answer=response)


def _decode(response: httpx.Response, method: str, path: str) -> Any:
    if response.status_code == 204 or not response.content:
        return None
    try:
        return response.json()
    except (ValueError, RecursionError) as exc:  # JSONDecodeError, UnicodeDecodeError; JSON nested past the limit
        raise PlatformProtocolError(
            f"{method} {path}: response is not JSON",
            status=response.status_code,
            request_id=response.headers.get(REQUEST_ID_HEADER),
        ) from exc


def _unwrap(body: Any) -> Any:
    """Single objects come bare; tolerate a ``{"data": {...}}`` wrapper too."""
    if isinstance(body, dict) and set(body) == {"data"} and isinstance(body["data"], dict):
        return body["data"]
    return body


def read_model(model: type[M], payload: Any) -> M:
    """``model.model_validate``, reading ``null`` as absent where the contract's field is not nullable (the
    client's responses and the webhooks' envelopes alike).

    A gateway commonly writes an empty optional field as ``null`` (``"notes": null``, ``"tags": null``,
    ``"messagingPreferences": {"marketingText": null}``) where the contract leaves it out; the field's default
    then applies. Read strictly, one such field made the whole appointment unreadable: skipped by every sync,
    so its cancellation was never seen, or a client card that could not be read at all. A ``null`` for a
    required field is still an error (now "missing").
    """
    try:
        return model.model_validate(payload)
    except ValidationError as exc:
        nulls = [e["loc"] for e in exc.errors(include_url=False) if e["loc"] and e.get("input", ...) is None]
        if not nulls:
            raise
        cleaned = copy.deepcopy(payload)
        for loc in nulls:
            _drop(cleaned, loc)
        return model.model_validate(cleaned)


def _drop(payload: Any, loc: tuple[int | str, ...]) -> None:
    """Remove the key at ``loc`` (a pydantic error location, by alias) if the path leads to a dict key there."""
    node = payload
    for step in loc[:-1]:
        if isinstance(node, dict) and isinstance(step, str) and step in node:
            node = node[step]
        elif isinstance(node, list) and isinstance(step, int) and 0 <= step < len(node):
            node = node[step]
        else:
            return  # a union member's tag or a path that is not in the payload: leave it, the error stands
    if isinstance(node, dict) and isinstance(loc[-1], str) and node.get(loc[-1], ...) is None:
        del node[loc[-1]]


def _parse(model: type[M], payload: Any) -> M:
    try:
        return read_model(model, payload)
    except ValidationError as exc:
        # ``from None``: pydantic's error quotes the offending values (a phone number, an alert's text), and a
        # logged traceback would carry them; the fields and error types are enough to fix the gateway.
        raise PlatformProtocolError(f"response is not a valid {model.__name__} ({_problems(exc)})") from None


#: How many skipped items a client remembers having warned about (``_parse_page``'s ``warned``).
WARNED_SKIPS_KEPT = 1000


def _parse_page(
    model: type[M],
    body: Any,
    *,
    warned: OrderedDict[tuple[str, str, str | None], None] | None = None,
    why: list[tuple[str | None, str]] | None = None,
    inactive: list[str | None] | None = None,
) -> tuple[Listing[M], str | None]:
    """``{"data": [...], "nextCursor": ...}`` → (items, next cursor or None).

    One item that does not match the contract (a status the contract does not list, a wrong type) is skipped
    and logged by id, not allowed to take the whole book down; the listing keeps its id in ``skipped``. With
    ``warned``, an item (id and ``updatedAt``) already warned about is logged at debug level only. ``why`` gets
    each skipped item's id and its problems (as logged: a value only where ``SHOWN_FIELDS`` allows it);
    ``inactive`` the ids of the skipped items whose payload marks them inactive (``marked_inactive``).
    """
    if not isinstance(body, dict) or not isinstance(body.get("data"), list):
        raise PlatformProtocolError(f"list response is not {{'data': [...]}} of {model.__name__}")
    cursor = body.get("nextCursor")
    if cursor is not None and not isinstance(cursor, str):
        raise PlatformProtocolError("nextCursor is not a string")
    items: Listing[M] = Listing()
    for item in body["data"]:
        try:
            items.append(read_model(model, item))
        except ValidationError as exc:
            item_id = scalar_id(item.get("id")) if isinstance(item, dict) else None
            items.skipped.append(item_id)
            if (stamp := _stamp(item.get("updatedAt") if isinstance(item, dict) else None)) is not None:
                items.skipped_updates.append(stamp)
            key = (model.__name__, item_id, stamp.isoformat() if stamp is not None else None) if item_id else None
            level = logging.WARNING
            if key is not None and warned is not None:
                if key in warned:
                    level = logging.DEBUG
                else:
                    warned[key] = None
                    while len(warned) > WARNED_SKIPS_KEPT:
                        warned.popitem(last=False)
            problems = _problems(exc, shown=SHOWN_FIELDS.get(model.__name__, frozenset()))
            if why is not None:
                why.append((item_id, problems))
            if inactive is not None and marked_inactive(item):
                inactive.append(item_id)
            logger.log(level, "skipped %s %s: not the contract's shape (%s)", model.__name__, item_id or "without an id",
                       problems)
    return items, cursor or None


_BOOL = TypeAdapter(bool)


def marked_inactive(item: Any) -> bool:
    """Whether a raw list item says it is inactive: its ``active`` read as a boolean is false (``false``, ``"no"``,
    ``0``); a missing or unreadable ``active`` does not."""
    if not isinstance(item, dict) or "active" not in item:
        return False
    try:
        return _BOOL.validate_python(item["active"]) is False
    except ValidationError:
        return False


def _stamp(value: Any) -> datetime | None:
    """An ISO-8601 time with an offset, or None for anything else."""
    if not isinstance(value, str):
        return None
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else None


#: The fields whose bad value a skip may show, by model: the spa's own configuration (a location's id and time zone
#: name, a staff member's role, a resource's type: what the IT person must find to fix), never a client's details,
#: nor free text. A waitlist entry is a client's record: its status is said by the field name and the entry's id
#: only (a gateway has sent "Removed - <name> asked by phone <number>" there).
SHOWN_FIELDS: dict[str, frozenset[str]] = {
    "Location": frozenset({"id", "timeZone"}),
    "Staff": frozenset({"id", "role"}),
    "Resource": frozenset({"id", "type"}),
}

#: How much of a shown field's bad value a skip line shows.
SHOWN_VALUE_CHARS = 40


def _problems(exc: ValidationError, *, most: int = 5, shown: frozenset[str] = frozenset()) -> str:
    """Where and what, never the values (``status: enum; mobilePhone: string_type``), but for a top-level field in
    ``shown``: ``timeZone: value_error ('Pacific Standard Time')``."""
    errors = exc.errors(include_url=False)
    said = []
    for e in errors[:most]:
        value = _shown_input(e.get("input")) if len(e["loc"]) == 1 and e["loc"][0] in shown else ""
        said.append(f"{'.'.join(map(str, e['loc'])) or 'body'}: {e['type']}{value}")
    return "; ".join(said) + (f"; and {len(errors) - most} more" if len(errors) > most else "")


def _shown_input(value: Any) -> str:
    """A shown field's bad value, quoted (so a line break in it cannot forge a log line) and cut to
    ``SHOWN_VALUE_CHARS``; a value that is not a string by its type alone."""
    if isinstance(value, str):
        cut = SHOWN_VALUE_CHARS
        return f" ({value[:cut]!r}{'…' if len(value) > cut else ''})"
    return f" ({type(value).__name__})"
