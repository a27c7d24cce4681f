"""A manager id Slack now calls a guest (or deactivated) approves nothing (an adversarial Slack review, 4 December).

``SPA_MANAGER_IDS`` still listed a manager who had left and was kept as a guest account in #front-desk: her click on
Approve sent the text to the guest, recorded as approved by her. ``check`` fails such an id, but the click never
asked Slack. Now a manager must also be a full member of the workspace, as the front desk must."""

from __future__ import annotations

import aiohttp
import pytest

from spa_copilot.sandbox.slack_api import slack_user
from spa_copilot.slack import ids
from tests.fill_scene import Scene, eventually, proposed


@pytest.mark.parametrize("flag", ["is_restricted", "is_ultra_restricted", "deleted"])
async def test_a_listed_manager_slack_calls_a_guest_or_deactivated_approves_nothing(scene: Scene, flag: str) -> None:
    world = scene.world
    manager = world.manager_id
    world.slack.users[manager] = slack_user(manager, name="former.manager", team_id=world.slack.team_id, **{flag: True})
    await proposed(scene)

    await scene.click(ids.APPROVE_FILL)

    def refused() -> list[dict[str, object]]:
        return [row for row in scene.store.db["audit"].rows if row["action"] == "fill.refused"]

    await eventually(lambda: bool(refused()))  # the click is answered at once, decided just after
    assert refused()[-1]["actor"] == manager
    assert scene.sent() == [], "no text reached the guest"
    assert scene.proposal["status"] == "pending"
    assert not await world.copilot.roles.is_manager(manager)


async def test_a_full_member_manager_still_approves_and_a_slack_hiccup_does_not_lock_her_out(
    scene: Scene, monkeypatch: pytest.MonkeyPatch
) -> None:
    roles = scene.world.copilot.roles
    assert await roles.is_manager(scene.world.manager_id)

    async def down(**_: object) -> object:
        raise aiohttp.ClientConnectionError("Slack is out of reach")

    roles._members.clear()
    monkeypatch.setattr(roles._client, "users_info", down)
    assert await roles.is_manager(scene.world.manager_id), "the configured id stands while Slack cannot be asked"
    assert not await roles.is_manager("U0NOBODY01"), "an id not configured is no manager, Slack or not"


@pytest.mark.parametrize("error", ["missing_scope", "not_authed", "user_not_found"])
async def test_a_slack_that_refuses_the_question_keeps_the_configured_manager_and_asks_once(
    scene: Scene, monkeypatch: pytest.MonkeyPatch, error: str
) -> None:
    """A review of the fix: a setup error (a token without users:read, an id Slack does not know) refused every
    configured manager, asked again at every Home visit. Only Slack saying she is no full member refuses her."""
    from slack_sdk.errors import SlackApiError
    from slack_sdk.web.async_slack_response import AsyncSlackResponse

    roles = scene.world.copilot.roles
    roles._members.clear()
    calls = []

    async def refused(**kwargs: object) -> object:
        calls.append(kwargs)
        response = AsyncSlackResponse(client=None, http_verb="POST", api_url="users.info", req_args={},
                                      data={"ok": False, "error": error}, headers={}, status_code=200)
        raise SlackApiError(error, response)

    monkeypatch.setattr(roles._client, "users_info", refused)
    assert await roles.is_manager(scene.world.manager_id)
    assert await roles.is_manager(scene.world.manager_id)
    assert len(calls) == 1, "the answer is kept a while, not asked at every click"
    assert not await roles.may_use_commands("U0SOMEONE1") or roles.front_desk_only, "a stranger is no colleague"
