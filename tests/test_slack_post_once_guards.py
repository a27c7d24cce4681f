"""What keeps ``slack.retry.post_once`` from posting twice, or from taking the wrong message for its post: the
client never sends a ``chat.postMessage`` again by itself after a dropped connection; a post is matched by the try
that made it (a conflict card posted again when its conflict came back is not taken for the old card), and only
among the bot's own messages; the look reaches back far enough for a clock ahead of Slack's; a second try while the
first is on its way posts nothing; a look that keeps failing for now gives way after ``MAX_FAILED_LOOKS`` tries."""

from __future__ import annotations

import asyncio
import json
import logging
import time
from collections.abc import AsyncIterator
from datetime import timedelta
from typing import Any
from urllib.parse import parse_qs

import aiohttp
import pytest
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.request import HttpRequest
from slack_sdk.http_retry.state import RetryState
from slack_sdk.web.async_slack_response import AsyncSlackResponse

from spa_copilot import alerts
from spa_copilot.briefings import send_morning_briefings
from spa_copilot.copilot import build_slack_client
from spa_copilot.engines.conflicts import Conflict, ConflictKind
from spa_copilot.sandbox.world import SandboxWorld
from spa_copilot.scheduler import poll_calendar
from spa_copilot.settings import Settings
from spa_copilot.slack import ids, retry
from spa_copilot.slack.retry import (
    MAX_FAILED_LOOKS,
    POST_EVENT_TYPE,
    ConnectionErrorRetryHandler,
    PostInFlight,
    post_once,
)
from spa_copilot.store import Store


class NeverArrived:
    """The copilot's client, except that ``chat.postMessage`` times out before Slack had the request."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner

    def __getattr__(self, name: str) -> Any:
        if name == "chat_postMessage":
            async def timeout(**kwargs: Any) -> Any:
                raise asyncio.TimeoutError
            return timeout
        return getattr(self.inner, name)


def _status(status: int) -> SlackApiError:
    response = AsyncSlackResponse(client=None, http_verb="POST", api_url="https://slack.com/api/x", req_args={},
                                  data={}, headers={}, status_code=status)
    return SlackApiError(f"The request to the Slack API failed. (status: {status})", response)


# ---------------------------------------------------------------------------------------------------
# The client does not re-send a chat.postMessage whose connection dropped


class DroppingSlack:
    """A bare HTTP Slack: the first ``chat.postMessage`` is posted and its connection dropped before the answer;
    the first call of each method in ``drop_first`` too (nothing done). History lists what was posted, as the bot's."""

    def __init__(self, drop_first: tuple[str, ...] = ()) -> None:
        self.posts: list[dict[str, Any]] = []
        self.calls: list[str] = []
        self.drop_first = set(drop_first)

    async def handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        while True:
            try:
                head = await reader.readuntil(b"\r\n\r\n")
            except (asyncio.IncompleteReadError, ConnectionError):
                return
            length = next((int(line.split(b":")[1]) for line in head.split(b"\r\n")
                           if line.lower().startswith(b"content-length")), 0)
            body = await reader.readexactly(length)
            method = head.split(b" ")[1].decode().split("?")[0].rsplit("/", 1)[-1]
            self.calls.append(method)
            if method in self.drop_first:
                self.drop_first.discard(method)
                writer.close()
                return
            if method == "chat.postMessage":
                params = json.loads(body)
                ts = f"1700000000.{len(self.posts) + 1:06d}"
                self.posts.append({"type": "message", "user": "U0BOT", "bot_id": "B0BOT", "ts": ts,
                                   "text": params.get("text"), "metadata": params.get("metadata")})
                if len(self.posts) == 1:  # Slack posted it; the connection drops before the answer
                    writer.close()
                    return
                answer: dict[str, Any] = {"ok": True, "channel": "C0FRONT", "ts": ts}
            elif method == "conversations.history":
                query = parse_qs(head.split(b" ")[1].decode().partition("?")[2]) or parse_qs(body.decode())
                assert query.get("include_all_metadata"), query
                answer = {"ok": True, "messages": list(reversed(self.posts)), "has_more": False}
            elif method == "auth.test":
                answer = {"ok": True, "user_id": "U0BOT", "bot_id": "B0BOT", "team_id": "T0SPA"}
            else:
                answer = {"ok": True}
            data = json.dumps(answer).encode()
            writer.write(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n%s"
                         % (len(data), data))
            await writer.drain()


async def _serving(slack: DroppingSlack) -> AsyncIterator[str]:
    server = await asyncio.start_server(slack.handle, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    try:
        yield f"http://127.0.0.1:{port}/api/"
    finally:
        server.close()


async def test_a_post_whose_connection_dropped_is_not_sent_again_by_the_client_and_the_next_try_finds_it() -> None:
    slack = DroppingSlack()
    async for url in _serving(slack):
        client = build_slack_client(Settings(_env_file=None).model_copy(update={"slack_api_url": url}))
        store = Store.memory()
        with pytest.raises(aiohttp.ServerDisconnectedError):
            await post_once(client, store, key="fill-card:p1", channel="C0FRONT", text="Fill proposal")
        assert len(slack.posts) == 1, "the client sent the post again by itself"
        found = await post_once(client, store, key="fill-card:p1", channel="C0FRONT", text="Fill proposal")
        assert found["ts"] == slack.posts[0]["ts"]
        assert len(slack.posts) == 1 and "conversations.history" in slack.calls


async def test_other_methods_are_still_sent_again_after_a_dropped_connection() -> None:
    slack = DroppingSlack(drop_first=("conversations.info",))
    async for url in _serving(slack):
        client = build_slack_client(Settings(_env_file=None).model_copy(update={"slack_api_url": url}))
        assert (await client.conversations_info(channel="C0FRONT"))["ok"]
        assert slack.calls == ["conversations.info", "conversations.info"]


async def test_a_post_that_never_connected_is_sent_again() -> None:
    handler = ConnectionErrorRetryHandler()
    refused = aiohttp.ClientConnectorError(connection_key=None, os_error=OSError(111, "Connection refused"))  # type: ignore[arg-type]
    post = HttpRequest(method="POST", url="https://slack.com/api/chat.postMessage", headers={})
    assert await handler.can_retry_async(state=RetryState(), request=post, error=refused)
    token = retry._posting_once.set(True)  # as post_once sends it
    try:
        assert await handler.can_retry_async(state=RetryState(), request=post, error=refused)
        assert not await handler.can_retry_async(state=RetryState(), request=post,
                                                 error=aiohttp.ServerDisconnectedError())
    finally:
        retry._posting_once.reset(token)
    # a post of no work's key (an ops report, a note with none) is re-sent as slack_sdk does
    assert await handler.can_retry_async(state=RetryState(), request=post, error=aiohttp.ServerDisconnectedError())
    history = HttpRequest(method="GET", url="https://slack.com/api/conversations.history?channel=C1", headers={})
    assert await handler.can_retry_async(state=RetryState(), request=history,
                                         error=aiohttp.ServerDisconnectedError())


# ---------------------------------------------------------------------------------------------------
# A post is matched by its own try


async def test_a_key_posted_again_is_not_taken_for_its_earlier_message(world: SandboxWorld) -> None:
    store, channel = world.copilot.store, world.slack.channel_id("front-desk")
    assert channel
    old = await post_once(world.copilot.slack, store, key="conflict-card:c1", channel=channel, text="card v1")
    with pytest.raises(asyncio.TimeoutError):  # the second post's first try never reached Slack
        await post_once(NeverArrived(world.copilot.slack), store, key="conflict-card:c1", channel=channel,
                        text="card v2")
    again = await post_once(world.copilot.slack, store, key="conflict-card:c1", channel=channel, text="card v2")
    assert again["ts"] != old["ts"]
    assert [m.text for m in world.slack.messages("front-desk") if m.text.startswith("card")] == ["card v1", "card v2"]


async def test_a_conflict_that_comes_back_gets_a_live_card_though_its_first_post_failed(world: SandboxWorld) -> None:
    await poll_calendar(world.copilot)  # the catalogue
    loc = world.copilot.known_locations()[0]
    now = world.copilot.now()
    start = (now + timedelta(days=1)).astimezone(loc.tz).replace(hour=10, minute=0, second=0, microsecond=0)
    found = Conflict(kind=ConflictKind.room_double_booked, appointment_ids=("ap_x1", "ap_x2"),
                     staff_ids=("st_1", "st_2"), resource_ids=("rs_1",), start=start, end=start + timedelta(minutes=30),
                     message="Room 1 is booked twice.", suggested_fix="Move one guest.", subject_ids=("rs_1",),
                     location_id=loc.id)
    day = start.date()

    def cards(*, live: bool) -> list[Any]:
        return [m for m in world.slack.messages("front-desk") if "Room 1 is booked twice" in json.dumps(m.blocks)
                and (not live or ids.ACK_CONFLICT in json.dumps(m.blocks))]

    await alerts.reconcile(world.copilot, loc, [found], days=[day], now=now)
    [first] = cards(live=True)
    gone = await alerts.reconcile(world.copilot, loc, [], days=[day], now=now)
    assert gone.resolved == [found.key] and not cards(live=True)
    real = world.copilot.slack
    world.copilot.slack = NeverArrived(real)  # type: ignore[assignment]
    await alerts.reconcile(world.copilot, loc, [found], days=[day], now=now)  # it came back; the post timed out
    world.copilot.slack = real
    await alerts.reconcile(world.copilot, loc, [found], days=[day], now=now)  # the next check
    row = world.copilot.store.alert(found.key)
    [live] = cards(live=True)
    assert row is not None and row.status == "open" and row.ts == live.ts != first.ts
    assert len(world.slack.calls_to("conversations.history")) == 1  # it looked, and did not take the old card


async def test_another_apps_message_with_the_key_and_try_is_not_taken_for_the_post(world: SandboxWorld) -> None:
    store, channel = world.copilot.store, world.slack.channel_id("front-desk")
    real = world.copilot.slack
    noted = "slack-post:fill-card:p1"

    class Impostor:
        def __getattr__(self, name: str) -> Any:
            attr = getattr(real, name)
            if name != "conversations_history":
                return attr

            async def history(**kwargs: Any) -> Any:
                page = await attr(**kwargs)
                tried = store.last_event_at(source=noted)
                assert tried is not None
                page.data["messages"].insert(0, {
                    "type": "message", "user": "U0OTHER", "bot_id": "B0OTHER", "app_id": "A0OTHER", "text": "x",
                    "ts": f"{tried.timestamp():.6f}",
                    "metadata": {"event_type": POST_EVENT_TYPE,
                                 "event_payload": {"key": "fill-card:p1", "try": f"{tried.timestamp():.6f}"}}})
                return page
            return history

    store.claim_event(noted, source=noted)  # an earlier try's answer was lost (it had posted nothing)
    answer = await post_once(Impostor(), store, key="fill-card:p1", channel=channel, text="Fill proposal")
    [posted] = [m for m in world.slack.messages("front-desk") if m.text == "Fill proposal"]
    assert answer["ts"] == posted.ts


async def test_a_clock_ahead_of_slacks_still_finds_the_earlier_post(world: SandboxWorld) -> None:
    world.slack.clock = lambda: time.time() - 180  # Slack's clock 3 minutes behind this machine's
    store, channel = world.copilot.store, world.slack.channel_id("front-desk")
    assert channel
    world.slack.lose_answer_next(1)
    with pytest.raises(SlackApiError):
        await post_once(world.copilot.slack, store, key="k2", channel=channel, text="two")
    await post_once(world.copilot.slack, store, key="k2", channel=channel, text="two")
    assert len([m for m in world.slack.messages("front-desk") if m.text == "two"]) == 1


# ---------------------------------------------------------------------------------------------------
# One try at a time


async def test_a_second_try_while_the_first_is_on_its_way_posts_nothing(world: SandboxWorld) -> None:
    real = world.copilot.slack
    arrived = asyncio.Event()
    go_on = asyncio.Event()

    class Slow:
        def __getattr__(self, name: str) -> Any:
            attr = getattr(real, name)
            if name != "chat_postMessage":
                return attr

            async def post(**kwargs: Any) -> Any:
                arrived.set()
                await go_on.wait()
                return await attr(**kwargs)
            return post

    store, channel = world.copilot.store, world.slack.channel_id("front-desk")
    assert channel
    first = asyncio.create_task(post_once(Slow(), store, key="k1", channel=channel, text="one"))
    await arrived.wait()
    with pytest.raises(PostInFlight):
        await post_once(real, store, key="k1", channel=channel, text="one")
    go_on.set()
    answer = await first
    [posted] = [m for m in world.slack.messages("front-desk") if m.text == "one"]
    assert answer["ts"] == posted.ts
    assert not store.event_seen("slack-post:k1")
    again = await post_once(real, store, key="k1", channel=channel, text="one")  # a later post of the key: posted
    assert again["ts"] != posted.ts


# ---------------------------------------------------------------------------------------------------
# A look that keeps failing for now


async def test_a_briefing_whose_lookup_keeps_failing_is_sent_after_the_third_failed_look(
    world: SandboxWorld, caplog: pytest.LogCaptureFixture
) -> None:
    real = world.copilot.slack
    state = {"post_fail": 1}

    class HistoryDown:
        def __getattr__(self, name: str) -> Any:
            attr = getattr(real, name)
            if name == "chat_postMessage":
                async def post(**kwargs: Any) -> Any:
                    if state["post_fail"]:
                        state["post_fail"] -= 1
                        raise _status(503)  # Slack erred: nothing was posted
                    return await attr(**kwargs)
                return post
            if name == "conversations_history":
                async def down(**kwargs: Any) -> Any:
                    raise _status(503)
                return down
            return attr

    world.copilot.slack = HistoryDown()  # type: ignore[assignment]
    first = await send_morning_briefings(world.copilot, "loc_soho")
    [lost] = first.failed
    for _ in range(MAX_FAILED_LOOKS - 1):  # the look fails: posting could post it twice, so nothing is posted
        again = await send_morning_briefings(world.copilot, "loc_soho")
        assert again.failed == [lost]
        assert not world.slack.messages(world.slack_id(lost))
    with caplog.at_level(logging.WARNING, logger="spa_copilot.slack.retry"):
        last = await send_morning_briefings(world.copilot, "loc_soho")
    assert last.sent == [lost] and not last.failed
    assert len(world.slack.messages(world.slack_id(lost))) == 1
    assert f"{MAX_FAILED_LOOKS} times" in caplog.text
    assert not (await send_morning_briefings(world.copilot, "loc_soho")).sent  # sent once
