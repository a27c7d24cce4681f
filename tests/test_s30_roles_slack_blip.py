"""A Slack blip is not a refusal: while Slack cannot say who the clicker is (``users.info`` unreachable, or the
manager group's ``usergroups.users.list``), a front-desk Acknowledge and a group manager's Approve are asked to try
again (``texts.WHO_UNKNOWN_TEXT``), nothing is done and no refusal is audited; once Slack answers, the click works."""

from __future__ import annotations

import json
from typing import Any

import aiohttp
from slack_sdk.errors import SlackApiError

from spa_copilot.sandbox.world import FRONT_DESK_USER, SandboxWorld
from spa_copilot.scheduler import poll_calendar
from spa_copilot.settings import Settings
from spa_copilot.slack import ids, texts
from spa_copilot.slack.roles import Roles
from tests.conftest import FlakySlack
from tests.fill_scene import Scene, eventually, proposed

NOT_STAFF = "only for the spa"


def refusals(scene: Scene) -> list[dict[str, Any]]:
    return [row for row in scene.store.db["audit"].rows if row["action"] == "fill.refused"]


async def test_front_desk_acknowledging_while_slack_cannot_say_who_they_are_is_asked_to_try_again(
    world: SandboxWorld,
) -> None:
    await poll_calendar(world.copilot)
    channel = world.settings.spa_front_desk_channel
    card = next(m for m in world.slack.messages(channel) if ids.ACK_CONFLICT in json.dumps(m.blocks))
    roles = world.copilot.roles
    flaky = FlakySlack(roles._client)
    flaky.fail("users_info", aiohttp.ClientConnectionError("reset by peer"))
    roles._client = flaky  # type: ignore[assignment]
    before = len(world.slack.responses)
    assert (await world.sender.click(card, ids.ACK_CONFLICT, user_id=FRONT_DESK_USER)).status_code == 200
    await world.slack.wait_for(lambda s: len(s.responses) > before, timeout=10)
    [said] = [r.text for r in world.slack.responses[before:]]
    assert said == texts.WHO_UNKNOWN_TEXT and NOT_STAFF not in said
    assert set(statuses(world)) == {"open"}, "nothing was acknowledged"

    flaky.heal()
    before = len(world.slack.responses)
    await world.sender.click(card, ids.ACK_CONFLICT, user_id=FRONT_DESK_USER)
    await eventually(lambda: "acknowledged" in statuses(world))
    assert all(texts.WHO_UNKNOWN_TEXT != r.text for r in world.slack.responses[before:])


def statuses(world: SandboxWorld) -> list[str]:
    return [row["status"] for row in world.copilot.store.db["alerts"].rows]


async def test_a_group_manager_approving_while_slack_cannot_list_the_group_is_asked_to_try_again(scene: Scene) -> None:
    world = scene.world
    await proposed(scene)
    manager = world.manager_id
    world.slack.usergroups["S0MANAGERS"] = [manager]
    roles = world.copilot.roles
    roles._managers = frozenset()  # a manager by the group alone
    roles._group = "S0MANAGERS"
    flaky = FlakySlack(roles._client)
    flaky.fail("usergroups_users_list", aiohttp.ClientConnectionError("reset by peer"))
    roles._client = flaky  # type: ignore[assignment]
    before = len(world.slack.responses)
    await scene.click(ids.APPROVE_FILL, user=manager)
    await world.slack.wait_for(lambda s: len(s.responses) > before, timeout=10)
    said = world.slack.responses[before].text
    assert said == texts.WHO_UNKNOWN_TEXT, said
    assert scene.proposal["status"] == "pending" and refusals(scene) == []

    flaky.heal()
    await scene.click(ids.APPROVE_FILL, user=manager)
    await eventually(lambda: scene.proposal["status"] == "sent")
    assert refusals(scene) == []


class _Slack:
    """``usergroups.users.list`` failing as given; ``users.info`` answering a full member."""

    def __init__(self, error: BaseException) -> None:
        self.error = error

    async def usergroups_users_list(self, *, usergroup: str) -> dict[str, Any]:
        raise self.error

    async def auth_test(self) -> dict[str, Any]:
        return {"ok": True, "team_id": "T0SPA"}

    async def users_info(self, *, user: str) -> dict[str, Any]:
        return {"ok": True, "user": {"id": user, "team_id": "T0SPA"}}


async def test_only_a_passing_failure_to_read_the_group_is_a_doubt() -> None:
    from spa_copilot.slack.roles import MembershipUnknown

    settings = Settings(_env_file=None, spa_manager_group="S0MANAGERS", spa_front_desk_ids=["U0DESK"])
    blip = Roles(settings, _Slack(aiohttp.ClientConnectionError("reset by peer")))  # type: ignore[arg-type]
    try:
        await blip.is_manager("U0SOMEONE", strict=True)
        raise AssertionError("a group Slack could not give just now is no answer")
    except MembershipUnknown:
        pass
    assert await blip.is_manager("U0SOMEONE") is False  # the help's or the Home tab's manager lines: no manager
    try:  # /spa with an allow-list: "try again", not "only for the front desk"
        await blip.may_use_commands("U0SOMEONE")
        raise AssertionError("expected MembershipUnknown")
    except MembershipUnknown:
        pass
    assert await blip.may_use_commands("U0DESK") is True

    refused = SlackApiError("no such group", {"ok": False, "error": "no_such_subteam"})
    wrong = Roles(settings, _Slack(refused))  # type: ignore[arg-type]
    assert await wrong.is_manager("U0SOMEONE", strict=True) is False, "a setup error is a refusal: check names it"
    assert await wrong.may_use_commands("U0SOMEONE") is False
