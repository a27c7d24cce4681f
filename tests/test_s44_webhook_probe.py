"""s44 probe44b: the Mangomint webhook endpoint as the real add-on (or anyone reaching the URL) may drive it.

- M1: a guest's YES whose ``message.received`` has no ``channel`` (absent or null) or no message ``id`` was refused
  400 and lost (no retry of a 4xx, no poll of replies): read as ``other`` and given an id made of what was sent.
- M2: a timestamp of 400 digits made both endpoints answer 500 with a traceback (an OverflowError in the refusal's
  log note, and in slack_sdk's check): now 401.
- L1: two ``X-Webhook-Signature`` lines (a secret rotation) are read as one comma-joined field, as HTTP reads them.
- L2: the "handled" log line showed the sender's type and id raw and unbounded (a forged line, a phone number).
rev44b on the mends: a reply's id is its envelope's (not a hash of its words: two alike replies were one), and only
the signature header is joined (a repeated timestamp line kept its last value, as before)."""

from __future__ import annotations

import json
import logging
import time
from typing import Any

import pytest
from starlette.datastructures import Headers

from spa_copilot.platform.signing import signature, signed_headers
from spa_copilot.platform.webhooks import parse_webhook, verify_webhook
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


def _reply_without_id(envelope: str, body: str = "No") -> dict[str, Any]:
    return {"id": envelope, "type": "message.received", "data": {"message": {"clientId": "cl_1", "body": body}}}


def test_a_reply_without_an_id_takes_its_envelopes_so_two_alike_replies_stay_two() -> None:
    """rev44b M2: an id hashed from the client and her words made a "No" on Monday and a "No" on Friday one reply
    (the second's once-only thread note never said); the envelope's id tells them apart, and a redelivery of the
    same envelope is still one."""
    monday, friday = (parse_webhook(json.dumps(_reply_without_id(e)).encode()) for e in ("evt_mon", "evt_fri"))
    again = parse_webhook(json.dumps(_reply_without_id("evt_mon")).encode())
    assert monday.message is not None and friday.message is not None and again.message is not None
    assert monday.message.id != friday.message.id and monday.message.id == again.message.id
    assert monday.message.channel == "other"


@pytest.mark.parametrize("field", ["x-webhook-timestamp", "x-webhook-secret"])
def test_a_header_line_repeated_alike_still_verifies(field: str) -> None:
    """rev44b L3: joining every repeated header made a proxy's repeated timestamp (or shared secret) unreadable; only
    the signature is joined."""
    body = b'{"id":"evt_1","type":"ping","data":{}}'
    ts = int(time.time())
    if field == "x-webhook-timestamp":
        raw = [(b"x-webhook-timestamp", str(ts).encode())] * 2 + [(b"x-webhook-signature", signature(SECRET, ts, body).encode())]
    else:
        raw = [(b"x-webhook-secret", SECRET.encode())] * 2
    verify_webhook(Headers(raw=raw), body, {}, secret=SECRET, now=float(ts))
