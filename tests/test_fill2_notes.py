"""A thread note said once (a YES waiting for the spa system, a STOP, a no after a YES, a YES from before the offer)
is posted at the next try when Slack refused it the first time, never dropped and never posted twice.

Same scene as ``test_fill_flow`` (``tests/fill_scene.py``).
"""

from __future__ import annotations

from typing import Any

import pytest
from slack_sdk.errors import SlackApiError

from spa_copilot import fill
from tests.fill_scene import Scene, proposed

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


async def test_the_yes_waits_note_slack_refused_is_posted_at_the_next_try(
    scene: Scene, flaky_slack: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(scene.copilot.platform, "_max_retries", 0)  # the outage without waiting out the retries
    await proposed(scene)
    first, offer = await scene.first_offer_sent()
    assert scene.store.record_fill_yes(offer["id"], at=scene.clock(), message_id="m1", now=scene.clock())
    scene.world.spa.faults.fail_next(10_000, status=503)
    channel = scene.proposal["channel"]
    flaky_slack.fail("chat_postMessage", SlackApiError("down", {"ok": False, "error": "internal_error"}), channel=channel)
    await fill.expire_offers(scene.copilot)
    assert "replied YES at" not in scene.thread_text()
    flaky_slack.heal()
    for _ in range(2):
        await fill.expire_offers(scene.copilot)
    assert scene.thread_text().count("replied YES at") == 1
    assert scene.store.fill_offer(offer["id"])["status"] == "sent"
