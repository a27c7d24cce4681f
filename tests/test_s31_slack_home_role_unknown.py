"""During a Slack user-groups outage the App Home says it could not check the role, not the non-manager view
(5 December).

``Roles.is_manager`` without ``strict`` takes a manager by the group alone for no manager while Slack cannot list the
group (down, rate limiting): the Home then hid the manager's pending approvals silently, as if she were not one. Now
the Home asks strictly and, when Slack cannot say, shows ``texts.HOME_ROLE_UNKNOWN_TEXT`` ("press Refresh") in place of
the manager's section; Refresh once Slack answers shows it again. Its "Open" button, clicked during such an outage,
asks to try again rather than refusing. Approve and the other strict checks are unchanged."""

from __future__ import annotations

import json

import aiohttp

from spa_copilot.sandbox.world import SandboxWorld
from spa_copilot.slack import ids, texts
from spa_copilot.slack.blocks import escape
from tests.conftest import FlakySlack
from tests.fill_scene import Scene, eventually, proposed


def _group_manager_in_an_outage(world: SandboxWorld) -> tuple[str, FlakySlack]:
    """The manager is one by the group alone, which Slack cannot list just now (nothing read since the start)."""
    manager = world.manager_id
    world.slack.usergroups["S0MANAGERS"] = [manager]
    roles = world.copilot.roles
    roles._managers = frozenset()
    roles._group = "S0MANAGERS"
    flaky = FlakySlack(roles._client)
    flaky.fail("usergroups_users_list", aiohttp.ClientConnectionError("reset by peer"))
    roles._client = flaky  # type: ignore[assignment]
    return manager, flaky


async def _home(world: SandboxWorld, user_id: str, *, refresh: bool = False) -> str:
    n = len(world.slack.calls_to("views.publish"))
    if refresh:
        await world.sender.click_in_view(world.slack.home_views[user_id], ids.HOME_REFRESH, user_id=user_id)
    else:
        await world.sender.app_home_opened(user_id)
    await world.slack.wait_for(lambda s: len(s.calls_to("views.publish")) > n, timeout=20)
    return json.dumps(world.slack.home_views[user_id]["blocks"])


async def test_a_group_managers_home_says_her_role_could_not_be_checked_and_refresh_shows_her_approvals(
    scene: Scene,
) -> None:
    world = scene.world
    await proposed(scene)
    manager, flaky = _group_manager_in_an_outage(world)

    home = await _home(world, manager)
    assert escape(texts.HOME_ROLE_UNKNOWN_TEXT) in home, home[:2000]
    assert "Pending approvals (" not in home

    flaky.heal()
    home = await _home(world, manager, refresh=True)
    assert "Pending approvals (1)" in home and escape(texts.HOME_ROLE_UNKNOWN_TEXT) not in home


async def test_a_configured_manager_and_a_colleague_see_no_such_line_when_slack_answers(scene: Scene) -> None:
    world = scene.world
    await proposed(scene)
    home = await _home(world, world.manager_id)
    assert "Pending approvals (1)" in home and escape(texts.HOME_ROLE_UNKNOWN_TEXT) not in home
    from spa_copilot.sandbox.world import FRONT_DESK_USER

    home = await _home(world, FRONT_DESK_USER)
    assert "Pending approvals (" not in home and escape(texts.HOME_ROLE_UNKNOWN_TEXT) not in home


async def test_open_during_the_outage_asks_to_try_again_rather_than_refusing(scene: Scene) -> None:
    world = scene.world
    await proposed(scene)
    manager, flaky = _group_manager_in_an_outage(world)
    flaky.heal()
    await _home(world, manager)  # her Home with the Open button, drawn while Slack answered
    roles = world.copilot.roles
    roles._group_members, roles._group_loaded_at = frozenset(), float("-inf")  # a restart since: nothing read
    flaky.fail("usergroups_users_list", aiohttp.ClientConnectionError("reset by peer"))
    opened = len(world.slack.calls_to("views.open"))
    await world.sender.click_in_view(world.slack.home_views[manager], ids.HOME_OPEN_PROPOSAL, user_id=manager)
    await eventually(lambda: any(m.text == texts.WHO_UNKNOWN_TEXT for m in world.slack.messages(manager)))
    assert len(world.slack.calls_to("views.open")) == opened, "no refusal modal"
