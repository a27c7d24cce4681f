"""A yes that takes the slot beside an opt-out that can only be hers ("Yes, I'll take it, stop sending me openings")
was a STOP: the offer was declined and the card moved on, giving away the slot she had just taken. Now her opt-out is
recorded and nothing is declined or booked: the card's thread says she said yes and asked not to be texted, for a
person to book her by hand while her hold runs."""

from __future__ import annotations

import asyncio

import pytest

from spa_copilot import fill
from tests.fill_scene import Scene, eventually, proposed

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


async def test_her_opt_out_is_recorded_and_the_slot_is_left_to_a_person(scene: Scene) -> None:
    await proposed(scene)
    first, offer = await scene.first_offer_sent()
    index = scene.proposal["current_index"]
    await scene.reply(first["client_id"], "Yes, I'll take it, stop sending me openings")
    await eventually(lambda: "asked not to be texted again" in scene.thread_text())
    await asyncio.sleep(0.2)
    thread = scene.thread_text()
    assert "replied YES" in thread and "will not text them again" in thread and "book it by hand" in thread
    assert "stop sending me openings" in thread  # her words, for the person who books her
    assert scene.store.text_opted_out([first["client_id"]])
    assert scene.store.fill_offer(offer["id"])["status"] == "sent"  # not declined: her hold stands
    assert scene.proposal["current_index"] == index and scene.proposal["status"] == "sent"
    assert not scene.bookings_for(first["client_id"])  # never booked on a mixed reply
    # her hold running out moves the card on as for any reply a person reads; the offer is not "said no"
    scene.clock.advance(minutes=11)
    await fill.expire_offers(scene.copilot)
    await eventually(lambda: scene.store.fill_offer(offer["id"])["status"] == "expired")
    assert not scene.bookings_for(first["client_id"])


async def test_after_her_yes_was_booked_the_booking_stands(scene: Scene) -> None:
    await proposed(scene)
    first, offer = await scene.first_offer_sent()
    await scene.reply(first["client_id"], "Yes please!")
    await eventually(lambda: scene.proposal["status"] == "booked")
    await scene.reply(first["client_id"], "Yes I'll take it! And stop texting me")
    await eventually(lambda: "Their booking stands" in scene.thread_text())
    assert scene.store.text_opted_out([first["client_id"]])
    assert len(scene.bookings_for(first["client_id"])) == 1
    assert scene.store.fill_offer(offer["id"])["status"] == "booked"
