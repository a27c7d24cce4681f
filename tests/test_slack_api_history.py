"""The stand-in Slack keeps a message's metadata, returns it from ``conversations.history`` and
``conversations.replies`` only with ``include_all_metadata`` (as Slack's), applies ``oldest``/``latest``/``limit``/
``cursor``, asks each kind of conversation for its history scope, and can lose the answer of a post it made."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient
from starlette.applications import Starlette

from spa_copilot.sandbox.slack_api import SlackRecorder, create_slack_api, running_slack_api
from spa_copilot.slack import ids
from tests.test_slack_api import FakeClock

TOKEN = "xoxb-test-token"
META = {"event_type": "spa_copilot_post", "event_payload": {"key": "fill-card:fp_1"}}


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def app(clock: FakeClock) -> Starlette:
    return create_slack_api(bot_token=TOKEN, clock=clock)


@pytest.fixture
def slack(app: Starlette) -> SlackRecorder:
    return app.state.slack


@pytest.fixture
async def http(app: Starlette) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://slack.sandbox") as client:
        yield client


async def call(http: httpx.AsyncClient, method: str, body: dict[str, Any]) -> dict[str, Any]:
    response = await http.post(f"/api/{method}", json=body, headers={"Authorization": f"Bearer {TOKEN}"})
    assert response.status_code == 200, response.text
    return response.json()


async def post(http: httpx.AsyncClient, clock: FakeClock, text: str, **extra: Any) -> dict[str, Any]:
    clock.now += 10
    answer = await call(http, "chat.postMessage", {"channel": "#front-desk", "text": text, **extra})
    assert answer["ok"], answer
    return answer


async def test_metadata_is_kept_and_shown_only_when_asked_for(http: httpx.AsyncClient, clock: FakeClock) -> None:
    posted = await post(http, clock, "card", metadata=META)
    assert posted["message"]["metadata"] == META
    channel = posted["channel"]
    plain = await call(http, "conversations.history", {"channel": channel})
    assert plain["ok"] and [m["text"] for m in plain["messages"]] == ["card"] and "metadata" not in plain["messages"][0]
    full = await call(http, "conversations.history", {"channel": channel, "include_all_metadata": True})
    assert full["messages"][0]["metadata"] == META


async def test_history_is_newest_first_between_oldest_and_latest_a_page_at_a_time(
    http: httpx.AsyncClient, clock: FakeClock
) -> None:
    stamps = [(await post(http, clock, f"m{n}"))["ts"] for n in range(5)]
    channel = (await post(http, clock, "last"))["channel"]
    window = await call(http, "conversations.history", {"channel": channel, "oldest": stamps[1], "latest": stamps[4]})
    assert [m["text"] for m in window["messages"]] == ["m3", "m2"]  # both ends left out
    inclusive = await call(http, "conversations.history",
                           {"channel": channel, "oldest": stamps[1], "latest": stamps[4], "inclusive": True})
    assert [m["text"] for m in inclusive["messages"]] == ["m4", "m3", "m2", "m1"]
    first = await call(http, "conversations.history", {"channel": channel, "oldest": stamps[0], "limit": 2})
    assert [m["text"] for m in first["messages"]] == ["last", "m4"] and first["has_more"]
    cursor = first["response_metadata"]["next_cursor"]
    rest = await call(http, "conversations.history", {"channel": channel, "oldest": stamps[0], "limit": 2, "cursor": cursor})
    assert [m["text"] for m in rest["messages"]] == ["m3", "m2"] and rest["has_more"]


async def test_history_takes_an_id_the_scope_of_its_kind_and_a_channel_the_bot_is_in(
    http: httpx.AsyncClient, slack: SlackRecorder, clock: FakeClock
) -> None:
    assert (await call(http, "conversations.history", {"channel": "#front-desk"}))["error"] == "channel_not_found"
    outside = slack.add_channel("lobby", bot_is_member=False)
    assert (await call(http, "conversations.history", {"channel": outside}))["error"] == "not_in_channel"
    dm = (await call(http, "chat.postMessage", {"channel": "U0THERAPS1", "text": "your day"}))["channel"]
    assert dm.startswith("D")
    assert [m["text"] for m in (await call(http, "conversations.history", {"channel": dm}))["messages"]] == ["your day"]
    slack.scopes = [s for s in ids.BOT_SCOPES if s != "im:history"]
    refused = await call(http, "conversations.history", {"channel": dm})
    assert refused["error"] == "missing_scope" and refused["needed"] == "im:history"
    private = slack.add_channel("managers", is_private=True)
    slack.scopes = [s for s in ids.BOT_SCOPES if s != "groups:history"]
    assert (await call(http, "conversations.history", {"channel": private}))["needed"] == "groups:history"


async def test_a_thread_is_read_with_replies_and_its_metadata_when_asked(http: httpx.AsyncClient, clock: FakeClock) -> None:
    parent = await post(http, clock, "parent")
    await post(http, clock, "reply", thread_ts=parent["ts"], metadata=META)
    thread = await call(http, "conversations.replies", {"channel": parent["channel"], "ts": parent["ts"]})
    assert [m["text"] for m in thread["messages"]] == ["parent", "reply"] and "metadata" not in thread["messages"][1]
    full = await call(http, "conversations.replies",
                      {"channel": parent["channel"], "ts": parent["ts"], "include_all_metadata": True})
    assert full["messages"][1]["metadata"] == META
    history = await call(http, "conversations.history", {"channel": parent["channel"]})
    assert [m["text"] for m in history["messages"]] == ["parent"], "a reply is not in the channel's history"


@pytest.mark.parametrize("metadata", [{"event_type": "has space", "event_payload": {}}, {"event_type": "x"}, "[1]"])
async def test_metadata_not_shaped_as_slacks_is_refused(http: httpx.AsyncClient, metadata: Any) -> None:
    answer = await call(http, "chat.postMessage", {"channel": "#front-desk", "text": "x", "metadata": metadata})
    assert answer == {"ok": False, "error": "invalid_metadata_format"}


async def test_a_lost_answer_posts_the_message_and_answers_502(app: Starlette, slack: SlackRecorder) -> None:
    slack.lose_answer_next(1)
    async with running_slack_api(app) as url:
        client = AsyncWebClient(token=TOKEN, base_url=url)
        with pytest.raises(SlackApiError) as lost:
            await client.chat_postMessage(channel="#front-desk", text="card", metadata=META)
        assert lost.value.response.status_code == 502
        [message] = slack.messages("front-desk")
        assert message.metadata == META
        found = await client.conversations_history(channel=message.channel, include_all_metadata=True, limit=5)
        assert [m["metadata"] for m in found["messages"]] == [META]
        again = await client.chat_postMessage(channel="#front-desk", text="next")  # the fault was used up
        assert again["ok"]
