"""An empty waitlist window (``14:00-14:00``) says it is empty; it was said to end before it starts (rev34h, L3)."""

from __future__ import annotations

import pytest

from spa_copilot.sandbox.slack_api import ResponsePost
from spa_copilot.sandbox.world import FRONT_DESK_USER, SandboxWorld
from spa_copilot.slack.command_parser import CommandError, parse_time_range


async def slash(world: SandboxWorld, text: str, *, user: str = FRONT_DESK_USER) -> ResponsePost:
    """``/spa text`` through the real Bolt app, signed as Slack sends it; the answer posted to the response URL."""
    before = len(world.slack.responses)
    response = await world.sender.slash_command(text, user_id=user)
    assert response.status_code == 200
    await world.slack.wait_for(lambda s: len(s.responses) > before, timeout=10)
    return world.slack.responses[before]


async def test_an_empty_waitlist_window_stores_nothing(world: SandboxWorld) -> None:
    client = world.data.clients[7]
    before = dict(world.spa.waitlist)
    post = await slash(world, f'waitlist add {client.id} "Swedish Massage 60" fri 2pm-14:00 SoHo')
    assert post.text == "2pm-14:00 is an empty window: it ends when it starts (try 14:00-18:00).", post.text
    assert world.spa.waitlist == before
    added = await slash(world, f'waitlist add {client.id} "Swedish Massage 60" fri 2pm-6pm SoHo')  # the same, not empty
    assert added.text.startswith("Added") and len(world.spa.waitlist) == len(before) + 1, added.text


@pytest.mark.parametrize("typed", ["14:00-14:00", "2pm-2pm", "2pm-14:00", "9:30am – 9:30am"])
def test_a_window_that_ends_when_it_starts_is_empty(typed: str) -> None:
    with pytest.raises(CommandError, match="is an empty window: it ends when it starts") as refused:
        parse_time_range(typed)
    assert "before it starts" not in refused.value.problem
    with pytest.raises(CommandError, match="6pm–2pm ends before it starts"):  # one that does, still said so
        parse_time_range("6pm–2pm")
