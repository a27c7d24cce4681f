"""The sandbox spa's mutable in-memory state: the book, the clients, the outbox, and every change it makes.

Objects are never mutated in place: each change stores a new pydantic object, so the ``SpaData`` given to
the sandbox (often a test fixture) is never altered. Every change to an appointment sets ``updatedAt`` to
the clock's now and bumps ``version``; stamps are strictly increasing even when the clock stands still (a
frozen test clock), so ``updatedAt > updatedSince`` never misses a change made in the same instant.
"""

from __future__ import annotations

import logging
import re
import uuid
from bisect import bisect_left
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from spa_copilot.domain import (
    Appointment,
    AppointmentStatus,
    BookingRequest,
    Cancellation,
    Client,
    HistoryOutcome,
    HistoryRecord,
    InboundMessage,
    Location,
    MessageChannel,
    OutboundMessage,
    Resource,
    SentMessage,
    Service,
    ServiceLine,
    SpaData,
    Staff,
    WaitlistEntry,
    WaitlistStatus,
    folded,
)
from spa_copilot.sandbox.faults import FaultInjector
from spa_copilot.sandbox.webhook_delivery import Delivery, WebhookDispatcher

logger = logging.getLogger(__name__)

M = TypeVar("M", bound=BaseModel)

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
ONE_MICROSECOND = timedelta(microseconds=1)
LATE_CANCEL_WINDOW = timedelta(hours=24)
#: No service's buffer is longer than this; used to skip appointments far from a requested slot.
MAX_BUFFER = timedelta(hours=12)

CLIENT_PATCH_FIELDS = frozenset({"customFields", "tags"})
WAITLIST_PATCH_FIELDS = frozenset({"status", "serviceIds", "staffIds", "dateFrom", "dateTo", "timeWindows"})
WAITLIST_CREATE_FIELDS = WAITLIST_PATCH_FIELDS | {"locationId", "clientId"}


class ApiError(Exception):
    """A request the sandbox refuses, answered as ``{"error": {"code", "message"}}`` with ``status``."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message

    def to_json_dict(self) -> dict[str, Any]:
        """The contract's error body."""
        return {"error": {"code": self.code, "message": self.message}}


def invalid(message: str) -> ApiError:
    """A 400 for a malformed or inconsistent request."""
    return ApiError(400, "invalid_request", message)


def not_found(kind: str, object_id: str) -> ApiError:
    """A 404 for an unknown id in the path."""
    return ApiError(404, "not_found", f"{kind} {object_id!r} not found")


def parse_model(model: type[M], payload: Any) -> M:
    """Validate a request body into a domain model, or a 400 naming each bad field."""
    try:
        return model.model_validate(payload)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(part) for part in error['loc']) or 'body'}: {error['msg']}" for error in exc.errors()
        )
        raise invalid(problems) from None


def micros(value: datetime) -> int:
    """An instant as integer microseconds since the epoch (exact, for sort keys and cursors)."""
    return (value - EPOCH) // ONE_MICROSECOND


def utc_now() -> datetime:
    """The real current time, in UTC."""
    return datetime.now(UTC)


@dataclass(frozen=True)
class OutboxEntry:
    """A message the sandbox "sent" to a client, with the idempotency key it was sent under."""

    message: SentMessage
    idempotency_key: str | None

    def to_json_dict(self) -> dict[str, Any]:
        """The message's contract shape plus ``idempotencyKey``."""
        return {**self.message.to_json_dict(), "idempotencyKey": self.idempotency_key}


@dataclass(frozen=True)
class StoredResponse:
    """The first response to an idempotency key, replayed for every repeat of the same request."""

    fingerprint: str
    status: int
    body: bytes


Interval = tuple[datetime, datetime]


def _overlaps(a: Interval, b: Interval) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _staff_intervals(service: Service | None, start: datetime, end: datetime) -> list[Interval]:
    """When a therapist is busy on a line: all of it, except the processing time in the middle."""
    if service is None or service.processing_minutes == 0:
        return [(start, end)]
    processing_from = start + timedelta(minutes=service.duration_minutes)
    processing_to = processing_from + timedelta(minutes=service.processing_minutes)
    busy = [(start, min(processing_from, end))]
    if processing_to < end:
        busy.append((processing_to, end))
    return busy


def _room_interval(service: Service | None, start: datetime, end: datetime) -> Interval:
    """When a room or equipment is busy on a line: all of it, plus the turnover buffer."""
    buffer = timedelta(minutes=service.buffer_minutes) if service else timedelta(0)
    return (start, end + buffer)


def _new_id(prefix: str) -> str:
    return f"{prefix}_{uuid.uuid4().hex[:12]}"


def _digits(value: str) -> str:
    return re.sub(r"\D", "", value)


class SandboxState:
    """The whole spa, changeable through the API and the admin endpoints, plus faults and webhooks."""

    def __init__(
        self,
        data: SpaData,
        *,
        clock: Callable[[], datetime] = utc_now,
        faults: FaultInjector | None = None,
        webhooks: WebhookDispatcher | None = None,
    ) -> None:
        self.clock = clock
        self.faults = faults or FaultInjector()
        self.webhooks = webhooks or WebhookDispatcher(None, None, clock=clock)
        self.locations: dict[str, Location] = {item.id: item for item in data.locations}
        self.staff: dict[str, Staff] = {item.id: item for item in data.staff}
        self.resources: dict[str, Resource] = {item.id: item for item in data.resources}
        self.services: dict[str, Service] = {item.id: item for item in data.services}
        self.clients: dict[str, Client] = {item.id: item for item in data.clients}
        self.appointments: dict[str, Appointment] = {item.id: item for item in data.appointments}
        self.waitlist: dict[str, WaitlistEntry] = {item.id: item for item in data.waitlist}
        self.outbox: list[OutboxEntry] = []
        self.inbox: list[InboundMessage] = []
        self.idempotency: dict[str, StoredResponse] = {}
        self._last_stamp: datetime | None = None
        # Derived from the appointments, rebuilt lazily after any change to them.
        self._by_start: list[Appointment] | None = None
        self._first_by_client: dict[str, str] | None = None

    def put_appointment(self, appointment: Appointment) -> None:
        """Add or replace an appointment as given (no stamp, no webhook): for tests and demos planting state.

        Always go through this (or the API) rather than assigning into ``appointments``: it keeps the
        derived indexes right.
        """
        self.appointments[appointment.id] = appointment
        self._by_start = None
        self._first_by_client = None

    def _appointments_by_start(self) -> list[Appointment]:
        if self._by_start is None:
            self._by_start = sorted(self.appointments.values(), key=lambda appt: (appt.start_at, appt.id))
        return self._by_start

    # ---- time ----------------------------------------------------------------------------------------

    def now(self) -> datetime:
        """The sandbox clock's now (timezone-aware)."""
        value = self.clock()
        if value.tzinfo is None:
            raise ValueError("the sandbox clock must return timezone-aware datetimes")
        return value

    def _stamp(self) -> datetime:
        """``now``, nudged one microsecond past the previous stamp if the clock has not moved."""
        stamp = self.now()
        if self._last_stamp is not None and stamp <= self._last_stamp:
            stamp = self._last_stamp + ONE_MICROSECOND
        self._last_stamp = stamp
        return stamp

    # ---- webhooks ------------------------------------------------------------------------------------

    @property
    def deliveries(self) -> list[Delivery]:
        """Every webhook queued for the configured URL, with its outcome."""
        return self.webhooks.deliveries

    @property
    def events(self) -> list[dict[str, Any]]:
        """Every webhook envelope the sandbox produced (recorded even without a URL)."""
        return self.webhooks.events

    async def drain_webhooks(self) -> None:
        """Wait until every queued webhook was delivered or given up on."""
        await self.webhooks.drain()

    # ---- reads ---------------------------------------------------------------------------------------

    def find_appointments(
        self,
        *,
        location_id: str | None = None,
        start_from: datetime | None = None,
        start_to: datetime | None = None,
        statuses: Iterable[AppointmentStatus] | None = None,
        updated_since: datetime | None = None,
        client_id: str | None = None,
    ) -> list[Appointment]:
        """Appointments matching every filter, ordered by (startAt, id)."""
        wanted = frozenset(statuses) if statuses else None
        ordered = self._appointments_by_start()
        low = 0 if start_from is None else bisect_left(ordered, start_from, key=lambda appt: appt.start_at)
        high = len(ordered) if start_to is None else bisect_left(ordered, start_to, key=lambda appt: appt.start_at)
        return [
            appt
            for appt in ordered[low:high]
            if (location_id is None or appt.location_id == location_id)
            and (client_id is None or appt.client_id == client_id)
            and (wanted is None or appt.status in wanted)
            and (updated_since is None or self._changed_after(appt, updated_since))
        ]

    @staticmethod
    def _changed_after(appt: Appointment, since: datetime) -> bool:
        changed = appt.updated_at or appt.created_at
        return changed is not None and changed > since

    def search_clients(self, query: str) -> list[tuple[int, Client]]:
        """Clients whose id, name, email or phone contains ``query`` (case and accents aside, as a real search
        compares them: ``zoe`` finds Zoë, ``Zoë`` finds Zoe), with a rank (0 best)."""
        needle = folded(query.strip())
        needle_digits = _digits(needle) if re.fullmatch(r"[\d\s()+.\-]{3,}", needle) else ""
        ranked: list[tuple[int, Client]] = []
        for client in self.clients.values():
            rank = self._match_rank(client, needle, needle_digits)
            if rank is not None:
                ranked.append((rank, client))
        return ranked

    @staticmethod
    def _match_rank(client: Client, needle: str, needle_digits: str) -> int | None:
        """0 exact, 1 prefix of a field or name part, 2 substring; None when nothing matches."""
        if not needle:
            return 0
        fields = [folded(client.id), folded(client.display_name), folded(client.email or "")]
        words = [folded(client.first_name), folded(client.last_name)]
        phone = _digits(client.mobile_phone or "")
        if needle in fields or (needle_digits and needle_digits == phone):
            return 0
        if any(value.startswith(needle) for value in fields + words):
            return 1
        if any(needle in value for value in fields) or (needle_digits and needle_digits in phone):
            return 2
        return None

    def find_waitlist(self, *, location_id: str | None = None, on: date | None = None) -> list[WaitlistEntry]:
        """Waitlist entries of a location whose [dateFrom, dateTo] contains ``on``, oldest first."""
        matches = [
            entry
            for entry in self.waitlist.values()
            if (location_id is None or entry.location_id == location_id)
            and (on is None or entry.date_from <= on <= entry.date_to)
        ]
        return sorted(matches, key=lambda entry: (entry.created_at, entry.id))

    def history(self, *, start: datetime, end: datetime) -> list[HistoryRecord]:
        """History rows of appointments that started in [start, end) and have an outcome, by (startAt, id)."""
        return [self.history_record(appt) for appt in self.finished_appointments(start=start, end=end)]

    def finished_appointments(self, *, start: datetime, end: datetime) -> list[Appointment]:
        """Appointments started in [start, end) that have an outcome, by (startAt, id).

        Appointments still open (pendingCompletion, unconfirmed, confirmed) have no outcome yet and are left
        out; checkedIn counts as completed.
        """
        return [appt for appt in self.find_appointments(start_from=start, start_to=end) if has_outcome(appt)]

    def history_record(self, appt: Appointment) -> HistoryRecord:
        """The report row of a finished appointment: newClient when it is the client's first appointment."""
        outcome = _outcome(appt)
        if outcome is None:
            raise ValueError(f"appointment {appt.id} has no outcome yet")
        if self._first_by_client is None:
            first: dict[str, str] = {}
            for earlier in self._appointments_by_start():
                first.setdefault(earlier.client_id, earlier.id)
            self._first_by_client = first
        line = appt.services[0] if appt.services else None
        service = self.services.get(line.service_id) if line else None
        return HistoryRecord(
            appointment_id=appt.id,
            client_id=appt.client_id,
            location_id=appt.location_id,
            booked_at=appt.created_at or appt.start_at,
            start_at=appt.start_at,
            service_id=line.service_id if line else "",
            category=service.category if service else "",
            price=service.price if service else 0.0,
            staff_id=line.staff_id if line else None,
            source=appt.source or "unknown",
            deposit=appt.deposit_paid,
            new_client=self._first_by_client.get(appt.client_id) == appt.id,
            outcome=outcome,
            cancelled_at=appt.cancellation.cancelled_at if appt.cancellation else None,
        )

    def summary(self) -> dict[str, Any]:
        """Counts of everything, for ``GET /sandbox/state``."""
        return {
            "now": self.now().isoformat(),
            "locations": len(self.locations),
            "staff": len(self.staff),
            "resources": len(self.resources),
            "services": len(self.services),
            "clients": len(self.clients),
            "appointments": len(self.appointments),
            "appointmentsByStatus": dict(Counter(str(a.status) for a in self.appointments.values())),
            "waitlist": len(self.waitlist),
            "waitlistByStatus": dict(Counter(str(w.status) for w in self.waitlist.values())),
            "outbox": len(self.outbox),
            "inbox": len(self.inbox),
            "idempotencyKeys": len(self.idempotency),
            "webhookEvents": len(self.events),
            "webhookDeliveries": dict(Counter(d.status for d in self.deliveries)),
            "faultsInjected": dict(self.faults.injected),
        }

    # ---- lookups that answer 404 ---------------------------------------------------------------------

    def appointment(self, appointment_id: str) -> Appointment:
        """One appointment, or a 404."""
        if appointment_id not in self.appointments:
            raise not_found("appointment", appointment_id)
        return self.appointments[appointment_id]

    def client(self, client_id: str) -> Client:
        """One client, or a 404."""
        if client_id not in self.clients:
            raise not_found("client", client_id)
        return self.clients[client_id]

    def waitlist_entry(self, entry_id: str) -> WaitlistEntry:
        """One waitlist entry, or a 404."""
        if entry_id not in self.waitlist:
            raise not_found("waitlist entry", entry_id)
        return self.waitlist[entry_id]

    # ---- writes through the API ----------------------------------------------------------------------

    def update_client(self, client_id: str, patch: dict[str, Any]) -> Client:
        """Merge ``customFields`` (a null value removes a field) and replace ``tags``; nothing else may change."""
        client = self.client(client_id)
        unknown = sorted(set(patch) - CLIENT_PATCH_FIELDS)
        if unknown:
            raise invalid(f"only customFields and tags can be changed, not {', '.join(unknown)}")
        if not patch:
            raise invalid("nothing to change: send customFields and/or tags")
        custom_fields = dict(client.custom_fields)
        if "customFields" in patch:
            changes = patch["customFields"]
            if not isinstance(changes, dict):
                raise invalid("customFields must be an object")
            for name, value in changes.items():
                if value is None:
                    custom_fields.pop(name, None)
                else:
                    custom_fields[name] = value
        tags = client.tags
        if "tags" in patch:
            tags = patch["tags"]
            if not isinstance(tags, list) or not all(isinstance(tag, str) for tag in tags):
                raise invalid("tags must be a list of strings")
        updated = client.model_copy(update={"custom_fields": custom_fields, "tags": list(tags)})
        self.clients[client_id] = updated
        logger.info("sandbox: client %s updated (%s)", client_id, ", ".join(sorted(patch)))
        return updated

    def update_waitlist_entry(self, entry_id: str, patch: dict[str, Any]) -> WaitlistEntry:
        """Change an entry's status, services, staff, dates or time windows."""
        entry = self.waitlist_entry(entry_id)
        unknown = sorted(set(patch) - WAITLIST_PATCH_FIELDS)
        if unknown:
            raise invalid(f"waitlist fields that cannot be changed: {', '.join(unknown)}")
        updated = parse_model(WaitlistEntry, {**entry.to_json_dict(), **patch})
        self._check_waitlist_refs(updated)
        self.waitlist[entry_id] = updated
        logger.info("sandbox: waitlist entry %s updated (%s)", entry_id, ", ".join(sorted(patch)))
        return updated

    def create_waitlist_entry(self, body: dict[str, Any]) -> WaitlistEntry:
        """Add an entry (status ``waiting`` unless given); the sandbox assigns ``id`` and ``createdAt``."""
        unknown = sorted(set(body) - WAITLIST_CREATE_FIELDS)
        if unknown:
            raise invalid(f"unknown or server-assigned waitlist fields: {', '.join(unknown)}")
        entry = parse_model(WaitlistEntry, {**body, "id": _new_id("wl"), "createdAt": self.now().isoformat()})
        if entry.location_id not in self.locations:
            raise invalid(f"unknown location {entry.location_id!r}")
        if entry.client_id not in self.clients:
            raise invalid(f"unknown client {entry.client_id!r}")
        self._check_waitlist_refs(entry)
        self.waitlist[entry.id] = entry
        logger.info("sandbox: waitlist entry %s created for client %s", entry.id, entry.client_id)
        return entry

    def _check_waitlist_refs(self, entry: WaitlistEntry) -> None:
        if entry.date_from > entry.date_to:
            raise invalid("dateFrom must not be after dateTo")
        unknown = [sid for sid in entry.service_ids if sid not in self.services]
        unknown += [sid for sid in entry.staff_ids if sid not in self.staff]
        if unknown:
            raise invalid(f"unknown services or staff: {', '.join(unknown)}")

    def book(self, request: BookingRequest) -> Appointment:
        """Book one service if the staff member and resources are free (409 otherwise); status confirmed."""
        service = self._check_booking_refs(request)
        entry = self._booking_waitlist_entry(request)
        try:
            end = request.start_at + timedelta(minutes=service.length_minutes)
        except OverflowError:
            raise invalid("startAt is out of range") from None
        reason = self.conflict_reason(
            staff_id=request.staff_id,
            resource_ids=request.resource_ids,
            service=service,
            start=request.start_at,
            end=end,
        )
        if reason:
            raise ApiError(409, "slot_unavailable", reason)
        stamp = self._stamp()
        appointment_id = _new_id("apt")
        appointment = Appointment(
            id=appointment_id,
            location_id=request.location_id,
            client_id=request.client_id,
            status=AppointmentStatus.confirmed,
            start_at=request.start_at,
            end_at=end,
            source=request.source,
            services=[
                ServiceLine(
                    id=f"{appointment_id}-1",
                    service_id=service.id,
                    service_name=service.name,
                    staff_id=request.staff_id,
                    start_at=request.start_at,
                    end_at=end,
                    resource_ids=list(request.resource_ids),
                )
            ],
            notes=request.notes,
            created_at=stamp,
            updated_at=stamp,
            version=1,
        )
        self.put_appointment(appointment)
        if entry is not None:
            self.waitlist[entry.id] = entry.model_copy(update={"status": WaitlistStatus.booked})
        logger.info(
            "sandbox: booked %s for client %s (service %s, staff %s, waitlist %s)",
            appointment_id, request.client_id, service.id, request.staff_id, request.waitlist_entry_id,
        )
        self.webhooks.emit("appointment.created", {"appointment": appointment.to_json_dict()})
        return appointment

    def _check_booking_refs(self, request: BookingRequest) -> Service:
        if request.location_id not in self.locations:
            raise invalid(f"unknown location {request.location_id!r}")
        if request.client_id not in self.clients:
            raise invalid(f"unknown client {request.client_id!r}")
        service = self.services.get(request.service_id)
        if service is None:
            raise invalid(f"unknown service {request.service_id!r}")
        staff = self.staff.get(request.staff_id)
        if staff is None or not staff.active:
            raise invalid(f"unknown or inactive staff member {request.staff_id!r}")
        # staff may be booked at another location than their own, as in Mangomint (a therapist who floats)
        for resource_id in request.resource_ids:
            resource = self.resources.get(resource_id)
            if resource is None or resource.location_id != request.location_id:
                raise invalid(f"unknown resource {resource_id!r} at location {request.location_id!r}")
        return service

    def _booking_waitlist_entry(self, request: BookingRequest) -> WaitlistEntry | None:
        if request.waitlist_entry_id is None:
            return None
        entry = self.waitlist.get(request.waitlist_entry_id)
        if entry is None:
            raise invalid(f"unknown waitlist entry {request.waitlist_entry_id!r}")
        if entry.client_id != request.client_id:
            raise invalid(f"waitlist entry {entry.id!r} belongs to another client")
        if entry.status == WaitlistStatus.booked:
            raise ApiError(409, "waitlist_entry_booked", f"waitlist entry {entry.id!r} is already booked")
        return entry

    def conflict_reason(
        self, *, staff_id: str, resource_ids: list[str], service: Service, start: datetime, end: datetime
    ) -> str | None:
        """Why the slot cannot be booked (staff busy, resource at capacity), or None when it is free."""
        wanted_staff = _staff_intervals(service, start, end)
        wanted_room = _room_interval(service, start, end)
        usage: Counter[str] = Counter()
        for appt in self.appointments.values():
            if not appt.is_active or appt.start_at >= wanted_room[1] or appt.end_at + MAX_BUFFER <= start:
                continue
            for line in appt.services:
                line_service = self.services.get(line.service_id)
                if line.staff_id == staff_id and any(
                    _overlaps(mine, theirs)
                    for mine in wanted_staff
                    for theirs in _staff_intervals(line_service, line.start_at, line.end_at)
                ):
                    return (
                        f"staff member {staff_id} is busy with appointment {appt.id} "
                        f"({line.start_at.isoformat()} to {line.end_at.isoformat()})"
                    )
                shared = set(resource_ids) & set(line.resource_ids)
                if shared and _overlaps(wanted_room, _room_interval(line_service, line.start_at, line.end_at)):
                    usage.update(shared)
        for resource_id in resource_ids:
            capacity = self.resources[resource_id].capacity
            if usage[resource_id] >= capacity:
                return f"resource {resource_id} is fully booked at that time ({usage[resource_id]}/{capacity})"
        return None

    def send_message(self, client_id: str, message: OutboundMessage, *, idempotency_key: str | None) -> SentMessage:
        """Record a message "sent" to a client in the outbox. A text to a client with no mobile number is refused
        (``422 no_mobile_number``), as a real gateway refuses it, and nothing is recorded."""
        client = self.client(client_id)
        if message.channel == MessageChannel.sms and not client.has_mobile_number:
            raise ApiError(422, "no_mobile_number", f"client {client_id!r} has no mobile number: no text can be sent")
        sent = SentMessage(
            **message.model_dump(), id=_new_id("msg"), client_id=client_id, sent_at=self.now()
        )
        self.outbox.append(OutboxEntry(sent, idempotency_key))
        logger.info(
            "sandbox: message %s to client %s (%s, %s, approved by %s, key %s)",
            sent.id, client_id, sent.channel, sent.purpose, sent.approved_by, idempotency_key,
        )
        return sent

    # ---- admin changes (the outside world acting) ----------------------------------------------------

    def cancel(self, appointment_id: str, *, reason: str | None = None, by: str | None = None) -> Appointment:
        """Cancel an appointment as the client or the spa would; late when it starts within 24 hours."""
        appt = self.appointment(appointment_id)
        if appt.status == AppointmentStatus.cancelled:
            raise ApiError(409, "already_cancelled", f"appointment {appointment_id!r} is already cancelled")
        stamp = self._stamp()
        cancellation = Cancellation(
            cancelled_at=stamp,
            cancelled_by=by,
            reason=reason,
            late_cancel=appt.start_at - stamp < LATE_CANCEL_WINDOW,
        )
        updated = appt.model_copy(
            update={
                "status": AppointmentStatus.cancelled,
                "cancellation": cancellation,
                "updated_at": stamp,
                "version": appt.version + 1,
            }
        )
        self.put_appointment(updated)
        logger.info("sandbox: appointment %s cancelled (late %s)", appointment_id, cancellation.late_cancel)
        self.webhooks.emit("appointment.cancelled", {"appointment": updated.to_json_dict()})
        return updated

    def move(self, appointment_id: str, *, start_at: datetime, staff_id: str | None = None) -> Appointment:
        """Reschedule an appointment as the front desk would in Mangomint: every line moves with the start (its
        length kept), its first line onto ``staff_id`` when given (a four-hands booking keeps its second therapist). Nothing is checked for availability: a desk can double-book,
        and the copilot's alerts are there to say so."""
        appt = self.appointment(appointment_id)
        if appt.status == AppointmentStatus.cancelled:
            raise ApiError(409, "already_cancelled", f"appointment {appointment_id!r} is cancelled")
        if start_at.tzinfo is None:
            raise invalid("startAt needs a UTC offset")
        if staff_id is not None and (staff_id not in self.staff or not self.staff[staff_id].active):
            raise invalid(f"unknown or inactive staff member {staff_id!r}")
        try:  # every time, in UTC too, between the years 1 and 9999 (the calendar's and the copilot's dates)
            delta = start_at - appt.start_at
            lines = [
                line.model_copy(update={
                    "start_at": line.start_at + delta, "end_at": line.end_at + delta,
                    **({"staff_id": staff_id} if staff_id is not None and index == 0 else {}),
                })
                for index, line in enumerate(appt.services)
            ]
            times = [appt.start_at + delta, appt.end_at + delta, *(t for line in lines for t in (line.start_at, line.end_at))]
            for moment in times:
                moment.astimezone(UTC)
        except OverflowError:
            raise invalid("startAt moves the appointment past the dates a calendar holds (years 1 to 9999, in UTC "
                          "too)") from None
        updated = appt.model_copy(update={
            "start_at": times[0], "end_at": times[1], "services": lines,
            "updated_at": self._stamp(), "version": appt.version + 1,
        })
        self.put_appointment(updated)
        logger.info("sandbox: appointment %s moved to %s", appointment_id, updated.start_at.isoformat())
        self.webhooks.emit("appointment.updated", {"appointment": updated.to_json_dict()})
        return updated

    def receive_reply(
        self, client_id: str, body: str, *, channel: MessageChannel = MessageChannel.sms
    ) -> InboundMessage:
        """A client's reply arrives: recorded and sent on as a ``message.received`` webhook.

        As an SMS provider must, a text that is just an opt-out keyword (STOP, UNSUBSCRIBE, …) opts the client out
        of all texts, and START or UNSTOP opts them back in to transactional texts (marketing stays as it is: that
        needs its own consent), before the webhook goes out."""
        client = self.client(client_id)
        keyword = body.strip().strip(".!").lower()
        if channel == MessageChannel.sms and keyword in _TEXT_KEYWORDS:
            value = _TEXT_KEYWORDS[keyword]
            update = {"transactional_text": value}
            if value == "optedOut":
                update["marketing_text"] = value
            preferences = client.messaging_preferences.model_copy(update=update)
            self.clients[client_id] = client.model_copy(update={"messaging_preferences": preferences})
        message = InboundMessage(
            id=_new_id("inmsg"), client_id=client_id, channel=channel, body=body, received_at=self.now()
        )
        self.inbox.append(message)
        logger.info("sandbox: reply %s from client %s", message.id, client_id)
        self.webhooks.emit("message.received", {"message": message.to_json_dict()})
        return message


#: The keywords an SMS provider answers by itself (CTIA's, and REVOKE and OPT OUT, which the FCC's 2025 rules add): a
#: text of only one of these changes the client's consent.
_TEXT_KEYWORDS = {
    **dict.fromkeys(
        ("stop", "stopall", "stop all", "unsubscribe", "cancel", "end", "quit", "revoke", "optout", "opt out", "opt-out"),
        "optedOut",
    ),
    **dict.fromkeys(("start", "unstop"), "optedIn"),
}


def has_outcome(appt: Appointment) -> bool:
    """Whether the appointment belongs in the history report (it is over: completed, no-show or cancelled)."""
    return _outcome(appt) is not None


def _outcome(appt: Appointment) -> HistoryOutcome | None:
    if appt.status in (AppointmentStatus.completed, AppointmentStatus.checked_in):
        return "completed"
    if appt.status == AppointmentStatus.no_show:
        return "noShow"
    if appt.status == AppointmentStatus.cancelled:
        return "lateCancel" if appt.cancellation and appt.cancellation.late_cancel else "cancelled"
    return None
