"""The alerts log line counts messages as the channel shows them (rev35f L2).

``posted=9 … summaries=2`` read as eleven messages when two summaries held the nine new conflicts: the line now says
``new=9 (cards=0 summaries=2)``, so cards plus summaries is what the channel got.
"""

from __future__ import annotations

import logging
import re

import pytest

from spa_copilot.sandbox.world import SandboxWorld
from spa_copilot.scheduler import poll_calendar


@pytest.mark.parametrize("threshold", [1000, 2])
async def test_cards_and_summaries_in_the_log_are_the_messages_posted(
    world: SandboxWorld, caplog: pytest.LogCaptureFixture, threshold: int
) -> None:
    world.copilot.settings = world.copilot.settings.model_copy(update={"alert_burst_threshold": threshold})
    channel = world.copilot.settings.ops_channel
    before = len(world.slack.messages(channel))
    with caplog.at_level(logging.INFO, logger="spa_copilot.alerts"):
        await poll_calendar(world.copilot)
    lines = [r.getMessage() for r in caplog.records if r.getMessage().startswith("alerts location=")]
    assert lines
    said = [re.search(r"new=(\d+) \(cards=(\d+) summaries=(\d+)\)", line) for line in lines]
    assert all(said), lines
    messages = sum(int(m.group(2)) + int(m.group(3)) for m in said if m)
    new = sum(int(m.group(1)) for m in said if m)
    posted = world.slack.messages(channel)[before:]
    conflict_messages = [m for m in posted if not m.text.startswith(("Fill proposal", "Calendar sync"))]
    assert messages == len(conflict_messages), (lines, [m.text[:60] for m in posted])
    assert new >= messages
    if threshold == 2:
        assert any(int(m.group(3)) for m in said if m), lines  # a burst: summed up
