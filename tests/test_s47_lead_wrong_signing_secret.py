"""s47 (probe47a MEDIUM): a wrong SLACK_SIGNING_SECRET (the app's Client Secret or Verification Token pasted instead,
set-up's likeliest copy mistake) answered every /spa and click 401 and logged nothing at WARNING: the IT person had no
trace of why. A refused request carrying Slack's signature headers is now said once, naming the setting; again at
most every ten minutes; a request without Slack's headers (a scanner) is not said."""

from __future__ import annotations

import logging

import aiohttp
import pytest

from spa_copilot import server
from spa_copilot.sandbox.world import FRONT_DESK_USER, SandboxWorld


def _warnings(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING and "SLACK_SIGNING_SECRET" in r.getMessage()]


async def test_requests_signed_with_another_secret_are_said_once_naming_the_setting(
    world: SandboxWorld, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    for _ in range(3):
        response = await world.sender.slash_command("help", user_id=FRONT_DESK_USER, signing_secret="the-client-secret")
        assert response.status_code == 401
    said = _warnings(caplog)
    assert len(said) == 1 and "Signing Secret" in said[0], said
    assert "the-client-secret" not in caplog.text  # the secret tried is never logged


async def test_a_request_without_slacks_headers_is_not_said(world: SandboxWorld, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO)
    response = await world.http.post("/slack/events", content=b"command=%2Fspa&text=help")
    assert response.status_code == 401
    assert _warnings(caplog) == []


def test_it_is_said_again_after_ten_minutes(monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    now = [1000.0]
    monkeypatch.setattr(server.time, "monotonic", lambda: now[0])
    refused = server._RefusedSlackSignatures()
    headers = {"x-slack-signature": "v0=00", "x-slack-request-timestamp": "1"}
    refused.warn(headers)
    now[0] += server.SIGNATURE_WARNING_EVERY_SECONDS - 1
    refused.warn(headers)
    now[0] += 2
    refused.warn(headers)
    assert len(_warnings(caplog)) == 2


class _Unreachable:
    async def apps_connections_open(self, app_token: str) -> dict[str, str]:
        raise aiohttp.ClientConnectionError("connection refused")


async def test_slack_out_of_reach_at_a_socket_mode_start_is_said_once(caplog: pytest.LogCaptureFixture) -> None:
    """probe47a LOW: the start's check of SLACK_APP_TOKEN and the connect right after each said "Slack could not be
    asked just now … connecting anyway"."""
    assert await server._socket_mode_address(_Unreachable(), "xapp-1", say=False) is None  # the start's check
    assert await server._socket_mode_address(_Unreachable(), "xapp-1") is None  # the connect
    said = [r.getMessage() for r in caplog.records if "connecting anyway" in r.getMessage()]
    assert len(said) == 1, said
