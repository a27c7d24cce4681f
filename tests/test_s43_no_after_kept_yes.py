"""A "No" whose time tells no order (no offset, no createdAt) delivered after her YES, kept through an outage on a
still-"sent" offer ("booked once the spa system answers"), declined it without a word (rev43h M, after c4c3c171 stopped
comparing such times): her YES is kept and the desk asked to cancel if she cannot come."""
from __future__ import annotations

import json
from datetime import timedelta
from zoneinfo import ZoneInfo

from spa_copilot.platform.signing import signed_headers
from tests.fill_scene import Scene, proposed


async def test_an_earlier_naive_no_delivered_after_a_kept_yes_does_not_decline_it(scene: Scene) -> None:
    await proposed(scene)
    first, offer = await scene.first_offer_sent()
    offered = scene.copilot.now()
    scene.clock.advance(minutes=3)
    # her YES, sent 2 min after the text, kept on the offer (status still "sent": the re-check could not run)
    assert scene.store.record_fill_yes(offer["id"], at=offered + timedelta(minutes=2), message_id="m_yes",
                                       now=scene.copilot.now())
    assert scene.store.fill_offer(offer["id"])["status"] == "sent"
    # her "No" sent 1 min after the text (before the YES), on the spa's own accurate clock without an offset,
    # delivered only now (a webhook retry)
    location = (await scene.copilot.catalog()).locations[0]
    said = offered + timedelta(minutes=1)
    message = {"id": "msg_no", "clientId": first["client_id"], "channel": "sms", "body": "No thanks",
               "receivedAt": said.astimezone(ZoneInfo(location.time_zone)).replace(tzinfo=None).isoformat(),
               "locationId": location.id}
    raw = json.dumps({"id": "msg_no", "type": "message.received", "data": {"message": message}}).encode()
    headers = signed_headers("sandbox-webhook-secret", int(scene.copilot.now().timestamp()), raw)
    answer = await scene.world.http.post("/webhooks/mangomint", content=raw, headers=headers)
    assert answer.status_code == 200, answer.text
    status = scene.store.fill_offer(offer["id"])["status"]
    assert status != "declined", ("her kept YES was given up by an earlier No", scene.thread_text()[-600:])
