"""The sender builds and signs requests exactly as Slack does; checked with slack_sdk's verifier."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Any
from urllib.parse import parse_qsl

import httpx
import pytest
from slack_sdk.signature import SignatureVerifier

from spa_copilot.sandbox.slack_api import SlackRecorder
from spa_copilot.sandbox.slack_sender import SlackSender
from spa_copilot.slack import blocks, ids
from spa_copilot.slack.views_models import ConflictView

SECRET = "test-signing-secret"
NOW = 1732456789
MANAGER = "U0MANAGER1"


class Captured:
    def __init__(self) -> None:
        self.requests: list[httpx.Request] = []

    def handler(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        return httpx.Response(200)

    @property
    def last(self) -> httpx.Request:
        return self.requests[-1]

    def form(self) -> dict[str, str]:
        return dict(parse_qsl(self.last.content.decode()))

    def payload(self) -> dict[str, Any]:
        return json.loads(self.form()["payload"])


@pytest.fixture
def captured() -> Captured:
    return Captured()


@pytest.fixture
def workspace() -> SlackRecorder:
    return SlackRecorder(bot_token="xoxb-t", clock=lambda: NOW, root_url="http://127.0.0.1:9999")


@pytest.fixture
async def sender(captured: Captured, workspace: SlackRecorder) -> AsyncIterator[SlackSender]:
    async with httpx.AsyncClient(transport=httpx.MockTransport(captured.handler), base_url="http://app.test") as http:
        yield SlackSender(http, signing_secret=SECRET, workspace=workspace, clock=lambda: NOW)


def verify(request: httpx.Request, *, secret: str = SECRET, now: int = NOW) -> bool:
    verifier = SignatureVerifier(secret, clock=type("Clock", (), {"now": staticmethod(lambda: now)})())
    return verifier.is_valid(
        body=request.content.decode(),
        timestamp=request.headers.get("X-Slack-Request-Timestamp"),
        signature=request.headers.get("X-Slack-Signature"),
    )


async def test_slash_command_is_form_encoded_and_signed(sender: SlackSender, captured: Captured, workspace: SlackRecorder) -> None:
    await sender.slash_command("today @Maya", user_id=MANAGER)
    request = captured.last
    assert request.url.path == "/slack/events"
    assert request.headers["Content-Type"] == "application/x-www-form-urlencoded"
    assert verify(request)
    form = captured.form()
    assert form["command"] == "/spa" and form["text"] == "today <@U0THERAPS1|Maya>"  # should_escape: true
    assert form["user_id"] == MANAGER and form["user_name"] == "morgan"
    assert form["channel_id"] == workspace.channel_id("front-desk") and form["team_id"] == "T0SANDBOX"
    assert form["response_url"].startswith("http://127.0.0.1:9999/response/")
    registered = workspace.response_urls[form["response_url"].split("/response/", 1)[1]]
    assert registered.user_id == MANAGER and registered.channel_id == form["channel_id"]
    assert form["trigger_id"] in workspace._triggers


async def test_mentions_stay_raw_when_unknown_or_not_escaped(sender: SlackSender, captured: Captured) -> None:
    await sender.slash_command("brief @nobody in #front-desk, mail a@b.c", user_id=MANAGER)
    assert captured.form()["text"].startswith("brief @nobody in <#C0")
    assert captured.form()["text"].endswith("|front-desk>, mail a@b.c")
    await sender.slash_command("today @maya", user_id=MANAGER, escape_mentions=False)
    assert captured.form()["text"] == "today @maya"


async def test_typed_ampersands_and_brackets_arrive_escaped_as_slack_sends_them(sender: SlackSender, captured: Captured) -> None:
    await sender.slash_command("client O'Neil & <Sons> for @Maya", user_id=MANAGER)
    assert captured.form()["text"] == "client O'Neil &amp; &lt;Sons&gt; for <@U0THERAPS1|Maya>"
    await sender.slash_command("today <!channel>", user_id=MANAGER, escape_mentions=False)
    assert captured.form()["text"] == "today &lt;!channel&gt;"


async def test_stale_and_forged_requests_fail_verification(sender: SlackSender, captured: Captured) -> None:
    await sender.slash_command("help", user_id=MANAGER, timestamp=NOW - 6 * 60)
    assert not verify(captured.last)
    assert verify(captured.last, now=NOW - 6 * 60)  # the signature itself is right, only old
    await sender.slash_command("help", user_id=MANAGER, signing_secret="not-the-secret")
    assert not verify(captured.last)
    assert verify(captured.last, secret="not-the-secret")


async def test_click_reads_the_button_from_the_message(sender: SlackSender, captured: Captured, workspace: SlackRecorder) -> None:
    conflict_blocks = blocks.conflict_alert_message(ConflictView("cf_9", "doubleBookedStaff", "Clash")).blocks_as_dicts()
    message = workspace.post_message("front-desk", "Conflict", conflict_blocks)
    channel = message.channel
    await sender.click(message, ids.SNOOZE_CONFLICT, user_id=MANAGER)
    request = captured.last
    assert verify(request) and request.headers["Content-Type"] == "application/x-www-form-urlencoded"
    payload = captured.payload()
    assert payload["type"] == "block_actions" and payload["user"]["id"] == MANAGER
    action = payload["actions"][0]
    assert action["action_id"] == ids.SNOOZE_CONFLICT and action["value"] == "cf_9" and action["block_id"] == "conflict:cf_9"
    assert payload["container"] == {"type": "message", "message_ts": message.ts, "channel_id": channel, "is_ephemeral": False}
    assert payload["message"]["ts"] == message.ts and payload["channel"]["id"] == channel
    registered = workspace.response_urls[payload["response_url"].split("/response/", 1)[1]]
    assert registered.message_ts == message.ts and registered.source == "block_actions"
    with pytest.raises(LookupError):
        await sender.click(message, ids.APPROVE_FILL, user_id=MANAGER)


async def test_view_submission_shapes_state_values(sender: SlackSender, captured: Captured) -> None:
    view = {"id": "V0000001", **blocks.edit_draft_modal("fp_1", 3, "Hi Jane", client_first_name="Jane").to_dict()}
    await sender.submit_view(view, user_id=MANAGER, values={ids.EDIT_DRAFT_BLOCK: {ids.EDIT_DRAFT_INPUT: "Hi Jane!"}})
    payload = captured.payload()
    assert verify(captured.last)
    assert payload["type"] == "view_submission" and payload["view"]["callback_id"] == ids.EDIT_DRAFT_VIEW
    assert payload["view"]["state"]["values"] == {
        ids.EDIT_DRAFT_BLOCK: {ids.EDIT_DRAFT_INPUT: {"type": "plain_text_input", "value": "Hi Jane!"}}
    }
    assert blocks.decode_metadata(payload["view"]["private_metadata"])["revision"] == 3
    await sender.submit_view(view, user_id=MANAGER)  # untouched input keeps its initial value
    assert captured.payload()["view"]["state"]["values"][ids.EDIT_DRAFT_BLOCK][ids.EDIT_DRAFT_INPUT]["value"] == "Hi Jane"
    with pytest.raises(LookupError):
        await sender.submit_view(view, user_id=MANAGER, values={"nope": {"x": "y"}})


async def test_events_and_retries(sender: SlackSender, captured: Captured, workspace: SlackRecorder) -> None:
    await sender.app_home_opened(MANAGER, event_id="Ev0001")
    first = captured.last
    assert verify(first) and first.headers["Content-Type"] == "application/json"
    envelope = json.loads(first.content)
    assert envelope["type"] == "event_callback" and envelope["event_id"] == "Ev0001"
    assert envelope["event"]["type"] == ids.APP_HOME_OPENED and envelope["event"]["user"] == MANAGER
    assert envelope["event"]["channel"] == workspace.dm_channel(MANAGER)
    assert "X-Slack-Retry-Num" not in first.headers
    await sender.app_home_opened(MANAGER, event_id="Ev0001", retry_num=1)
    retry = captured.last
    assert retry.headers["X-Slack-Retry-Num"] == "1" and retry.headers["X-Slack-Retry-Reason"] == "http_timeout"
    assert json.loads(retry.content)["event_id"] == "Ev0001"


async def test_click_in_home_view(sender: SlackSender, captured: Captured) -> None:
    view = {"id": "V0HOME", "type": "home", "blocks": [{"type": "actions", "block_id": "b1", "elements": [
        {"type": "button", "action_id": ids.HOME_REFRESH, "value": "refresh", "text": {"type": "plain_text", "text": "Refresh"}}
    ]}]}
    await sender.click_in_view(view, ids.HOME_REFRESH, user_id=MANAGER)
    payload = captured.payload()
    assert payload["container"] == {"type": "view", "view_id": "V0HOME"} and "response_url" not in payload
    assert payload["actions"][0]["value"] == "refresh" and payload["view"]["id"] == "V0HOME"


async def test_works_without_a_workspace(captured: Captured) -> None:
    async with httpx.AsyncClient(transport=httpx.MockTransport(captured.handler), base_url="http://app.test") as http:
        sender = SlackSender(http, signing_secret=SECRET, clock=lambda: NOW, path="/custom")
        await sender.slash_command("status", user_id="U0ANYONE1", channel="C0ABCDEF1")
    assert captured.last.url.path == "/custom" and verify(captured.last)
    assert captured.form()["channel_id"] == "C0ABCDEF1"
