"""``spa-copilot run`` against real Slack asks ``auth.test`` once before any work: a bot token Slack refuses for good
is one line and exit 3; Slack out of reach is a warning and the copilot starts (offline). ``--socket`` without a
token is the usual one line."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from spa_copilot.server import run_server
from spa_copilot.settings import Settings
from spa_copilot.store.single_user import hold_database
from tests.conftest import json_answering

#: Real-looking secrets and a spa system, so run's other refusals do not stop it first.
CONFIGURED = {
    "slack_bot_token": "xoxb-revoked-1234", "slack_signing_secret": "8f14e45fceea167a5a36dedd4bea2543",
    "mangomint_api_url": "https://gw.example/v1", "mangomint_webhook_secret": "a-long-random-secret",
}


def slack_answering(answer: dict[str, Any]) -> Iterator[tuple[str, list[str]]]:
    """A Web API on a loopback port that gives every call ``answer``: its base URL and the methods called."""
    with json_answering(200, answer, lambda r: r.path.rsplit("/", 1)[-1]) as (at, called):
        yield f"{at}/api/", called


@pytest.fixture
def as_real_slack(monkeypatch: pytest.MonkeyPatch) -> None:
    """The Web API base URL on loopback is taken for Slack's own (slack.com cannot be reached from a test)."""
    monkeypatch.setattr(Settings, "uses_real_slack", property(lambda self: True))


@pytest.mark.parametrize("error", ["invalid_auth", "not_authed", "account_inactive", "token_revoked"])
def test_a_bot_token_slack_refuses_is_one_line_and_exit_3_before_any_work(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], served: list[Any], as_real_slack: None, error: str
) -> None:
    for url, called in slack_answering({"ok": False, "error": error}):
        settings = Settings(_env_file=None, spa_db_path=tmp_path / "state.db", slack_api_url=url, **CONFIGURED)
        assert run_server(settings, host="127.0.0.1", port=0) == 3
        assert called == ["auth.test"]
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith(f"spa-copilot: Slack refused SLACK_BOT_TOKEN ({error} (HTTP 200))")
    assert "xoxb-revoked-1234" not in err and "Traceback" not in err
    assert served == [] and not (tmp_path / "state.db").exists()
    hold_database(tmp_path / "state.db").release()  # the database was let go of


def test_a_bot_token_slack_takes_starts(tmp_path: Path, served: list[Any], as_real_slack: None) -> None:
    for url, called in slack_answering({"ok": True, "team": "Spa", "user": "spa_copilot"}):
        settings = Settings(_env_file=None, spa_db_path=tmp_path / "state.db", slack_api_url=url, **CONFIGURED)
        assert run_server(settings, host="127.0.0.1", port=0) == 0
        assert called == ["auth.test"] and len(served) == 1


@pytest.mark.parametrize("answer", [{"ok": False, "error": "ratelimited"}, {"ok": False, "error": "internal_error"}])
def test_slack_busy_or_out_of_reach_is_a_warning_and_the_copilot_starts(
    tmp_path: Path, served: list[Any], as_real_slack: None, caplog: pytest.LogCaptureFixture, answer: dict[str, Any]
) -> None:
    for url, _ in slack_answering(answer):
        for base in (url, "http://127.0.0.1:9/api/"):  # busy; nothing listening
            settings = Settings(_env_file=None, spa_db_path=tmp_path / "state.db", slack_api_url=base, **CONFIGURED)
            with caplog.at_level(logging.WARNING, logger="spa_copilot.server"):
                assert run_server(settings, host="127.0.0.1", port=0) == 0
    assert len(served) == 2
    assert sum("Slack could not be asked whether it takes SLACK_BOT_TOKEN" in r.message for r in caplog.records) == 2


def test_the_stand_in_slack_is_not_asked(tmp_path: Path, served: list[Any]) -> None:
    for url, called in slack_answering({"ok": False, "error": "invalid_auth"}):
        settings = Settings(_env_file=None, spa_db_path=tmp_path / "state.db", slack_api_url=url)
        assert run_server(settings, host="127.0.0.1", port=0) == 0
        assert called == []


def test_socket_mode_without_an_app_token_is_the_usual_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], served: list[Any]
) -> None:
    settings = Settings(_env_file=None, spa_db_path=tmp_path / "state.db", slack_api_url="http://127.0.0.1:9/api/")
    assert run_server(settings, host="127.0.0.1", port=0, socket_mode=True) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("spa-copilot: Socket Mode (--socket) needs SLACK_APP_TOKEN")
    assert served == []
