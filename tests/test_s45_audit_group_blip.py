"""probe45e: a manager by the manager user group alone asks ``/spa audit`` while Slack cannot list the group just now
(a blip; the first minutes after a restart, the list empty): asked to try again, as Approve asks, not told the audit
log is for managers."""

from __future__ import annotations

from spa_copilot.sandbox.world import SandboxWorld
from spa_copilot.slack import blocks, texts
from tests.test_s31_slack_home_role_unknown import _group_manager_in_an_outage
from tests.test_slack_payloads import slash


async def test_a_group_manager_is_asked_to_try_again_during_a_slack_blip(world: SandboxWorld) -> None:
    manager, _ = _group_manager_in_an_outage(world)
    post = await slash(world, "audit 5", user=manager)
    assert post.response_type == "ephemeral"
    assert post.text == blocks.escape(texts.WHO_UNKNOWN_TEXT), post.text
