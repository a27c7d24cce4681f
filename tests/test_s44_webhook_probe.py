"""s44 probe44b: the Mangomint webhook endpoint as the real add-on (or anyone reaching the URL) may drive it.

- M1: a guest's YES whose ``message.received`` has no ``channel`` (absent or null) or no message ``id`` was refused
  400 and lost (no retry of a 4xx, no poll of replies): read as ``other`` and given an id made of what was sent.
- M2: a timestamp of 400 digits made both endpoints answer 500 with a traceback (an OverflowError in the refusal's
  log note, and in slack_sdk's check): now 401.
- L1: two ``X-Webhook-Signature`` lines (a secret rotation) are read as one comma-joined field, as HTTP reads them.
- L2: the "handled" log line showed the sender's type and id raw and unbounded (a forged line, a phone number)."""

from __future__ import annotations

import json
import logging
from typing import Any

import pytest

from spa_copilot.platform.signing import signature, signed_headers
from spa_copilot.sandbox.world import SandboxWorld
from tests.fill_scene import Scene, eventually, proposed

SECRET = "sandbox-webhook-secret"


@pytest.mark.parametrize(
    "drop",
    [{"channel": ""}, {"channel": None}, {"channel": "absent"}, {"id": None}, {"id": "absent"}],
    ids=["channel-empty", "channel-null", "channel-absent", "id-null", "id-absent"],
)
async def test_a_yes_without_channel_or_message_id_still_books(scene: Scene, drop: dict[str, Any]) -> None:
    await proposed(scene)
    first, _offer = await scene.first_offer_sent()
    client_id = first["client_id"]
    now = scene.copilot.now().isoformat()
    message: dict[str, Any] = {"id": "msg_yes", "clientId": client_id, "channel": "sms", "body": "YES", "receivedAt": now}
    for field, value in drop.items():
        if value == "absent":
            del message[field]
        else:
            message[field] = value
    body = json.dumps(
        {"id": "evt_yes_1", "type": "message.received", "createdAt": now, "data": {"message": message}}
    ).encode()
    headers = signed_headers(SECRET, int(scene.copilot.now().timestamp()), body)
    response = await scene.world.http.post("/webhooks/mangomint", content=body, headers=headers)
    assert response.status_code == 200, response.text
    await eventually(lambda: len(scene.bookings_for(client_id)) == 1, timeout=5)


async def test_a_huge_timestamp_is_a_401_not_a_500_on_both_endpoints(world: SandboxWorld) -> None:
    body = json.dumps({"id": "evt_x", "type": "ping", "data": {}}).encode()
    huge = "1" + "0" * 400
    webhook = await world.http.post("/webhooks/mangomint", content=body, headers={
        "Content-Type": "application/json", "X-Webhook-Timestamp": huge, "X-Webhook-Signature": "v1=" + "0" * 64})
    slack = await world.http.post("/slack/events", content=b"command=/spa&text=today", headers={
        "Content-Type": "application/x-www-form-urlencoded", "X-Slack-Request-Timestamp": huge,
        "X-Slack-Signature": "v0=" + "0" * 64})
    assert (webhook.status_code, slack.status_code) == (401, 401)


@pytest.mark.parametrize("order", ["ours-last", "ours-first"])
async def test_two_signature_lines_verify_like_one_comma_joined_field(world: SandboxWorld, order: str) -> None:
    body = json.dumps({"id": f"evt_rot_{order}", "type": "ping", "data": {}}).encode()
    ts = int(world.copilot.now().timestamp())
    ours, other = signature(SECRET, ts, body), signature("the-old-secret", ts, body)
    fields = [other, ours] if order == "ours-last" else [ours, other]
    separate = await world.http.post("/webhooks/mangomint", content=body, headers=[
        ("Content-Type", "application/json"), ("X-Webhook-Timestamp", str(ts)),
        ("X-Webhook-Signature", fields[0]), ("X-Webhook-Signature", fields[1])])
    assert separate.status_code == 200, separate.text


async def test_the_handled_line_is_one_short_line_of_ids(world: SandboxWorld, caplog: pytest.LogCaptureFixture) -> None:
    sent_type = "sms.inbound from Jordan +15555550142\nCRITICAL forged line " + "x" * 5000
    body = json.dumps({"id": "evt_1\nERROR forged", "type": sent_type, "data": {}}).encode()
    caplog.set_level(logging.INFO, logger="spa_copilot")
    response = await world.http.post(
        "/webhooks/mangomint", content=body, headers=signed_headers(SECRET, int(world.copilot.now().timestamp()), body)
    )
    assert response.status_code == 200
    lines = [r.getMessage() for r in caplog.records if r.name == "spa_copilot.server"]
    assert lines, "no handled line"
    for line in lines:
        assert "\n" not in line and "+15555550142" not in line and len(line) < 300, line[:120]
