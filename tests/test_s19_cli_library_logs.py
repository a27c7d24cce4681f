"""The libraries that log a request's whole body (or its URL, a client search's name or phone in its query) are
quieted by the command line whatever level the root logger gets: Slack's and OpenAI's clients log each message's
and prompt's body at DEBUG (a privacy audit found guest names and alerts there), httpx and the OpenAI SDK's own
copy of it (httpx2) each URL at INFO."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from spa_copilot.cli import main


def test_the_command_line_keeps_request_bodies_and_urls_out_of_any_log_level(
    in_tmp: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SPA_MODE", "not-a-mode")  # stops right after the logging is set up
    for name in ("slack_sdk", "slack_bolt", "openai", "httpx", "httpx2", "httpcore", "httpcore2"):
        monkeypatch.setattr(logging.getLogger(name), "level", logging.NOTSET)
    monkeypatch.setattr(logging.getLogger(), "level", logging.getLogger().level)  # restored after the test
    assert main(["-v", "check"]) == 2
    logging.getLogger().setLevel(logging.DEBUG)  # even then
    for name in ("slack_sdk.web.async_base_client", "slack_sdk.webhook.async_client", "slack_bolt.App", "openai._base_client"):
        assert not logging.getLogger(name).isEnabledFor(logging.DEBUG), name
    for name in ("httpx", "httpx2", "httpcore", "httpcore2"):
        assert not logging.getLogger(name).isEnabledFor(logging.INFO), name


def test_without_v_the_libraries_say_warnings_only(in_tmp: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # their own INFO ("A retry handler found …", once per Slack retry) stays out of a run's log, as the root's level says
    monkeypatch.setenv("SPA_MODE", "not-a-mode")
    for name in ("slack_sdk", "slack_bolt", "openai"):
        monkeypatch.setattr(logging.getLogger(name), "level", logging.NOTSET)
    monkeypatch.setattr(logging.getLogger(), "level", logging.getLogger().level)
    assert main(["check"]) == 2
    for name in ("slack_sdk.web.async_base_client", "slack_bolt.App", "openai._base_client"):
        assert not logging.getLogger(name).isEnabledFor(logging.INFO), name
