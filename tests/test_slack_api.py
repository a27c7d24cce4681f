"""The stand-in Slack Web API answers like Slack, records every call, and serves response URLs."""

from __future__ import annotations

import json
import pathlib
import re
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_async_handlers import AsyncRateLimitErrorRetryHandler
from slack_sdk.web.async_client import AsyncWebClient
from starlette.applications import Starlette

from spa_copilot.domain import Staff, StaffRole
from spa_copilot.sandbox.slack_api import (
    BOT_USER_ID,
    SlackRecorder,
    create_slack_api,
    render_terminal,
    running_slack_api,
    slack_user_id_for_staff,
    slack_users_from_staff,
)
from spa_copilot.slack import blocks

TOKEN = "xoxb-test-token"
MANAGER = "U0MANAGER1"
FRONT_DESK = "U0FRONTDK1"
TS = re.compile(r"^\d{10}\.\d{6}$")


class FakeClock:
    def __init__(self, now: float = 1732456789.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def app(clock: FakeClock) -> Starlette:
    return create_slack_api(bot_token=TOKEN, usergroups={"S0MANAGERS": [MANAGER]}, clock=clock)


@pytest.fixture
def slack(app: Starlette) -> SlackRecorder:
    return app.state.slack


@pytest.fixture
async def http(app: Starlette) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://slack.sandbox") as client:
        yield client


async def call(http: httpx.AsyncClient, method: str, *, token: str | None = TOKEN, form: dict[str, Any] | None = None, json_body: dict[str, Any] | None = None) -> dict[str, Any]:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    if json_body is not None:
        response = await http.post(f"/api/{method}", json=json_body, headers=headers)
    else:
        response = await http.post(f"/api/{method}", data=form or {}, headers=headers)
    assert response.status_code == 200, response.text
    return response.json()


async def test_auth_errors_and_auth_test(http: httpx.AsyncClient, slack: SlackRecorder) -> None:
    assert (await call(http, "auth.test", token=None)) == {"ok": False, "error": "not_authed"}
    assert (await call(http, "auth.test", token="xoxb-wrong"))["error"] == "invalid_auth"
    response = await http.post("/api/auth.test", headers={"Authorization": f"Bearer {TOKEN}"})
    body = response.json()
    assert body["ok"] and body["user_id"] == BOT_USER_ID and body["team_id"] == "T0SANDBOX" and body["bot_id"]
    assert "chat:write" in response.headers["x-oauth-scopes"]
    assert (await call(http, "auth.test", token=None, form={"token": TOKEN}))["ok"]  # token as a POST parameter
    assert [c.ok for c in slack.calls_to("auth.test")] == [False, False, True, True]


async def test_post_message_form_and_json_bodies(http: httpx.AsyncClient, slack: SlackRecorder) -> None:
    card = blocks.notice_message("Hello <team>")
    form = {"channel": "#front-desk", "text": card.text, "blocks": json.dumps(card.blocks_as_dicts())}
    first = await call(http, "chat.postMessage", form=form)
    second = await call(http, "chat.postMessage", json_body={"channel": "front-desk", **card.to_kwargs()})
    assert first["ok"] and second["ok"]
    assert first["channel"] == second["channel"] == slack.channel_id("front-desk")
    assert first["channel"].startswith("C")
    assert TS.match(first["ts"]) and first["ts"] == "1732456789.000000"
    assert float(second["ts"]) > float(first["ts"])  # same clock second, still increasing
    assert first["message"]["blocks"] == card.blocks_as_dicts() and first["message"]["bot_id"]
    posted = slack.messages("#front-desk")
    assert [m.ts for m in posted] == [first["ts"], second["ts"]]
    assert slack.calls_to("chat.postMessage")[0].params["channel"] == "#front-desk"


@pytest.mark.parametrize(
    ("params", "error"),
    [
        ({"channel": "#nowhere", "text": "x"}, "channel_not_found"),
        ({"text": "x"}, "channel_not_found"),
        ({"channel": "front-desk"}, "no_text"),
        ({"channel": "front-desk", "text": "x" * 40_001}, "msg_too_long"),
        ({"channel": "front-desk", "blocks": [{"type": "divider"}] * 51}, "invalid_blocks"),
        ({"channel": "front-desk", "blocks": [{"type": "section", "text": {"type": "mrkdwn", "text": "x" * 3001}}]}, "invalid_blocks"),
        ({"channel": "front-desk", "text": "x", "thread_ts": "1.000001"}, "thread_not_found"),
    ],
)
async def test_post_message_errors(http: httpx.AsyncClient, slack: SlackRecorder, params: dict[str, Any], error: str) -> None:
    body = await call(http, "chat.postMessage", json_body=params)
    assert body["ok"] is False and body["error"] == error
    assert slack.messages() == []
    if error == "invalid_blocks":
        assert body["response_metadata"]["messages"]


async def test_threads_and_in_place_updates(http: httpx.AsyncClient, slack: SlackRecorder, clock: FakeClock) -> None:
    parent = await call(http, "chat.postMessage", json_body={"channel": "spa-ops", "text": "parent"})
    clock.now += 5
    reply = await call(http, "chat.postMessage", json_body={"channel": parent["channel"], "text": "reply", "thread_ts": parent["ts"]})
    assert reply["message"]["thread_ts"] == parent["ts"]
    assert [m.text for m in slack.thread("spa-ops", parent["ts"])] == ["reply"]
    assert [m.text for m in slack.messages("spa-ops")] == ["parent"]  # replies are not top-level

    updated = await call(http, "chat.update", json_body={"channel": parent["channel"], "ts": parent["ts"], "text": "parent v2"})
    assert updated["ts"] == parent["ts"] and updated["text"] == "parent v2"
    message = slack.message("spa-ops", parent["ts"])
    assert message is not None and message.text == "parent v2" and message.history[0]["text"] == "parent"
    assert message.as_slack()["reply_count"] == 1 and "edited" in message.as_slack()

    missing = await call(http, "chat.update", json_body={"channel": parent["channel"], "ts": "1.000002", "text": "x"})
    assert missing["error"] == "message_not_found"

    link = await call(http, "chat.getPermalink", form={"channel": parent["channel"], "message_ts": reply["ts"]})
    assert link["permalink"].startswith(f"https://sandbox-spa.slack.com/archives/{parent['channel']}/p")
    assert f"thread_ts={parent['ts']}" in link["permalink"]


async def test_dms_and_ephemerals(http: httpx.AsyncClient, slack: SlackRecorder) -> None:
    opened = await call(http, "conversations.open", form={"users": MANAGER})
    again = await call(http, "conversations.open", form={"users": MANAGER, "return_im": "1"})
    assert opened["channel"]["id"].startswith("D") and again["channel"]["id"] == opened["channel"]["id"]
    assert again["already_open"] is True and again["channel"]["is_im"] is True
    assert (await call(http, "conversations.open", form={"users": "U0NOBODY1"}))["error"] == "user_not_found"

    via_user_id = await call(http, "chat.postMessage", json_body={"channel": MANAGER, "text": "your briefing"})
    assert via_user_id["channel"] == opened["channel"]["id"]
    assert [m.text for m in slack.messages(MANAGER)] == ["your briefing"]

    ephemeral = await call(http, "chat.postEphemeral", json_body={"channel": "front-desk", "user": FRONT_DESK, "text": "only you"})
    assert TS.match(ephemeral["message_ts"])
    assert [e.text for e in slack.ephemerals_for(FRONT_DESK)] == ["only you"]
    assert slack.messages("front-desk") == []
    bad = await call(http, "chat.postEphemeral", json_body={"channel": "front-desk", "user": "U0NOBODY1", "text": "x"})
    assert bad["error"] == "user_not_found"


async def test_views_open_update_publish(http: httpx.AsyncClient, slack: SlackRecorder) -> None:
    modal = blocks.reject_reason_modal("fp_1", 1).to_dict()
    trigger = slack.new_trigger_id(MANAGER)
    opened = await call(http, "views.open", json_body={"trigger_id": trigger, "view": modal})
    view = opened["view"]
    assert view["id"].startswith("V") and view["callback_id"] == modal["callback_id"] and view["user"] == MANAGER
    assert (await call(http, "views.open", json_body={"trigger_id": trigger, "view": modal}))["error"] == "exchanged_trigger_id"
    assert (await call(http, "views.open", json_body={"view": modal}))["error"] == "invalid_arguments"
    too_long = {**modal, "title": {"type": "plain_text", "text": "x" * 25}}
    bad = await call(http, "views.open", json_body={"trigger_id": slack.new_trigger_id(MANAGER), "view": too_long})
    assert bad["error"] == "invalid_arguments" and "title" in bad["response_metadata"]["messages"][0]

    stale = await call(http, "views.update", json_body={"view_id": view["id"], "hash": "old", "view": modal})
    assert stale["error"] == "hash_conflict"
    updated = await call(http, "views.update", json_body={"view_id": view["id"], "hash": view["hash"], "view": modal})
    assert updated["view"]["id"] == view["id"] and updated["ok"]
    assert (await call(http, "views.update", json_body={"view_id": "V0MISSING", "view": modal}))["error"] == "not_found"

    home = {"type": "home", "blocks": [{"type": "section", "text": {"type": "mrkdwn", "text": "hi"}}]}
    published = await call(http, "views.publish", form={"user_id": MANAGER, "view": json.dumps(home)})
    assert published["ok"] and slack.home_views[MANAGER]["blocks"] == home["blocks"]
    assert (await call(http, "views.publish", json_body={"user_id": MANAGER, "view": modal}))["error"] == "invalid_arguments"


async def test_users_and_groups(http: httpx.AsyncClient) -> None:
    found = await call(http, "users.lookupByEmail", form={"email": "MORGAN@sandbox-spa.test"})
    assert found["user"]["id"] == MANAGER and found["user"]["profile"]["email"] == "morgan@sandbox-spa.test"
    assert (await call(http, "users.lookupByEmail", form={"email": "x@y.z"}))["error"] == "users_not_found"
    info = await http.get("/api/users.info", params={"user": FRONT_DESK}, headers={"Authorization": f"Bearer {TOKEN}"})
    assert info.json()["user"]["real_name"] == "Frankie Lee"
    assert (await call(http, "users.info", form={"user": "U0NOBODY1"}))["error"] == "user_not_found"
    assert (await call(http, "usergroups.users.list", form={"usergroup": "S0MANAGERS"}))["users"] == [MANAGER]
    assert (await call(http, "usergroups.users.list", form={"usergroup": "S0NONE"}))["error"] == "no_such_subteam"
    assert (await call(http, "files.upload", form={}))["error"] == "unknown_method"


async def test_rate_limit_injection(http: httpx.AsyncClient, slack: SlackRecorder) -> None:
    slack.rate_limit_next(2, retry_after=7)
    for _ in range(2):
        response = await http.post("/api/chat.postMessage", json={"channel": "front-desk", "text": "x"}, headers={"Authorization": f"Bearer {TOKEN}"})
        assert response.status_code == 429 and response.headers["Retry-After"] == "7"
        assert response.json() == {"ok": False, "error": "ratelimited"}
    assert (await call(http, "chat.postMessage", json_body={"channel": "front-desk", "text": "x"}))["ok"]
    assert [c.status for c in slack.calls_to("chat.postMessage")] == [429, 429, 200]
    assert len(slack.messages("front-desk")) == 1


async def test_response_urls(http: httpx.AsyncClient, slack: SlackRecorder) -> None:
    channel = slack.channel_id("front-desk")
    assert channel is not None
    url = slack.new_response_url(channel_id=channel, user_id=FRONT_DESK)
    path = httpx.URL(url).path
    assert (await http.post(path, json={"text": "just you"})).text == "ok"
    assert (await http.post(path, json={"text": "everyone", "response_type": "in_channel"})).status_code == 200
    assert [e.text for e in slack.ephemerals_for(FRONT_DESK)] == ["just you"]
    assert [m.text for m in slack.messages("front-desk")] == ["everyone"]
    assert [r.action for r in slack.responses] == ["ephemeral", "in_channel"]

    posted = slack.messages("front-desk")[0]
    click_url = slack.new_response_url(channel_id=channel, user_id=MANAGER, source="block_actions", message_ts=posted.ts)
    click_path = httpx.URL(click_url).path
    await http.post(click_path, json={"text": "approved", "replace_original": True})
    assert slack.messages("front-desk")[0].text == "approved" and slack.messages("front-desk")[0].ts == posted.ts
    await http.post(click_path, json={"delete_original": True})
    assert slack.messages("front-desk") == []
    assert [r.action for r in slack.responses][-2:] == ["replaced", "deleted"]

    assert (await http.post("/response/T0SANDBOX/999/nope", json={"text": "x"})).status_code == 404
    for _ in range(3):
        assert (await http.post(path, json={"text": "again"})).status_code == 200
    used_up = await http.post(path, json={"text": "sixth"})
    assert used_up.status_code == 404 and used_up.text == "used_url"
    bad_blocks = slack.new_response_url(channel_id=channel, user_id=FRONT_DESK)
    invalid = await http.post(httpx.URL(bad_blocks).path, json={"blocks": [{"type": "section"}]})
    assert invalid.status_code == 400


async def test_a_response_url_expires_after_thirty_minutes(
    http: httpx.AsyncClient, slack: SlackRecorder, clock: FakeClock
) -> None:
    """Slack: "up to 5 times within 30 minutes"; the stand-in took a response URL at any age."""
    path = httpx.URL(slack.new_response_url(channel_id=slack.channel_id("front-desk") or "", user_id=FRONT_DESK)).path
    clock.now += 29 * 60
    assert (await http.post(path, json={"text": "still in time"})).status_code == 200
    clock.now += 2 * 60
    late = await http.post(path, json={"text": "too late"})
    assert (late.status_code, late.text) == (404, "expired_url")
    assert [e.text for e in slack.ephemerals_for(FRONT_DESK)] == ["still in time"]


async def test_views_open_refuses_a_trigger_slack_never_issued(http: httpx.AsyncClient, slack: SlackRecorder) -> None:
    """Slack's documented answer to a made-up trigger: invalid_arguments, "invalid `trigger_id`" (it opened one)."""
    modal = {"type": "modal", "title": {"type": "plain_text", "text": "Hi"}, "blocks": []}
    answer = await call(http, "views.open", json_body={"trigger_id": "12345.98765.abcd2358fdea", "view": modal})
    assert answer["error"] == "invalid_arguments"
    assert answer["response_metadata"]["messages"] == ["invalid `trigger_id`"]
    assert slack.views == {}


def test_staff_become_workspace_users() -> None:
    staff = [
        Staff(id="st_1", location_id="loc_1", first_name="Maya", last_name="Okafor", email="maya@spa.test"),
        Staff(id="st_2", location_id="loc_1", first_name="Ana", email="ana@spa.test", role=StaffRole.manager),
    ]
    users = slack_users_from_staff(staff)
    assert [u["id"] for u in users] == [slack_user_id_for_staff("st_1"), slack_user_id_for_staff("st_2")]
    assert users[0]["id"] == slack_user_id_for_staff("st_1") and re.match(r"^U[0-9A-F]{9}$", users[0]["id"])
    slack = SlackRecorder(bot_token=TOKEN, users=users)
    assert slack.users[users[1]["id"]]["is_admin"] is True
    assert slack.users[users[0]["id"]]["profile"]["email"] == "maya@spa.test"


def test_render_terminal_is_readable() -> None:
    dicts = [
        {"type": "header", "text": {"type": "plain_text", "text": "Fill the 2:00pm opening"}},
        {"type": "section", "text": {"type": "mrkdwn", "text": "*Jane* &lt;!channel&gt; <@U0MANAGER1> <https://x.test|link>\n>quoted"}},
        {"type": "section", "fields": [{"type": "mrkdwn", "text": "*When*\n2pm"}, {"type": "mrkdwn", "text": "*Room*\nSuite 2"}]},
        {"type": "divider"},
        {"type": "actions", "elements": [{"type": "button", "text": {"type": "plain_text", "text": "Approve"}, "action_id": "a"}, {"type": "button", "text": {"type": "plain_text", "text": "Reject"}, "action_id": "b"}]},
        {"type": "context", "elements": [{"type": "mrkdwn", "text": ":warning: _AI drafted_"}]},
    ]
    rendered = render_terminal({"text": "x", "blocks": dicts}, users={"U0MANAGER1": "morgan"}, width=40)
    lines = rendered.splitlines()
    assert lines[0] == "Fill the 2:00pm opening" and set(lines[1]) == {"═"}
    assert "Jane <!channel> @morgan link (https://x.test)" in rendered
    assert "│ quoted" in rendered
    assert "When" in rendered and "Suite 2" in rendered
    assert "─" * 40 in rendered
    assert "[ Approve ]  [ Reject ]" in rendered
    assert "⚠ AI drafted" in rendered
    assert render_terminal({"text": "plain &amp; simple"}) == "plain & simple"


def test_every_emoji_the_copilot_writes_is_drawn_in_the_terminal() -> None:
    """The demo shows Slack's messages in a terminal: an emoji code the copilot writes (":tada: Booked", a dict of
    icons) is drawn, not left as ":triangular_flag_on_post:"."""
    written = re.compile(r"""(?<=["' (]):([a-z][a-z0-9_]*[a-z0-9]):(?= )|(?<=["']):([a-z][a-z0-9_]*[a-z0-9]):(?=["'])""")
    source = pathlib.Path(__file__).parents[1] / "spa_copilot"
    codes = {f":{a or b}:" for path in source.rglob("*.py") if "sandbox" not in path.parts
             for a, b in written.findall(path.read_text())} - {":memory:"}  # SQLite's in-memory database
    assert {":tada:", ":triangular_flag_on_post:", ":large_green_circle:"} <= codes
    undrawn = {code for code in codes if code in render_terminal({"text": f"x {code} y"})}
    assert undrawn == set()


async def test_real_async_web_client_against_the_running_stand_in(app: Starlette, slack: SlackRecorder) -> None:
    async with running_slack_api(app) as base_url:
        assert base_url.startswith("http://127.0.0.1:") and base_url.endswith("/api/")
        client = AsyncWebClient(token=TOKEN, base_url=base_url, retry_handlers=[AsyncRateLimitErrorRetryHandler(max_retry_count=1)])
        card = blocks.notice_message("hi")
        posted = await client.chat_postMessage(channel="#front-desk", **card.to_kwargs())
        assert posted["ok"] and posted["channel"] == slack.channel_id("front-desk")
        assert (await client.users_lookupByEmail(email="maya@sandbox-spa.test"))["user"]["id"] == "U0THERAPS1"
        assert (await client.users_info(user=MANAGER))["user"]["name"] == "morgan"  # GET with query params
        link = await client.chat_getPermalink(channel=posted["channel"], message_ts=posted["ts"])
        assert link["permalink"].endswith(posted["ts"].replace(".", ""))
        with pytest.raises(SlackApiError) as failure:
            await client.chat_postMessage(channel="#nowhere", text="x")
        assert failure.value.response["error"] == "channel_not_found"
        slack.rate_limit_next(1, retry_after=0)
        retried = await client.chat_update(channel=posted["channel"], ts=posted["ts"], text="edited")
        assert retried["ok"] and [c.status for c in slack.calls_to("chat.update")] == [429, 200]
        assert slack.root_url == base_url.removesuffix("/api/")


async def test_the_running_stand_in_leaves_ctrl_c_to_the_process() -> None:
    """The demo runs the stand-in: Ctrl-C must stop the demo (uvicorn's own handler would only stop the stand-in,
    leaving the demo to fail against it with a traceback)."""
    import signal

    before = signal.getsignal(signal.SIGINT), signal.getsignal(signal.SIGTERM)
    async with running_slack_api(create_slack_api(bot_token="xoxb-t")) as url:
        assert (signal.getsignal(signal.SIGINT), signal.getsignal(signal.SIGTERM)) == before
        assert (await AsyncWebClient(token="xoxb-t", base_url=url).auth_test())["ok"]
