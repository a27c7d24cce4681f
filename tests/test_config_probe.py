"""What a black-box probe of an IT person's first install found: the configuration says what is wrong, where, and
never takes a Slack that is not the stand-in's loopback address for the stand-in."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from spa_copilot.preflight import _configuration, _slack
from spa_copilot.settings import Settings

# -- 1. only the stand-in's loopback address is the stand-in Slack ------------------------------------------------

PROXY = "https://slack-egress.spa.internal/api/"


@pytest.mark.parametrize("url", [
    PROXY, "https://slack.com./api/", "https://SLACK.COM/api/", "https://acme.enterprise.slack.com./api/",
    "http://10.0.0.5:8080/api/", "https://notslack.com.evil.example/api/", "http://0.0.0.0:9/api/",
])
def test_every_host_but_loopback_is_real_slack(url: str) -> None:
    assert Settings(_env_file=None, slack_api_url=url).uses_real_slack, url


@pytest.mark.parametrize("url", [
    "http://127.0.0.1:9/api/", "http://127.0.0.2:9/api/", "http://localhost:9/api/", "http://LOCALHOST.:9/api/",
    "http://[::1]:9/api/",
])
def test_a_loopback_host_is_the_stand_in(url: str) -> None:
    assert not Settings(_env_file=None, slack_api_url=url).uses_real_slack, url


@pytest.mark.parametrize("url", [PROXY, "https://slack.com./api/"])
def test_check_refuses_the_public_secrets_behind_a_proxy_or_a_trailing_dot(settings: Settings, url: str) -> None:
    check = _configuration(settings.model_copy(update={"slack_api_url": url}), environ={}, env_file=None)
    assert check.status == "failed", check
    assert "SLACK_BOT_TOKEN, SLACK_SIGNING_SECRET still the public sandbox default" in check.detail
    assert "MANGOMINT_API_URL is not set" in check.detail


def test_run_refuses_the_sandbox_signing_secret_behind_a_proxy(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from spa_copilot.server import run_server

    served: list[Any] = []
    monkeypatch.setattr("uvicorn.Server.run", lambda self, sockets=None: served.append(sockets))
    settings = Settings(_env_file=None, spa_db_path=tmp_path / "state.db", slack_api_url=PROXY,
                        slack_bot_token="xoxb-real-1234", mangomint_api_url="https://gw.example/v1",
                        mangomint_webhook_secret="a-long-random-secret")
    assert run_server(settings, host="127.0.0.1", port=0) == 2
    err = capsys.readouterr().err
    assert "SLACK_SIGNING_SECRET" in err and "refusing to start" in err and served == []


async def test_the_slack_line_calls_a_proxy_slack_not_the_stand_in(settings: Settings) -> None:
    class Answers:
        async def auth_test(self) -> object:
            class Answer(dict):
                headers: dict[str, str] = {}

            return Answer(team="Juniper & Salt", user="spa_copilot")

    check = await _slack(settings.model_copy(update={"slack_api_url": PROXY}), Answers())  # type: ignore[arg-type]
    assert "stand-in" not in check.detail and check.detail.startswith(f"Slack at {PROXY}: workspace"), check
