"""rev50d: run's start model check (8e51f113): a key no header can carry, a name lookup that hangs, a server
that answers but does not list the model."""
from __future__ import annotations

import asyncio
import socket
import time
from pathlib import Path
from typing import Any

import pytest

from spa_copilot.server import run_server
from spa_copilot.settings import Settings

STAND_IN = {"slack_api_url": "http://127.0.0.1:9/api/"}


def test_a_key_with_a_non_ascii_character_does_not_stop_run(tmp_path: Path, served: list[Any]) -> None:
    """A key pasted with a stray non-ASCII character (an ellipsis, a non-breaking space): run must still start."""
    settings = Settings(_env_file=None, spa_db_path=tmp_path / "s.db", **STAND_IN,
                        llm_base_url="http://127.0.0.1:9/v1", llm_api_key="sk-abc\u2026def", llm_model="m1")
    assert run_server(settings, host="127.0.0.1", port=0) == 0
    assert len(served) == 1


def test_slow_name_lookup_does_not_hold_run_past_its_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A host whose DNS does not answer (offline laptop, resolver out of reach): run's start waits for the check at
    most its limit (here 0.5 s), not for the lookup's thread."""
    from spa_copilot import server

    def slow(*a: Any, **k: Any) -> Any:
        time.sleep(3)
        raise socket.gaierror(-3, "Temporary failure in name resolution")

    monkeypatch.setattr(socket, "getaddrinfo", slow)
    settings = Settings(_env_file=None, spa_db_path=tmp_path / "s.db", **STAND_IN,
                        llm_base_url="http://models.internal.example/v1", llm_api_key="k", llm_model="m1")
    t0 = time.monotonic()
    said = server.model_start_warning_within(settings, seconds=0.5)  # as run_server calls it
    took = time.monotonic() - t0
    assert said is not None and "no answer within" in said
    assert took < 2, f"run's start held {took:.1f} s"


def test_a_model_server_that_answers_but_does_not_list_the_model_is_not_said_to_draft_offline(tmp_path: Path) -> None:
    """ask_model's 'warning' (answers, but /models does not list LLM_MODEL: gateways that list a subset, aliases)
    is logged as '...; starting anyway: drafts come from the offline engine while the model does not answer' though
    the model answers and drafts will come from it if the name is served."""
    from spa_copilot import server
    from tests.conftest import json_answering

    with json_answering(200, {"data": [{"id": "other"}]}, lambda r: r.path) as (at, asked):
        settings = Settings(_env_file=None, spa_db_path=tmp_path / "s.db", **STAND_IN,
                            llm_base_url=f"{at}/v1", llm_api_key="k", llm_model="m1")
        said = asyncio.run(server.model_start_warning(settings))
    assert said is not None and "does not list m1" in said
    assert "drafts come from the offline engine" not in said, said
