"""A "No" with a time without an offset (and no createdAt) delivered after her YES, kept through an outage on a
still-"sent" offer ("booked once the spa system answers"), is weighed by its time as placed, as before c4c3c171: sent
before the YES, it changes nothing (rev43h M: it declined her YES without a word); sent after it, it is her last word
and declines the offer, not booked when the spa system answers (rev43i H)."""
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


async def _later_no(scene: Scene):
    await proposed(scene)
    first, offer = await scene.first_offer_sent()
    offered = scene.copilot.now()
    scene.clock.advance(minutes=2)
    assert scene.store.record_fill_yes(offer["id"], at=offered + timedelta(minutes=2), message_id="m_yes",
                                       now=scene.copilot.now())
    scene.clock.advance(minutes=3)
    location = (await scene.copilot.catalog()).locations[0]
    said = offered + timedelta(minutes=5)  # three minutes after her YES
    message = {"id": "msg_no", "clientId": first["client_id"], "channel": "sms", "body": "Actually no, sorry",
               "receivedAt": said.astimezone(ZoneInfo(location.time_zone)).replace(tzinfo=None).isoformat(),
               "locationId": location.id}
    raw = json.dumps({"id": "msg_no", "type": "message.received", "data": {"message": message}}).encode()
    headers = signed_headers("sandbox-webhook-secret", int(scene.copilot.now().timestamp()), raw)
    answer = await scene.world.http.post("/webhooks/mangomint", content=raw, headers=headers)
    assert answer.status_code == 200, answer.text
    return offer["id"]


async def test_a_later_naive_no_after_a_kept_yes_is_her_last_word(scene: Scene) -> None:
    offer_id = await _later_no(scene)
    row = scene.store.fill_offer(offer_id)
    assert not (row["status"] == "sent" and row["yes_at"]), ("YES kept against her later No", scene.thread_text()[-700:])


async def test_then_booked_when_the_system_answers(scene: Scene) -> None:
    from spa_copilot.fill.replies import take_up_recorded_yes
    offer_id = await _later_no(scene)
    await take_up_recorded_yes(scene.copilot, scene.store.fill_offer(offer_id))
    row = scene.store.fill_offer(offer_id)
    assert row["status"] not in ("accepting", "booked"), ("booked against her later No", row["status"])
