"""rev36a H1 (3): the last hold before the slot runs out and the card closes as a list to call (too soon for another
text). The guest's YES, sent within her hold and delivered seconds after, wins the slot back: nobody else was texted.
The thread says to keep the list to call until she is booked; the card is no longer a list to call."""

from __future__ import annotations

from datetime import timedelta

from spa_copilot import fill
from spa_copilot.fill.call_list import _is_call_list
from tests.fill_scene import Scene, proposed, sms_reply


async def test_in_time_yes_after_a_too_soon_close_books(scene: Scene) -> None:
    await proposed(scene)
    # a 10-minute hold ends 6 minutes before the slot; the expiry run finds it too soon for the next text
    first, offer, expires = await scene.first_hold_given_up(minutes_before_slot=16)
    c = scene.copilot
    assert _is_call_list(scene.proposal) and scene.proposal["current_index"] == 0
    scene.clock.advance(seconds=10)
    await fill.on_message_received(c, sms_reply(first["client_id"], "YES", expires - timedelta(seconds=40), "m_late"))
    row = scene.proposal
    assert len(scene.sent()) == 1
    assert len(scene.bookings_for(first["client_id"])) == 1
    assert row["status"] == "booked" and not _is_call_list(row)
    assert [r for r in scene.store.fill_proposals(statuses=("pending", "info")) if r["kind"] == "reply"] == []
    assert "Keep the list to call until this thread says they are booked." in scene.thread_text()
