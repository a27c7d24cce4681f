"""A signed Slack request the copilot owns (one of its buttons, forms, its slash command, an event it subscribes to)
whose payload has not the shape Slack gives it is refused as a whole: a 400 (an event: a 200, which stops Slack's
retries), exactly one WARNING line naming the request by an id and the field found wrong (nothing of the payload),
no traceback, no Slack API call, no answer posted, nothing written. Before, a user that was a string, a missing
response_url or trigger_id, a button value that was an object and the like reached the listeners after their ack:
a traceback at ERROR, sometimes a write (an alert's key that was an object went to SQLite) or a Slack call for a
user id that was a number. Each request is signed with the world's signing secret and goes through the real app.
"""

from __future__ import annotations

import asyncio
import json
import logging
import re
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest
import pytest_asyncio

from spa_copilot.sandbox.slack_sender import FORM, JSON
from spa_copilot.sandbox.world import FRONT_DESK_USER, SandboxWorld, sandbox_world
from spa_copilot.slack import blocks, ids, texts
from spa_copilot.slack.blocks import escape
from tests.conftest import NOW, _default_settings, fresh_spa, migrated_store

pytestmark = pytest.mark.asyncio(loop_scope="module")

PROPOSAL = "fp_s17"
DRAFT = "Hi Ava, a 3:00pm Swedish 60 just opened today. Reply YES to claim it."
#: What each owned button carries, as the copilot draws it.
VALUES: dict[str, str | None] = {
    ids.APPROVE_FILL: ids.proposal_value(PROPOSAL, 0), ids.EDIT_FILL: ids.proposal_value(PROPOSAL, 0),
    ids.NEXT_CANDIDATE: ids.proposal_value(PROPOSAL, 0), ids.REJECT_FILL: ids.proposal_value(PROPOSAL, 0),
    ids.HOLD_BACK_FILL: ids.proposal_value(PROPOSAL, 0), ids.ACK_CONFLICT: "cf_s17", ids.SNOOZE_CONFLICT: "cf_s17",
    ids.ACK_CONFLICT_SUMMARY: "loc_s17", ids.HOME_REFRESH: None, ids.HOME_OPEN_PROPOSAL: PROPOSAL,
}
#: Buttons whose listener reads the message clicked from ``container`` (a burst summary's Acknowledge all).
READING_THE_MESSAGE = {ids.ACK_CONFLICT_SUMMARY}
ALERT_BUTTONS = {ids.ACK_CONFLICT, ids.SNOOZE_CONFLICT, ids.ACK_CONFLICT_SUMMARY}
ON_THE_HOME_TAB = {ids.HOME_REFRESH, ids.HOME_OPEN_PROPOSAL}
OPENING_A_MODAL = {ids.EDIT_FILL, ids.REJECT_FILL, ids.HOME_OPEN_PROPOSAL}
LINE = re.compile(
    r"a signed Slack request could not be read \((?P<what>[^:()]+): (?P<field>[\w.\[\]]+) is not what Slack sends\), "
    r"request (?P<id>\w+); answered (?P<status>\d+)(?P<arrival> on arrival, not run)?"
)
Change = Callable[[dict[str, Any]], object]


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def world(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[SandboxWorld]:
    folder: Path = tmp_path_factory.mktemp("s17")
    settings = _default_settings().model_copy(
        update={"spa_db_path": folder / "state.db", "spa_model_dir": folder / "no-models"}, deep=True
    )
    store = migrated_store(folder / "state.db")
    async with sandbox_world(settings, data=fresh_spa(settings.sandbox_seed), store=store) as w:
        assert store.create_fill_proposal(
            PROPOSAL, appointment_id="ap_s17", location_id=w.data.locations[0].id, status="pending",
            opening={"summary": "Swedish 60 at 3:00pm on Tue 24 Nov"},
            candidates=[{"client_id": "cl_0001", "first_name": "Ava", "entry_id": None}], at=NOW, draft=DRAFT,
        )
        # one request of Slack's shape first: Bolt asks Slack who the bot is (auth.test) at the first it authorizes
        assert (await w.sender.app_home_opened(w.manager_id)).status_code == 200
        await w.slack.wait_for(lambda s: len(s.calls_to("views.publish")) == 1, timeout=10)
        yield w
    store.close()


# ---------------------------------------------------------------------------------------------------
# Payloads as Slack sends them, then broken one way each


def _button(action_id: str, value: str | None) -> dict[str, Any]:
    element = {"type": "button", "action_id": action_id, "text": {"type": "plain_text", "text": "Go"}}
    return {"type": "actions", "block_id": "b1", "elements": [element | ({"value": value} if value is not None else {})]}


def click(world: SandboxWorld, action_id: str) -> dict[str, Any]:
    """The block_actions payload of clicking ``action_id`` where the copilot draws it (a card, an alert, the Home)."""
    if action_id in ON_THE_HOME_TAB:
        view = {"id": "V0HOMES17", "type": "home", "blocks": [_button(action_id, VALUES[action_id])]}
        card = {"ts": "1732456789.000100", "blocks": view["blocks"]}
        payload = world.sender.block_actions_payload(card, action_id, user_id=world.manager_id, channel="front-desk")
        for message_only in ("channel", "message", "response_url"):
            del payload[message_only]
        return payload | {"container": {"type": "view", "view_id": "V0HOMES17"}, "view": view}
    card = world.slack.post_message("front-desk", "A card", [_button(action_id, VALUES[action_id])])
    return world.sender.block_actions_payload(card, action_id, user_id=world.manager_id)


def _set(path: str, value: object) -> Change:
    *parents, last = path.split(".")

    def change(payload: dict[str, Any]) -> None:
        node: Any = payload
        for name in parents:
            node = node[int(name)] if name.isdigit() else node[name]
        node[last] = value

    return change


def _drop(name: str) -> Change:
    return lambda payload: payload.pop(name)


CLICK_BREAKS: dict[str, tuple[Change, str]] = {
    "user is a string": (_set("user", "U1"), "user"),
    "no user": (_drop("user"), "user"),
    "user id is a number": (_set("user.id", 5), "user"),
    "no actions": (_drop("actions"), "actions"),
    "value is an object": (_set("actions.0.value", {"proposal": PROPOSAL}), "actions[0].value"),
    "channel is a string": (_set("channel", "C0FRONT01"), "channel"),
    "container is a string": (_set("container", "message"), "container"),
    "team is a string": (_set("team", "T0SANDBOX"), "team"),
    "view is a string": (_set("view", "V0HOMES17"), "view"),
    "message has no ts": (_set("message", {"text": "A card"}), "message.ts"),
    "no response_url": (_drop("response_url"), "response_url"),
    "no trigger_id": (_drop("trigger_id"), "trigger_id"),
    "container has no message_ts": (_set("container", {"type": "message", "channel_id": "C0FRONT01"}), "container"),
}


def _click_cases() -> list[Any]:
    cases = []
    for action_id in sorted(ids.ACTION_IDS):
        for name, (change, field) in CLICK_BREAKS.items():
            if name in ("no response_url", "message has no ts") and action_id in ON_THE_HOME_TAB:
                continue  # a click in the Home tab has neither
            if name == "no trigger_id" and action_id not in OPENING_A_MODAL:
                continue  # only a modal needs it
            if name == "container has no message_ts" and action_id not in READING_THE_MESSAGE:
                continue  # only a listener reading the message clicked needs it
            cases.append(pytest.param(action_id, change, field, id=f"{action_id}-{name}"))
    return cases


def form(world: SandboxWorld, callback_id: str, kind: str = "view_submission") -> dict[str, Any]:
    """The payload of submitting (or closing) the copilot's modal ``callback_id`` for the planted proposal."""
    modal = (blocks.edit_draft_modal(PROPOSAL, 0, DRAFT, client_first_name="Ava") if callback_id == ids.EDIT_DRAFT_VIEW
             else blocks.reject_reason_modal(PROPOSAL, 0)).to_dict()
    block_id, action_id = ((ids.EDIT_DRAFT_BLOCK, ids.EDIT_DRAFT_INPUT) if callback_id == ids.EDIT_DRAFT_VIEW
                           else (ids.REJECT_REASON_BLOCK, ids.REJECT_REASON_INPUT))
    payload = world.sender.view_submission_payload(
        {**modal, "id": "V0MODALS17"}, user_id=world.manager_id, values={block_id: {action_id: "Not today"}}
    )
    return payload | {"type": kind}


FORM_BREAKS: dict[str, tuple[Change, str]] = {
    "user is a string": (_set("user", "U1"), "user"),
    "no user": (_drop("user"), "user"),
    "team is a string": (_set("team", "T0SANDBOX"), "team"),
    "private_metadata is an object": (_set("view.private_metadata", {"proposal_id": PROPOSAL}), "view.private_metadata"),
    "no state": (lambda p: p["view"].pop("state"), "view.state.values"),
    "values is a list": (_set("view.state.values", []), "view.state.values"),
    "an input is a string": (lambda p: p["view"]["state"]["values"].update(b1="x"), "view.state.values"),
    "an input's value is a number": (
        lambda p: [e.update(value=5) for b in p["view"]["state"]["values"].values() for e in b.values()],
        "view.state.values",
    ),
}


def _form_cases() -> list[Any]:
    cases = [
        pytest.param(callback_id, "view_submission", change, field, id=f"{callback_id}-{name}")
        for callback_id in sorted(ids.VIEW_CALLBACK_IDS)
        for name, (change, field) in FORM_BREAKS.items()
    ]
    cases += [  # the copilot asks for no view_closed; one of its forms closed with a user that is no object still is one
        pytest.param(callback_id, "view_closed", _set("user", "U1"), "user", id=f"{callback_id}-closed-user is a string")
        for callback_id in sorted(ids.VIEW_CALLBACK_IDS)
    ]
    return cases


# ---------------------------------------------------------------------------------------------------
# What a refusal leaves behind: nothing but its line


class Before:
    def __init__(self, world: SandboxWorld) -> None:
        self.world = world
        self.calls, self.responses = len(world.slack.calls), len(world.slack.responses)
        self.proposal = world.copilot.store.fill_proposal(PROPOSAL)
        self.outbox = len(world.spa.outbox)

    def assert_nothing_done(self) -> None:
        world = self.world
        assert [c.method for c in world.slack.calls[self.calls:]] == []
        assert world.slack.responses[self.responses:] == []
        assert world.copilot.store.fill_proposal(PROPOSAL) == self.proposal
        assert len(world.spa.outbox) == self.outbox


async def _settled() -> None:
    """A listener runs after its ack: give any the request started its turns."""
    for _ in range(30):
        await asyncio.sleep(0)


def _one_refusal(caplog: pytest.LogCaptureFixture, *, what: str, field: str, status: int) -> re.Match[str]:
    assert [r for r in caplog.records if r.exc_info or r.levelno >= logging.ERROR] == []
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 1, warnings
    line = LINE.fullmatch(warnings[0])
    assert line is not None, warnings[0]
    assert (line["what"], line["field"], int(line["status"])) == (what, field, status)
    return line


def _refused(response: Any) -> None:
    assert response.status_code == 400
    assert response.json() == {"error": "unreadable request"}


@pytest.mark.parametrize(("action_id", "change", "field"), _click_cases())
async def test_a_click_of_the_wrong_shape_is_refused_in_one_line(
    world: SandboxWorld, caplog: pytest.LogCaptureFixture, action_id: str, change: Change, field: str
) -> None:
    payload = click(world, action_id)
    change(payload)
    before = Before(world)
    caplog.set_level(logging.INFO)
    response = await world.sender.interaction(payload)
    await _settled()
    _refused(response)
    line = _one_refusal(caplog, what=f"block_actions {action_id}" if field != "actions" else "block_actions",
                        field=field, status=400)
    assert re.fullmatch(r"[0-9a-f]{8}", line["id"])
    before.assert_nothing_done()


@pytest.mark.parametrize(("callback_id", "kind", "change", "field"), _form_cases())
async def test_a_form_of_the_wrong_shape_is_refused_in_one_line(
    world: SandboxWorld, caplog: pytest.LogCaptureFixture, callback_id: str, kind: str, change: Change, field: str
) -> None:
    payload = form(world, callback_id, kind)
    change(payload)
    before = Before(world)
    caplog.set_level(logging.INFO)
    response = await world.sender.interaction(payload)
    await _settled()
    _refused(response)
    _one_refusal(caplog, what=f"{kind} {callback_id}", field=field, status=400)
    before.assert_nothing_done()


@pytest.mark.parametrize("event_id", [{"id": "Ev1"}, 5, ["Ev1"]])
async def test_an_event_of_the_wrong_shape_is_taken_and_dropped_in_one_line(
    world: SandboxWorld, caplog: pytest.LogCaptureFixture, event_id: object
) -> None:
    envelope = world.sender.event_envelope(world.sender.app_home_opened_event(world.manager_id)) | {"event_id": event_id}
    before = Before(world)
    caplog.set_level(logging.INFO)
    response = await world.sender.send(json.dumps(envelope), content_type=JSON)
    await _settled()
    assert response.status_code == 200  # taken: Slack would send the same body three times more
    line = _one_refusal(caplog, what="event_callback app_home_opened", field="event_id", status=200)
    assert re.fullmatch(r"[0-9a-f]{8}", line["id"])
    before.assert_nothing_done()


@pytest.mark.parametrize("missing", ["user_id", "response_url"])
async def test_a_slash_command_of_the_wrong_shape_is_dropped_in_one_line(
    world: SandboxWorld, caplog: pytest.LogCaptureFixture, missing: str
) -> None:
    fields = {
        "token": "sandbox-verification-token", "team_id": "T0SANDBOX", "channel_id": world.slack.channel_id("front-desk"),
        "user_id": FRONT_DESK_USER, "command": ids.SLASH_COMMAND, "text": "today", "api_app_id": "A0SANDBOX",
        "response_url": "https://hooks.slack.test/commands/s17", "trigger_id": "1.2.s17",
    }
    del fields[missing]
    before = Before(world)
    caplog.set_level(logging.INFO)
    # the server acks a signed command at once and runs it after (server.py): the refusal can only be a line
    assert (await world.sender.send(urlencode(fields), content_type=FORM)).status_code == 200
    for _ in range(500):
        if any(r.levelno >= logging.WARNING for r in caplog.records):
            break
        await asyncio.sleep(0.01)
    await _settled()
    # the line says what Slack was answered: the HTTP face's 200 on arrival, not the 400 Bolt gives nobody
    line = _one_refusal(caplog, what="slash command", field=missing, status=200)
    assert line["arrival"] is not None
    before.assert_nothing_done()


# ---------------------------------------------------------------------------------------------------
# What is of the right shape is answered as before


@pytest.mark.parametrize(
    ("action_id", "change"),
    [
        # a null team or enterprise (an org-wide install sends them) is Slack's shape
        (ids.ACK_CONFLICT, _set("team", None)),
        (ids.ACK_CONFLICT, _set("enterprise", None)),
        # a value that is no proposal|revision is a card of another version: the stale-card note, as before
        (ids.APPROVE_FILL, _set("actions.0.value", PROPOSAL)),
        (ids.APPROVE_FILL, _set("actions.0.value", "")),
    ],
)
async def test_a_click_of_slacks_shape_is_not_refused(
    world: SandboxWorld, caplog: pytest.LogCaptureFixture, action_id: str, change: Change
) -> None:
    payload = click(world, action_id)
    change(payload)
    before = len(world.slack.responses)
    caplog.set_level(logging.INFO)
    assert (await world.sender.interaction(payload)).status_code == 200
    await world.slack.wait_for(lambda s: len(s.responses) > before, timeout=10)
    assert world.slack.responses[before].response_type == "ephemeral"
    if action_id == ids.APPROVE_FILL:
        assert escape(texts.STALE_CARD_TEXT) in json.dumps(world.slack.responses[before].blocks, ensure_ascii=False)
    assert not any("could not be read" in r.getMessage() for r in caplog.records)
    assert [r for r in caplog.records if r.exc_info or r.levelno >= logging.ERROR] == []


async def test_a_manager_only_button_still_refuses_a_non_manager_politely(
    world: SandboxWorld, caplog: pytest.LogCaptureFixture
) -> None:
    payload = click(world, ids.APPROVE_FILL)
    payload["user"] = payload["user"] | {"id": FRONT_DESK_USER}
    before = Before(world)
    caplog.set_level(logging.INFO)
    assert (await world.sender.interaction(payload)).status_code == 200
    await world.slack.wait_for(lambda s: len(s.responses) > before.responses, timeout=10)
    [post] = world.slack.responses[before.responses:]
    assert post.response_type == "ephemeral" and "is for managers" in json.dumps(post.blocks) + post.text
    assert world.copilot.store.fill_proposal(PROPOSAL) == before.proposal
    assert [r for r in caplog.records if r.exc_info or r.levelno >= logging.ERROR] == []


@pytest.mark.parametrize("action_id", sorted(ids.ACTION_IDS - ON_THE_HOME_TAB))
async def test_a_click_on_a_card_that_no_longer_exists_gets_a_clear_note(
    world: SandboxWorld, caplog: pytest.LogCaptureFixture, action_id: str
) -> None:
    value = "cf_gone" if action_id in ALERT_BUTTONS else ids.proposal_value("fp_gone", 0)
    card = world.slack.post_message("front-desk", "A card", [_button(action_id, value)])
    before = Before(world)
    caplog.set_level(logging.INFO)
    assert (await world.sender.click(card, action_id, user_id=world.manager_id)).status_code == 200
    await world.slack.wait_for(lambda s: len(s.responses) > before.responses, timeout=10)
    [post] = world.slack.responses[before.responses:]
    assert post.response_type == "ephemeral"
    said = "I no longer track this alert." if action_id in ALERT_BUTTONS else (
        "That proposal no longer exists.")
    assert said in json.dumps(post.blocks, ensure_ascii=False), post.text
    assert [c.method for c in world.slack.calls[before.calls:]] == []  # no modal opened for what is gone
    assert [r for r in caplog.records if r.exc_info or r.levelno >= logging.ERROR] == []


@pytest.mark.parametrize("metadata", ['{"proposal_id": "fp_s17", "revision": Infinity}', "[" * 100_000])
@pytest.mark.parametrize("callback_id", sorted(ids.VIEW_CALLBACK_IDS))
async def test_a_form_whose_metadata_cannot_be_used_keeps_its_inline_error(
    world: SandboxWorld, caplog: pytest.LogCaptureFixture, callback_id: str, metadata: str
) -> None:
    # a string, as Slack sends it, that the copilot did not write: the form's own inline error, as for "not json"
    # (a revision of Infinity was an OverflowError, JSON nested past Python's limit a RecursionError: tracebacks)
    payload = form(world, callback_id)
    payload["view"]["private_metadata"] = metadata
    before = Before(world)
    caplog.set_level(logging.INFO)
    response = await world.sender.interaction(payload)
    await _settled()
    block_id = ids.EDIT_DRAFT_BLOCK if callback_id == ids.EDIT_DRAFT_VIEW else ids.REJECT_REASON_BLOCK
    assert response.status_code == 200
    assert response.json() == {"response_action": "errors", "errors": {block_id: texts.STALE_CARD_TEXT}}
    assert [r for r in caplog.records if r.exc_info or r.levelno >= logging.ERROR] == []
    before.assert_nothing_done()
