"""The reply card drafted after a YES sent within the hold lost the slot at its re-check (here a list to call taken
back by her delayed in-time YES, the hour booked by hand meanwhile) is titled for what it is, not as a late YES."""
from __future__ import annotations

from datetime import timedelta

from spa_copilot import fill
from spa_copilot.fill.call_list import _is_call_list
from tests.fill_scene import Scene, proposed, sms_reply
from tests.test_s29_fill_yes_to_unsent_text import _book_by_hand


async def test_the_reply_to_a_reclaimed_in_time_yes_that_lost_the_slot_is_no_late_yes(scene: Scene) -> None:
    await proposed(scene)
    first, _offer, expires = await scene.first_hold_given_up(minutes_before_slot=16)
    assert _is_call_list(scene.proposal) and first["first_name"] == "Christopher"
    _book_by_hand(scene, first)
    scene.clock.advance(seconds=60)
    await fill.on_message_received(scene.copilot, sms_reply(first["client_id"], "YES", expires - timedelta(seconds=40), "m"))
    replies = [r for r in scene.store.fill_proposals(statuses=("pending",)) if r["kind"] == "reply"]
    assert len(replies) == 1
    row = scene.proposal
    posted = [m for m in scene.world.slack.thread(row["channel"], row["ts"]) if m.ts == replies[0]["ts"]]
    assert len(posted) == 1
    assert posted[0].text == "Reply to Christopher's YES (slot taken)"
    assert posted[0].blocks[0]["text"]["text"] == "YES from Christopher (slot taken)"
    assert "late YES" not in scene.thread_text()
