"""During a Slack user-groups outage the App Home's "could not check your role" line shows only while approvals
wait (5 December).

The Home asks strictly whether its viewer is a manager, and while Slack cannot list the manager group it cannot
tell a colleague who is no manager from a manager added to the group since it was last read: both got the line,
so every colleague was told, on every Home, that her role could not be checked. The only thing a manager's Home
adds is the pending approvals, so the line now shows only when some are waiting (to anyone Slack cannot place: its
words are true for both); with none there is nothing left out to speak of."""

from __future__ import annotations

from spa_copilot.sandbox.world import FRONT_DESK_USER, SandboxWorld
from spa_copilot.slack import texts
from spa_copilot.slack.blocks import escape
from tests.fill_scene import Scene, proposed
from tests.test_s31_slack_home_role_unknown import _group_manager_in_an_outage, _home

LINE = escape(texts.HOME_ROLE_UNKNOWN_TEXT)


async def test_with_nothing_waiting_nobody_is_told_their_role_could_not_be_checked(world: SandboxWorld) -> None:
    assert world.copilot.store.pending_proposals() == []
    manager, _ = _group_manager_in_an_outage(world)
    for user in (FRONT_DESK_USER, manager):
        home = await _home(world, user)
        assert LINE not in home and "Pending approvals (" not in home, user


async def test_with_an_approval_waiting_the_line_says_it_is_not_shown(scene: Scene) -> None:
    world = scene.world
    await proposed(scene)
    manager, flaky = _group_manager_in_an_outage(world)
    for user in (FRONT_DESK_USER, manager):
        home = await _home(world, user)
        assert LINE in home and "Pending approvals (" not in home, user
    flaky.heal()
    assert LINE not in await _home(world, FRONT_DESK_USER, refresh=True)
