"""``/spa audit -1`` from a colleague who is not a manager is refused as ``audit`` is: it was corrected ("-1 is not a
positive number") into a command they may not use, under a help that leaves that command out."""

from __future__ import annotations

import pytest

from spa_copilot.sandbox.world import SandboxWorld
from spa_copilot.slack import blocks, texts
from tests.test_slack_payloads import slash


@pytest.mark.parametrize("typed", ["audit -1", "audit ²", "audit 5 6"])
async def test_a_colleague_not_a_manager_gets_the_audit_refused_not_corrected(world: SandboxWorld, typed: str) -> None:
    post = await slash(world, typed)
    assert post.response_type == "ephemeral"
    assert post.text == blocks.escape(texts.REFUSAL_TEXT.format(action="the audit log")), post.text
    assert "positive number" not in str(post.blocks) and "takes one number" not in str(post.blocks)


async def test_a_manager_still_gets_the_audit_words_corrected(world: SandboxWorld) -> None:
    post = await slash(world, "audit -1", user=world.manager_id)
    assert post.text == "-1 is not a positive number.", post.text
