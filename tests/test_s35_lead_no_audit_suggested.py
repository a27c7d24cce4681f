"""A colleague who is no manager is never pointed at ``/spa audit`` by a "did you mean" (rev35b L1).

"adit 3" or "audti" from the front desk answered "Did you mean /spa audit 3?", the command refused to them whatever
its words; a manager still gets the suggestion.
"""

from __future__ import annotations

import pytest

from spa_copilot.sandbox.world import FRONT_DESK_USER, SandboxWorld


async def _slash(world: SandboxWorld, text: str, user: str):
    before = len(world.slack.responses)
    response = await world.sender.slash_command(text, user_id=user)
    assert response.status_code == 200
    await world.slack.wait_for(lambda s: len(s.responses) > before, timeout=10)
    return world.slack.responses[before]


@pytest.mark.parametrize("typed", ["adit 3", "audti"])
async def test_no_manager_is_pointed_at_audit(world: SandboxWorld, typed: str) -> None:
    post = await _slash(world, typed, FRONT_DESK_USER)
    assert "audit" not in post.text and "/spa audit" not in str(post.blocks), post.text
    assert "didn't understand" in post.text  # still told it was not understood


@pytest.mark.parametrize("typed", ["adit 3", "audti"])
async def test_a_manager_is_still_pointed_at_audit(world: SandboxWorld, typed: str) -> None:
    post = await _slash(world, typed, world.manager_id)
    assert "Did you mean /spa audit" in post.text, post.text


async def test_other_suggestions_stay_for_everyone(world: SandboxWorld) -> None:
    post = await _slash(world, "todya", FRONT_DESK_USER)
    assert "Did you mean /spa today" in post.text, post.text
