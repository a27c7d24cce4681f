"""``spa-copilot run`` refuses to face real Slack or a real Mangomint with the public sandbox secrets; a burst of
commands is acknowledged before their work starts."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest

from spa_copilot import server
from spa_copilot.server import run_server
from spa_copilot.settings import Settings

REAL = {"slack_bot_token": "xoxb-real-1234", "slack_signing_secret": "8f14e45fceea167a5a36dedd4bea2543"}


def settings(tmp_path: Path, **values: Any) -> Settings:
    return Settings(_env_file=None, spa_db_path=tmp_path / "state.db", **values)


@pytest.fixture
def served(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """Record ``uvicorn.run`` instead of serving."""
    calls: list[Any] = []
    monkeypatch.setattr("uvicorn.run", lambda app, **kwargs: calls.append(kwargs))
    return calls


@pytest.mark.parametrize(
    "values, named",
    [
        ({}, "SLACK_BOT_TOKEN, SLACK_SIGNING_SECRET"),
        ({"slack_bot_token": "xoxb-real-1234"}, "SLACK_SIGNING_SECRET"),
        ({"slack_signing_secret": "8f14e45f"}, "SLACK_BOT_TOKEN"),
        ({**REAL, "mangomint_api_url": "https://gw.example/v1"}, "MANGOMINT_WEBHOOK_SECRET"),
        ({"slack_api_url": "http://127.0.0.1:9/api/", "mangomint_api_url": "https://gw.example/v1"}, "MANGOMINT_WEBHOOK_SECRET"),
    ],
)
def test_run_refuses_public_defaults_with_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], served: list[Any], values: dict[str, Any], named: str
) -> None:
    assert run_server(settings(tmp_path, **values), host="127.0.0.1", port=0) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "refusing to start" in err and named in err and "Traceback" not in err
    assert served == []


@pytest.mark.parametrize(
    "values",
    [
        REAL,  # real Slack, sandbox spa
        {"slack_api_url": "http://127.0.0.1:9/api/"},  # the stand-in Slack, sandbox spa: the defaults are fine
        {**REAL, "mangomint_api_url": "https://gw.example/v1", "mangomint_webhook_secret": "a-long-random-secret"},
    ],
)
def test_run_starts_with_real_secrets_or_against_the_stand_ins(tmp_path: Path, served: list[Any], values: dict[str, Any]) -> None:
    assert run_server(settings(tmp_path, **values), host="127.0.0.1", port=0) == 0
    assert len(served) == 1


def test_real_slack_is_recognised_by_host() -> None:
    assert Settings(_env_file=None).uses_real_slack
    assert Settings(_env_file=None, slack_api_url="https://acme.enterprise.slack.com/api/").uses_real_slack
    assert not Settings(_env_file=None, slack_api_url="http://127.0.0.1:8080/api/").uses_real_slack
    assert not Settings(_env_file=None, slack_api_url="https://notslack.com.evil.example/api/").uses_real_slack


async def test_a_commands_work_waits_for_the_burst_to_end(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(server, "ACK_QUIET_SECONDS", 0.3)
    burst = server._Burst()
    burst.arrived()
    waiting = asyncio.create_task(burst.quiet())
    for _ in range(6):  # a command every 0.05 s: never 0.3 s of quiet
        await asyncio.sleep(0.05)
        burst.arrived()
        assert not waiting.done(), "work started while the burst was still being acknowledged"
    await asyncio.wait_for(waiting, timeout=5)


async def test_a_commands_work_never_waits_longer_than_the_cap(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(server, "ACK_QUIET_SECONDS", 60)
    monkeypatch.setattr(server, "ACK_MAX_WAIT_SECONDS", 0.05)
    burst = server._Burst()
    burst.arrived()
    await asyncio.wait_for(burst.quiet(), timeout=5)  # an endless burst still gets its answers
