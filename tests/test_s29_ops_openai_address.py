"""With ``LLM_API_KEY`` set and ``LLM_BASE_URL`` unset the model is OpenAI's, as README and ``check`` say: an
``OPENAI_BASE_URL`` or ``OPENAI_API_BASE`` left in the environment (read by the OpenAI client and langchain-openai
when they are given no address) does not send the model calls, drawn from client notes, to another host; ``check``
names such a variable as ignored."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from pydantic import SecretStr

from spa_copilot import preflight
from spa_copilot.ai import models
from spa_copilot.ai.models import build_chat_model
from spa_copilot.settings import Settings
from tests.conftest import json_answering

_COMPLETION = {
    "id": "x", "object": "chat.completion", "created": 0, "model": "gpt-4o-mini",
    "choices": [{"index": 0, "finish_reason": "stop", "message": {"role": "assistant", "content": "ok"}}],
    "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
}


def _path(handler: Any) -> str:
    return str(handler.path)


@pytest.mark.parametrize("variable", ["OPENAI_BASE_URL", "OPENAI_API_BASE"])
async def test_an_openai_address_in_the_environment_does_not_redirect_the_model(
    settings: Settings, monkeypatch: pytest.MonkeyPatch, variable: str
) -> None:
    with json_answering(200, _COMPLETION, _path) as (openai_stand_in, at_openai), \
            json_answering(200, _COMPLETION, _path) as (elsewhere, at_elsewhere):
        monkeypatch.setattr(models, "OPENAI_BASE_URL", f"{openai_stand_in}/v1")  # OpenAI's API, here
        monkeypatch.setenv(variable, f"{elsewhere}/v1")
        model = build_chat_model(settings.model_copy(update={
            "llm_base_url": None, "llm_api_key": SecretStr("sk-test"), "llm_max_retries": 0}))
        assert model is not None
        await model.ainvoke("Guest notes: nut allergy")
        model.invoke("Guest notes: nut allergy")
    assert at_elsewhere == []
    assert at_openai == ["/v1/chat/completions", "/v1/chat/completions"]


def test_the_model_and_check_name_one_openai_address() -> None:
    assert models.OPENAI_BASE_URL == preflight.OPENAI_BASE_URL == "https://api.openai.com/v1"


async def test_a_set_llm_base_url_still_wins(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_BASE_URL", "http://127.0.0.1:9/v1")
    model = build_chat_model(settings.model_copy(update={
        "llm_base_url": "http://127.0.0.1:11434/v1", "llm_api_key": SecretStr("k")}))
    assert model is not None and str(model.root_async_client.base_url) == "http://127.0.0.1:11434/v1/"


@pytest.fixture
def stand_in(settings: Settings) -> Settings:
    """The stand-in Slack: no public secret to refuse."""
    return settings.model_copy(update={"slack_api_url": "http://127.0.0.1:9/api/"})


@pytest.mark.parametrize("variable", ["OPENAI_BASE_URL", "OPENAI_API_BASE"])
def test_check_names_an_openai_address_in_the_environment_as_ignored(stand_in: Settings, variable: str) -> None:
    check = preflight._configuration(stand_in, environ={variable: "http://proxy.example.com/v1"}, env_file=None)
    assert check.status == "warning"
    assert f"ignored: {variable} (environment): the model's address is LLM_BASE_URL" in check.detail, check.detail


def test_check_names_an_openai_address_in_the_env_file(stand_in: Settings, tmp_path: Path) -> None:
    env_file = tmp_path / ".env"
    env_file.write_text("OPENAI_BASE_URL=http://proxy.example.com/v1\n", encoding="utf-8")
    check = preflight._configuration(stand_in, environ={}, env_file=env_file)
    assert check.status == "warning" and "ignored: OPENAI_BASE_URL (.env)" in check.detail, check.detail


def test_check_is_quiet_without_them(stand_in: Settings) -> None:
    check = preflight._configuration(stand_in, environ={"OPENAI_BASE_URL": " ", "OPENAI_API_KEY": "sk"}, env_file=None)
    assert check.status == "ok" and "OPENAI" not in check.detail, check.detail


def test_an_openai_proxy_in_the_environment_neither_breaks_the_model_nor_is_followed(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """langchain-openai refused to build its client with OPENAI_PROXY set beside the copilot's own HTTP client, so a
    configured model failed at start; the model goes through HTTPS_PROXY / HTTP_PROXY instead, and check says so."""
    monkeypatch.setenv("OPENAI_PROXY", "http://127.0.0.1:9")
    model = build_chat_model(settings.model_copy(update={"llm_api_key": SecretStr("sk-test")}))
    assert model is not None and model.openai_proxy is None


def test_check_names_an_openai_proxy_as_ignored(stand_in: Settings) -> None:
    check = preflight._configuration(stand_in, environ={"OPENAI_PROXY": "http://proxy.example.com:3128"}, env_file=None)
    assert check.status == "warning"
    assert "ignored: OPENAI_PROXY (environment): the model is reached through HTTPS_PROXY or HTTP_PROXY" in check.detail
