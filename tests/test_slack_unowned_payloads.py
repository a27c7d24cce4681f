"""Kinds of Slack request the manifest does not declare but a workspace can still send (a modal closed that was
opened with notify_on_close, a shortcut added in the app's settings, an external select's search, a legacy dialog)
are acknowledged at once, through the real app and signed requests, and logged in one line of ids: never what was
typed. Each was a 404 (Slack showed the person an error) and Bolt's "Unhandled request" warning, which for a
select's search logged the words typed into it."""

from __future__ import annotations

import asyncio
import json
import logging
from typing import Any

import pytest

from spa_copilot.sandbox.slack_api import APP_ID, DEFAULT_TEAM_ID
from spa_copilot.sandbox.world import SandboxWorld
from spa_copilot.slack import ids, texts
from spa_copilot.slack.blocks import escape

GUEST = "Ava Stonebridge latex allergy 555-0142"  # what a person typed: never in the log


def _common(world: SandboxWorld, kind: str) -> dict[str, Any]:
    user = world.manager_id
    return {
        "type": kind,
        "team": {"id": DEFAULT_TEAM_ID, "domain": "sandbox-spa"},
        "user": {"id": user, "username": "manager", "name": "manager", "team_id": DEFAULT_TEAM_ID},
        "api_app_id": APP_ID,
        "token": "sandbox-verification-token",
        "enterprise": None,
        "is_enterprise_install": False,
    }


def _calls(world: SandboxWorld) -> list[str]:
    """The Web API calls made (Bolt's authorization's auth.test aside): a quiet answer makes none."""
    return [call.method for call in world.slack.calls if call.method != "auth.test"]


async def _settled() -> None:
    """Bolt runs a listener's work after its ack: give it its turn."""
    for _ in range(20):
        await asyncio.sleep(0)


def _modal(callback_id: str) -> dict[str, Any]:
    return {
        "id": "V0CLOSED01",
        "type": "modal",
        "callback_id": callback_id,
        "private_metadata": GUEST,
        "notify_on_close": True,
        "blocks": [],
        "state": {"values": {"guest_block": {"guest_input": {"type": "plain_text_input", "value": GUEST}}}},
    }


def _payloads(world: SandboxWorld) -> dict[str, dict[str, Any]]:
    channel = world.slack.channel_id("front-desk")
    response_url = world.slack.new_response_url(channel_id=channel, user_id=world.manager_id, source="message_action")
    trigger = world.slack.new_trigger_id(world.manager_id)
    return {
        "view_closed": {**_common(world, "view_closed"), "view": _modal("guest_notes_v0"), "is_cleared": False},
        "view_closed of an owned form": {**_common(world, "view_closed"), "view": _modal(ids.EDIT_DRAFT_VIEW), "is_cleared": True},
        "shortcut": {**_common(world, "shortcut"), "callback_id": "look_up_guest", "trigger_id": trigger, "action_ts": "1.2"},
        "message_action": {
            **_common(world, "message_action"),
            "callback_id": "flag_message",
            "trigger_id": trigger,
            "response_url": response_url,
            "channel": {"id": channel, "name": "front-desk"},
            "message": {"type": "message", "ts": "1732456789.000100", "text": GUEST},
            "message_ts": "1732456789.000100",
        },
        "block_suggestion": {
            **_common(world, "block_suggestion"),
            "action_id": "guest_search",
            "block_id": "guest_block",
            "value": GUEST,
            "container": {"type": "view", "view_id": "V0CLOSED01"},
            "view": _modal("guest_notes_v0"),
        },
        "dialog_submission": {
            **_common(world, "dialog_submission"),
            "callback_id": "old_dialog",
            "submission": {"guest": GUEST},
            "response_url": response_url,
            "channel": {"id": channel, "name": "front-desk"},
            "action_ts": "1.2",
            "state": "",
        },
        "dialog_cancellation": {
            **_common(world, "dialog_cancellation"),
            "callback_id": "old_dialog",
            "response_url": response_url,
            "channel": {"id": channel, "name": "front-desk"},
            "action_ts": "1.2",
            "state": "",
        },
    }


KINDS = ["view_closed", "view_closed of an owned form", "shortcut", "message_action", "block_suggestion",
         "dialog_submission", "dialog_cancellation"]
IDS = {
    "view_closed": "guest_notes_v0",
    "view_closed of an owned form": ids.EDIT_DRAFT_VIEW,
    "shortcut": "look_up_guest",
    "message_action": "flag_message",
    "block_suggestion": "guest_search",
    "dialog_submission": "old_dialog",
    "dialog_cancellation": "old_dialog",
}


@pytest.mark.parametrize("kind", KINDS)
async def test_an_undeclared_kind_is_acknowledged_quietly_and_logged_by_its_ids(
    world: SandboxWorld, caplog: pytest.LogCaptureFixture, kind: str
) -> None:
    caplog.set_level(logging.DEBUG)
    payload = _payloads(world)[kind]
    before_calls, before_responses = _calls(world), len(world.slack.responses)
    response = await world.sender.interaction(payload)
    assert response.status_code == 200, response.text  # was 404: Slack showed the person an error
    if payload["type"] == "block_suggestion":
        assert response.json() == {"options": []}  # the select shows no matches, not "could not load"
    else:
        assert response.text == ""
    await _settled()
    assert _calls(world) == before_calls and len(world.slack.responses) == before_responses  # quiet
    lines = [r.getMessage() for r in caplog.records]
    assert not any("Unhandled request" in line for line in lines), lines
    assert not any(word in line for line in lines for word in ("Stonebridge", "latex", "555-0142")), lines
    mine = [line for line in lines if "the copilot does not own" in line]
    assert mine == [
        f"Slack {payload['type']} the copilot does not own ({IDS[kind]}) from user {world.manager_id} "
        f"in team {DEFAULT_TEAM_ID}: acknowledged"
    ]


async def test_a_button_from_an_older_message_is_logged_by_its_ids_not_its_value(
    world: SandboxWorld, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    button = {"type": "button", "action_id": "fill_approve_v0", "value": GUEST, "text": {"type": "plain_text", "text": "Go"}}
    card = world.slack.post_message("front-desk", "An old card", [{"type": "actions", "block_id": "old", "elements": [button]}])
    before = len(world.slack.responses)
    assert (await world.sender.click(card, "fill_approve_v0", user_id=world.manager_id)).status_code == 200
    await world.slack.wait_for(lambda s: len(s.responses) > before, timeout=10)
    post = world.slack.responses[before]
    assert post.response_type == "ephemeral" and escape(texts.OLD_BUTTON_TEXT) in post.text + json.dumps(post.blocks)
    lines = [r.getMessage() for r in caplog.records]
    assert not any("Stonebridge" in line for line in lines), lines
    assert [line for line in lines if "the copilot does not own" in line] == [
        f"Slack block_actions the copilot does not own (fill_approve_v0) from user {world.manager_id} "
        f"in team {DEFAULT_TEAM_ID}: acknowledged"
    ]


async def test_a_kind_of_request_no_listener_answers_is_one_line_of_ids_not_bolts_warning(
    world: SandboxWorld, caplog: pytest.LogCaptureFixture
) -> None:
    # a kind Slack may add one day: Bolt's own warning logged its payload's fields and a code snippet to paste
    caplog.set_level(logging.DEBUG)
    payload = {**_common(world, "future_interaction"), "callback_id": "next_thing", "value": GUEST}
    response = await world.sender.interaction(payload)
    assert response.status_code == 404  # as Bolt answers it: an id the copilot owns without a listener fails loudly
    lines = [r.getMessage() for r in caplog.records]
    assert not any("Unhandled request" in line or "Stonebridge" in line for line in lines), lines
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR or r.exc_info]
    assert [line for line in lines if "no listener answers" in line] == [
        f"Slack future_interaction no listener answers (next_thing) from user {world.manager_id} "
        f"in team {DEFAULT_TEAM_ID}; answered 404"
    ]


async def test_an_id_in_the_log_is_only_an_id(world: SandboxWorld, caplog: pytest.LogCaptureFixture) -> None:
    # only a forged request carries such a callback id, but the log line stays one line of id characters
    caplog.set_level(logging.DEBUG)
    payload = {**_common(world, "shortcut"), "callback_id": "x\nFAKE LOG LINE" + "z" * 200, "trigger_id": "1.2.3"}
    assert (await world.sender.interaction(payload)).status_code == 200
    [line] = [r.getMessage() for r in caplog.records if "the copilot does not own" in r.getMessage()]
    assert "\n" not in line and f"(x?FAKE?LOG?LINE{'z' * 65}) from user" in line, line


async def test_an_event_of_a_forged_type_cannot_forge_a_log_line(world: SandboxWorld, caplog: pytest.LogCaptureFixture) -> None:
    forged = "reaction_added\nERROR fake line: guest Jane Doe 415-555-0101"
    with caplog.at_level(logging.INFO):
        response = await world.sender.event({"type": forged, "user": "U1", "event_ts": "1.0"})
        for _ in range(50):  # the listener runs after Slack is answered
            said = [record.getMessage() for record in caplog.records if "does not use" in record.getMessage()]
            if said:
                break
            await asyncio.sleep(0.05)
    assert response.status_code == 200
    assert said and all("\n" not in line and "ERROR fake" not in line for line in said)  # one line: no forged one
