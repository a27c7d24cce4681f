"""``spa-copilot check`` names variables that look like the copilot's but are not settings (they are ignored)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pydantic import SecretStr

from spa_copilot.cli import main
from spa_copilot.preflight import _configuration, unknown_variables
from spa_copilot.settings import Settings


def test_a_misspelled_variable_is_a_warning_with_the_closest_setting(settings: Settings, tmp_path: Path) -> None:
    env = tmp_path / ".env"
    env.write_text("POLL_SECOND=30\nSPA_MODE=read_only\n# SPA_COMMENTED=1\n")
    settings = settings.model_copy(update={"slack_api_url": "http://127.0.0.1:9/api/"})  # the stand-in: no secret
    check = _configuration(settings, environ={"SPA_MANAGER_ID": "U123", "PATH": "/bin", "HOME": "/root"}, env_file=env)
    assert check.status == "warning", check
    assert "SPA_MANAGER_ID (environment; did you mean SPA_MANAGER_IDS?)" in check.detail
    assert "POLL_SECOND (.env; did you mean POLL_SECONDS?)" in check.detail
    assert "SPA_MODE" not in check.detail and "PATH" not in check.detail and "COMMENTED" not in check.detail


def test_real_settings_and_other_tools_variables_are_not_reported() -> None:
    environ = {name.upper(): "x" for name in Settings.model_fields} | {
        "spa_mode": "approve",  # the settings read names in any case
        "SLACK_WEBHOOK_URL": "https://hooks.slack.com/x", "SLACK_CLIENT_ID": "1", "SLACK_SOMETHING_ELSE": "x",
        "LLM_USER_PATH": "/x", "LLM_LOAD_PLUGINS": "", "GITHUB_TOKEN": "x",
    }
    assert unknown_variables(environ, None) == []


def test_a_shared_prefix_is_reported_only_near_one_of_ours_and_our_own_prefixes_always() -> None:
    found = unknown_variables({
        "SLACK_BOT_TOKN": "x", "LLM_MODLE": "x", "SANDBOX_ZZZ": "1", "FULL_RESYNC_HOUR": "2", "SLACK_NOTIFY": "x",
    }, None)
    assert found == [
        "SLACK_BOT_TOKN (environment; did you mean SLACK_BOT_TOKEN?)",
        "LLM_MODLE (environment; did you mean LLM_MODEL?)",
        "SANDBOX_ZZZ (environment; did you mean SANDBOX_SEED?)",
        "FULL_RESYNC_HOUR (environment; did you mean FULL_RESYNC_HOURS?)",
    ]


def test_a_public_default_still_fails_and_the_ignored_variables_are_named_too(settings: Settings) -> None:
    real = settings.model_copy(update={"slack_api_url": "https://slack.com/api/"})
    check = _configuration(real, environ={"OFFER_HOLD_MINUTE": "5"}, env_file=None)
    assert check.status == "failed" and "OFFER_HOLD_MINUTE (environment; did you mean OFFER_HOLD_MINUTES?)" in check.detail


@pytest.mark.usefixtures("small_embedded_spa")
def test_the_command_reads_the_env_file_of_the_working_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".env").write_text(f"SPA_MANAGER_ID=U123\nSPA_DB_PATH={tmp_path / 'state.db'}\n")
    monkeypatch.setenv("POLL_SECOND", "30")
    monkeypatch.setenv("SLACK_API_URL", "http://127.0.0.1:9/api/")  # nothing listens: the rest is not the point
    main(["check", "--json"])
    configuration = next(c for c in json.loads(capsys.readouterr().out) if c["name"] == "configuration")
    assert configuration["status"] == "warning", configuration
    assert "SPA_MANAGER_ID (.env; did you mean SPA_MANAGER_IDS?)" in configuration["detail"]
    assert "POLL_SECOND (environment; did you mean POLL_SECONDS?)" in configuration["detail"]


def test_real_slack_served_from_the_sandbox_spa_fails_as_run_would_refuse_it(settings: Settings) -> None:
    secrets = {"slack_bot_token": SecretStr("xoxb-real-1"), "slack_signing_secret": SecretStr("real-signing-secret")}
    real = settings.model_copy(update={"slack_api_url": "https://slack.com/api/", **secrets})
    assert real.public_defaults_in_use() == [] and real.sandbox_spa_in_real_slack
    check = _configuration(real, environ={}, env_file=None)
    assert check.status == "failed" and check.detail.startswith("MANGOMINT_API_URL is not set")
    gateway = real.model_copy(update={"mangomint_api_url": "https://gateway.example/", "mangomint_webhook_secret": SecretStr("s")})
    assert _configuration(gateway, environ={}, env_file=None).status == "ok"
