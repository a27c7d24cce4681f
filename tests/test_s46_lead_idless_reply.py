"""A contract envelope sent without an ``id`` is known by a hash of its body, and, like an add-on body, is taken for a
redelivery only within ``BODY_HASH_DEDUPE_WINDOW`` (probe46b M1): it had been remembered for 30 days, so a guest's
"Yes" to the spa's reminder, then her "Yes" to a fill offer twenty minutes later, delivered the same way, was
answered ``{"duplicate": true}``: no booking, no line in the card's thread."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

from spa_copilot.platform.signing import signed_headers
from spa_copilot.platform.webhooks import parse_webhook, webhook_dedupe_key
from spa_copilot.store.db import BODY_HASH_DEDUPE_WINDOW
from tests.fill_scene import Scene, proposed

SECRET = "sandbox-webhook-secret"


async def _post(scene: Scene, body: bytes) -> dict[str, object]:
    headers = {"Content-Type": "application/json", **signed_headers(SECRET, int(scene.copilot.now().timestamp()), body)}
    response = await scene.world.http.post("/webhooks/mangomint", content=body, headers=headers)
    assert response.status_code == 200, response.text
    return response.json()


async def test_an_idless_yes_alike_an_earlier_reply_still_books(scene: Scene) -> None:
    await proposed(scene)
    client_id = scene.candidate(0)["client_id"]
    body = json.dumps(
        {"type": "message.received", "data": {"message": {"clientId": client_id, "channel": "sms", "body": "Yes"}}}
    ).encode()
    key = webhook_dedupe_key(parse_webhook(body))
    assert key.startswith("contract:sha256:")
    assert (await _post(scene, body))["duplicate"] is False  # her "Yes" to the spa's reminder: answers no offer
    assert (await _post(scene, body))["duplicate"] is True  # the sender's retry, a minute later, is one
    # twenty minutes on (the store's window runs on the wall clock: the row is aged as the minutes would)
    then = (datetime.now(UTC) - timedelta(minutes=20)).isoformat()
    scene.copilot.store.db.execute("UPDATE processed_events SET received_at = ? WHERE event_id = ?", [then, key])
    scene.clock.advance(minutes=20)
    first, _offer = await scene.first_offer_sent()
    assert first["client_id"] == client_id
    assert (await _post(scene, body))["duplicate"] is False, "her YES was dropped as a duplicate of the earlier reply"
    assert len(scene.bookings_for(client_id)) == 1
    assert 20 > BODY_HASH_DEDUPE_WINDOW / timedelta(minutes=1)
