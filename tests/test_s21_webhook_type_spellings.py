"""A contract envelope whose ``type`` is spelled otherwise is read as the contract's event.

A payloads review (4 December): ``appointment.canceled`` (Mangomint's US spelling), ``Appointment.Cancelled``,
``APPOINTMENT.CANCELLED`` or ``appointment_cancelled`` were acknowledged (200, the event id stored as processed, so
a retry was a duplicate) and handled by nobody: the cancellation's fill card waited for the next poll. The add-on's
own bodies already folded such spellings (``_EVENT_ALIASES``); the envelope took its type as sent."""

from __future__ import annotations

import json
from typing import Any

import pytest

from spa_copilot.platform.webhooks import APPOINTMENT_CANCELLED, MESSAGE_RECEIVED, parse_webhook
from spa_copilot.sandbox.world import SandboxWorld
from tests.fixture_loader import load_fixture

SECRET = "sandbox-webhook-secret"


def cancelled(event_type: str, **data: Any) -> dict[str, Any]:
    payload = load_fixture("mangomint/webhook_appointment_cancelled.json")
    payload["type"] = event_type
    if data:
        payload["data"] = data
    return payload


@pytest.mark.parametrize("spelled", ["appointment.canceled", "Appointment.Cancelled", "APPOINTMENT.CANCELLED",
                                     "appointment_cancelled", "appointment.cancelled"])
def test_each_spelling_of_a_cancellation_is_the_contracts_cancellation(spelled: str) -> None:
    event = parse_webhook(json.dumps(cancelled(spelled)).encode())
    assert (event.source, event.type) == ("contract", APPOINTMENT_CANCELLED)
    assert event.appointment is not None and event.appointment.id == "apt_000812"


def test_a_message_spelled_otherwise_is_a_message() -> None:
    message = {"id": "m1", "clientId": "cl_1", "channel": "sms", "body": "YES", "receivedAt": "2026-11-24T15:00:00Z"}
    event = parse_webhook(json.dumps({"id": "e1", "type": "Message.Received", "data": {"message": message}}).encode())
    assert event.type == MESSAGE_RECEIVED and event.message is not None and event.message.body == "YES"


def test_a_spelling_without_what_its_event_carries_is_acknowledged_and_ignored_as_before() -> None:
    # refused, a sender would retry it for ever; the exact contract name without an appointment is still refused
    event = parse_webhook(json.dumps(cancelled("Appointment.Canceled", note="no appointment here")).encode())
    assert event.type == "Appointment.Canceled"


async def test_the_cancellation_reaches_the_listeners_at_once(world: SandboxWorld) -> None:
    heard: list[str] = []

    async def listener(event: Any) -> None:
        heard.append(event.type)

    world.copilot.on_webhook("appointment.*", listener)
    body = json.dumps(cancelled("appointment.canceled")).encode()
    response = await world.http.post(f"/webhooks/mangomint?key={SECRET}", content=body,
                                     headers={"Content-Type": "application/json"})
    assert response.status_code == 200
    assert heard == [APPOINTMENT_CANCELLED]
