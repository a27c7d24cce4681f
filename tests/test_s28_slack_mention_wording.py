"""``/spa client @someone`` where Slack sends the mention without a name (``<@U0FRONTDSK>``, as newer clients do):
the help suggested "(their day: /spa today the person you mentioned)", a command nobody can type (a report-only
Slack review, 5 December). It now says what to type; a mention with its name keeps "/spa today @front.desk"."""

from __future__ import annotations

import pytest

from spa_copilot.sandbox.world import FRONT_DESK_USER, SandboxWorld
from spa_copilot.slack.command_parser import CommandError, check_client
from tests.conftest import front_desk_asks


async def test_a_mention_without_a_name_gets_a_typeable_suggestion(world: SandboxWorld) -> None:
    answer = await front_desk_asks(world, f"client <@{FRONT_DESK_USER}>")
    assert "the person you mentioned is someone in Slack, not a guest" in answer
    assert "/spa today the person you mentioned" not in answer
    assert "for their day, type /spa today and @mention them" in answer
    assert f"<@{FRONT_DESK_USER}" not in answer, "no live mention, as the help never shows one"


async def test_a_mention_with_its_name_still_suggests_the_command_with_it(world: SandboxWorld) -> None:
    answer = await front_desk_asks(world, f"client <@{FRONT_DESK_USER}|front.desk>")
    assert "their day: /spa today @front.desk" in answer


@pytest.mark.parametrize("mention", [f"<@{FRONT_DESK_USER}>", f"<@{FRONT_DESK_USER}|>"])
def test_check_client_never_builds_a_command_from_a_nameless_mention(mention: str) -> None:
    with pytest.raises(CommandError) as raised:
        check_client([mention])
    assert f"/spa today {mention}" not in raised.value.problem
    assert raised.value.problem.endswith("(for their day, type /spa today and @mention them)")
