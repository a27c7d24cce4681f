"""The sandbox spa: a Starlette app serving the Mangomint contract (docs/mangomint-contract.md) from a SpaData.

Contract endpoints, all under ``/v1`` with ``Authorization: Bearer <api key>`` (else 401):

    GET   /v1/locations | /v1/staff?locationId | /v1/services | /v1/resources?locationId
    GET   /v1/appointments?locationId&startFrom&startTo&status&updatedSince&clientId   ordered by (startAt, id)
    GET   /v1/appointments/{id}        GET /v1/clients/{id}
    PATCH /v1/clients/{id}             only customFields (merged; null removes a field) and tags (replaced)
    GET   /v1/waitlist?locationId&date     PATCH /v1/waitlist/{id}
    POST  /v1/appointments             book (BookingRequest); 409 when the staff member or a resource is busy
    POST  /v1/clients/{id}/messages    OutboundMessage; 400 without approvedBy; 422 no_mobile_number for a text to a
                                       client with no mobile number; recorded in the outbox
    GET   /v1/reports/appointments?from&to   HistoryRecord rows of appointments started in [from, to)

Extensions the copilot needs beyond the contract:

    GET   /v1/clients?query=           clients whose id, name, email or phone contains the query
                                       (case-insensitive; phone compared on digits), best match first
    POST  /v1/waitlist                 add a waitlist entry (id and createdAt assigned by the sandbox)
    limit on /v1/reports/appointments  up to 1000 (history exports are big); every other list allows 100

Lists answer ``{"data": [...], "nextCursor": str | null}``, take ``limit`` (default 50) and an opaque
``cursor`` bound to the query that produced it. Pages are keyset-based on each list's sort order, so a
change between two page reads never repeats or skips an item. Times are ISO-8601 with an offset (a ``+``
that arrived as a space in an unencoded query string is tolerated). Writes honour ``Idempotency-Key``:
a repeat answers the first response (status and body, header ``Idempotent-Replayed: true``) and changes
nothing; the same key with another request is a 422. Errors are ``{"error": {"code", "message"}}``.

Admin endpoints (no bearer, never subject to injected faults), the outside world acting on the spa:

    POST /sandbox/appointments/{id}/cancel   optional {"reason", "by"} → appointment.cancelled webhook
    POST /sandbox/appointments/{id}/move     {"startAt", "staffId"?} → appointment.updated webhook (no checks)
    POST /sandbox/clients/{id}/reply         {"body": "YES", "channel": "sms"} → message.received webhook
    GET  /sandbox/outbox                     every message "sent", with idempotencyKey, aiGenerated, approvedBy
    GET  /sandbox/inbox                      every reply received
    GET  /sandbox/state                      counts of everything, webhook deliveries, injected faults
    GET  /sandbox/faults                     the fault configuration
    POST /sandbox/faults                     change it: any FaultConfig field (camelCase), and scripted faults
                                             {"failNext": n | {"count", "status"}, "rateLimitNext": n |
                                             {"count", "retryAfter"}, "timeoutNext": n, "loseResponseNext": n,
                                             "clearScripted": true}

With a webhook URL, every change (bookings, cancellations, replies) is POSTed there as a signed contract
envelope after the response is sent (see ``webhook_delivery.py``).
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import hashlib
import hmac
import json
import logging
import uuid
from bisect import bisect_right
from collections.abc import Awaitable, Callable, Sequence
from datetime import date, datetime
from itertools import islice
from pathlib import Path
from typing import Any, TypeVar

import httpx
from pydantic import BaseModel, ValidationError
from starlette.applications import Starlette
from starlette.background import BackgroundTask
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from spa_copilot.domain import AppointmentStatus, BookingRequest, MessageChannel, OutboundMessage, SpaData
from spa_copilot.sandbox.faults import Fault, FaultConfig, FaultInjector
from spa_copilot.sandbox.state import (
    ApiError,
    SandboxState,
    StoredResponse,
    has_outcome,
    invalid,
    micros,
    parse_model,
    utc_now,
)
from spa_copilot.sandbox.webhook_delivery import WebhookDispatcher

logger = logging.getLogger(__name__)

T = TypeVar("T")
Endpoint = Callable[[Request], Awaitable[Response]]
SortKey = tuple[int | str, ...]

DEFAULT_LIMIT = 50
MAX_LIMIT = 100
MAX_REPORT_LIMIT = 1000
REQUEST_ID_HEADER = "X-Request-Id"
REPLAYED_HEADER = "Idempotent-Replayed"


def create_sandbox_app(
    data: SpaData,
    *,
    api_key: str,
    faults: FaultConfig | None = None,
    webhook_url: str | None = None,
    webhook_secret: str | None = None,
    clock: Callable[[], datetime] | None = None,
    webhook_transport: httpx.AsyncBaseTransport | None = None,
    webhook_retry_delays: Sequence[float] = (0.2, 1.0, 3.0),
) -> Starlette:
    """The sandbox spa serving ``data``; its mutable state is ``sandbox_state(app)``."""
    if webhook_url and not webhook_secret:
        raise ValueError("a webhook URL needs a webhook secret to sign with")
    now = clock or utc_now
    webhooks = WebhookDispatcher(
        webhook_url, webhook_secret, clock=now, transport=webhook_transport, retry_delays=webhook_retry_delays
    )
    state = SandboxState(data, clock=now, faults=FaultInjector(faults), webhooks=webhooks)
    api = _SandboxApi(state, api_key)
    app = Starlette(
        routes=api.routes(),
        exception_handlers={ApiError: _api_error_handler, HTTPException: _http_error_handler},
    )
    app.state.sandbox = state
    return app


def sandbox_state(app: Starlette) -> SandboxState:
    """The mutable state behind a sandbox app (faults, outbox, deliveries, ``drain_webhooks()``)."""
    state: SandboxState = app.state.sandbox
    return state


def load_spa_data(path: str | Path) -> SpaData:
    """Read a ``--data FILE``: one JSON object {locations, staff, resources, services, clients, appointments, …}.
    ``null`` for an optional field is read as absent, as the copilot's client reads it (``read_model``: an
    appointment's ``"notes": null`` is no notes); any other value that does not fit is refused, field by field."""
    from spa_copilot.platform.mangomint import read_model

    text = Path(path).read_text(encoding="utf-8")
    try:
        payload = json.loads(text)  # parsed once, also when a null is read again as absent
        return SpaData.model_validate(payload)
    except (ValueError, RecursionError) as exc:  # pydantic's ValidationError is one; JSON nested past Python's limit
        if not isinstance(exc, ValidationError) or not any(
            error.get("input", ...) is None for error in exc.errors(include_url=False)
        ):  # not JSON, or no null among what does not fit: said as pydantic says it of JSON ("a valid array")
            return SpaData.model_validate_json(text)
    return read_model(SpaData, payload)


def serve(host: str, port: int, app: Starlette) -> None:
    """Serve the sandbox on ``host:port`` with uvicorn until interrupted."""
    import uvicorn

    uvicorn.run(app, host=host, port=port, log_level="info")


# ---- responses ---------------------------------------------------------------------------------------


def error_response(error: ApiError, *, headers: dict[str, str] | None = None) -> JSONResponse:
    """The contract's error body with the error's status."""
    return JSONResponse(error.to_json_dict(), status_code=error.status, headers=headers)


async def _api_error_handler(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, ApiError)
    return error_response(exc)


async def _http_error_handler(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    code = {404: "not_found", 405: "method_not_allowed"}.get(exc.status_code, "http_error")
    return JSONResponse(
        {"error": {"code": code, "message": str(exc.detail)}}, status_code=exc.status_code, headers=exc.headers
    )


def _json_bytes(payload: Any) -> bytes:
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()


# ---- query parameters --------------------------------------------------------------------------------


def _limit(request: Request, *, maximum: int = MAX_LIMIT) -> int:
    raw = request.query_params.get("limit")
    if raw is None:
        return min(DEFAULT_LIMIT, maximum)
    try:
        value = int(raw)
    except ValueError:
        raise invalid(f"limit must be an integer between 1 and {maximum}") from None
    if not 1 <= value <= maximum:
        raise invalid(f"limit must be an integer between 1 and {maximum}")
    return value


def _instant(request: Request, name: str, *, required: bool = False) -> datetime | None:
    raw = request.query_params.get(name)
    if raw is None or raw == "":
        if required:
            raise invalid(f"{name} is required (ISO-8601 with a UTC offset)")
        return None
    try:
        value = datetime.fromisoformat(raw.strip().replace(" ", "+"))
    except ValueError:
        raise invalid(f"{name} is not an ISO-8601 datetime: {raw!r}") from None
    if value.tzinfo is None:
        raise invalid(f"{name} needs a UTC offset (e.g. 2025-03-01T09:00:00+00:00): {raw!r}")
    return value


def _day(request: Request, name: str) -> date | None:
    raw = request.query_params.get(name)
    if not raw:
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError:
        raise invalid(f"{name} is not an ISO-8601 date (YYYY-MM-DD): {raw!r}") from None


def _statuses(request: Request) -> list[AppointmentStatus] | None:
    raw = request.query_params.get("status")
    if not raw:
        return None
    try:
        return [AppointmentStatus(part.strip()) for part in raw.split(",") if part.strip()]
    except ValueError:
        allowed = ", ".join(status.value for status in AppointmentStatus)
        raise invalid(f"status must be a comma-separated list of: {allowed}") from None


# ---- pagination --------------------------------------------------------------------------------------


def _query_scope(request: Request) -> str:
    """A short hash of the path and filters, so a cursor cannot be replayed against another query."""
    filters = sorted((k, v) for k, v in request.query_params.multi_items() if k not in ("cursor", "limit"))
    return hashlib.sha256(json.dumps([request.url.path, filters]).encode()).hexdigest()[:12]


def _encode_cursor(key: SortKey, scope: str) -> str:
    return base64.urlsafe_b64encode(_json_bytes({"k": list(key), "s": scope})).decode().rstrip("=")


def _decode_cursor(cursor: str, scope: str) -> SortKey:
    try:
        decoded = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        key, cursor_scope = decoded["k"], decoded["s"]
    except (binascii.Error, ValueError, KeyError, TypeError, RecursionError):
        raise invalid("cursor is not valid") from None
    if cursor_scope != scope or not isinstance(key, list):
        raise invalid("cursor does not belong to this query (filters changed?)")
    return tuple(key)


def _page(
    request: Request,
    items: list[T],
    key: Callable[[T], SortKey],
    *,
    max_limit: int = MAX_LIMIT,
    keep: Callable[[T], bool] | None = None,
) -> tuple[list[T], str | None]:
    """One page of ``items`` (already sorted by ``key``) after the request's cursor; with ``keep``, of the items it
    keeps (only those after the cursor are looked at, so reading a long list page by page stays linear)."""
    limit = _limit(request, maximum=max_limit)
    scope = _query_scope(request)
    cursor = request.query_params.get("cursor")
    start = 0
    if cursor:
        after = _decode_cursor(cursor, scope)
        try:
            start = bisect_right(items, after, key=key)
        except TypeError:
            raise invalid("cursor is not valid") from None
    after_cursor = islice(items, start, None)
    window = list(islice(after_cursor if keep is None else filter(keep, after_cursor), limit + 1))
    page = window[:limit]
    more = len(window) > limit
    return page, (_encode_cursor(key(page[-1]), scope) if more and page else None)


def _list_response(page: Sequence[BaseModel], next_cursor: str | None) -> Response:
    """``{"data": [...], "nextCursor": ...}``, each item written by pydantic's own JSON serializer: the same JSON as
    its ``to_json_dict`` through ``json.dumps`` for what a generated spa holds (a non-finite price is written null,
    not refused), in a third of the time: a book's page is the sandbox's biggest answer, read at every poll."""
    items = b",".join(item.__pydantic_serializer__.to_json(item, by_alias=True) for item in page)
    body = b'{"data":[' + items + b'],"nextCursor":' + json.dumps(next_cursor).encode() + b"}"
    return Response(body, media_type="application/json")


def _by_id(item: Any) -> SortKey:
    return (item.id,)


# ---- request bodies ----------------------------------------------------------------------------------


def _parse_json_object(raw: bytes, *, allow_empty: bool = False) -> dict[str, Any]:
    if not raw.strip():
        if allow_empty:
            return {}
        raise invalid("a JSON object body is required")
    try:
        payload = json.loads(raw)
    except (ValueError, RecursionError):  # UnicodeDecodeError is a ValueError; RecursionError: nested too deep
        raise invalid("the body is not valid JSON") from None
    if not isinstance(payload, dict):
        raise invalid("the body must be a JSON object")
    return payload


def _fingerprint(request: Request, raw: bytes) -> str:
    """What makes two writes "the same request": method, path and the body (as canonical JSON if it parses)."""
    try:
        canonical = json.dumps(json.loads(raw), sort_keys=True, separators=(",", ":")).encode()
    except (ValueError, RecursionError):
        canonical = raw
    return hashlib.sha256(f"{request.method} {request.url.path}\n".encode() + canonical).hexdigest()


# ---- the API -----------------------------------------------------------------------------------------


class _SandboxApi:
    """The endpoints, bound to one state and API key."""

    def __init__(self, state: SandboxState, api_key: str) -> None:
        self.state = state
        self._api_key = api_key

    def routes(self) -> list[Route]:
        v1 = self._v1
        return [
            Route("/v1/locations", v1(self.list_locations), methods=["GET"]),
            Route("/v1/staff", v1(self.list_staff), methods=["GET"]),
            Route("/v1/services", v1(self.list_services), methods=["GET"]),
            Route("/v1/resources", v1(self.list_resources), methods=["GET"]),
            Route("/v1/appointments", v1(self.list_appointments), methods=["GET"]),
            Route("/v1/appointments", v1(self.book_appointment), methods=["POST"]),
            Route("/v1/appointments/{appointment_id}", v1(self.get_appointment), methods=["GET"]),
            Route("/v1/clients", v1(self.list_clients), methods=["GET"]),
            Route("/v1/clients/{client_id}", v1(self.get_client), methods=["GET"]),
            Route("/v1/clients/{client_id}", v1(self.patch_client), methods=["PATCH"]),
            Route("/v1/clients/{client_id}/messages", v1(self.send_message), methods=["POST"]),
            Route("/v1/waitlist", v1(self.list_waitlist), methods=["GET"]),
            Route("/v1/waitlist", v1(self.create_waitlist_entry), methods=["POST"]),
            Route("/v1/waitlist/{entry_id}", v1(self.patch_waitlist_entry), methods=["PATCH"]),
            Route("/v1/reports/appointments", v1(self.report_appointments), methods=["GET"]),
            Route("/sandbox/appointments/{appointment_id}/cancel", self.admin_cancel, methods=["POST"]),
            Route("/sandbox/appointments/{appointment_id}/move", self.admin_move, methods=["POST"]),
            Route("/sandbox/clients/{client_id}/reply", self.admin_reply, methods=["POST"]),
            Route("/sandbox/outbox", self.admin_outbox, methods=["GET"]),
            Route("/sandbox/inbox", self.admin_inbox, methods=["GET"]),
            Route("/sandbox/state", self.admin_state, methods=["GET"]),
            Route("/sandbox/faults", self.admin_get_faults, methods=["GET"]),
            Route("/sandbox/faults", self.admin_set_faults, methods=["POST"]),
        ]

    # ---- the /v1 wrapper: faults, then auth, then the handler ---------------------------------------

    def _v1(self, handler: Endpoint) -> Endpoint:
        async def endpoint(request: Request) -> Response:
            faults = self.state.faults
            await faults.delay()
            fault = faults.next_fault()
            if fault is not None and fault.kind != "lost_response":
                response = await self._injected(fault, faults)
            elif not self._authorized(request):
                response = error_response(
                    ApiError(401, "unauthorized", "missing or invalid bearer API key"),
                    headers={"WWW-Authenticate": "Bearer"},
                )
            else:
                try:
                    response = await handler(request)
                except ApiError as exc:
                    response = error_response(exc)
                if fault is not None:  # the work is done, but the caller never hears of it
                    logger.info("sandbox: injected lost response on %s %s", request.method, request.url.path)
                    lost = ApiError(fault.status, "bad_gateway", "injected fault: the response was lost")
                    background = response.background
                    response = error_response(lost)
                    response.background = background
            response.headers[REQUEST_ID_HEADER] = f"req_{uuid.uuid4().hex[:16]}"
            return response

        return endpoint

    async def _injected(self, fault: Fault, faults: FaultInjector) -> Response:
        if fault.kind == "timeout":
            await asyncio.sleep(faults.config.timeout_seconds)
            return error_response(ApiError(504, "gateway_timeout", "injected fault: the request timed out"))
        if fault.kind == "rate_limit":
            return error_response(
                ApiError(429, "rate_limited", "injected fault: too many requests"),
                headers={"Retry-After": str(fault.retry_after if fault.retry_after is not None else 1)},
            )
        return error_response(ApiError(fault.status, "unavailable", "injected fault: the service is unavailable"))

    def _authorized(self, request: Request) -> bool:
        scheme, _, token = request.headers.get("authorization", "").partition(" ")
        return scheme.lower() == "bearer" and hmac.compare_digest(token.strip().encode(), self._api_key.encode())

    async def _write(
        self, request: Request, operation: Callable[[bytes], tuple[int, BaseModel]]
    ) -> Response:
        """Run a write once per ``Idempotency-Key``; repeats replay the first response, a new body is a 422."""
        raw = await request.body()
        key = request.headers.get("idempotency-key")
        fingerprint = _fingerprint(request, raw)
        # No await from here on: the check, the change and the record happen as one step.
        if key:
            stored = self.state.idempotency.get(key)
            if stored is not None:
                if stored.fingerprint != fingerprint:
                    raise ApiError(
                        422, "idempotency_key_reused", f"Idempotency-Key {key!r} was used for a different request"
                    )
                logger.info("sandbox: replaying idempotency key %s", key)
                return Response(
                    stored.body,
                    status_code=stored.status,
                    media_type="application/json",
                    headers={REPLAYED_HEADER: "true"},
                )
        try:
            status, result = operation(raw)
            body = _json_bytes(result.model_dump(mode="json", by_alias=True))
        except ApiError as exc:
            status, body = exc.status, _json_bytes(exc.to_json_dict())
        if key:
            self.state.idempotency[key] = StoredResponse(fingerprint, status, body)
        return Response(
            body, status_code=status, media_type="application/json", background=BackgroundTask(self.state.webhooks.kick)
        )

    # ---- reads --------------------------------------------------------------------------------------

    async def list_locations(self, request: Request) -> Response:
        items = sorted(self.state.locations.values(), key=lambda item: item.id)
        return _list_response(*_page(request, items, _by_id))

    async def list_staff(self, request: Request) -> Response:
        location_id = request.query_params.get("locationId")
        items = sorted(
            (s for s in self.state.staff.values() if location_id is None or s.location_id == location_id),
            key=lambda item: item.id,
        )
        return _list_response(*_page(request, items, _by_id))

    async def list_services(self, request: Request) -> Response:
        items = sorted(self.state.services.values(), key=lambda item: item.id)
        return _list_response(*_page(request, items, _by_id))

    async def list_resources(self, request: Request) -> Response:
        location_id = request.query_params.get("locationId")
        items = sorted(
            (r for r in self.state.resources.values() if location_id is None or r.location_id == location_id),
            key=lambda item: item.id,
        )
        return _list_response(*_page(request, items, _by_id))

    async def list_appointments(self, request: Request) -> Response:
        start_from = _instant(request, "startFrom")
        start_to = _instant(request, "startTo")
        if start_from and start_to and start_from > start_to:
            raise invalid("startFrom must not be after startTo")
        items = self.state.find_appointments(
            location_id=request.query_params.get("locationId"),
            start_from=start_from,
            start_to=start_to,
            statuses=_statuses(request),
            updated_since=_instant(request, "updatedSince"),
            client_id=request.query_params.get("clientId"),
        )
        return _list_response(*_page(request, items, lambda appt: (micros(appt.start_at), appt.id)))

    async def get_appointment(self, request: Request) -> Response:
        return JSONResponse(self.state.appointment(request.path_params["appointment_id"]).to_json_dict())

    async def list_clients(self, request: Request) -> Response:
        ranked = self.state.search_clients(request.query_params.get("query", ""))

        def key(item: tuple[int, Any]) -> SortKey:
            rank, client = item
            return (rank, client.last_name.lower(), client.first_name.lower(), client.id)

        page, next_cursor = _page(request, sorted(ranked, key=key), key)
        return _list_response([client for _, client in page], next_cursor)

    async def get_client(self, request: Request) -> Response:
        return JSONResponse(self.state.client(request.path_params["client_id"]).to_json_dict())

    async def list_waitlist(self, request: Request) -> Response:
        items = self.state.find_waitlist(location_id=request.query_params.get("locationId"), on=_day(request, "date"))
        return _list_response(*_page(request, items, lambda entry: (micros(entry.created_at), entry.id)))

    async def report_appointments(self, request: Request) -> Response:
        start = _instant(request, "from", required=True)
        end = _instant(request, "to", required=True)
        assert start is not None and end is not None
        if start > end:
            raise invalid("from must not be after to")
        started = self.state.find_appointments(start_from=start, start_to=end)
        page, next_cursor = _page(
            request, started, lambda appt: (micros(appt.start_at), appt.id), max_limit=MAX_REPORT_LIMIT,
            keep=has_outcome,
        )
        return _list_response([self.state.history_record(appt) for appt in page], next_cursor)

    # ---- writes -------------------------------------------------------------------------------------

    async def patch_client(self, request: Request) -> Response:
        client_id = request.path_params["client_id"]
        return await self._write(
            request, lambda raw: (200, self.state.update_client(client_id, _parse_json_object(raw)))
        )

    async def patch_waitlist_entry(self, request: Request) -> Response:
        entry_id = request.path_params["entry_id"]
        return await self._write(
            request, lambda raw: (200, self.state.update_waitlist_entry(entry_id, _parse_json_object(raw)))
        )

    async def create_waitlist_entry(self, request: Request) -> Response:
        return await self._write(request, lambda raw: (201, self.state.create_waitlist_entry(_parse_json_object(raw))))

    async def book_appointment(self, request: Request) -> Response:
        def book(raw: bytes) -> tuple[int, BaseModel]:
            booking = parse_model(BookingRequest, _parse_json_object(raw))
            return 201, self.state.book(booking)

        return await self._write(request, book)

    async def send_message(self, request: Request) -> Response:
        client_id = request.path_params["client_id"]
        key = request.headers.get("idempotency-key")

        def send(raw: bytes) -> tuple[int, BaseModel]:
            payload = _parse_json_object(raw)
            self.state.client(client_id)
            if not str(payload.get("approvedBy") or "").strip():
                raise ApiError(400, "approval_required", "approvedBy is required: only approved messages are sent")
            message = parse_model(OutboundMessage, payload)
            return 201, self.state.send_message(client_id, message, idempotency_key=key)

        return await self._write(request, send)

    # ---- admin --------------------------------------------------------------------------------------

    async def admin_cancel(self, request: Request) -> Response:
        payload = _parse_json_object(await request.body(), allow_empty=True)
        reason, by = payload.get("reason"), payload.get("by")
        if not all(value is None or isinstance(value, str) for value in (reason, by)):
            raise invalid("reason and by must be strings")
        appointment = self.state.cancel(request.path_params["appointment_id"], reason=reason, by=by)
        return JSONResponse(appointment.to_json_dict(), background=BackgroundTask(self.state.webhooks.kick))

    async def admin_move(self, request: Request) -> Response:
        payload = _parse_json_object(await request.body())
        start, staff_id = payload.get("startAt"), payload.get("staffId")
        if not isinstance(start, str) or not (staff_id is None or isinstance(staff_id, str)):
            raise invalid("startAt (ISO-8601 with an offset) is required; staffId, if given, is a string")
        try:
            start_at = datetime.fromisoformat(start)
        except ValueError:
            raise invalid("startAt must be ISO-8601 with an offset") from None
        appointment = self.state.move(request.path_params["appointment_id"], start_at=start_at, staff_id=staff_id)
        return JSONResponse(appointment.to_json_dict(), background=BackgroundTask(self.state.webhooks.kick))

    async def admin_reply(self, request: Request) -> Response:
        payload = _parse_json_object(await request.body())
        body = payload.get("body")
        if not isinstance(body, str) or not body:
            raise invalid("body (the text of the reply) is required")
        try:
            channel = MessageChannel(payload.get("channel", "sms"))
        except ValueError:
            raise invalid("channel must be sms or email") from None
        message = self.state.receive_reply(request.path_params["client_id"], body, channel=channel)
        return JSONResponse(message.to_json_dict(), background=BackgroundTask(self.state.webhooks.kick))

    async def admin_outbox(self, request: Request) -> Response:
        return JSONResponse({"data": [entry.to_json_dict() for entry in self.state.outbox]})

    async def admin_inbox(self, request: Request) -> Response:
        return JSONResponse({"data": [message.to_json_dict() for message in self.state.inbox]})

    async def admin_state(self, request: Request) -> Response:
        summary = self.state.summary()
        summary["deliveries"] = [delivery.to_json_dict() for delivery in self.state.deliveries]
        return JSONResponse(summary)

    async def admin_get_faults(self, request: Request) -> Response:
        return JSONResponse(self._faults_json())

    async def admin_set_faults(self, request: Request) -> Response:
        payload = _parse_json_object(await request.body())
        faults = self.state.faults
        scripted = {name: payload.pop(name) for name in list(payload) if name in _SCRIPTED_FAULTS}
        if payload:
            faults.configure(parse_model(FaultConfig, {**faults.config.model_dump(by_alias=True), **payload}))
        for name, apply in _SCRIPTED_FAULTS.items():
            if name in scripted:
                apply(faults, scripted[name])
        logger.info("sandbox: faults now %s", self._faults_json())
        return JSONResponse(self._faults_json())

    def _faults_json(self) -> dict[str, Any]:
        faults = self.state.faults
        return {
            "config": faults.config.model_dump(mode="json", by_alias=True),
            "scriptedPending": faults.scripted_pending,
            "injected": dict(faults.injected),
        }


def _count(spec: Any, extra: str | None = None) -> tuple[int, Any]:
    """``n`` or ``{"count": n, extra: value}`` from a scripted-fault request."""
    count, value = (spec, None) if not isinstance(spec, dict) else (spec.get("count"), spec.get(extra or ""))
    if isinstance(count, bool) or not isinstance(count, int) or count < 0:
        raise invalid('a scripted fault is a count >= 0 or {"count": n, ...}')
    return count, value


def _fail_next(faults: FaultInjector, spec: Any) -> None:
    count, status = _count(spec, "status")
    if status is not None and not (isinstance(status, int) and 500 <= status <= 599):
        raise invalid("failNext.status must be a 5xx status")
    faults.fail_next(count, status=status or 503)


def _rate_limit_next(faults: FaultInjector, spec: Any) -> None:
    count, retry_after = _count(spec, "retryAfter")
    if retry_after is not None and not (isinstance(retry_after, int) and retry_after >= 0):
        raise invalid("rateLimitNext.retryAfter must be a number of seconds")
    faults.rate_limit_next(count, retry_after=1 if retry_after is None else retry_after)


def _clear_scripted(faults: FaultInjector, spec: Any) -> None:
    if spec:
        faults.clear_scripted()


_SCRIPTED_FAULTS: dict[str, Callable[[FaultInjector, Any], None]] = {
    "clearScripted": _clear_scripted,  # first, so {"clearScripted": true, "failNext": 1} means exactly one
    "failNext": _fail_next,
    "rateLimitNext": _rate_limit_next,
    "timeoutNext": lambda faults, spec: faults.timeout_next(_count(spec)[0]),
    "loseResponseNext": lambda faults, spec: faults.lose_response_next(_count(spec)[0]),
}

