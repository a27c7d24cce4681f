"""The stand-in Slack refuses the Block Kit real Slack refuses (``invalid_blocks``), not only what ``slack_sdk``'s
``validate_json`` checks: that looks at a block's own fields, never at the text objects and elements inside it, so an
empty section text, a 2001-character field or a 76-character button label went through the stand-in and would only
have failed in a real workspace. (``slack_sdk``'s models drop an empty ``text`` when serialised, which the stand-in
did refuse; a message or view given as dicts keeps it.)

Limits from docs.slack.dev/reference/block-kit: text object (1 to 3000 characters), section block (fields of 2000),
header block (plain_text), button element (plain_text of 75, value 2000, action_id 255), confirm object (title 100,
text 300, confirm/deny 30); surfaces/modals: ``submit`` is required when the view has an input block.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from slack_sdk.models.blocks import MarkdownTextObject, SectionBlock
from starlette.applications import Starlette

from spa_copilot.sandbox.slack_api import create_slack_api
from spa_copilot.sandbox.world import FRONT_DESK_USER, SandboxWorld
from spa_copilot.slack import texts
from spa_copilot.slack.answers import ANSWERS
from spa_copilot.slack.blocks import SlackMessage

TOKEN = "xoxb-fidelity"
MANAGER = "U0MANAGER1"


@pytest.fixture
def app() -> Starlette:
    return create_slack_api(bot_token=TOKEN)


@pytest.fixture
async def http(app: Starlette) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://slack.sandbox") as client:
        client.headers["Authorization"] = f"Bearer {TOKEN}"
        yield client


def text(value: str, kind: str = "mrkdwn") -> dict[str, Any]:
    return {"type": kind, "text": value}


def button(**changes: Any) -> dict[str, Any]:
    return {"type": "button", "action_id": "a", "text": text("Go", "plain_text"), "value": "v", **changes}


CONFIRM = {"title": text("Sure?", "plain_text"), "text": text("Really"), "confirm": text("Yes", "plain_text"),
           "deny": text("No", "plain_text")}

REFUSED_BY_SLACK = {
    "empty section text": [{"type": "section", "text": text("")}],
    "empty plain section text": [{"type": "section", "text": text("", "plain_text")}],
    "a field over 2000": [{"type": "section", "fields": [text("x" * 2001)]}],
    "an empty field": [{"type": "section", "fields": [text("")]}],
    "empty context text": [{"type": "context", "elements": [text("")]}],
    "a context without elements": [{"type": "context", "elements": []}],
    "a mrkdwn header": [{"type": "header", "text": text("Today")}],
    "a button label over 75": [{"type": "actions", "elements": [button(text=text("x" * 76, "plain_text"))]}],
    "a mrkdwn button label": [{"type": "actions", "elements": [button(text=text("Go"))]}],
    "an empty button label": [{"type": "actions", "elements": [button(text=text("", "plain_text"))]}],
    "a button value over 2000": [{"type": "actions", "elements": [button(value="v" * 2001)]}],
    "an action_id over 255": [{"type": "actions", "elements": [button(action_id="a" * 256)]}],
    "an accessory label over 75": [{"type": "section", "text": text("x"),
                                    "accessory": button(text=text("x" * 76, "plain_text"))}],
    "a confirm text over 300": [{"type": "actions", "elements": [button(confirm={**CONFIRM, "text": text("x" * 301)})]}],
    "a confirm without deny": [{"type": "actions", "elements": [button(confirm={k: v for k, v in CONFIRM.items()
                                                                               if k != "deny"})]}],
    "an actions block without elements": [{"type": "actions", "elements": []}],
}


@pytest.mark.parametrize("blocks", list(REFUSED_BY_SLACK.values()), ids=list(REFUSED_BY_SLACK))
async def test_blocks_slack_refuses_are_invalid_blocks(http: httpx.AsyncClient, blocks: list[dict[str, Any]]) -> None:
    answer = (await http.post("/api/chat.postMessage", json={"channel": "#front-desk", "text": "t", "blocks": blocks})).json()
    assert answer["ok"] is False and answer["error"] == "invalid_blocks", answer
    assert answer["response_metadata"]["messages"]


async def test_blocks_within_the_limits_are_taken(http: httpx.AsyncClient) -> None:
    blocks = [
        {"type": "header", "text": text("x" * 150, "plain_text")},
        {"type": "section", "text": text("x" * 3000), "accessory": button(text=text("x" * 75, "plain_text"))},
        {"type": "section", "fields": [text("x" * 2000)] * 10},
        {"type": "context", "elements": [text("note")]},
        {"type": "actions", "elements": [button(value="v" * 2000, action_id="a" * 255, confirm=CONFIRM)]},
    ]
    answer = (await http.post("/api/chat.postMessage", json={"channel": "#front-desk", "text": "t", "blocks": blocks})).json()
    assert answer["ok"] is True, answer


async def test_a_modal_with_an_input_and_no_submit_button_is_refused(app: Starlette, http: httpx.AsyncClient) -> None:
    app_slack = app.state.slack
    view = {
        "type": "modal", "title": text("Edit", "plain_text"), "callback_id": "cb",
        "blocks": [{"type": "input", "block_id": "b", "label": text("Text", "plain_text"),
                    "element": {"type": "plain_text_input", "action_id": "i"}}],
    }
    refused = (await http.post("/api/views.open", json={"trigger_id": app_slack.new_trigger_id(MANAGER), "view": view})).json()
    assert refused["ok"] is False and refused["error"] == "invalid_arguments", refused
    view["submit"] = text("Save", "plain_text")
    taken = (await http.post("/api/views.open", json={"trigger_id": app_slack.new_trigger_id(MANAGER), "view": view})).json()
    assert taken["ok"] is True, taken


async def test_an_answer_with_a_field_slack_refuses_is_refused_and_the_asker_gets_the_error_note(
    world: SandboxWorld, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``slack_sdk`` serialises a section field of 2001 characters without complaint (it checks the number of fields,
    not their length); Slack refuses the message. A bot bug drawing one reaches the person as the short error note,
    and the stand-in shows it the way Slack would: the response URL refuses the answer."""

    async def oversize(copilot: Any, command: Any, user_id: str) -> SlackMessage:
        return SlackMessage(text="Status", blocks=[SectionBlock(fields=[MarkdownTextObject(text="x" * 2001)])])

    monkeypatch.setitem(ANSWERS, "status", oversize)
    response = await world.sender.slash_command("status", user_id=FRONT_DESK_USER)
    assert response.status_code == 200
    await world.slack.wait_for(lambda s: bool(s.responses), timeout=10)
    answer = world.slack.responses[0]
    assert answer.text.startswith(texts.ERROR_TEXT.split("(")[0].strip()), answer.text
