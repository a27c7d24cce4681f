"""rev36a H1 (3): the last hold before the slot runs out and the card closes as a list to call (too soon for another
text). The guest's YES, sent within her hold and delivered seconds after, wins the slot back: nobody else was texted.
The thread says the list to call is set aside; the card is no longer a list to call."""

from __future__ import annotations

from datetime import datetime, timedelta

from spa_copilot import fill
from spa_copilot.fill.call_list import _is_call_list
from tests.fill_scene import Scene, proposed, sms_reply


async def test_in_time_yes_after_a_too_soon_close_books(scene: Scene) -> None:
    await proposed(scene)
    start = datetime.fromisoformat(scene.proposal["opening"]["start"])
    scene.clock.current = start - timedelta(minutes=16)  # a 10-minute hold ends 6 minutes before the slot
    first, offer = await scene.first_offer_sent()
    c = scene.copilot
    expires = datetime.fromisoformat(offer["expires_at"])
    scene.clock.current = expires + timedelta(seconds=20)  # the expiry run: too soon for the next text
    await fill.expire_offers(c)
    assert _is_call_list(scene.proposal) and scene.proposal["current_index"] == 0
    scene.clock.advance(seconds=10)
    await fill.on_message_received(c, sms_reply(first["client_id"], "YES", expires - timedelta(seconds=40), "m_late"))
    row = scene.proposal
    assert len(scene.sent()) == 1
    assert len(scene.bookings_for(first["client_id"])) == 1
    assert row["status"] == "booked" and not _is_call_list(row)
    assert [r for r in scene.store.fill_proposals(statuses=("pending", "info")) if r["kind"] == "reply"] == []
    assert "the list to call is set aside" in scene.thread_text()
