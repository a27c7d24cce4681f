"""A YES within the hold from a guest whose waitlist entry was deleted in the spa system since the offer: the slot is
still free, yet the card closed saying "the slot is no longer free (the waitlist entry is gone)" and drafted her a
false "already taken" reply. Now the thread says what happened (her entry was removed in the spa system, nothing
booked, the slot still free), the managers book her by hand or let the card move on to the next guest (waiting for
an Approve), and no reply is drafted. A slot booked meanwhile is still the slot gone."""

from __future__ import annotations

import pytest

from spa_copilot import fill
from tests.fill_scene import Scene, proposed
from tests.test_s29_fill_yes_to_unsent_text import _book_by_hand

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


async def test_yes_after_her_entry_was_deleted_moves_the_card_on_and_drafts_no_reply(scene: Scene) -> None:
    await proposed(scene)
    first, offer = await scene.first_offer_sent()
    del scene.world.spa.waitlist[first["entry_id"]]
    scene.clock.advance(minutes=2)
    await scene.reply(first["client_id"], "YES")
    await fill.redrive_outbox(scene.copilot)
    row = scene.proposal
    assert row["status"] == "pending" and row["current_index"] == 1, (row["status"], row.get("reason"))
    assert not scene.bookings_for(first["client_id"])
    thread = scene.thread_text()
    assert "waitlist entry was removed in the spa system" in thread and "The slot is still free" in thread, thread
    assert "no longer free" not in thread, thread
    assert scene.store.fill_proposal_for(f"reply:{offer['id']}") is None  # no false "already taken" reply
    assert scene.store.fill_offer(offer["id"])["status"] == "declined"
    # her YES again changes nothing and is not read as "said no, now yes"
    await scene.reply(first["client_id"], "Yes please")
    assert "said no earlier" not in scene.thread_text()
    assert scene.store.fill_proposal_for(f"reply:{offer['id']}") is None


async def test_yes_after_her_entry_was_deleted_and_the_slot_booked_is_the_slot_gone(scene: Scene) -> None:
    await proposed(scene)
    first, offer = await scene.first_offer_sent()
    del scene.world.spa.waitlist[first["entry_id"]]
    _book_by_hand(scene, first)  # the offered hour given to a walk-in
    scene.clock.advance(minutes=2)
    await scene.reply(first["client_id"], "YES")
    await fill.redrive_outbox(scene.copilot)
    assert scene.proposal["status"] == "expired"
    thread = scene.thread_text()
    assert "no longer free" in thread and "The slot is still free" not in thread, thread


async def test_a_move_on_taken_up_later_after_such_a_yes_does_not_say_she_said_no(scene: Scene) -> None:
    """The move on after a YES that could not be booked, cut off (an outage while drafting for the next guest) and
    taken up by the expiry job, says "Moving on from …", not "… said no"."""
    await proposed(scene)
    first, offer = await scene.first_offer_sent()
    now = scene.copilot.now()
    assert scene.store.record_fill_yes(offer["id"], at=now, message_id="msg_yes", now=now)
    assert scene.store.update_fill_offer(offer["id"], at=now, expect_status="sent", status="declined")
    await fill.moving_on._move_on_after_answer(scene.copilot, scene.proposal["id"])
    thread = scene.thread_text()
    assert "said no" not in thread and f"Moving on from {first['first_name']}" in thread, thread
    assert scene.proposal["current_index"] == 1
