"""A real add-on body carrying a string ``type`` and an object ``data`` ("Appointment Booked") is the add-on's, read by
its event name and its own ``appointment``: taken for a contract envelope of an unknown type, it was acknowledged
(``200``) and handled by no listener."""

from __future__ import annotations

import json
from typing import Any

import pytest

from spa_copilot.platform.webhooks import (
    APPOINTMENT_CANCELLED,
    APPOINTMENT_CREATED,
    MESSAGE_RECEIVED,
    SALE_COMPLETED,
    parse_webhook,
)
from spa_copilot.sandbox.world import SandboxWorld
from tests.fixture_loader import load_fixture

SECRET = "sandbox-webhook-secret"


def real(**top: Any) -> dict[str, Any]:
    return load_fixture("mangomint/appointment_created_real.json") | top


@pytest.mark.parametrize(("name", "expected"), [
    ("Appointment Booked", APPOINTMENT_CREATED),
    ("Appointment Canceled", APPOINTMENT_CANCELLED),
])
def test_an_addon_body_with_a_type_and_a_data_object_is_read_by_its_event_name(name: str, expected: str) -> None:
    event = parse_webhook(json.dumps(real(type=name, data={"note": "gateway extra"})).encode())
    assert event.source == "mangomint"
    assert event.type == expected
    assert event.appointment_ref is not None and event.appointment_ref.appointment_id == "48213907"


def test_a_sale_body_with_a_type_and_a_data_object_is_a_sale() -> None:
    body = load_fixture("mangomint/sale_completed_real.json") | {"type": "Sale Completed", "data": {}}
    event = parse_webhook(json.dumps(body).encode())
    assert (event.source, event.type) == ("mangomint", SALE_COMPLETED)


def test_a_contract_envelope_is_still_an_envelope_even_beside_an_appointment() -> None:
    message = {"id": "m1", "clientId": "cl_1", "channel": "sms", "body": "YES", "receivedAt": "2026-11-24T15:00:00Z"}
    body = {"id": "evt_1", "type": MESSAGE_RECEIVED, "data": {"message": message}, "appointment": {"id": 1}}
    event = parse_webhook(json.dumps(body).encode())
    assert (event.source, event.type, event.id) == ("contract", MESSAGE_RECEIVED, "evt_1")


@pytest.mark.parametrize("event_type", ["client.merged", "appointment.deleted", "Appointment Booked"])
def test_an_unknown_type_without_an_addon_object_is_still_an_ignored_envelope(event_type: str) -> None:
    event = parse_webhook(json.dumps({"id": "evt_2", "type": event_type, "data": {"x": 1}}).encode())
    assert (event.source, event.type) == ("contract", event_type)


async def test_the_addon_body_reaches_the_appointment_listeners(world: SandboxWorld) -> None:
    heard: list[str] = []

    async def listener(event: Any) -> None:
        heard.append(event.type)

    world.copilot.on_webhook("appointment.*", listener)
    body = json.dumps(real(type="Appointment Booked", data={})).encode()
    response = await world.http.post(f"/webhooks/mangomint?key={SECRET}", content=body,
                                     headers={"Content-Type": "application/json"})
    assert response.status_code == 200
    assert APPOINTMENT_CREATED in heard
