"""rev39m M2: the expiry's "waiting" whose read of her entry stays out of reach for an hour goes out unread (rev39h
M1), which undoes a desk's removal made in that hour; its card's thread now says it, once, also when Slack is down as
it goes out (kept, posted by a later try, never twice), and the write itself is not held up by Slack."""
from __future__ import annotations

from typing import Any

import pytest
from slack_sdk.errors import SlackApiError

from spa_copilot import fill
from spa_copilot.domain import WaitlistStatus
from spa_copilot.fill import waitlist_writes
from spa_copilot.fill._common import card_name
from spa_copilot.fill.waitlist_writes import UNREAD_WRITE_TEXT
from tests.fill_scene import Scene
from tests.test_s39_waitlist_read_out_of_reach import _expiry_read_out_of_reach

READS = 3
DOWN = SlackApiError("down", {"ok": False, "error": "internal_error"})


async def test_an_hour_of_reads_out_of_reach_says_the_unread_write_once_slack_down_or_not(
    scene: Scene, monkeypatch: pytest.MonkeyPatch, flaky_slack: Any
) -> None:
    monkeypatch.setattr(waitlist_writes, "UNREADABLE_READS", READS)
    first, key = await _expiry_read_out_of_reach(scene, monkeypatch)
    entry, spa = first["entry_id"], scene.world.spa
    for _ in range(READS - 2):
        scene.clock.advance(minutes=1)
        await fill.redrive_outbox(scene.copilot)
    assert scene.store.outbox_item(key).status == "pending"
    line = UNREAD_WRITE_TEXT.format(first_name=card_name(first), status="waiting")
    flaky_slack.fail("chat_postMessage", DOWN, channel=scene.proposal["channel"])
    scene.clock.advance(minutes=1)
    await fill.redrive_outbox(scene.copilot)
    assert scene.store.outbox_item(key).status == "sent"  # Slack down does not hold the write
    assert spa.waitlist[entry].status == WaitlistStatus.waiting
    assert line not in scene.thread_text()
    assert [note["text"] for note in scene.store.kept_notes()] == [line]  # kept, not lost
    flaky_slack.heal()
    for _ in range(3):
        scene.clock.advance(minutes=1)
        await fill.expire_offers(scene.copilot)
        await fill.redrive_outbox(scene.copilot)
    assert scene.thread_text().count(line) == 1
    assert scene.store.kept_notes() == []
