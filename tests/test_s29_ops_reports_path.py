"""A gateway without ``/v1/reports/appointments``: ``risk train`` and ``risk evaluate`` name the path asked, not
``/v1/reports/{id}``, and say a history file will do instead; a word typed where an id goes is still ``{id}``."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest

from spa_copilot.platform.mangomint import _shown_path
from spa_copilot.risk.cli import Given, run_evaluate, run_train
from spa_copilot.settings import Settings
from tests.conftest import json_answering


def _path(handler: Any) -> str:
    return str(handler.path).split("?")[0]


@pytest.mark.parametrize("command", ["train", "evaluate"])
def test_the_reports_path_is_named_as_asked_with_the_history_file_offered(
    settings: Settings, tmp_path: Path, command: str
) -> None:
    given = Given(program="spa-copilot", history="--history", out="--out", model="--model")
    err = io.StringIO()
    with json_answering(404, {"error": "not found"}, _path) as (gateway, seen):
        on_gateway = settings.model_copy(update={"mangomint_api_url": f"{gateway}/v1", "mangomint_max_retries": 0})
        if command == "train":
            code = run_train(None, tmp_path / "m", settings=on_gateway, stderr=err, given=given)
        else:
            code = run_evaluate(None, Path(__file__).parents[1] / "models", settings=on_gateway, plot=None,
                                stdout=io.StringIO(), stderr=err, given=given)
    assert seen == ["/v1/reports/appointments"]
    line = err.getvalue()
    assert code == 1 and line.count("\n") == 1, line
    assert line.startswith("spa-copilot: could not read the history from the platform: ")
    assert "GET /v1/reports/appointments" in line and "{id}" not in line, line
    assert "or use --history FILE" in line, line


@pytest.mark.parametrize(("path", "shown"), [
    ("/v1/reports/appointments", "/v1/reports/appointments"),
    ("/v1/reports/Jane%20Okonkwo", "/v1/reports/{id}"),  # not the contract's word: masked as before
    ("/v1/clients/appointments", "/v1/clients/{id}"),  # the word is fixed after "reports" only
    ("/v1/clients/Jane%20Okonkwo/messages", "/v1/clients/{id}/messages"),
    ("/v1/clients/cl_0042/messages", "/v1/clients/cl_0042/messages"),
    ("/v1/appointments/jane@example.com", "/v1/appointments/{id}"),
    ("/v1/waitlist/wl_7", "/v1/waitlist/wl_7"),
])
def test_shown_paths(path: str, shown: str) -> None:
    assert _shown_path(path) == shown
