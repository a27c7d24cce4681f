"""``spa-copilot check`` says every problem of a line at once, and its output is its lines only."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from pydantic import SecretStr

from spa_copilot.cli import main
from spa_copilot.preflight import _configuration, run_checks
from spa_copilot.sandbox.world import SandboxWorld
from spa_copilot.settings import Settings


async def test_an_unknown_manager_group_does_not_hide_bad_manager_ids(world: SandboxWorld) -> None:
    both = world.settings.model_copy(update={
        "spa_manager_group": "S0TYPO0001", "spa_manager_ids": ["maya@spa.example", "U0NOPE1234"],
    })
    checks = {c.name: c for c in await run_checks(both, platform=world.platform, slack=world.copilot.slack)}
    managers = checks["managers"]
    assert managers.status == "failed"
    assert "SPA_MANAGER_GROUP S0TYPO0001: Slack does not know that user group (no_such_subteam)" in managers.detail
    assert "maya@spa.example does not look like a Slack user id" in managers.detail
    assert "U0NOPE1234: Slack does not know that user" in managers.detail


def test_public_defaults_do_not_hide_the_missing_spa_system(settings: Settings) -> None:
    real_slack = settings.model_copy(update={"slack_api_url": "https://slack.com/api/"})
    check = _configuration(real_slack, environ={}, env_file=None)
    assert check.status == "failed"
    assert "SLACK_BOT_TOKEN, SLACK_SIGNING_SECRET still the public sandbox default" in check.detail
    assert "MANGOMINT_API_URL is not set" in check.detail
    secrets = {"slack_bot_token": SecretStr("xoxb-real-1"), "slack_signing_secret": SecretStr("real-signing-secret")}
    gateway = real_slack.model_copy(update={"mangomint_api_url": "https://gateway.example/", **secrets})
    check = _configuration(gateway, environ={}, env_file=None)
    assert check.detail.startswith("MANGOMINT_WEBHOOK_SECRET still the public sandbox default")
    assert "MANGOMINT_API_URL is not set" not in check.detail


@pytest.mark.parametrize("verbose", [False, True])
def test_a_spa_system_out_of_reach_is_one_line_not_the_clients_retry_warnings(
    verbose: bool, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.chdir(tmp_path)
    for name, value in {
        "MANGOMINT_API_URL": "http://127.0.0.1:9/v1", "MANGOMINT_WEBHOOK_SECRET": "a-long-random-secret",
        "MANGOMINT_MAX_RETRIES": "1", "SLACK_API_URL": "http://127.0.0.1:9/api/",
    }.items():
        monkeypatch.setenv(name, value)
    with caplog.at_level(logging.INFO):
        assert main(["-v", "check"] if verbose else ["check"]) == 1
    spa_system = [line for line in capsys.readouterr().out.splitlines() if "spa system" in line]
    assert len(spa_system) == 1 and spa_system[0].startswith("✘ spa system: http://127.0.0.1:9/v1: ")
    retries = [r for r in caplog.records if r.name == "spa_copilot.platform.mangomint" and r.levelno == logging.WARNING]
    assert bool(retries) == verbose, "-v still logs them"
    assert logging.getLogger("spa_copilot.platform.mangomint").level == logging.NOTSET, "put back after the check"


async def test_a_model_server_address_without_v1_gets_a_hint_not_only_http_404(settings: Settings) -> None:
    from spa_copilot.preflight import _ai
    from spa_copilot.sandbox.llm_stub import LlmStub, StubServer

    with StubServer(LlmStub()) as server:
        assert server.base_url.endswith("/v1")
        without = settings.model_copy(update={"llm_base_url": server.base_url.removesuffix("/v1"),
                                              "llm_api_key": SecretStr("test-key"), "llm_model": "stub-model"})
        check = await _ai(without)
        assert check.status == "failed" and check.detail.endswith(f"HTTP 404: the OpenAI-compatible API is usually "
                                                                  f"under /v1; set LLM_BASE_URL to {server.base_url}")
        right = without.model_copy(update={"llm_base_url": server.base_url})
        assert (await _ai(right)).status == "ok"
