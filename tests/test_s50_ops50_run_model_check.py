"""``spa-copilot run`` asks the model once at start, as ``check`` does (``GET /models``): a key it refuses, or a
model out of reach, is one warning line in the log and the copilot starts (drafting offline); with no model
configured nothing is asked or said. Before s50 ``run`` said nothing until the first draft, maybe hours later."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import pytest

from spa_copilot.server import run_server
from spa_copilot.settings import Settings
from tests.conftest import json_answering

#: The stand-in Slack's loopback address (never asked) and the embedded sandbox spa (never asked): only the model is.
STAND_IN = {"slack_api_url": "http://127.0.0.1:9/api/"}


def _start(tmp_path: Path, caplog: pytest.LogCaptureFixture, **model: Any) -> list[str]:
    """``run`` started with ``model``'s settings: its exit code checked (0), the AI's warning lines returned."""
    settings = Settings(_env_file=None, spa_db_path=tmp_path / "state.db", **STAND_IN, **model)
    with caplog.at_level(logging.WARNING, logger="spa_copilot.server"):
        assert run_server(settings, host="127.0.0.1", port=0) == 0
    return [r.getMessage() for r in caplog.records if r.getMessage().startswith("AI: ")]


@pytest.mark.parametrize("status", [401, 403])
def test_a_refused_model_key_is_one_warning_at_start_and_the_copilot_starts(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, served: list[Any], status: int
) -> None:
    assert _start(tmp_path, caplog) == []  # no model configured: the offline engine, nothing asked or said
    with json_answering(status, {"error": {"message": "bad key"}}, lambda r: r.path) as (at, asked):
        said = _start(tmp_path, caplog, llm_base_url=f"{at}/v1", llm_api_key="sk-wrong-key-123", llm_model="m1")
    assert asked == ["/v1/models"] and len(served) == 2
    assert len(said) == 1 and f"the key was refused (HTTP {status}); check LLM_API_KEY" in said[0]
    assert "starting anyway" in said[0] and "sk-wrong-key-123" not in caplog.text


def test_a_model_out_of_reach_is_one_warning_at_start_and_one_that_answers_none(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, served: list[Any]
) -> None:
    with json_answering(200, {"data": [{"id": "m1"}]}, lambda r: r.path) as (at, asked):
        assert _start(tmp_path, caplog, llm_base_url=f"{at}/v1", llm_api_key="k", llm_model="m1") == []
    said = _start(tmp_path, caplog, llm_base_url="http://127.0.0.1:9/v1", llm_api_key="k", llm_model="m1")
    assert asked == ["/v1/models"] and len(served) == 2
    assert len(said) == 1 and "nothing answers at that address" in said[0]
