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


async def _kept_yes_then_naive_no(scene: Scene, *, no_minute: int) -> str:
    """Her YES, sent 2 min after the text, kept on the offer (status still "sent": the re-check could not run); then
    her "No", sent ``no_minute`` minutes after the text on the spa's accurate clock without an offset, delivered now.
    The offer's id."""
    await proposed(scene)
    first, offer = await scene.first_offer_sent()
    offered = scene.copilot.now()
    scene.clock.advance(minutes=max(3, no_minute))
    assert scene.store.record_fill_yes(offer["id"], at=offered + timedelta(minutes=2), message_id="m_yes",
                                       now=scene.copilot.now())
    assert scene.store.fill_offer(offer["id"])["status"] == "sent"
    location = (await scene.copilot.catalog()).locations[0]
    said = offered + timedelta(minutes=no_minute)
    message = {"id": "msg_no", "clientId": first["client_id"], "channel": "sms", "body": "No thanks",
               "receivedAt": said.astimezone(ZoneInfo(location.time_zone)).replace(tzinfo=None).isoformat(),
               "locationId": location.id}
    raw = json.dumps({"id": "msg_no", "type": "message.received", "data": {"message": message}}).encode()
    headers = signed_headers("sandbox-webhook-secret", int(scene.copilot.now().timestamp()), raw)
    answer = await scene.world.http.post("/webhooks/mangomint", content=raw, headers=headers)
    assert answer.status_code == 200, answer.text
    return offer["id"]


async def test_an_earlier_naive_no_delivered_after_a_kept_yes_does_not_decline_it(scene: Scene) -> None:
    offer_id = await _kept_yes_then_naive_no(scene, no_minute=1)
    status = scene.store.fill_offer(offer_id)["status"]
    assert status != "declined", ("her kept YES was given up by an earlier No", scene.thread_text()[-600:])


async def test_a_later_naive_no_after_a_kept_yes_is_her_last_word(scene: Scene) -> None:
    from spa_copilot.fill.replies import take_up_recorded_yes

    offer_id = await _kept_yes_then_naive_no(scene, no_minute=5)
    row = scene.store.fill_offer(offer_id)
    assert not (row["status"] == "sent" and row["yes_at"]), ("YES kept against her later No", scene.thread_text()[-700:])
    await take_up_recorded_yes(scene.copilot, row)
    assert scene.store.fill_offer(offer_id)["status"] not in ("accepting", "booked"), "booked against her later No"
