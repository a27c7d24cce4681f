"""Docker's ``--env-file`` keeps quote marks: ``SLACK_SIGNING_SECRET="…"`` there is a secret with the quotes in it, and
every request was refused (401) while neither ``check`` nor ``run`` said why. Both now warn about a token, key or
secret that starts and ends with the same quote mark; the value is kept as given (a secret may hold quotes)."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import pytest

from spa_copilot.preflight import _configuration
from spa_copilot.settings import Settings


def _from_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, **variables: str) -> Settings:
    monkeypatch.setenv("SLACK_API_URL", "http://127.0.0.1:9/api/")  # the stand-in Slack: no public default refused
    for name, value in variables.items():
        monkeypatch.setenv(name, value)
    return Settings(_env_file=None, spa_db_path=tmp_path / "state.db", spa_model_dir=tmp_path / "no-models")


def test_check_warns_about_secrets_passed_with_their_quotes(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    settings = _from_environment(
        monkeypatch, tmp_path, SLACK_SIGNING_SECRET='"8f2c1e"', MANGOMINT_WEBHOOK_SECRET="'s3cret'", LLM_API_KEY="sk-1"
    )
    assert settings.slack_signing_secret.get_secret_value() == '"8f2c1e"'  # kept: not stripped behind anyone's back
    check = _configuration(settings, environ={}, env_file=None)
    assert check.status == "warning"
    assert ("SLACK_SIGNING_SECRET, MANGOMINT_WEBHOOK_SECRET start and end with a quote mark, kept as part of them "
            "(Docker's --env-file keeps quotes): unless the quotes belong to the secret, set them without them") in check.detail
    assert "8f2c1e" not in check.detail and "s3cret" not in check.detail


@pytest.mark.parametrize("value", ['"half', "it's", "'mixed\"", '"', "plain"])
def test_a_quote_that_does_not_wrap_the_value_is_not_flagged(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, value: str
) -> None:
    assert _from_environment(monkeypatch, tmp_path, SLACK_BOT_TOKEN=value).quoted_secrets() == []


def test_an_env_file_takes_its_quotes_off_so_nothing_is_said(tmp_path: Path) -> None:
    env = tmp_path / ".env"
    env.write_text('SLACK_SIGNING_SECRET="8f2c1e"\n')
    settings = Settings(_env_file=env)
    assert settings.slack_signing_secret.get_secret_value() == "8f2c1e" and settings.quoted_secrets() == []


def test_run_warns_at_start(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    from spa_copilot.server import run_server

    served: list[Any] = []
    monkeypatch.setattr("uvicorn.Server.run", lambda self, sockets=None: served.append(sockets))
    settings = _from_environment(monkeypatch, tmp_path, SLACK_BOT_TOKEN='"xoxb-sandbox-token"')
    with caplog.at_level(logging.WARNING, logger="spa_copilot.server"):
        run_server(settings, host="127.0.0.1", port=0)
    assert served and "SLACK_BOT_TOKEN starts and ends with a quote mark, kept as part of it" in caplog.text
