"""``check`` with only LLM_API_KEY set (OpenAI's own address) does not ask whether LLM_BASE_URL is the address."""

from __future__ import annotations

import socket

import pytest
from pydantic import SecretStr

from spa_copilot import preflight
from spa_copilot.settings import Settings


def _closed_port() -> int:
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        return int(closed.getsockname()[1])


async def test_openai_out_of_reach_without_llm_base_url_says_it_is_unset(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(preflight, "OPENAI_BASE_URL", f"http://127.0.0.1:{_closed_port()}/v1")  # OpenAI unreachable
    check = await preflight._ai(settings.model_copy(update={"llm_base_url": None, "llm_api_key": SecretStr("k")}))
    assert check.status == "failed"
    assert "OpenAI's API" in check.detail and "(LLM_BASE_URL unset)" in check.detail, check.detail
    assert "is LLM_BASE_URL its address" not in check.detail and "is this host offline" in check.detail


async def test_a_set_llm_base_url_out_of_reach_is_still_asked_about(settings: Settings) -> None:
    base = f"http://127.0.0.1:{_closed_port()}/v1"
    check = await preflight._ai(settings.model_copy(update={"llm_base_url": base, "llm_api_key": SecretStr("k")}))
    assert check.status == "failed" and "is LLM_BASE_URL its address?" in check.detail, check.detail
