"""rev50i: Approve of a late-YES reply (late_reply.reply_text_now): a one-off outage keeps the sentence the manager
saw (she was waiting when it was drafted); a double click sends once; her entry still waiting keeps it."""
import asyncio

import pytest

from spa_copilot.domain import WaitlistStatus
from spa_copilot.slack import ids
from tests.fill_scene import down_once, eventually, late_yes_reply


@pytest.mark.filterwarnings("ignore::DeprecationWarning")
async def test_an_outage_at_approve_keeps_the_sentence_she_was_drafted_with(scene, monkeypatch) -> None:
    first, row = await late_yes_reply(scene)
    assert scene.world.spa.waitlist[first["entry_id"]].status in (WaitlistStatus.waiting, WaitlistStatus.offered)
    down_once(monkeypatch, scene.copilot.platform, "list_waitlist")
    before = len(scene.sent())
    await scene.click(ids.APPROVE_FILL, message=scene.world.slack.message(row["channel"], row["ts"]))
    await eventually(lambda: len(scene.sent()) > before)  # the text goes either way: with or without the sentence
    body = str(scene.sent()[-1])
    # she IS on the waitlist: a one-off 503 at Approve must not strip the line the manager saw on the card
    assert "still on our waitlist" in body, (body, scene.store.fill_proposal(row["id"])["draft"])


@pytest.mark.filterwarnings("ignore::DeprecationWarning")
async def test_double_click_sends_once(scene) -> None:
    first, row = await late_yes_reply(scene)
    spa = scene.world.spa
    spa.waitlist[first["entry_id"]] = spa.waitlist[first["entry_id"]].model_copy(update={"status": WaitlistStatus.cancelled})
    before = len(scene.sent())
    msg = scene.world.slack.message(row["channel"], row["ts"])
    await asyncio.gather(scene.click(ids.APPROVE_FILL, message=msg), scene.click(ids.APPROVE_FILL, message=msg))
    await eventually(lambda: len(scene.sent()) > before)
    await asyncio.sleep(0.5)
    assert len(scene.sent()) == before + 1, scene.sent()[before:]
    assert "waitlist" not in str(scene.sent()[-1])


@pytest.mark.filterwarnings("ignore::DeprecationWarning")
async def test_waiting_keeps_sentence_at_approve(scene) -> None:
    first, row = await late_yes_reply(scene)
    before = len(scene.sent())
    await scene.click(ids.APPROVE_FILL, message=scene.world.slack.message(row["channel"], row["ts"]))
    await eventually(lambda: len(scene.sent()) > before)
    assert "still on our waitlist" in str(scene.sent()[-1])
    card = scene.world.slack.message(row["channel"], row["ts"])
    assert "still on our waitlist" in str(card)
