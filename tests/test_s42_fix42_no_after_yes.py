"""A "No" she sent after her YES is read as after it even when the spa system's clock runs a little behind ours (her
YES, timed just before the approval, is recorded at it): the thread quotes it with "cancel the booking", never
"their YES is their latest answer". Only a reply surely sent before her YES is said to be."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

import pytest

from spa_copilot.platform.signing import signed_headers
from tests.fill_scene import Scene, eventually, proposed
from tests.test_s42_order42_replies_order import _post, _reply


async def test_a_no_after_her_yes_with_the_spa_clock_behind_is_read_in_order(scene: Scene) -> None:
    await proposed(scene)
    first, _ = await scene.first_offer_sent()
    approved = scene.copilot.now()
    scene.clock.advance(seconds=20)
    await _reply(scene, "yes", first["client_id"], "Yes!", approved - timedelta(seconds=15))  # spa clock behind
    await eventually(lambda: scene.bookings_for(first["client_id"]) != [])
    scene.clock.advance(seconds=30)
    await _reply(scene, "no", first["client_id"], "Oh no wait, I can't make it, sorry", approved - timedelta(seconds=5))
    thread = scene.thread_text()
    assert "sent before their YES" not in thread and "latest answer" not in thread
    assert "cancel the booking" in thread and "I can't make it" in thread


async def _yes_sent_before_her_answer(scene: Scene, body: str, ahead: timedelta) -> str:
    """Her answer (sent 2 min after the text) delivered at once, her YES (sent 1 min after) delivered late, both
    stamped by a spa clock ``ahead`` of ours: nothing booked; the thread."""
    await proposed(scene)
    first, _ = await scene.first_offer_sent()
    sent = scene.copilot.now()
    scene.clock.advance(minutes=2, seconds=10)
    await _reply(scene, "ans", first["client_id"], body, sent + timedelta(minutes=2) + ahead)
    scene.clock.advance(seconds=50)
    await _reply(scene, "yes", first["client_id"], "Yes!", sent + timedelta(minutes=1) + ahead)
    assert scene.bookings_for(first["client_id"]) == []
    return scene.thread_text()


@pytest.mark.parametrize("ahead", [timedelta(minutes=-1), timedelta(0), timedelta(minutes=3)])
async def test_a_yes_sent_before_her_no_is_told_in_its_true_order_whatever_the_spa_clock(
    scene: Scene, ahead: timedelta
) -> None:
    # rev42i M: her "No" and YES compared by stamps capped at our clock read in delivery order with the spa clock ahead:
    # "said no earlier and has now replied YES … offer it to them again by hand"
    thread = await _yes_sent_before_her_answer(scene, "Wait, no sorry I can't", ahead)
    assert "said no earlier" not in thread and "before their no" in thread, thread[-500:]


@pytest.mark.parametrize("body", ["STOP", "Yes!", "START", "No", "What time?"])
async def test_a_reply_stamped_in_year_one_east_of_utc_is_read_not_a_500(scene: Scene, body: str) -> None:
    # rev42i M: "0001-01-01T00:00:00+05:00" is before year 1 in UTC: dating it in a thread line crashed the webhook
    await proposed(scene)
    first, _ = await scene.first_offer_sent()
    scene.clock.advance(minutes=3)
    year_one = datetime(1, 1, 1, tzinfo=timezone(timedelta(hours=5)))
    assert (await _post(scene, "odd", first["client_id"], body, year_one)).status_code == 200


async def test_a_yes_placed_on_our_clock_is_not_told_as_before_a_no_stamped_by_a_clock_ahead(scene: Scene) -> None:
    # rev42j M: her "No" stamped with an offset by a spa clock 5 min ahead, her YES a minute later with no offset and no
    # envelope time (placed on our clock): the two clocks' times compared told the YES as "before their no"
    await proposed(scene)
    first, _ = await scene.first_offer_sent()
    scene.clock.advance(minutes=1)
    await _reply(scene, "no", first["client_id"], "No thanks", scene.copilot.now() + timedelta(minutes=5))
    scene.clock.advance(minutes=1)
    message = {
        "id": "msg_yes",
        "clientId": first["client_id"],
        "channel": "sms",
        "body": "Yes please",
        "receivedAt": scene.copilot.now().replace(tzinfo=None).isoformat(),
    }  # no offset, no createdAt
    raw = json.dumps({"id": "yes", "type": "message.received", "data": {"message": message}}).encode()
    headers = signed_headers("sandbox-webhook-secret", int(scene.copilot.now().timestamp()), raw)
    assert (await scene.world.http.post("/webhooks/mangomint", content=raw, headers=headers)).status_code == 200
    thread = scene.thread_text()
    assert "before their no" not in thread and "said no earlier and has now replied YES" in thread, thread[-700:]
