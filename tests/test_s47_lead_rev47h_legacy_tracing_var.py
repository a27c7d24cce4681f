"""s47 (rev47h): with tracing off for every model call, langchain-core refuses the call ("Tracing using
LangChainTracerV1 is no longer supported") while LANGCHAIN_TRACING or LANGCHAIN_HANDLER is set: the model is built
with them taken out of the environment, so the model is still asked."""
from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from langsmith import utils as langsmith_utils

from spa_copilot.sandbox.llm_stub import StubServer


@pytest.mark.parametrize("name,value", [("LANGCHAIN_TRACING", "true"), ("LANGCHAIN_HANDLER", "langchain")])
async def test_a_legacy_tracing_variable_does_not_break_every_model_call(
    llm_server: StubServer, make_concierge: Any, monkeypatch: pytest.MonkeyPatch, name: str, value: str
) -> None:
    llm_server.stub.reset()
    monkeypatch.setenv(name, value)
    monkeypatch.setenv("LANGSMITH_ENDPOINT", "http://127.0.0.1:9")  # nothing leaves the box either way
    monkeypatch.setenv("LANGSMITH_API_KEY", "lsv2-probe")
    langsmith_utils.get_env_var.cache_clear()
    try:
        ai = make_concierge(llm_server.base_url)
        profile = await ai.extract_profile("Allergic to latex.", today=date(2026, 12, 7))
    finally:
        monkeypatch.undo()
        langsmith_utils.get_env_var.cache_clear()
    assert llm_server.stub.requests, "the model was never asked"
    assert "latex" in profile.values("allergies")
