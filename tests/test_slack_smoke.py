"""The pieces fit: a real Bolt AsyncApp, signed requests from the sender, answers landing in the stand-in Slack."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from slack_bolt.adapter.starlette.async_handler import AsyncSlackRequestHandler
from slack_bolt.async_app import AsyncApp
from slack_sdk.web.async_client import AsyncWebClient
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from spa_copilot.sandbox.slack_api import SlackRecorder, create_slack_api, running_slack_api
from spa_copilot.sandbox.slack_sender import SlackSender
from spa_copilot.sandbox.world import SandboxWorld
from spa_copilot.slack import blocks, ids
from spa_copilot.slack.views_models import ConflictView

TOKEN = "xoxb-smoke-token"
SECRET = "smoke-signing-secret"
FRONT_DESK = "U0FRONTDK1"
MANAGER = "U0MANAGER1"


@dataclass
class Harness:
    slack: SlackRecorder
    sender: SlackSender
    seen: list[str]


def build_bolt_app(base_url: str, seen: list[str]) -> AsyncApp:
    app = AsyncApp(signing_secret=SECRET, client=AsyncWebClient(token=TOKEN, base_url=base_url))

    @app.command(ids.SLASH_COMMAND)
    async def spa(ack: Any, body: dict[str, Any], respond: Any, client: AsyncWebClient) -> None:
        await ack()
        seen.append(body["text"])
        await respond(**blocks.notice_message(f"You asked for {body['text']}").to_kwargs())
        await client.chat_postMessage(channel=body["channel_id"], **blocks.notice_message("Posted <for all>").to_kwargs())

    @app.action(ids.ACK_CONFLICT)
    async def acknowledge(ack: Any, body: dict[str, Any], respond: Any) -> None:
        await ack()
        seen.append(f"ack:{body['actions'][0]['value']}:{body['user']['id']}")
        await respond(text="Acknowledged", replace_original=True)

    @app.event(ids.APP_HOME_OPENED)
    async def home_opened(event: dict[str, Any], client: AsyncWebClient) -> None:
        seen.append(f"home:{event['user']}")
        await client.views_publish(user_id=event["user"], view={"type": "home", "blocks": [blocks._section("Hello").to_dict()]})

    return app


@pytest.fixture
async def harness() -> AsyncIterator[Harness]:
    slack_app = create_slack_api(bot_token=TOKEN)
    seen: list[str] = []
    async with running_slack_api(slack_app) as base_url:
        handler = AsyncSlackRequestHandler(build_bolt_app(base_url, seen))

        async def events(request: Request) -> Response:
            return await handler.handle(request)

        web = Starlette(routes=[Route("/slack/events", events, methods=["POST"])])
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=web), base_url="http://copilot.test") as http:
            yield Harness(slack_app.state.slack, SlackSender(http, signing_secret=SECRET, workspace=slack_app.state.slack), seen)


async def test_slash_command_reaches_bolt_and_answers_land_in_the_stand_in(harness: Harness) -> None:
    response = await harness.sender.slash_command("today", user_id=FRONT_DESK)
    assert response.status_code == 200
    slack = harness.slack
    await slack.wait_for(lambda s: bool(s.responses) and bool(s.messages("front-desk")))
    assert harness.seen == ["today"]
    assert slack.calls_to("auth.test") and slack.calls_to("auth.test")[0].ok  # Bolt authorised via the stand-in
    assert [e.text for e in slack.ephemerals_for(FRONT_DESK)] == ["You asked for today"]
    posted = slack.messages("front-desk")
    assert [m.text for m in posted] == ["Posted &lt;for all&gt;"]
    assert posted[0].blocks == blocks.notice_message("Posted <for all>").blocks_as_dicts()


async def test_button_click_replaces_the_original_message(harness: Harness) -> None:
    slack = harness.slack
    alert = blocks.conflict_alert_message(ConflictView("cf_1", "doubleBookedStaff", "Clash"))
    message = slack.post_message("front-desk", alert.text, alert.blocks_as_dicts())
    response = await harness.sender.click(message, ids.ACK_CONFLICT, user_id=MANAGER)
    assert response.status_code == 200
    await slack.wait_for(lambda s: bool(s.responses))
    assert harness.seen == [f"ack:cf_1:{MANAGER}"]
    assert slack.responses[0].action == "replaced"
    assert slack.messages("front-desk")[0].text == "Acknowledged" and slack.messages("front-desk")[0].ts == message.ts


async def test_app_home_opened_publishes_a_view(harness: Harness) -> None:
    response = await harness.sender.app_home_opened(MANAGER)
    assert response.status_code == 200
    await harness.slack.wait_for(lambda s: MANAGER in s.home_views)
    assert harness.seen == [f"home:{MANAGER}"]


@pytest.mark.parametrize("kind", ["bad_signature", "stale_timestamp"])
async def test_unverified_requests_get_401_and_do_nothing(harness: Harness, kind: str) -> None:
    if kind == "bad_signature":
        response = await harness.sender.slash_command("today", user_id=FRONT_DESK, signing_secret="forged")
    else:
        stale = int(harness.sender.clock()) - 6 * 60
        response = await harness.sender.slash_command("today", user_id=FRONT_DESK, timestamp=stale)
    assert response.status_code == 401
    assert harness.seen == []
    assert harness.slack.calls == [] and harness.slack.responses == []


async def test_unsigned_request_gets_401(harness: Harness) -> None:
    response = await harness.sender.send("command=%2Fspa&text=today", content_type="application/x-www-form-urlencoded", signed=False)
    assert response.status_code == 401
    assert harness.seen == []


def test_manifest_matches_the_code() -> None:
    import yaml

    from spa_copilot.slack import texts

    manifest = yaml.safe_load((Path(__file__).resolve().parent.parent / "manifest.yml").read_text())
    features, settings = manifest["features"], manifest["settings"]
    commands = features["slash_commands"]
    assert [c["command"] for c in commands] == [ids.SLASH_COMMAND]
    assert all(name in commands[0]["usage_hint"] for name in texts.SUBCOMMAND_NAMES)
    assert set(settings["event_subscriptions"]["bot_events"]) == ids.EVENT_TYPES
    assert set(manifest["oauth_config"]["scopes"]["bot"]) == set(ids.BOT_SCOPES)
    assert set(ids.CHECK_ONLY_SCOPES) <= set(ids.BOT_SCOPES)
    assert {"channels:read", "groups:read"} <= set(ids.BOT_SCOPES), "check sees the front-desk and ops channels"
    urls = [commands[0]["url"], settings["event_subscriptions"]["request_url"], settings["interactivity"]["request_url"]]
    assert all(url.endswith("/slack/events") for url in urls)
    assert settings["interactivity"]["is_enabled"] is True and settings["socket_mode_enabled"] is False
    assert features["app_home"]["home_tab_enabled"] and features["app_home"]["messages_tab_enabled"]
    assert features["bot_user"]["display_name"]
    assert 175 <= len(manifest["display_information"]["long_description"]) <= 4000


async def test_every_id_the_app_owns_has_a_listener(world: SandboxWorld) -> None:
    """One signed request per action id, modal callback id, event type and the command: none may be a 404.

    The requests go straight to Bolt (not the HTTP face, which acks slash commands itself), so an id the code
    puts on a button without a listener behind it fails here.
    """
    handler = AsyncSlackRequestHandler(world.bolt)

    async def events(request: Request) -> Response:
        return await handler.handle(request)

    web = Starlette(routes=[Route("/slack/events", events, methods=["POST"])])
    manager = world.manager_id
    background = asyncio.all_tasks()
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=web), base_url="http://bolt.test") as http:
        sender = SlackSender(http, signing_secret=world.settings.slack_signing_secret.get_secret_value(), workspace=world.slack)
        answers: dict[str, int] = {}
        for action_id in sorted(ids.ACTION_IDS):
            button = {"type": "button", "action_id": action_id, "value": "unknown|0", "text": {"type": "plain_text", "text": "x"}}
            message = {"ts": "1732456789.000100", "blocks": [{"type": "actions", "block_id": "b", "elements": [button]}]}
            response = await sender.click(message, action_id, user_id=manager, channel="front-desk")
            answers[f"action {action_id}"] = response.status_code
        for callback_id in sorted(ids.VIEW_CALLBACK_IDS):
            view = {"id": "V0NOWHERE1", "type": "modal", "callback_id": callback_id, "private_metadata": "", "blocks": []}
            answers[f"view {callback_id}"] = (await sender.submit_view(view, user_id=manager)).status_code
        assert ids.EVENT_TYPES == {ids.APP_HOME_OPENED}  # one delivery helper per event type below
        answers[f"event {ids.APP_HOME_OPENED}"] = (await sender.app_home_opened(manager)).status_code
        answers[f"command {ids.SLASH_COMMAND}"] = (await sender.slash_command("help", user_id=manager)).status_code
        for _ in range(200):  # let the work after each ack finish before the world is torn down
            if not [t for t in asyncio.all_tasks() - background if t is not asyncio.current_task()]:
                break
            await asyncio.sleep(0.05)
    assert answers == dict.fromkeys(answers, 200), {name: code for name, code in answers.items() if code != 200}


def test_bolt_does_not_warn_about_slack_bot_token_in_the_environment(
    world: SandboxWorld, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    from spa_copilot.slack.app import build_bolt_app

    monkeypatch.setenv("SLACK_BOT_TOKEN", world.settings.slack_bot_token.get_secret_value())
    with caplog.at_level("WARNING"):
        build_bolt_app(world.copilot)
    assert [r.getMessage() for r in caplog.records if r.name.startswith("spa_copilot.slack")] == []
