"""A signed Slack request whose payload has not the shape Slack gives it (only someone holding the signing secret can
send one) is a 400, or for an event a 200 that stops Slack's retries, and one WARNING line without a traceback or any
of the payload: Bolt caught these itself and answered 500, logging its traceback at ERROR. A listener's own failure
is still logged as before, traceback included."""

from __future__ import annotations

import asyncio
import json
import logging
import re
from collections.abc import AsyncIterator
from pathlib import Path
from urllib.parse import quote

import pytest
import pytest_asyncio

from spa_copilot.sandbox.world import SandboxWorld, sandbox_world
from spa_copilot.slack.listeners import events
from tests.conftest import _default_settings, fresh_spa, migrated_store

pytestmark = pytest.mark.asyncio(loop_scope="module")

FORM = "application/x-www-form-urlencoded"
SECRET_WORDS = "{bad"  # a piece of the payload: never in the log


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def world(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[SandboxWorld]:
    folder: Path = tmp_path_factory.mktemp("s16")
    settings = _default_settings().model_copy(
        update={"spa_db_path": folder / "state.db", "spa_model_dir": folder / "no-models"}, deep=True
    )
    store = migrated_store(folder / "state.db")
    async with sandbox_world(settings, data=fresh_spa(settings.sandbox_seed), store=store) as w:
        yield w
    store.close()


def _payload(payload: dict) -> str:
    return "payload=" + quote(json.dumps(payload))


def _problems(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.levelno >= logging.ERROR or r.exc_info]


async def _settled() -> None:
    """Bolt runs an event's listener after its ack: give those started by the request just sent their turn."""
    for _ in range(20):
        await asyncio.sleep(0)


@pytest.mark.parametrize(
    ("body", "content_type", "status"),
    [
        # a modal submitted without view.type: Bolt's KeyError while matching it to a listener
        (_payload({"type": "view_submission", "view": {"callback_id": "x", "private_metadata": SECRET_WORDS,
                                                      "state": {"values": {}}}, "user": {"id": "U1"}}), FORM, 400),
        (_payload({"type": "view_submission", "view": "x", "user": {"id": "U1"}}), FORM, 400),
        (_payload({"type": "block_actions", "actions": "x", "user": {"id": "U1"}}), FORM, 400),
        # an event that is no object: Bolt's authorization middleware fails; an event is acked, not retried
        ('{"type":"event_callback","event":"x"}', "application/json", 200),
        ('{"type":"event_callback","event":[1]}', "application/json", 200),
    ],
)
async def test_a_signed_malformed_payload_is_refused_in_one_warning_line(
    world: SandboxWorld, caplog: pytest.LogCaptureFixture, body: str, content_type: str, status: int
) -> None:
    caplog.set_level(logging.INFO)
    response = await world.sender.send(body, content_type=content_type)
    await _settled()
    assert response.status_code == status
    if status == 400:
        assert json.loads(response.text) == {"error": "unreadable request"}
    assert _problems(caplog) == []
    [line] = [r.getMessage() for r in caplog.records if "could not be read" in r.getMessage()]
    assert re.fullmatch(rf"a signed Slack request could not be read \(\w+\), request [0-9a-f]{{8}}; answered {status}", line), line
    assert not any(SECRET_WORDS in r.getMessage() for r in caplog.records)


async def test_a_home_opened_without_a_user_asks_slack_nothing(world: SandboxWorld, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO)
    body = '{"type":"event_callback","event_id":"EvNullUser","event":{"type":"app_home_opened","user":null}}'
    assert (await world.sender.send(body, content_type="application/json")).status_code == 200
    # a real one after it: once it is published, the null one has long been handled
    before = len(world.slack.calls_to("views.publish"))
    assert (await world.sender.app_home_opened(world.manager_id)).status_code == 200
    await world.slack.wait_for(lambda s: len(s.calls_to("views.publish")) > before, timeout=10)
    assert [c.params.get("user_id") for c in world.slack.calls_to("views.publish")] == [world.manager_id]
    assert all(c.params.get("user") for c in world.slack.calls_to("users.info"))
    assert "app_home_opened event EvNullUser without a user id ignored" in caplog.text
    assert _problems(caplog) == []


async def test_a_click_with_a_user_that_is_no_object_is_acked_quietly(
    world: SandboxWorld, caplog: pytest.LogCaptureFixture
) -> None:
    body = _payload({"type": "block_actions", "actions": [{"action_id": "retired_button"}], "user": "U1"})
    response = await world.sender.send(body, content_type=FORM)
    await _settled()
    assert response.status_code == 200
    assert _problems(caplog) == []


async def test_a_listeners_own_failure_is_still_an_error_with_its_traceback(
    world: SandboxWorld, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def broken(copilot: object, user_id: str) -> None:
        raise KeyError("a bug of ours")

    monkeypatch.setattr(events, "publish_home", broken)
    assert (await world.sender.app_home_opened(world.manager_id, event_id="EvBroken")).status_code == 200
    for _ in range(200):
        if _problems(caplog):
            break
        await asyncio.sleep(0.01)
    [failure] = _problems(caplog)
    assert failure.levelno == logging.ERROR and failure.exc_info is not None
    assert failure.getMessage() == "Failed to run listener function (error: 'a bug of ours')"
