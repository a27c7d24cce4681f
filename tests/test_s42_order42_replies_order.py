"""Replies to a fill offer delivered out of order (webhooks are retried, never in order: DESIGN) are read in the order
the guest sent them (each carries its ``receivedAt``): the card's thread says the true order. A YES she sent before the
STOP that declined her offer books nothing (her STOP is her latest word, and she is not texted again)."""

from __future__ import annotations

import json
from datetime import datetime, timedelta

import httpx

from spa_copilot.platform.signing import signed_headers
from tests.fill_scene import Scene, eventually, proposed

SECRET = "sandbox-webhook-secret"


async def _post(scene: Scene, event_id: str, client_id: str, body: str, at: datetime) -> httpx.Response:
    """Her SMS reply ``body``, sent at ``at``, delivered now by the spa system's signed webhook: the answer."""
    message = {
        "id": f"msg_{event_id}",
        "clientId": client_id,
        "channel": "sms",
        "body": body,
        "receivedAt": at.isoformat(),
    }
    raw = json.dumps(
        {"id": event_id, "type": "message.received", "createdAt": at.isoformat(), "data": {"message": message}}
    ).encode()
    headers = signed_headers(SECRET, int(scene.copilot.now().timestamp()), raw)
    return await scene.world.http.post("/webhooks/mangomint", content=raw, headers=headers)


async def _reply(scene: Scene, event_id: str, client_id: str, body: str, at: datetime) -> None:
    """Her SMS reply ``body``, sent at ``at``, delivered now and taken (200)."""
    response = await _post(scene, event_id, client_id, body, at)
    assert response.status_code == 200, response.text


async def test_an_earlier_no_delivered_after_the_yes_is_said_to_come_before_it(scene: Scene) -> None:
    await proposed(scene)
    first, _ = await scene.first_offer_sent()
    sent = scene.copilot.now()
    scene.clock.advance(minutes=3)
    await _reply(scene, "yes", first["client_id"], "Actually yes please!", sent + timedelta(minutes=2))
    await eventually(lambda: scene.bookings_for(first["client_id"]) != [])
    await _reply(scene, "no", first["client_id"], "No thanks", sent + timedelta(minutes=1))  # sent first
    thread = scene.thread_text()
    assert "then wrote" not in thread and "cancel the booking" not in thread
    assert "sent before their YES" in thread and "No thanks" in thread
    assert len(scene.bookings_for(first["client_id"])) == 1


async def test_a_yes_sent_before_her_stop_books_nothing_and_the_thread_says_the_true_order(scene: Scene) -> None:
    await proposed(scene)
    first, offer = await scene.first_offer_sent()
    sent = scene.copilot.now()
    scene.clock.advance(minutes=3)
    await _reply(scene, "stop", first["client_id"], "STOP", sent + timedelta(minutes=2))
    await _reply(scene, "yes", first["client_id"], "Yes!", sent + timedelta(minutes=1))
    thread = scene.thread_text()
    assert "said no earlier" not in thread
    assert "before their STOP" in thread and "(delivered late)" in thread
    assert "not booked and will not be texted again" in thread and "phone them" in thread
    assert scene.bookings_for(first["client_id"]) == [], "her STOP is her latest word: nothing is booked"
    assert scene.store.fill_proposal_for(f"reply:{offer['id']}") is None, "no reply card drafted to her"
    assert scene.store.text_opted_out([first["client_id"]]) == {first["client_id"]}, "her STOP stands"


async def test_a_yes_sent_before_her_stop_leaves_the_slot_to_the_next_guest_once_texted(scene: Scene) -> None:
    await proposed(scene)
    first, _ = await scene.first_offer_sent()
    sent = scene.copilot.now()
    scene.clock.advance(minutes=3)
    await _reply(scene, "stop", first["client_id"], "STOP", sent + timedelta(minutes=2))
    await scene.approve_and_wait()  # the next guest is texted the slot: it is hers while she holds it
    second = scene.candidate(scene.proposal["current_index"])
    assert second["client_id"] != first["client_id"]
    await _reply(scene, "yes", first["client_id"], "Yes!", sent + timedelta(minutes=1))
    thread = scene.thread_text()
    assert "said no earlier and has now replied YES" not in thread
    assert "before their STOP" in thread and "not booked" in thread
    assert scene.bookings_for(first["client_id"]) == []
    assert scene.proposal["current_index"] == scene.proposal["candidates"].index(second)


async def test_an_earlier_yes_delivered_after_her_later_no_leaves_her_no_her_last_word(scene: Scene) -> None:
    await proposed(scene)
    first, _ = await scene.first_offer_sent()
    sent = scene.copilot.now()
    scene.clock.advance(minutes=3)
    await _reply(scene, "no", first["client_id"], "Wait, no sorry I can't", sent + timedelta(minutes=2))
    await _reply(scene, "yes", first["client_id"], "Yes!", sent + timedelta(minutes=1))  # sent first
    thread = scene.thread_text()
    assert "said no earlier and has now replied YES" not in thread and "offer it to them again" not in thread
    assert "before their no" in thread and "nothing was booked" in thread
    assert scene.bookings_for(first["client_id"]) == []
