"""G1: an approved 'the hold ran out' reply held up (texts not going) goes out once texts go again, if her reclaimed
in-time YES is still waiting for the spa system's re-check (offer 'sent' with yes_at, not accepting/booked)."""
from __future__ import annotations

from datetime import timedelta

import pytest

from spa_copilot import fill
from spa_copilot.platform.errors import PlatformUnavailable
from tests.fill_scene import Scene, sms_reply
from tests.test_s36_yes36b_reclaim import _bring_back, _expired_in_outage, _reply_cards, _take_down


async def test_held_reply_sent_while_reclaimed_yes_waits(scene: Scene, monkeypatch: pytest.MonkeyPatch) -> None:
    first, expires = await _expired_in_outage(scene, monkeypatch)
    c = scene.copilot
    await fill.on_message_received(c, sms_reply(first["client_id"], "YES", expires + timedelta(seconds=90), "m_late"))
    (reply,) = _reply_cards(scene)
    texts_down = _take_down(scene, monkeypatch, ("send_message",))
    assert (await fill.approve_fill(c, reply["id"], reply["revision"], user_id=scene.world.manager_id)).ok
    assert c.store.fill_proposal(reply["id"])["status"] == "approved"  # held up
    # the spa system's booking side stops answering; texts come back
    _bring_back(scene, monkeypatch, texts_down)
    booking_down = _take_down(scene, monkeypatch, ("get_client", "list_waitlist", "list_appointments", "get_appointment"))
    scene.clock.advance(minutes=1)
    try:
        await fill.on_message_received(c, sms_reply(first["client_id"], "Yes", expires - timedelta(seconds=30), "m_in"))
    except PlatformUnavailable:
        pass
    offer = c.store.fill_offer(reply["appointment_id"].removeprefix("reply:"))
    assert offer["status"] == "sent" and offer.get("yes_at")  # taken back, her booking still to be made
    try:
        await fill.redrive_outbox(c)
    except PlatformUnavailable:
        pass
    _bring_back(scene, monkeypatch, booking_down)
    scene.clock.advance(minutes=1)
    await fill.redrive_outbox(c)  # the spa system answers again: the outbox runs first
    await fill.expire_offers(c)
    await fill.redrive_outbox(c)
    assert len(scene.bookings_for(first["client_id"])) == 1
    assert not [s for s in scene.sent() if s["body"] == reply["draft"]], "the 'hold ran out' text went out to a guest whose YES was reclaimed and is being booked"
