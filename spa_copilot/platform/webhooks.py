"""Webhooks from Mangomint or the sandbox: verify either auth style, parse either payload shape.

Two verification styles are accepted (``docs/mangomint-contract.md``):

- the contract's HMAC: ``X-Webhook-Signature: v1=<hex>`` over ``f"{X-Webhook-Timestamp}.{body}"``, with
  the timestamp within ``tolerance_seconds`` of now in either direction;
- the real Mangomint add-on's shared secret, chosen by the spa: ``X-Webhook-Secret`` header or ``?key=``.

Two payload shapes are parsed into one ``WebhookEvent``:

- the contract envelope ``{id, type, createdAt, data}``;
- the real add-on's body, which has no envelope: ``{"appointment": {id, createdAt, dateTime,
  services: [{service: {name}, price}], clientInfo | onlineBookingClientInfo: {id, …}}}`` or
  ``{"sale": {…}}``. Its id is derived from a hash of the body, so a redelivery dedupes.

A webhook is a hint: the app re-reads the appointment through the client before acting on it.
Errors: ``WebhookAuthError`` (→ 401) and ``WebhookPayloadError`` (→ 400).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import math
import re
from collections.abc import Mapping
from datetime import UTC, datetime, tzinfo
from typing import Any, Literal

from pydantic import Field, TypeAdapter, ValidationError

from spa_copilot.domain import OTHER_CHANNEL, Appointment, InboundMessage, Model, letters_only, scalar_id
from spa_copilot.platform.errors import WebhookAuthError, WebhookPayloadError
from spa_copilot.platform.mangomint import read_model
from spa_copilot.platform.signing import (
    SECRET_HEADER,
    SIGNATURE_HEADER,
    TIMESTAMP_HEADER,
    in_milliseconds,
    signature_matches,
)

logger = logging.getLogger(__name__)

SECRET_QUERY_PARAM = "key"

APPOINTMENT_CREATED = "appointment.created"
APPOINTMENT_UPDATED = "appointment.updated"
APPOINTMENT_CANCELLED = "appointment.cancelled"
SALE_COMPLETED = "sale.completed"
FORM_SUBMITTED = "form.submitted"
MESSAGE_RECEIVED = "message.received"
#: The appointment events the copilot acts on (each needs its ``data.appointment``); any other type is ignored.
APPOINTMENT_EVENTS = frozenset({APPOINTMENT_CREATED, APPOINTMENT_UPDATED, APPOINTMENT_CANCELLED})

#: Every event type the contract names (another one parses and is ignored).
CONTRACT_EVENTS = APPOINTMENT_EVENTS | {SALE_COMPLETED, FORM_SUBMITTED, MESSAGE_RECEIVED}
#: The top-level objects of the real add-on's bodies (``_parse_real``).
_REAL_BODY_KEYS = ("appointment", "sale", "form", "formSubmission")
#: Where a gateway names its event beside a ``type`` of its own ("webhook"): such a body with an appointment under
#: ``data`` is the gateway's, not an envelope of a future contract type ("appointment.archived", ignored).
_GATEWAY_EVENT_KEYS = frozenset({"event", "eventType", "trigger"})

#: Event names the real add-on or a gateway might put in the body, squashed to lowercase letters.
_EVENT_ALIASES = {
    "appointmentbooked": APPOINTMENT_CREATED,
    "appointmentcreated": APPOINTMENT_CREATED,
    "appointmentupdated": APPOINTMENT_UPDATED,
    "appointmentcanceled": APPOINTMENT_CANCELLED,
    "appointmentcancelled": APPOINTMENT_CANCELLED,
    "salecompleted": SALE_COMPLETED,
    "formsubmitted": FORM_SUBMITTED,
}
_EVENT_HINT_KEYS = ("type", "event", "eventType", "trigger")
#: An envelope's ``type`` spelled otherwise ("appointment.canceled", "Appointment.Cancelled", "appointment_cancelled"),
#: squashed as ``_EVENT_ALIASES`` are, to the contract's own (``_contract_type``).
_CONTRACT_SPELLINGS = _EVENT_ALIASES | {letters_only(name): name for name in CONTRACT_EVENTS}

_datetime = TypeAdapter(datetime)


class AppointmentRef(Model):
    """What a webhook says about an appointment, enough to re-read it: ids, start, service names."""

    appointment_id: str
    client_id: str | None = None
    location_id: str | None = None
    start_at: datetime | None = None  # the add-on's ``dateTime`` may carry no offset
    created_at: datetime | None = None
    service_names: list[str] = Field(default_factory=list)
    price: float | None = None
    status: str | None = None
    online_booking: bool = False


class UnzonedTime(Model):
    """A reply's ``receivedAt`` that named no instant (a clock reading without an offset, or a date alone): what the
    sender wrote, for the reply's handler to place (``instant``) once it knows when the copilot received the reply
    and which clock the spa keeps; or the envelope's ``createdAt`` with an offset that stood for it (``stood_in``)."""

    reading: datetime  # naive: the sender's clock, in a zone it did not say
    date_only: bool = False
    location_id: str | None = None  # the location the body names, if it names one
    #: The envelope's ``createdAt`` that stands for the reply's time: when the sender made the event, after the reply
    #: came (after an outage, minutes after): never the reply's own stamp (rev43a M2).
    stood_in: datetime | None = None

    def instant(self, *, received: datetime, zone: tzinfo | None) -> datetime:
        """When the reply came, as faithfully as can be told, never after ``received`` (when the copilot received it).

        A clock reading is read on ``zone`` (the location's clock, the only one the spa keeps), the later instant of
        a reading the clocks' fall-back hour makes twice (and of one their spring-forward skips): a sender writing
        the spa's own clock is read exactly, a reply delivered late (a retry) keeps its time. Without a zone, and for
        a date alone (no time of day at all), the reply is dated when the copilot received it: a reading taken in a
        zone it was not written in (UTC, for New York's 9:00am, gave 4:00am) could date a YES before the offer it
        answers, and nothing was booked."""
        if self.stood_in is not None:
            return self.stood_in
        received = received.astimezone(UTC)
        if zone is None or self.date_only:
            return received
        local = max(self.reading.replace(tzinfo=zone, fold=fold).astimezone(UTC) for fold in (0, 1))
        return min(local, received)  # a clock ahead of ours, or a zone it was not written in: no later than received


class WebhookEvent(Model):
    """One webhook, whichever shape it came in. Unknown ``type``s parse fine; the app ignores them."""

    id: str
    type: str
    created_at: datetime | None = None
    data: dict[str, Any] = Field(default_factory=dict)
    source: Literal["contract", "mangomint"] = "contract"
    appointment: Appointment | None = None
    message: InboundMessage | None = None
    appointment_ref: AppointmentRef | None = None
    #: A ``message.received`` whose ``receivedAt`` named no instant: ``message.received_at`` then reads its clock as
    #: UTC for want of better (a date alone as its midnight), and the reply's handler places it (``UnzonedTime``).
    message_time: UnzonedTime | None = None


def verify_webhook(
    headers: Mapping[str, str],
    body: bytes,
    query: Mapping[str, str],
    *,
    secret: str,
    now: float,
    tolerance_seconds: int = 300,
) -> None:
    """Raise ``WebhookAuthError`` unless the request carries a valid HMAC signature or the shared secret.

    The configured secret is used without surrounding whitespace: one read from a secret file ends in a newline,
    which no sender signs with (every webhook was refused as wrongly signed).
    """
    secret = secret.strip()
    if not secret:
        raise WebhookAuthError("no webhook secret is configured")
    lowered = _header_fields(headers)
    presented_signature = lowered.get(SIGNATURE_HEADER.lower())
    if presented_signature is not None:
        timestamp = lowered.get(TIMESTAMP_HEADER.lower())
        _verify_signature(presented_signature, timestamp, body, secret, now, tolerance_seconds)
        return
    presented_secret = lowered.get(SECRET_HEADER.lower())
    candidates = [presented_secret]
    if presented_secret is None:
        presented_secret = query.get(SECRET_QUERY_PARAM)
        # A "+" typed into the URL as is (``?key=ab+c/d==``, a base64 secret) reaches us form-decoded, as a space:
        # compared as sent too, with each space a "+" again (the secret itself, both ways, is still what must match).
        candidates = [presented_secret, presented_secret.replace(" ", "+") if presented_secret else None]
    if presented_secret is None:
        raise WebhookAuthError("missing webhook signature or secret")
    matches = [hmac.compare_digest(c.encode(), secret.encode()) for c in candidates if c is not None]
    if not any(matches):
        raise WebhookAuthError("wrong webhook secret")


def _verify_signature(
    presented: str, timestamp: str | None, body: bytes, secret: str, now: float, tolerance_seconds: int
) -> None:
    if timestamp is None:
        raise WebhookAuthError(f"missing {TIMESTAMP_HEADER}")
    try:
        sent_at = int(timestamp.strip())
    except ValueError:
        raise WebhookAuthError(f"malformed {TIMESTAMP_HEADER}") from None
    if in_milliseconds(sent_at, now, tolerance_seconds):
        raise WebhookAuthError(f"{TIMESTAMP_HEADER} is in milliseconds; it takes unix seconds")
    if sent_at < now - tolerance_seconds:
        raise WebhookAuthError("stale webhook timestamp")
    if sent_at > now + tolerance_seconds:
        raise WebhookAuthError("webhook timestamp is in the future")
    if not presented.isascii() or not signature_matches(secret, sent_at, body, presented):
        raise WebhookAuthError("bad webhook signature")


def parse_webhook(body: bytes) -> WebhookEvent:
    """Parse a contract envelope or a real add-on payload; ``WebhookPayloadError`` if it is neither.

    Any other error while reading it (a value of a shape no rule here foresaw) is a ``WebhookPayloadError`` too:
    the sender is told its body could not be read (``400``), never that the copilot broke (a ``500`` with a
    traceback). Only the error's type is logged: its message may quote the body, which holds clients' details.
    """
    try:
        return _parse_body(body)
    except WebhookPayloadError:
        raise
    except Exception as exc:
        logger.warning("webhook body could not be read (%s)", type(exc).__name__)
        raise WebhookPayloadError("webhook body could not be read") from None


def _parse_body(body: bytes) -> WebhookEvent:
    try:
        payload = json.loads(body)
    except (ValueError, TypeError, RecursionError):  # RecursionError: nested deeper than any real payload
        raise WebhookPayloadError("webhook body is not JSON") from None
    if not isinstance(payload, dict):
        raise WebhookPayloadError("webhook body is not a JSON object")
    if _SURROGATE_ESCAPE.search(body):  # only an escape can make one: strict UTF-8 decoding refuses them raw
        try:
            payload = _without_lone_surrogates(payload)
        except RecursionError:
            raise WebhookPayloadError("webhook body is nested too deeply") from None
    if _is_envelope(payload):
        return _parse_envelope(payload)
    return _parse_real(payload)


def _is_envelope(payload: dict[str, Any]) -> bool:
    """Whether ``payload`` is the contract's envelope: a string ``type`` and an object ``data``, unless the ``type``
    is none of the contract's and the body carries the add-on's own ``appointment``, ``sale`` or form at its top
    level, or an appointment under its ``data`` beside an event named under ``event`` (a gateway's ``{"type":
    "webhook", "event": "appointment.canceled", "data": {"appointment": …}}``; ``_GATEWAY_EVENT_KEYS``): then it is an add-on or gateway body that happens to hold a ``type``
    ("Appointment Booked", "webhook") and a ``data``, whose event is read from those (``_parse_real``). Read as an
    envelope of an unknown type, it was acknowledged and handled by nobody.

    A ``type`` that names no event at all (a gateway's ``{"id": "e6", "type": "ping"}``) is an envelope whatever its
    ``data`` (none, ``null``, not an object), acknowledged and ignored as the contract says: refused (``400``), a
    sender's test ping was retried, or the webhook switched off. Without an object ``data`` only a bare one is
    (nothing but scalars beside ``data``): ``{"type": "sms.received", "message": {…}}`` carries what may be a
    guest's YES, and acknowledged and ignored it was lost without a trace; refused, its sender sees the failure. A
    named event without its object ``data`` (``{"type": "appointment.cancelled"}``) is still read by
    ``_parse_real``, which refuses it without its appointment."""
    event_type = payload.get("type")
    if not isinstance(event_type, str):
        return False
    has_data = isinstance(payload.get("data"), dict)
    if has_data and event_type in CONTRACT_EVENTS:
        return True
    if any(isinstance(payload.get(key), dict) for key in _REAL_BODY_KEYS):
        return False
    spelled = letters_only(event_type) in _CONTRACT_SPELLINGS  # "appointment.canceled": the contract's, spelled otherwise
    if has_data and not spelled and _GATEWAY_EVENT_KEYS.intersection(payload) and isinstance(
        payload["data"].get("appointment"), dict
    ):
        return False  # a gateway's {"type": "webhook", "event": "appointment.canceled", "data": {"appointment": …}}
    if has_data:
        return True
    bare = not any(isinstance(value, (dict, list)) for key, value in payload.items() if key != "data")
    return bare and not spelled


_LONE_SURROGATE = re.compile("[\ud800-\udfff]")
_SURROGATE_ESCAPE = re.compile(rb"\\u[dD][89a-fA-F]")


def _without_lone_surrogates(value: Any) -> Any:
    """Every string (keys too) with each lone UTF-16 surrogate replaced by U+FFFD.

    JSON may escape one half of a surrogate pair (``"\\ud83d"``, an emoji cut in two by a sender truncating a
    note or a name), and ``json.loads`` keeps it; such a string cannot be encoded as UTF-8, so hashing the body,
    storing the event id or a reply, or logging would raise (a 500 whose traceback quoted the whole body).
    A well-formed pair is already one character after ``json.loads``, so only broken halves are replaced.
    """
    if isinstance(value, str):
        return _LONE_SURROGATE.sub("\ufffd", value)
    if isinstance(value, dict):
        return {_without_lone_surrogates(k): _without_lone_surrogates(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_without_lone_surrogates(item) for item in value]
    return value


def _header_fields(headers: Mapping[str, str]) -> dict[str, str]:
    """The headers by lower-case name, the signature sent on several lines joined with ", " as HTTP reads a repeated
    field (RFC 9110 5.3): a sender rotating its secret may write its two signatures as two ``X-Webhook-Signature``
    lines, and keeping only the last refused every webhook signed with ours first (probe44b L1). Any other field
    repeated keeps its last line, as before (a proxy repeating the timestamp: rev44b L3)."""
    fields = {key.lower(): value for key, value in headers.items()}
    getlist = getattr(headers, "getlist", None)
    if getlist is not None and (signatures := getlist(SIGNATURE_HEADER)):
        fields[SIGNATURE_HEADER.lower()] = ", ".join(signatures)
    return fields


def webhook_dedupe_key(event: WebhookEvent) -> str:
    """The key under which the store remembers a processed webhook (namespaced by payload shape)."""
    return f"{event.source}:{event.id}"


def body_hash_id(payload: Any) -> str:
    """A stable id for a payload without one: a hash of its canonical JSON (key order does not matter)."""
    canonical = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return "sha256:" + hashlib.sha256(canonical.encode()).hexdigest()[:32]


#: What each of the contract's event types carries in ``data``.
_CARRIES = {MESSAGE_RECEIVED: "message"} | dict.fromkeys(APPOINTMENT_EVENTS, "appointment")


def _contract_type(sent: str, data: dict[str, Any]) -> str:
    """The contract's name for an envelope's ``type`` however it is cased or spelled ("appointment.canceled",
    "Appointment.Cancelled" are ``appointment.cancelled``: acknowledged under their own spelling, a cancellation
    waited for the next poll), when ``data`` holds what that event carries (an appointment, a message); else the type
    as sent, which the copilot acknowledges and ignores, as any type the contract does not name."""
    named = _CONTRACT_SPELLINGS.get(letters_only(sent), sent)
    if named != sent and named in _CARRIES and not isinstance(data.get(_CARRIES[named]), dict):
        return sent
    return named


def _parse_envelope(payload: dict[str, Any]) -> WebhookEvent:
    sent_data = payload.get("data")
    data: dict[str, Any] = sent_data if isinstance(sent_data, dict) else {}  # none only for a type naming no event
    event_type = _contract_type(payload["type"], data)
    event_id = scalar_id(payload.get("id")) or body_hash_id(payload)
    appointment: Appointment | None = None
    ref: AppointmentRef | None = None
    message: InboundMessage | None = None
    message_time: UnzonedTime | None = None
    raw = data.get("appointment")
    if event_type in APPOINTMENT_EVENTS and not isinstance(raw, dict):
        raise WebhookPayloadError(f"{event_type} without data.appointment")
    if event_type.startswith("appointment.") and isinstance(raw, dict):
        # another appointment.* type (one the contract may add, e.g. "appointment.deleted" with only an id) parses
        # without it, and the copilot ignores it: refused, it would be retried for ever
        try:
            appointment = read_model(Appointment, raw)  # "notes": null is no notes, as the client reads it
            ref = _ref_from_appointment(appointment)
        except ValidationError:
            try:
                ref = _ref_from_real(raw, data)  # a gateway forwarding the add-on's shape inside the envelope
            except WebhookPayloadError:
                if event_type in APPOINTMENT_EVENTS:
                    raise
                # a type it does not handle, with an appointment of a shape it does not know: acknowledged, ignored
    elif event_type == MESSAGE_RECEIVED:
        raw_message, message_time = _timed_message(data, payload.get("createdAt"))
        try:
            message = read_model(InboundMessage, _lenient_message(raw_message, event_id))
        except ValidationError:
            raise WebhookPayloadError("message.received without a valid data.message") from None
    return WebhookEvent(
        id=event_id,
        type=event_type,
        created_at=_lenient_datetime(payload.get("createdAt")),
        data=data,
        source="contract",
        appointment=appointment,
        message=message,
        appointment_ref=ref,
        message_time=message_time,
    )


def _lenient_message(raw: Any, event_id: str) -> Any:
    """``data.message`` read leniently, as a reply refused (``400``) is lost (the sender does not send a refused event
    again, no poll reads replies, and nobody learns the guest answered): a ``body`` of ``null`` (or none) as ``""`` (a
    picture or a voice note: read as neither yes nor no, the card's thread asks the staff to follow up); a ``channel``
    missing or ``null`` as ``"other"`` (as one the contract does not name: the words are read, a YES books; probe44b
    M1); an ``id`` missing, ``null`` or empty as its envelope's (``event_id``: the sender's, or a hash of the whole
    body), so each delivery is its own reply (a hash of the words alone made a "No" on Monday and a "No" on Friday
    one reply, the second's thread note never said: rev44b M2)."""
    if not isinstance(raw, dict):
        return raw
    fixed = dict(raw)
    if fixed.get("body") is None:
        fixed["body"] = ""
    if fixed.get("channel") is None:
        fixed["channel"] = OTHER_CHANNEL
    if fixed.get("id") in (None, ""):
        fixed["id"] = f"msg-{event_id}"
    return fixed


def _timed_message(data: dict[str, Any], created_at: Any) -> tuple[Any, UnzonedTime | None]:
    """``data.message`` with a ``receivedAt`` that has no offset placed in time (any other value as it came), and,
    when nothing placed it, what the sender wrote (``UnzonedTime``), for the reply's handler to place.

    Such a time names no instant: the contract asks for an offset, and a message names no location whose zone could
    be read into it here (an appointment's time without one never counts either: the event is a hint, the
    appointment is re-read, and a message cannot be). So the envelope's own ``createdAt``, when it carries an offset,
    stands for it: the sender makes the event after the reply arrives, so the reply is never taken for one sent
    earlier than it was (a YES taken for one sent before the offer, and nothing booked), and the copilot reads no
    reply as sent later than it read it. Without such a ``createdAt``, the clock reading is put here as if UTC, only
    so the message can be read, and the event's ``message_time`` says so: the reply's handler places it on the spa's
    clock or at when it was received (``UnzonedTime.instant``). Refusing the reply instead (``400``) lost it: the
    sender does not send a refused event again. A ``receivedAt`` missing, ``null`` or no time at all is read the same
    way, as a time that says nothing: ``createdAt``, or when the copilot received it.
    """
    raw = data.get("message")
    if not isinstance(raw, dict):
        return raw, None
    key = "receivedAt" if "receivedAt" in raw else "received_at"
    value = raw.get(key)
    received = _lenient_datetime(value)
    if received is not None and received.tzinfo is not None:
        return raw, None
    created = _lenient_datetime(created_at)
    location = scalar_id(raw.get("locationId")) or scalar_id(data.get("locationId"))
    if created is not None and created.tzinfo is not None:  # it stands for the reply's time, said so
        stood_in = UnzonedTime(reading=_NO_READING, date_only=True, location_id=location, stood_in=created)
        return {**raw, key: created.isoformat()}, stood_in
    if received is None:  # nothing to read: dated when received (a placeholder until the handler places it)
        unzoned = UnzonedTime(reading=_NO_READING, date_only=True, location_id=location)
        return {**raw, key: _NO_READING.replace(tzinfo=UTC).isoformat()}, unzoned
    unzoned = UnzonedTime(reading=received, date_only=bool(_DATE_ONLY.fullmatch(value)), location_id=location)
    return {**raw, key: received.replace(tzinfo=UTC).isoformat()}, unzoned


_DATE_ONLY = re.compile(r"\s*\d{4}-?\d{2}-?\d{2}\s*")
#: The clock reading of a reply whose ``receivedAt`` said none (``_timed_message``): never read, it is dated when
#: received (``UnzonedTime.date_only``).
_NO_READING = datetime(1970, 1, 1)


def _parse_real(payload: dict[str, Any]) -> WebhookEvent:
    raw_appointment, holder = _real_appointment(payload)
    ref = _ref_from_real(raw_appointment, holder) if raw_appointment is not None else None
    hinted = _hinted_type(payload)
    if hinted is not None:
        event_type = hinted
    elif isinstance(payload.get("sale"), dict):
        event_type = SALE_COMPLETED
    elif ref is not None:
        cancelled = "cancel" in (ref.status or "").lower()
        event_type = APPOINTMENT_CANCELLED if cancelled else APPOINTMENT_UPDATED
    elif isinstance(payload.get("form"), dict) or isinstance(payload.get("formSubmission"), dict):
        event_type = FORM_SUBMITTED
    else:
        raise WebhookPayloadError("webhook body is neither the contract envelope nor a Mangomint payload")
    if event_type.startswith("appointment.") and ref is None:
        raise WebhookPayloadError(f"{event_type} without an appointment")
    return WebhookEvent(
        id=body_hash_id(payload),
        type=event_type,
        created_at=_lenient_datetime(payload.get("createdAt") or payload.get("timeStamp")),
        data=payload,
        source="mangomint",
        appointment_ref=ref,
    )


def _real_appointment(payload: dict[str, Any]) -> tuple[dict[str, Any] | None, dict[str, Any]]:
    """The appointment of a body that is no envelope, and the object holding it (where its ``clientInfo`` may be):
    the add-on's, at the top level, else one under ``data`` (a gateway that names its event under ``event``,
    ``{"event": "appointment.canceled", "data": {"appointment": {…}}}``, as the envelope does under ``type``: refused
    as an event "without an appointment", the cancellation waited for the next poll)."""
    raw = payload.get("appointment")
    if isinstance(raw, dict):
        return raw, payload
    data = payload.get("data")
    if isinstance(data, dict) and isinstance(nested := data.get("appointment"), dict):
        return nested, data
    return None, payload


def _hinted_type(payload: dict[str, Any]) -> str | None:
    for key in _EVENT_HINT_KEYS:
        value = payload.get(key)
        if isinstance(value, str):
            mapped = _EVENT_ALIASES.get(re.sub(r"[^a-z]", "", value.lower()))
            if mapped:
                return mapped
    return None


def _ref_from_appointment(appointment: Appointment) -> AppointmentRef:
    return AppointmentRef(
        appointment_id=appointment.id,
        client_id=appointment.client_id,
        location_id=appointment.location_id,
        start_at=appointment.start_at,
        created_at=appointment.created_at,
        service_names=[line.service_name for line in appointment.services if line.service_name],
        status=str(appointment.status),
        online_booking=appointment.source == "online",
    )


def _ref_from_real(appointment: dict[str, Any], outer: dict[str, Any]) -> AppointmentRef:
    """The add-on's appointment: ``id``, ``dateTime``, ``services[].service.name``, ``clientInfo.id``."""
    appointment_id = scalar_id(appointment.get("id"))
    if appointment_id is None:
        raise WebhookPayloadError("appointment without an id")
    online = appointment.get("onlineBookingClientInfo") or outer.get("onlineBookingClientInfo")
    client = appointment.get("clientInfo") or outer.get("clientInfo") or online
    client_id = scalar_id(client.get("id")) if isinstance(client, dict) else None
    location = appointment.get("location")
    location_id = scalar_id(appointment.get("locationId")) or (
        scalar_id(location.get("id")) if isinstance(location, dict) else None
    )
    names: list[str] = []
    prices: list[float] = []
    lines = appointment.get("services")
    for line in lines if isinstance(lines, list) else []:
        if not isinstance(line, dict):
            continue
        service = line.get("service")
        nested_name = service.get("name") if isinstance(service, dict) else None
        name = nested_name or line.get("serviceName") or line.get("name")
        if isinstance(name, str) and name:
            names.append(name)
        price = _price(line.get("price"))
        if price is not None:
            prices.append(price)
    total = sum(prices) if prices else None
    status = appointment.get("status")
    return AppointmentRef(
        appointment_id=appointment_id,
        client_id=client_id or scalar_id(appointment.get("clientId")),
        location_id=location_id,
        start_at=_lenient_datetime(appointment.get("dateTime") or appointment.get("startAt")),
        created_at=_lenient_datetime(appointment.get("createdAt")),
        service_names=names,
        price=total if total is not None and math.isfinite(total) else None,
        status=status if isinstance(status, str) else None,
        online_booking=isinstance(online, dict),
    )


def _price(value: Any) -> float | None:
    """A line's price as a float; None for anything else, and for a number no float holds (a 400-digit integer,
    ``1e999``): a hint's price is never worth refusing the webhook for."""
    if not isinstance(value, int | float) or isinstance(value, bool):
        return None
    try:
        price = float(value)
    except OverflowError:
        return None
    return price if math.isfinite(price) else None


def _lenient_datetime(value: Any) -> datetime | None:
    """Parse an ISO-8601 time if it is one; a hint's time is never worth rejecting the webhook for."""
    if not isinstance(value, str) or not value:
        return None
    try:
        parsed = _datetime.validate_python(value)
    except ValidationError:
        return None
    return parsed


__all__ = [
    "APPOINTMENT_CANCELLED",
    "APPOINTMENT_CREATED",
    "APPOINTMENT_EVENTS",
    "APPOINTMENT_UPDATED",
    "FORM_SUBMITTED",
    "MESSAGE_RECEIVED",
    "SALE_COMPLETED",
    "AppointmentRef",
    "UnzonedTime",
    "WebhookEvent",
    "body_hash_id",
    "parse_webhook",
    "verify_webhook",
    "webhook_dedupe_key",
]
