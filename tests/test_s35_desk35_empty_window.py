"""An empty waitlist window (``14:00-14:00``) says it is empty; it was said to end before it starts (rev34h, L3)."""

from __future__ import annotations

import pytest

from spa_copilot.sandbox.world import SandboxWorld
from spa_copilot.slack.command_parser import CommandError, parse_time_range
from tests.test_slack_payloads import slash


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
