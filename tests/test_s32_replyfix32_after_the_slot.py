"""A reply neither yes nor no that came after the offered slot ended was dropped unseen (``on_message_received``
returned before any note): "Is it still free?" an hour after the slot reached nobody. It is shown once (per message, a
few per offer: test_s32_replyfix32b_replies) in the card's thread now, saying the slot has passed; nothing is
reopened. One sent long after (days) stays unposted (test_fill_probe), as do a NO or a STOP after the slot."""

from __future__ import annotations

import asyncio
from datetime import datetime

import pytest

from spa_copilot import fill
from tests.fill_scene import Scene, eventually, proposed

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def _past_the_slot(scene: Scene, minutes: int = 30) -> None:
    end = datetime.fromisoformat(scene.proposal["opening"]["end"])
    scene.clock.advance(seconds=(end - scene.clock()).total_seconds() + minutes * 60)


async def test_an_unclear_reply_after_the_slot_is_shown_once(scene: Scene) -> None:
    await proposed(scene)
    first, offer = await scene.first_offer_sent()
    scene.clock.advance(minutes=11)
    await fill.expire_offers(scene.copilot)
    _past_the_slot(scene)
    await fill.expire_offers(scene.copilot)
    status, offer_status = scene.proposal["status"], scene.store.fill_offer(offer["id"])["status"]
    await scene.reply(first["client_id"], "Is it still free?")
    await eventually(lambda: "Is it still free?" in scene.thread_text())
    assert "after the offered slot had passed" in scene.thread_text()
    await scene.reply(first["client_id"], "hello??")
    await eventually(lambda: "hello??" in scene.thread_text())  # each message once (replyfix32b: no longer per offer)
    assert scene.thread_text().count("after the offered slot had passed") == 2
    assert scene.proposal["status"] == status and scene.store.fill_offer(offer["id"])["status"] == offer_status
    assert [r for r in scene.store.fill_proposals(statuses=("pending", "info")) if r["kind"] == "reply"] == []


async def test_a_no_after_the_slot_is_still_not_posted(scene: Scene) -> None:
    await proposed(scene)
    first, _ = await scene.first_offer_sent()
    _past_the_slot(scene)
    before = scene.thread_text()
    await scene.reply(first["client_id"], "No")
    await asyncio.sleep(0.2)
    assert scene.thread_text() == before
