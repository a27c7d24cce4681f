"""The Slack surface driven with payloads shaped exactly as real Slack sends them (every field of a slash command,
the text as Slack's composer produces it), through the real Bolt app and signed requests."""

from __future__ import annotations

import asyncio
import json
import logging
from typing import Any
from urllib.parse import urlencode

import httpx
import pytest
from slack_bolt.adapter.starlette.async_handler import AsyncSlackRequestHandler
from slack_bolt.async_app import AsyncApp
from starlette.applications import Starlette
from starlette.routing import Route

from spa_copilot.sandbox.slack_api import ResponsePost
from spa_copilot.sandbox.slack_sender import FORM, SlackSender
from spa_copilot.sandbox.world import FRONT_DESK_USER, SandboxWorld
from spa_copilot.slack import blocks, ids, texts
from spa_copilot.slack.blocks import escape, help_message
from spa_copilot.slack.command_parser import parse_command, parse_time_range, unescape_slack
from spa_copilot.slack.listeners import fallback


async def slash(world: SandboxWorld, text: str, *, user: str = FRONT_DESK_USER) -> ResponsePost:
    """``/spa`` with every field Slack sends (an Enterprise Grid workspace's, in a private channel), ``text``
    exactly as given (already as Slack escapes it); the ephemeral answer."""
    slack = world.slack
    channel_id = slack.channel_id("front-desk")
    assert channel_id is not None
    fields = {
        "token": "gIkuvaNzQIHg97ATvDxqgjtO",
        "team_id": "T0SANDBOX",
        "team_domain": "sandbox-spa",
        "enterprise_id": "E0001",
        "enterprise_name": "Globular Construct Inc",
        "channel_id": channel_id,
        "channel_name": "privategroup",
        "user_id": user,
        "user_name": "front.desk",
        "command": "/spa",
        "text": text,
        "api_app_id": "A0SPACOPLT",
        "is_enterprise_install": "false",
        "response_url": slack.new_response_url(channel_id=channel_id, user_id=user, source="command"),
        "trigger_id": slack.new_trigger_id(user),
    }
    before = len(slack.responses)
    response = await world.sender.send(urlencode(fields), content_type=FORM)
    assert response.status_code == 200
    await slack.wait_for(lambda s: len(s.responses) > before, timeout=10)
    post = slack.responses[before]
    assert post.response_type == "ephemeral"
    return post


def shown(post: ResponsePost) -> str:
    return post.text + "\n" + json.dumps(post.blocks, ensure_ascii=False)


# ---------------------------------------------------------------------------------------------------
# Spaces Slack's composer sends


def test_unicode_spaces_are_plain_spaces_and_invisible_characters_go() -> None:
    assert unescape_slack("today\u00a0tomorrow") == "today tomorrow"
    assert unescape_slack("\u200btoday\u2003fri\u202f") == "today fri "
    assert parse_command("today\u00a0 tomorrow").args == ("tomorrow",)
    assert parse_command("client Ava\u00a0 Stone").rest == "Ava Stone"
    assert parse_command("client\tAva\nStone").rest == "Ava Stone"


@pytest.mark.parametrize("mark", ["\u200e", "\u200f", "\u061c", "\u00ad", "\u202b", "\u2067", "\u2069"])
def test_direction_marks_and_soft_hyphens_pasted_in_go_too(mark: str) -> None:
    # an adversarial review (4 December): "/spa today \u200etomorrow" answered "… is not a therapist, room or
    # location I know", "/spa client Mei\u200f" found no client "Mei\u200f"
    assert parse_command(f"today {mark}tomorrow").args == ("tomorrow",)
    assert parse_command(f"client Mei{mark}").rest == "Mei"
    assert unescape_slack("\u200dhi\u200c") == "\u200dhi\u200c"  # the joiners stay: emoji and scripts need them


async def test_a_no_break_space_slack_sends_for_a_double_space_separates_words(world: SandboxWorld) -> None:
    # Slack sends two typed spaces as a no-break space and a space, and may put one anywhere text was pasted
    answer = shown(await slash(world, "today\u00a0 tomorrow"))
    assert "Wed 25 Nov" in answer and "Show this help." not in answer, answer
    answer = shown(await slash(world, "today\u00a0tomorrow"))
    assert "Wed 25 Nov" in answer and "Show this help." not in answer, answer


async def test_a_client_typed_with_a_double_space_is_found(world: SandboxWorld) -> None:
    client = world.data.clients[0]
    answer = shown(await slash(world, f"client {client.first_name}\u00a0 {client.last_name}"))
    assert f"Client card: {escape(client.display_name)}" in answer, answer


# ---------------------------------------------------------------------------------------------------
# Ids that are none: quoted empty words, dot segments


async def test_an_empty_or_dot_id_gets_the_help_and_reaches_nothing(world: SandboxWorld) -> None:
    before = {entry_id: entry.status for entry_id, entry in world.spa.waitlist.items()}
    # '""' is an empty word to the parser; "." and ".." would name the list (or its parent) in the spa system's URL:
    # each became a request for the list itself, an "error id" answer, and for remove a PATCH of /v1/waitlist
    for text, problem in [
        ('fill ""', "fill needs one appointment id"),
        ("fill ''", "fill needs one appointment id"),
        ('waitlist remove ""', "waitlist remove needs one id"),
        ("waitlist remove .", "waitlist remove needs one id"),
        ("waitlist remove ..", "waitlist remove needs one id"),
        ('waitlist add "" sv_swedish_60 fri 2pm-6pm', "waitlist add needs &lt;client id&gt;"),
        ("waitlist add cl_0001 . fri 2pm-6pm", "waitlist add needs &lt;client id&gt;"),
    ]:
        answer = shown(await slash(world, text))
        assert problem in answer and "lists every command" in answer and "error id" not in answer, (text, answer)
    assert {entry_id: entry.status for entry_id, entry in world.spa.waitlist.items()} == before
    # "fill ." is "fill" ended by a full stop (as "today." is "today"): the cancelled bookings to come, no id asked
    assert "Cancelled in the next 14 days" in shown(await slash(world, "fill ."))


# ---------------------------------------------------------------------------------------------------
# Times as staff type them


def test_a_time_with_a_dot_between_hours_and_minutes_parses() -> None:
    assert parse_time_range("2.30pm-6pm") == ("14:30", "18:00")
    assert parse_time_range("14.30-18.00") == ("14:30", "18:00")
    assert parse_time_range("9.15AM – 12pm") == ("09:15", "12:00")


async def test_waitlist_add_takes_a_window_typed_with_dots(world: SandboxWorld) -> None:
    client, service, location = world.data.clients[3], world.data.services[0], world.data.locations[0]
    answer = shown(await slash(world, f'waitlist add {client.id} {service.id} fri 2.30pm-6pm "{location.name}"'))
    assert "Added" in answer and "2:30pm–6:00pm" in answer, answer


# ---------------------------------------------------------------------------------------------------
# What the copilot does not (or no longer) own


def _old_button(action_id: str = "fill_approve_v0") -> dict[str, Any]:
    button = {"type": "button", "action_id": action_id, "value": "fp_1|0", "text": {"type": "plain_text", "text": "Go"}}
    return {"type": "actions", "block_id": "old", "elements": [button]}


async def test_a_button_the_copilot_no_longer_has_is_acknowledged_and_explained(world: SandboxWorld) -> None:
    card = world.slack.post_message("front-desk", "An old card", [_old_button()])
    before = len(world.slack.responses)
    response = await world.sender.click(card, "fill_approve_v0", user_id=world.manager_id)
    assert response.status_code == 200  # was 404: Slack showed the person a failure and nothing else
    await world.slack.wait_for(lambda s: len(s.responses) > before, timeout=10)
    post = world.slack.responses[before]
    assert post.response_type == "ephemeral" and not post.replace_original
    assert escape(texts.OLD_BUTTON_TEXT) in shown(post)


async def test_a_button_the_copilot_no_longer_has_on_the_home_tab_redraws_it(world: SandboxWorld) -> None:
    user = world.manager_id
    home = {"id": "V0OLDHOME1", "type": "home", "blocks": [_old_button("home_open_v0")]}
    before = len(world.slack.calls_to("views.publish"))
    assert (await world.sender.click_in_view(home, "home_open_v0", user_id=user)).status_code == 200
    await world.slack.wait_for(lambda s: len(s.calls_to("views.publish")) > before, timeout=10)
    assert world.slack.calls_to("views.publish")[-1].params["user_id"] == user


async def test_a_form_the_copilot_no_longer_has_is_replaced_by_a_note(world: SandboxWorld) -> None:
    view = {"id": "V0OLDFORM1", "type": "modal", "callback_id": "fill_edit_v0", "private_metadata": "", "blocks": []}
    response = await world.sender.submit_view(view, user_id=world.manager_id)
    assert response.status_code == 200  # was 404: Slack told the person it had trouble connecting
    answer = response.json()
    assert answer["response_action"] == "update"
    assert escape(texts.OLD_FORM_TEXT) in json.dumps(answer["view"]["blocks"], ensure_ascii=False)


async def test_the_command_under_another_name_is_answered_as_spa(world: SandboxWorld) -> None:
    # an admin renamed /spa in the app's settings (another app had it): every use was acked and dropped
    before = len(world.slack.responses)
    response = await world.sender.slash_command("today", user_id=FRONT_DESK_USER, command="/spa-copilot")
    assert response.status_code == 200
    await world.slack.wait_for(lambda s: len(s.responses) > before, timeout=10)
    assert "Tue 24 Nov" in shown(world.slack.responses[before])


async def test_an_id_the_copilot_owns_never_falls_to_the_fallback(world: SandboxWorld) -> None:
    # an owned id whose listener is missing must still fail loudly (404), as test_every_id_the_app_owns_has_a_listener
    # relies on: the fallback matches only ids the copilot does not own
    bare = AsyncApp(client=world.copilot.slack, signing_secret="s", process_before_response=False)
    fallback.register(bare, world.copilot)
    web = Starlette(routes=[Route("/slack/events", AsyncSlackRequestHandler(bare).handle, methods=["POST"])])
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=web), base_url="http://bolt.test") as http:
        sender = SlackSender(http, signing_secret="s", workspace=world.slack)
        for action_id in sorted(ids.ACTION_IDS):
            message = {"ts": "1732456789.000100", "blocks": [_old_button(action_id)]}
            assert (await sender.click(message, action_id, user_id=world.manager_id, channel="front-desk")).status_code == 404
        for callback_id in sorted(ids.VIEW_CALLBACK_IDS):
            view = {"id": "V0NOWHERE1", "type": "modal", "callback_id": callback_id, "private_metadata": "", "blocks": []}
            assert (await sender.submit_view(view, user_id=world.manager_id)).status_code == 404
        assert (await sender.slash_command("help", user_id=world.manager_id)).status_code == 404
        for event_type in sorted(ids.EVENT_TYPES):
            assert (await sender.event({"type": event_type, "user": world.manager_id})).status_code == 404


@pytest.mark.parametrize(
    "event",
    [
        {"type": "app_uninstalled"},
        {"type": "tokens_revoked", "tokens": {"oauth": ["U0MANAGER1"], "bot": ["U0BOT"]}},
        {"type": "message", "channel_type": "im", "user": "U0HANA0001", "text": "running late", "ts": "1.2"},
        {"type": "app_mention", "user": "U0HANA0001", "text": "<@U0BOT> hi", "ts": "1.3", "channel": "C1"},
    ],
    ids=lambda event: event["type"],
)
async def test_an_event_the_copilot_does_not_use_is_acknowledged_and_does_nothing(
    world: SandboxWorld, event: dict[str, Any], caplog: pytest.LogCaptureFixture
) -> None:
    # unanswered (404), Slack retried each three times and counted every try against the app's subscriptions
    def posted() -> list[str]:  # Bolt's own auth.test, to know the bot, is not the copilot doing anything
        return [call.method for call in world.slack.calls if call.method != "auth.test"]

    calls = posted()
    with caplog.at_level(logging.INFO, logger=fallback.__name__):
        assert (await world.sender.event(event, event_id="Ev0UNUSED1")).status_code == 200
        assert (await world.sender.event(event, event_id="Ev0UNUSED1", retry_num=1)).status_code == 200
        for _ in range(200):  # Bolt runs the listener after it answers Slack
            if any(r.name == fallback.__name__ for r in caplog.records):
                break
            await asyncio.sleep(0.01)
    assert posted() == calls  # nothing posted, nothing published
    logged = [r.getMessage() for r in caplog.records if r.name == fallback.__name__]
    assert logged and all("running late" not in line and "<@U0BOT>" not in line for line in logged)
    if event["type"] in ("app_uninstalled", "tokens_revoked"):
        assert any(r.levelno == logging.WARNING and "reinstalled" in r.getMessage() for r in caplog.records)


async def test_a_fill_button_whose_value_cannot_be_read_tells_the_clicker(world: SandboxWorld) -> None:
    for action_id in (ids.APPROVE_FILL, ids.EDIT_FILL, ids.NEXT_CANDIDATE, ids.REJECT_FILL):
        for value in ("", "fp_1", "fp_1|x", "|3"):
            card = world.slack.post_message("front-desk", "A card of another version", [_old_button(action_id)])
            before = len(world.slack.responses)
            response = await world.sender.click(card, action_id, user_id=world.manager_id, value=value)
            assert response.status_code == 200
            # was silence: the click did nothing and said nothing
            await world.slack.wait_for(lambda s, n=before: len(s.responses) > n, timeout=10)
            post = world.slack.responses[before]
            assert post.response_type == "ephemeral" and escape(texts.STALE_CARD_TEXT) in shown(post), (action_id, value)
    assert world.slack.calls_to("views.open") == [] and world.spa.outbox == []


# ---------------------------------------------------------------------------------------------------
# Mentions in what the help says


async def test_a_mention_the_help_names_is_shown_as_typed_not_as_slacks_markup(world: SandboxWorld) -> None:
    channel_id = world.slack.channel_id("front-desk")
    for text, typed in [
        (f"today <@{FRONT_DESK_USER}|front.desk>", "@front.desk"),  # a colleague who is not a therapist
        ("brief <@U0NOBODY00|ghost> tomorrow", "@ghost"),
        ("brief <@U0NOBODY00> tomorrow", "the person you mentioned"),  # Slack may send the id alone
        (f"today <#{channel_id}|front-desk>", "#front-desk"),
        (f"today <#{channel_id}|>", "the channel you mentioned"),  # an empty label, as Slack sends for some channels
        ("today <!subteam^S0123ABC|@managers>", "@managers"),  # a user group
        ("today <!subteam^S0123ABC>", "the group you mentioned"),
        ("today <!here>", "@here"),
    ]:
        problem = (await slash(world, text)).blocks[1]["text"]["text"]  # the line under the help's title
        assert problem.startswith(f"{typed} is not") and "&lt;" not in problem, (text, problem)


def test_only_slacks_own_mentions_are_read_and_none_becomes_live() -> None:
    problem = "<!channel> <@U0MANAGER1> <@U0|a> <@bob> <#C0ABC|x> <https://x.test|y> <!date^1|x> <!subteam^S1|@g>"
    text = help_message(problem=problem).blocks[1].text.text
    assert text == ("@channel the person you mentioned &lt;@U0|a&gt; &lt;@bob&gt; #x &lt;https://x.test|y&gt; "
                    "&lt;!date^1|x&gt; @g.")  # plain text: Slack turns no "@channel" typed out into a mention


async def test_an_answer_quotes_back_at_most_a_line_of_what_was_pasted(world: SandboxWorld) -> None:
    """3,000 characters pasted after `client`, `waitlist remove` or `fill` are not repeated back in the answer."""
    for command, answer in [("client", "No client matches “xq"), ("waitlist remove", "There is no waitlist entry xq"),
                            ("fill", "There is no appointment xq")]:
        post = await slash(world, f"{command} {'xq' * 1500}", user=world.manager_id)
        assert post.text.startswith(answer) and post.text.count("xq") <= blocks.ECHO_LIMIT // 2, (command, len(post.text))
        assert post.response_type == "ephemeral"
