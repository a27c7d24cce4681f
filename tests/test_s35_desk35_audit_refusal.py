"""``/spa audit -1`` from a colleague who is not a manager is refused as ``audit`` is: it was corrected ("-1 is not a
positive number") into a command they may not use, under a help that leaves that command out."""

from __future__ import annotations

import pytest

from spa_copilot.sandbox.slack_api import ResponsePost
from spa_copilot.sandbox.world import FRONT_DESK_USER, SandboxWorld
from spa_copilot.slack import blocks, texts


async def slash(world: SandboxWorld, text: str, *, user: str = FRONT_DESK_USER) -> ResponsePost:
    """``/spa text`` through the real Bolt app, signed as Slack sends it; the answer posted to the response URL."""
    before = len(world.slack.responses)
    response = await world.sender.slash_command(text, user_id=user)
    assert response.status_code == 200
    await world.slack.wait_for(lambda s: len(s.responses) > before, timeout=10)
    return world.slack.responses[before]


@pytest.mark.parametrize("typed", ["audit -1", "audit ²", "audit 5 6"])
async def test_a_colleague_not_a_manager_gets_the_audit_refused_not_corrected(world: SandboxWorld, typed: str) -> None:
    post = await slash(world, typed)
    assert post.response_type == "ephemeral"
    assert post.text == blocks.escape(texts.REFUSAL_TEXT.format(action="the audit log")), post.text
    assert "positive number" not in str(post.blocks) and "takes one number" not in str(post.blocks)


async def test_a_manager_still_gets_the_audit_words_corrected(world: SandboxWorld) -> None:
    post = await slash(world, "audit -1", user=world.manager_id)
    assert post.text == "-1 is not a positive number.", post.text
