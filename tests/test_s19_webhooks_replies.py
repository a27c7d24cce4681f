"""A guest's reply (``message.received``) is read as leniently as the appointment webhooks: a numeric ``clientId``,
a ``channel`` in capitals or one the contract does not name, a ``receivedAt`` without an offset. Refused (``400``), the
sender never sent it again and a YES was lost."""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, datetime
from typing import Any

import pytest

from spa_copilot.domain import MessageChannel, OutboundMessage
from spa_copilot.platform.signing import signed_headers
from spa_copilot.platform.webhooks import MESSAGE_RECEIVED, parse_webhook
from tests.fill_scene import Scene, eventually, proposed

SECRET = "sandbox-webhook-secret"


def envelope(message: dict[str, Any], *, created_at: str | None = "2026-11-24T15:00:05+00:00") -> bytes:
    body: dict[str, Any] = {"id": f"evt_{message['id']}", "type": MESSAGE_RECEIVED, "data": {"message": message}}
    if created_at is not None:
        body["createdAt"] = created_at
    return json.dumps(body).encode()


def message(**changes: Any) -> dict[str, Any]:
    return {"id": "msg_1", "clientId": "cl_00417", "channel": "sms", "body": "YES",
            "receivedAt": "2026-11-24T15:00:00+00:00"} | changes


def test_a_numeric_client_id_and_message_id_are_read_as_their_strings() -> None:
    event = parse_webhook(envelope(message(clientId=5520117, id=99120)))
    assert event.message is not None
    assert (event.message.client_id, event.message.id) == ("5520117", "99120")


@pytest.mark.parametrize("value", [True, None, 1.5, {"id": 1}])
def test_a_client_id_that_is_no_id_is_still_refused(value: object) -> None:
    with pytest.raises(Exception, match="valid data.message"):
        parse_webhook(envelope(message(clientId=value)))


@pytest.mark.parametrize("spelt", ["SMS", "Sms", " sms "])
def test_the_channel_is_read_in_any_case(spelt: str) -> None:
    event = parse_webhook(envelope(message(channel=spelt)))
    assert event.message is not None and event.message.channel == MessageChannel.sms


@pytest.mark.parametrize("spelt", ["whatsapp", "WhatsApp", "voice", ""])
def test_a_channel_the_contract_does_not_name_is_other_and_cannot_be_sent_on(spelt: str) -> None:
    event = parse_webhook(envelope(message(channel=spelt)))
    assert event.message is not None and event.message.channel == "other"
    assert event.message.body == "YES"
    with pytest.raises(ValueError):
        OutboundMessage(channel=event.message.channel, purpose="transactional", body="Hi", approved_by="U1")


def test_a_naive_received_at_is_timed_by_the_envelopes_created_at() -> None:
    event = parse_webhook(envelope(message(receivedAt="2026-11-24T10:00:00"), created_at="2026-11-24T10:00:04-05:00"))
    assert event.message is not None
    assert event.message.received_at == datetime(2026, 11, 24, 15, 0, 4, tzinfo=UTC)


def test_a_naive_received_at_without_an_aware_created_at_is_read_as_utc() -> None:
    for created_at in (None, "2026-11-24T10:00:04", "not a time"):
        event = parse_webhook(envelope(message(receivedAt="2026-11-24T15:00:00"), created_at=created_at))
        assert event.message is not None
        assert event.message.received_at == datetime(2026, 11, 24, 15, 0, tzinfo=UTC)


def test_a_received_at_with_an_offset_is_kept_as_given() -> None:
    event = parse_webhook(envelope(message(receivedAt="2026-11-24T09:59:00-05:00")))
    assert event.message is not None
    assert event.message.received_at == datetime(2026, 11, 24, 14, 59, tzinfo=UTC)


def test_a_message_without_a_body_is_read_as_one_with_no_text() -> None:
    # a picture or voice note only: refused (400) it was lost, as the sender does not send a refused event again
    assert parse_webhook(envelope(message(body=None))).message.body == ""  # type: ignore[union-attr]
    with pytest.raises(Exception, match="valid data.message"):  # a message with no client is still no reply
        parse_webhook(envelope(message(clientId=None)))


async def _post(scene: Scene, body: bytes) -> int:
    world = scene.world
    headers = {"Content-Type": "application/json",
               **signed_headers(SECRET, int(world.copilot.now().timestamp()), body)}
    response = await world.http.post("/webhooks/mangomint", content=body, headers=headers)
    return response.status_code


@pytest.mark.parametrize("changes", [
    {"channel": "SMS"},
    {"channel": "whatsapp"},
    {"naive": True},
])
async def test_a_yes_in_any_of_these_shapes_books_the_slot_once_and_sends_nothing_more(
    scene: Scene, changes: dict[str, Any]
) -> None:
    await proposed(scene)
    first, _offer = await scene.first_offer_sent()
    client_id = first["client_id"]
    sent_before = scene.sent()
    now = scene.copilot.now()
    received = now.replace(tzinfo=None) if changes.pop("naive", False) else now
    body = envelope(message(id="msg_yes", clientId=client_id, receivedAt=received.isoformat(), **changes),
                    created_at=now.isoformat())
    assert await _post(scene, body) == 200
    await eventually(lambda: len(scene.bookings_for(client_id)) == 1)
    assert await _post(scene, body) == 200  # the sender's retry: still one booking
    await asyncio.sleep(0.2)
    assert len(scene.bookings_for(client_id)) == 1
    assert scene.sent() == sent_before  # no message to the guest without a manager's Approve
    assert {entry["channel"] for entry in scene.sent()} == {"sms"}
