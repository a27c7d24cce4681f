"""A guest who replied within the hold, but not with a yes or no ("what time?"), answered: when the hold runs out the
thread and the card say they replied unclearly (see the thread), never that they "did not answer". One who sent
nothing still "did not answer". Manager/guest review, 4 December 2026."""

from __future__ import annotations

import asyncio

import pytest

from spa_copilot import fill
from tests.fill_scene import Scene, eventually, proposed

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


async def _offer_runs_out(scene: Scene, reply: str | None) -> dict:
    await proposed(scene)
    first, _ = await scene.first_offer_sent()
    scene.clock.advance(minutes=1)
    if reply is not None:
        await scene.reply(first["client_id"], reply)
        await eventually(lambda: "please follow up" in scene.thread_text())
    scene.clock.advance(minutes=10)
    await fill.expire_offers(scene.copilot)
    await eventually(lambda: scene.proposal["current_index"] == 1)
    await asyncio.sleep(0.05)
    return first


@pytest.mark.parametrize("reply", ["what time?", "can I do 3pm instead"])
async def test_an_unclear_reply_is_not_called_no_answer(scene: Scene, reply: str) -> None:
    first = await _offer_runs_out(scene, reply)
    thread, card = scene.thread_text(), scene.card_text()
    assert "did not answer" not in thread and "did not answer" not in card
    assert "did not say yes or no within 10 minutes (they replied; see the thread)." in thread
    assert fill.call_list.CALL_UNCLEAR in card
    assert scene.bookings_for(first["client_id"]) == []  # still nothing booked: a person follows up


async def test_no_reply_at_all_still_did_not_answer(scene: Scene) -> None:
    await _offer_runs_out(scene, None)
    assert "did not answer within 10 minutes" in scene.thread_text()
    assert fill.call_list.CALL_NO_ANSWER in scene.card_text()
    assert fill.call_list.CALL_UNCLEAR not in scene.card_text()
