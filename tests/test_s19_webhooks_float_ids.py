"""A real add-on id sent as a whole float (``48213907.0``) is read as its integer's string; one with a fraction,
NaN, an infinity or a boolean is still no id."""

from __future__ import annotations

import json
import math
from typing import Any

import pytest

from spa_copilot.domain import scalar_id
from spa_copilot.platform.errors import WebhookPayloadError
from spa_copilot.platform.webhooks import parse_webhook
from tests.fixture_loader import load_fixture


def real_body(**appointment: Any) -> bytes:
    body = load_fixture("mangomint/appointment_created_real.json")
    body["appointment"].update(appointment)
    return json.dumps(body).encode()


def test_a_whole_float_appointment_id_is_read_as_the_integer() -> None:
    event = parse_webhook(real_body(id=48213907.0, clientInfo={"id": 5520117.0}))
    assert event.appointment_ref is not None
    assert event.appointment_ref.appointment_id == "48213907"
    assert event.appointment_ref.client_id == "5520117"


@pytest.mark.parametrize("value", [48213907.5, True, False])
def test_a_float_with_a_fraction_or_a_boolean_is_still_no_id(value: object) -> None:
    with pytest.raises(WebhookPayloadError, match="without an id"):
        parse_webhook(real_body(id=value))


def test_nan_and_infinities_are_no_ids() -> None:
    # json.dumps writes NaN / Infinity, which json.loads reads back, as a sender's JSON library may
    for value in (math.nan, math.inf, -math.inf):
        with pytest.raises(WebhookPayloadError, match="without an id"):
            parse_webhook(real_body(id=value))
        assert scalar_id(value) is None


def test_a_reply_with_a_whole_float_client_id_is_read() -> None:
    message = {"id": 7.0, "clientId": 5520117.0, "channel": "sms", "body": "YES", "receivedAt": "2026-11-24T15:00:00Z"}
    event = parse_webhook(json.dumps({"id": "evt_f", "type": "message.received", "data": {"message": message}}).encode())
    assert event.message is not None and (event.message.id, event.message.client_id) == ("7", "5520117")
