"""Webhook verification (HMAC and shared secret) and parsing (contract envelope and the real add-on's shape)."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest

from spa_copilot.domain import AppointmentStatus, MessageChannel
from spa_copilot.platform.errors import WebhookAuthError, WebhookPayloadError
from spa_copilot.platform.signing import signed_headers
from spa_copilot.platform.webhooks import (
    APPOINTMENT_CANCELLED,
    APPOINTMENT_CREATED,
    APPOINTMENT_UPDATED,
    MESSAGE_RECEIVED,
    SALE_COMPLETED,
    parse_webhook,
    verify_webhook,
    webhook_dedupe_key,
)
from tests.fixture_loader import fixture_bytes, load_fixture

SECRET = "whsec_test"
NOW = 1_742_310_000
BODY = fixture_bytes("mangomint/webhook_appointment_cancelled.json")


def verify(headers: dict[str, str], body: bytes = BODY, query: dict[str, str] | None = None, **kw: object) -> None:
    verify_webhook(headers, body, query or {}, secret=SECRET, now=NOW, **kw)  # type: ignore[arg-type]


# ---- HMAC style -----------------------------------------------------------------------------------


def test_a_correctly_signed_webhook_verifies() -> None:
    verify(signed_headers(SECRET, NOW, BODY))


def test_header_names_are_case_insensitive() -> None:
    verify({name.lower(): value for name, value in signed_headers(SECRET, NOW - 10, BODY).items()})


def test_a_tampered_body_fails() -> None:
    headers = signed_headers(SECRET, NOW, BODY)
    with pytest.raises(WebhookAuthError, match="signature"):
        verify(headers, BODY.replace(b"feeling unwell", b"feeling great!"))


def test_a_signature_with_the_wrong_secret_fails() -> None:
    with pytest.raises(WebhookAuthError, match="signature"):
        verify(signed_headers("someone-else", NOW, BODY))


def test_one_of_several_rotated_signatures_may_match() -> None:
    headers = signed_headers(SECRET, NOW, BODY)
    headers["X-Webhook-Signature"] = "v1=" + "0" * 64 + ", " + headers["X-Webhook-Signature"]
    verify(headers)


@pytest.mark.parametrize(("offset", "message"), [(-301, "stale"), (-3600, "stale"), (301, "future")])
def test_timestamps_outside_the_tolerance_fail(offset: int, message: str) -> None:
    with pytest.raises(WebhookAuthError, match=message):
        verify(signed_headers(SECRET, NOW + offset, BODY))


def test_timestamps_at_the_edge_of_the_tolerance_pass() -> None:
    verify(signed_headers(SECRET, NOW - 300, BODY))
    verify(signed_headers(SECRET, NOW + 300, BODY))
    verify(signed_headers(SECRET, NOW - 50, BODY), tolerance_seconds=60)
    with pytest.raises(WebhookAuthError):
        verify(signed_headers(SECRET, NOW - 61, BODY), tolerance_seconds=60)


@pytest.mark.parametrize(
    "mutate",
    [
        lambda h: h.pop("X-Webhook-Timestamp"),
        lambda h: h.update({"X-Webhook-Timestamp": "yesterday"}),
        lambda h: h.update({"X-Webhook-Signature": "v1=é"}),
        lambda h: h.update({"X-Webhook-Signature": ""}),
    ],
    ids=["missing-timestamp", "malformed-timestamp", "non-ascii-signature", "empty-signature"],
)
def test_broken_signature_headers_fail(mutate: Callable[[dict[str, str]], object]) -> None:
    headers = signed_headers(SECRET, NOW, BODY)
    mutate(headers)
    with pytest.raises(WebhookAuthError):
        verify(headers)


def test_a_bad_signature_does_not_fall_back_to_a_correct_shared_secret() -> None:
    headers = signed_headers("wrong", NOW, BODY) | {"X-Webhook-Secret": SECRET}
    with pytest.raises(WebhookAuthError):
        verify(headers)


def test_no_signature_and_no_secret_fails() -> None:
    with pytest.raises(WebhookAuthError, match="missing"):
        verify({"Content-Type": "application/json"})


# ---- shared-secret style (the real add-on) ------------------------------------------------------


def test_the_shared_secret_header_verifies() -> None:
    verify({"X-Webhook-Secret": SECRET}, fixture_bytes("mangomint/appointment_created_real.json"))


def test_the_shared_secret_query_key_verifies() -> None:
    verify({}, fixture_bytes("mangomint/appointment_created_real.json"), {"key": SECRET})


@pytest.mark.parametrize(
    ("headers", "query"),
    [({"X-Webhook-Secret": "guess"}, {}), ({}, {"key": "guess"}), ({"X-Webhook-Secret": ""}, {}), ({}, {"key": "é"})],
)
def test_a_wrong_shared_secret_fails(headers: dict[str, str], query: dict[str, str]) -> None:
    with pytest.raises(WebhookAuthError, match="wrong"):
        verify(headers, query=query)


def test_a_configured_secret_read_with_a_trailing_newline_still_verifies() -> None:
    # MANGOMINT_WEBHOOK_SECRET from a secret file ends in a newline; the sender signs with the secret it was given.
    verify_webhook(signed_headers(SECRET, NOW, BODY), BODY, {}, secret=f"{SECRET}\n", now=NOW)
    verify_webhook({"X-Webhook-Secret": SECRET}, BODY, {}, secret=f" {SECRET}\r\n", now=NOW)
    with pytest.raises(WebhookAuthError):
        verify_webhook({}, BODY, {"key": ""}, secret=" \n", now=NOW)  # a blank secret still accepts nothing


def test_an_unconfigured_secret_accepts_nothing() -> None:
    with pytest.raises(WebhookAuthError, match="configured"):
        verify_webhook({"X-Webhook-Secret": ""}, BODY, {"key": ""}, secret="", now=NOW)


# ---- parsing: the contract envelope --------------------------------------------------------------


def test_a_contract_appointment_event_parses_into_the_domain_model() -> None:
    event = parse_webhook(BODY)

    assert event.id == "evt_3f9c2a7d51e84b0c9a6f1e2d3c4b5a69"
    assert event.type == APPOINTMENT_CANCELLED
    assert event.source == "contract"
    assert event.created_at is not None and event.created_at.utcoffset() is not None
    assert event.appointment is not None
    assert event.appointment.status is AppointmentStatus.cancelled
    assert event.appointment.cancellation is not None and event.appointment.cancellation.late_cancel
    assert event.appointment.version == 3
    ref = event.appointment_ref
    assert ref is not None
    assert (ref.appointment_id, ref.client_id, ref.location_id) == ("apt_000812", "cl_00417", "loc_sf")
    assert ref.service_names == ["Hot Stone Massage 90"]
    assert event.message is None
    assert webhook_dedupe_key(event) == "contract:evt_3f9c2a7d51e84b0c9a6f1e2d3c4b5a69"


def test_a_client_reply_parses_into_an_inbound_message() -> None:
    event = parse_webhook(fixture_bytes("mangomint/webhook_message_received.json"))

    assert event.type == MESSAGE_RECEIVED
    assert event.message is not None
    assert event.message.client_id == "cl_00212"
    assert (event.message.channel, event.message.body) == (MessageChannel.sms, "YES")
    assert event.appointment is None and event.appointment_ref is None


def test_an_unknown_type_parses_and_keeps_its_type_and_data() -> None:
    event = parse_webhook(fixture_bytes("mangomint/webhook_unknown_type.json"))

    assert event.type == "client.merged"
    assert event.data == {"survivorId": "cl_00417", "mergedId": "cl_01999"}
    assert event.appointment is None and event.message is None and event.appointment_ref is None


def test_an_envelope_without_an_id_gets_a_stable_hash_id() -> None:
    payload = load_fixture("mangomint/webhook_unknown_type.json")
    del payload["id"]
    first = parse_webhook(json.dumps(payload).encode())
    reordered = parse_webhook(json.dumps(dict(reversed(payload.items())), indent=2).encode())

    assert first.id.startswith("sha256:")
    assert first.id == reordered.id


def test_a_gateway_may_forward_the_real_appointment_inside_the_envelope() -> None:
    real = load_fixture("mangomint/appointment_created_real.json")["appointment"]
    body = json.dumps({"id": "evt_gw_1", "type": "appointment.created", "data": {"appointment": real}}).encode()

    event = parse_webhook(body)

    assert event.appointment is None
    assert event.appointment_ref is not None and event.appointment_ref.appointment_id == "48213907"


@pytest.mark.parametrize(
    "payload",
    [
        {"id": "evt_1", "type": "appointment.updated", "data": {}},
        {"id": "evt_1", "type": "appointment.updated", "data": {"appointment": {"status": "confirmed"}}},
        {"id": "evt_1", "type": "message.received", "data": {"message": {"id": "m1"}}},
    ],
    ids=["no-appointment", "appointment-without-id", "message-without-fields"],
)
def test_known_types_with_unusable_data_are_payload_errors(payload: dict[str, object]) -> None:
    with pytest.raises(WebhookPayloadError):
        parse_webhook(json.dumps(payload).encode())


# ---- parsing: the real add-on's payload ---------------------------------------------------------


def test_the_real_add_on_payload_parses_with_an_appointment_ref() -> None:
    body = fixture_bytes("mangomint/appointment_created_real.json")

    event = parse_webhook(body)

    assert event.source == "mangomint"
    assert event.type == APPOINTMENT_UPDATED  # the body does not say which event fired: a hint to re-read
    assert event.appointment is None
    ref = event.appointment_ref
    assert ref is not None
    assert ref.appointment_id == "48213907"
    assert ref.client_id == "5520117"
    assert ref.start_at is not None and ref.start_at.isoformat() == "2025-03-18T10:30:00-07:00"
    assert ref.created_at is not None and ref.created_at.year == 2025
    assert ref.service_names == ["Hot Stone Massage 90", "Scalp Treatment Add-On"]
    assert ref.price == 220.0
    assert ref.online_booking is False
    assert event.data["appointment"]["id"] == 48213907


def test_the_real_payload_gets_a_stable_id_from_its_body() -> None:
    body = fixture_bytes("mangomint/appointment_created_real.json")
    compact = json.dumps(json.loads(body), separators=(",", ":")).encode()
    other = fixture_bytes("mangomint/appointment_cancelled_real.json")

    assert parse_webhook(body).id == parse_webhook(body).id == parse_webhook(compact).id
    assert parse_webhook(body).id != parse_webhook(other).id
    assert webhook_dedupe_key(parse_webhook(body)).startswith("mangomint:sha256:")


def test_an_online_booking_uses_online_booking_client_info_and_a_local_time() -> None:
    event = parse_webhook(fixture_bytes("mangomint/appointment_online_real.json"))

    ref = event.appointment_ref
    assert ref is not None
    assert ref.client_id == "5520999"
    assert ref.online_booking is True
    assert ref.start_at is not None and ref.start_at.tzinfo is None  # no offset in the add-on's dateTime
    assert ref.service_names == ["Signature Facial"]


def test_a_cancelled_status_in_the_real_payload_means_a_cancellation() -> None:
    event = parse_webhook(fixture_bytes("mangomint/appointment_cancelled_real.json"))
    assert event.type == APPOINTMENT_CANCELLED


def test_an_event_name_in_the_real_payload_is_honoured() -> None:
    payload = load_fixture("mangomint/appointment_online_real.json") | {"event": "Appointment Booked"}
    assert parse_webhook(json.dumps(payload).encode()).type == APPOINTMENT_CREATED


def test_a_real_sale_parses_as_sale_completed() -> None:
    event = parse_webhook(fixture_bytes("mangomint/sale_completed_real.json"))
    assert event.type == SALE_COMPLETED
    assert event.appointment_ref is None
    assert event.data["sale"]["id"] == 77120045


def test_an_unparseable_date_time_is_dropped_not_fatal() -> None:
    payload = load_fixture("mangomint/appointment_online_real.json")
    payload["appointment"]["dateTime"] = "next Tuesday"
    ref = parse_webhook(json.dumps(payload).encode()).appointment_ref
    assert ref is not None and ref.start_at is None and ref.appointment_id == "48214460"


@pytest.mark.parametrize("services", [5, "Swedish", {"service": {"name": "x"}}, None, [None, 7, {"service": 3}]])
def test_services_of_the_wrong_shape_are_ignored_not_fatal(services: object) -> None:
    payload = load_fixture("mangomint/appointment_online_real.json")
    payload["appointment"]["services"] = services
    ref = parse_webhook(json.dumps(payload).encode()).appointment_ref
    assert ref is not None and ref.service_names == [] and ref.appointment_id == "48214460"


# ---- garbage --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "body",
    [
        b"",
        b"not json",
        b"\xff\xfe",
        b"[1, 2]",
        b'"appointment"',
        b"{}",
        b'{"hello": "world"}',
        b'{"appointment": {"dateTime": "x"}}',
    ],
    ids=["empty", "text", "binary", "array", "string", "empty-object", "unknown-object", "appointment-without-id"],
)
def test_garbage_bodies_are_payload_errors(body: bytes) -> None:
    with pytest.raises(WebhookPayloadError):
        parse_webhook(body)


def test_a_lone_surrogate_escape_is_replaced_so_the_event_can_be_hashed_and_stored() -> None:
    # A sender that cuts an emoji in half (a truncated note or name) escapes one half of the pair, which
    # json.loads keeps as a string that cannot be encoded as UTF-8.
    real = b'{"appointment": {"id": 7, "notes": "Loves \\ud83d", "clientInfo": {"id": 5, "firstName": "Jo\\uDE00"}}}'
    event = parse_webhook(real)
    assert event.data["appointment"]["notes"] == "Loves \ufffd"
    assert event.data["appointment"]["clientInfo"]["firstName"] == "Jo\ufffd"
    assert event.id == parse_webhook(real).id  # still stable, so a redelivery deduplicates
    webhook_dedupe_key(event).encode()  # storable

    envelope = (
        b'{"id": "evt_\\ud800", "type": "message.received", "data": {"message": {"id": "msg_1", "clientId": "cl_1",'
        b' "channel": "sms", "body": "YES \\ud83d\\ude00 \\ud83d", "receivedAt": "2026-11-24T09:00:00Z"}}}'
    )
    reply = parse_webhook(envelope)
    assert reply.id == "evt_\ufffd" and reply.message is not None
    assert reply.message.body == "YES \U0001f600 \ufffd"  # a whole pair is kept, only the broken half replaced
    reply.message.body.encode()
