"""A guest who said yes to the slot in the text that opted her out of texts ("Yes, I'll take it, stop sending me
openings") is neither booked nor declined: a person books her by hand. Her hold running out with nobody booking her
must say so, and her card must mark her as someone to CALL to book, not as a STOP (left off a list to call) nor as
"did not say yes or no"."""

from __future__ import annotations

import asyncio

import pytest

from spa_copilot import fill
from tests.fill_scene import Scene, eventually, proposed

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


async def test_her_yes_is_what_the_card_and_the_thread_say_when_her_hold_runs_out(scene: Scene) -> None:
    await proposed(scene)
    first, offer = await scene.first_offer_sent()
    scene.clock.advance(minutes=1)
    await scene.reply(first["client_id"], "Yes, I'll take it, stop sending me openings")
    await eventually(lambda: "asked not to be texted again" in scene.thread_text())
    assert fill.call_list.CALL_YES_NO_TEXTS in scene.card_text()
    assert fill.call_list.CALL_STOPPED not in scene.card_text()
    scene.clock.advance(minutes=10)
    await fill.expire_offers(scene.copilot)
    await eventually(lambda: scene.proposal["current_index"] == 1)
    await asyncio.sleep(0.05)
    thread, card = scene.thread_text(), scene.card_text()
    assert "replied YES but asked not to be texted, and nobody booked them within 10 minutes" in thread
    assert "did not say yes or no" not in thread
    assert fill.call_list.CALL_YES_NO_TEXTS in card and fill.call_list.CALL_STOPPED not in card
    assert scene.store.text_opted_out([first["client_id"]])  # her opt-out stands all the same
    assert not scene.bookings_for(first["client_id"])
