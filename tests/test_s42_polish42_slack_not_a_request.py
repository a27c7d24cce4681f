"""A correctly signed Slack request that is no kind of request Slack sends (``payload={}``, a payload that is JSON but
names no ``type``, a form of other fields, an empty JSON object: a truncated or hand-made request) is answered 400, as
the README says of a payload that cannot be read, with one WARNING line and nothing of the payload: it was Bolt's 404
"unhandled request" and a line about a request "no listener answers". A payload of a kind Slack sends but new to the
copilot keeps Bolt's 404, a bad signature keeps its 401, and no listener runs or Slack is called for the refused ones."""

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
from spa_copilot.slack import app as slack_app
from tests.conftest import _default_settings, fresh_spa, migrated_store

pytestmark = pytest.mark.asyncio(loop_scope="module")

FORM = "application/x-www-form-urlencoded"
SECRET_WORDS = "Rosalind-Quill"  # a piece of a payload: never in the log


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def world(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[SandboxWorld]:
    folder: Path = tmp_path_factory.mktemp("s42")
    settings = _default_settings().model_copy(
        update={"spa_db_path": folder / "state.db", "spa_model_dir": folder / "no-models"}, deep=True
    )
    store = migrated_store(folder / "state.db")
    async with sandbox_world(settings, data=fresh_spa(settings.sandbox_seed), store=store) as w:
        yield w
    store.close()


def _payload(text: str) -> str:
    return "payload=" + quote(text)


async def _settled() -> None:
    for _ in range(20):
        await asyncio.sleep(0)


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        (_payload("{}"), FORM),
        (_payload(json.dumps({"name": SECRET_WORDS, "user": {"id": "U1"}})), FORM),  # JSON, but no Slack interaction
        (_payload(json.dumps({"type": 5, "note": SECRET_WORDS})), FORM),  # a type that names no kind
        (_payload(json.dumps({"type": "", "note": SECRET_WORDS})), FORM),
        (f"name={SECRET_WORDS}&user_id=U1", FORM),  # a form that is neither a slash command nor a payload
        ("{}", "application/json"),
        (json.dumps({"note": SECRET_WORDS}), "application/json"),
    ],
    ids=[
        "payload-empty",
        "payload-no-type",
        "payload-type-number",
        "payload-type-empty",
        "form-other-fields",
        "json-empty",
        "json-no-type",
    ],
)
async def test_a_signed_request_that_is_no_slack_request_is_a_400_in_one_line(
    world: SandboxWorld, caplog: pytest.LogCaptureFixture, body: str, content_type: str
) -> None:
    caplog.set_level(logging.DEBUG)
    calls_before = len(world.slack.calls)
    response = await world.sender.send(body, content_type=content_type)
    await _settled()
    assert response.status_code == 400
    assert json.loads(response.text) == {"error": "unreadable request"}
    said = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert len(said) == 1, [r.getMessage() for r in said]
    assert said[0].exc_info is None
    assert re.fullmatch(
        r"a signed Slack request could not be read \(not a Slack request: no type, no command\), "
        r"request [0-9a-f]{8}; answered 400",
        said[0].getMessage(),
    ), said[0].getMessage()
    assert SECRET_WORDS not in caplog.text
    assert len(world.slack.calls) == calls_before  # not authorized (no auth.test), no listener ran


async def test_only_what_is_no_slack_request_changes_a_kind_new_to_the_copilot_keeps_bolts_404_and_no_signature_401(
    world: SandboxWorld, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    assert (await world.sender.send(_payload("{}"), content_type=FORM)).status_code == 400
    body = _payload(json.dumps({"type": "brand_new_kind", "user": {"id": "U1"}, "team": {"id": "T1"}}))
    response = await world.sender.send(body, content_type=FORM)
    await _settled()
    assert response.status_code == 404  # as Bolt answers a kind no listener takes: Slack may add kinds
    assert "Slack brand_new_kind no listener answers" in caplog.text
    assert (await world.sender.send(_payload("{}"), content_type=FORM, signed=False)).status_code == 401


@pytest.mark.parametrize(
    ("body", "slack"),
    [
        ({}, False),
        ({"a": 1}, False),
        ({"type": None}, False),
        ({"type": 5}, False),
        ({"type": ""}, False),
        ([], False),
        ("x", False),
        (None, False),
        ({"type": "block_actions"}, True),
        ({"type": "event_callback"}, True),
        ({"type": "url_verification"}, True),
        ({"type": "brand_new_kind"}, True),
        ({"command": "/spa", "text": ""}, True),
    ],
)
async def test_what_counts_as_a_slack_request(body: object, slack: bool) -> None:
    assert slack_app.is_slack_request(body) is slack


async def test_slacks_ssl_check_of_the_command_url_is_still_answered_200(world: SandboxWorld) -> None:
    # Slack posts ssl_check=1 (with a token, no command, no type) to a slash command's URL to check its certificate:
    # Bolt's own check answers it before the copilot's middleware could call it "no Slack request"
    response = await world.sender.send("ssl_check=1&token=verification-token", content_type=FORM)
    assert response.status_code == 200
