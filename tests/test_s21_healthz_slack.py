"""``/healthz`` says whether Slack serves the copilot (``slackOk``, ``slackFailing``).

An IT-person review (4 December): with a Slack token Slack refused, or Slack out of reach, every call failed in the
log while ``/healthz`` said ``{"ok": true, "syncOk": true, …}``: an uptime monitor never saw a revoked token."""

from __future__ import annotations

import pytest
from slack_sdk.errors import SlackApiError

from spa_copilot.sandbox.world import SandboxWorld
from spa_copilot.slack.watched import WatchedWebClient


async def health(world: SandboxWorld) -> dict[str, object]:
    response = await world.http.get("/healthz")
    assert response.status_code == 200  # a liveness probe: the process runs
    return response.json()


async def test_a_refused_token_is_said_until_slack_answers_again(world: SandboxWorld) -> None:
    slack = world.copilot.slack
    assert isinstance(slack, WatchedWebClient)
    await slack.auth_test()
    assert (await health(world))["slackOk"] is True
    token = slack.token
    slack.token = "xoxb-revoked"
    with pytest.raises(SlackApiError):
        await slack.auth_test()
    down = await health(world)
    assert down["slackOk"] is False and str(down["slackFailing"]).startswith("invalid_auth"), down
    assert "xoxb" not in str(down)  # never the token
    slack.token = token
    await slack.auth_test()
    assert (await health(world))["slackOk"] is True and (await health(world))["slackFailing"] is None


async def test_a_refusal_of_one_request_is_slack_serving_the_copilot(world: SandboxWorld) -> None:
    with pytest.raises(SlackApiError):
        await world.copilot.slack.chat_postMessage(channel="C_NO_SUCH_CHANNEL", text="hello")
    assert (await health(world))["slackOk"] is True


async def test_slack_out_of_reach_is_said() -> None:
    slack = WatchedWebClient(token="xoxb-any", base_url="http://127.0.0.1:9/api/", timeout=5)  # nothing listens
    with pytest.raises(Exception):  # noqa: B017 - aiohttp's connection error, whatever its class
        await slack.auth_test()
    assert slack.failing is not None and "127.0.0.1" in slack.failing


async def test_a_call_with_the_app_level_token_says_nothing_of_the_bot_token(world: SandboxWorld) -> None:
    # Socket Mode opens its connection with the app token through the same client: a reconnect served by Slack
    # cleared a refused bot token's slackOk: false (a regression review)
    slack = world.copilot.slack
    world.slack.app_token = "xapp-1-sandbox"
    slack.token = "xoxb-revoked"
    with pytest.raises(SlackApiError):
        await slack.auth_test()
    opened = await slack.apps_connections_open(app_token="xapp-1-sandbox")  # served
    assert opened["ok"] is True
    assert (await health(world))["slackOk"] is False
