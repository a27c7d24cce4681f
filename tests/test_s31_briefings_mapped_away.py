"""The managers' note about therapists the morning briefing could not reach (session 31, rev31b L1).

A therapist SPA_STAFF_SLACK_IDS maps to a Slack user since deactivated or made a guest account got "I can't match
them to a Slack user … add them to SPA_STAFF_SLACK_IDS": she is in it. The note now says her mapping names a user who
is not a full member, and what to do."""

from __future__ import annotations

import pytest

from spa_copilot.briefings import MAPPED_AWAY_TEXT, UNMATCHED_TEXT, send_morning_briefings
from spa_copilot.sandbox.world import SandboxWorld
from tests.test_s31_slack_mapped_user_checked import _map


@pytest.mark.parametrize("flag", ["deleted", "is_restricted", "is_bot"])
async def test_a_mapped_user_who_is_not_a_full_member_is_said_so(world: SandboxWorld, flag: str) -> None:
    _map(world, **{flag: True})
    await send_morning_briefings(world.copilot, "loc_soho")
    manager = world.copilot.settings.spa_manager_ids[0]
    texts = [m.text for m in world.slack.messages(manager)]
    ana = [text for text in texts if "Ana Reyes" in text]
    assert ana, texts
    assert all("add them to SPA_STAFF_SLACK_IDS" not in text for text in ana), ana
    assert any("SPA_STAFF_SLACK_IDS maps them to a Slack user who is deactivated" in text for text in ana), ana
    assert MAPPED_AWAY_TEXT.split("{")[0] in ana[0] and UNMATCHED_TEXT.split(":")[1] not in ana[0]
