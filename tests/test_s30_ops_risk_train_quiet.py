"""``spa-copilot risk train`` with the spa system failing: the user sees the command's one error line, not the
client's timestamped retry warnings before it (exit code unchanged); with ``-v`` those are logged, as ``check``
logs them."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import httpx
import pytest

from spa_copilot.cli import main
from spa_copilot.platform.mangomint import MangomintClient
from spa_copilot.risk import cli as risk_cli
from spa_copilot.settings import Settings


@pytest.fixture
def failing_gateway(monkeypatch: pytest.MonkeyPatch) -> None:
    """The platform the risk commands open: a real client, retrying a gateway that answers 503."""

    @asynccontextmanager
    async def open_platform(settings: Settings) -> AsyncIterator[MangomintClient]:
        http = httpx.AsyncClient(transport=httpx.MockTransport(lambda request: httpx.Response(503)))
        async with MangomintClient("http://gateway.test/v1", "k", http=http, max_retries=2,
                                   backoff_base=0.001) as client:
            yield client
        await http.aclose()

    monkeypatch.setattr(risk_cli, "_default_opener", lambda: open_platform)


def _warnings(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [record.getMessage() for record in caplog.records if record.levelno >= logging.WARNING]


@pytest.mark.usefixtures("failing_gateway")
@pytest.mark.parametrize("command", [["risk", "train"], ["risk", "evaluate"]])
def test_a_failing_spa_system_is_one_error_line_without_the_retry_warnings(
    command: list[str], tmp_path: Path, caplog: pytest.LogCaptureFixture, capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("MANGOMINT_API_URL", "http://gateway.test/v1")
    if command[-1] == "evaluate":  # a model to evaluate, so the history is what fails
        command = [*command, "--model", str(Settings().spa_model_dir), "--plot", str(tmp_path / "p.png")]
    else:
        command = [*command, "--out", str(tmp_path / "m")]
    caplog.set_level(logging.DEBUG)
    assert main(command) == 1
    err = capsys.readouterr().err
    assert _warnings(caplog) == [], _warnings(caplog)
    lines = err.splitlines()
    assert len(lines) == 1 and lines[0].startswith("spa-copilot: could not read the history from the platform: "), err


@pytest.mark.usefixtures("failing_gateway")
def test_with_v_the_retries_are_logged(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MANGOMINT_API_URL", "http://gateway.test/v1")
    caplog.set_level(logging.DEBUG)
    assert main(["-v", "risk", "train", "--out", str(tmp_path / "m")]) == 1
    assert any("retry 1/2" in message for message in _warnings(caplog)), _warnings(caplog)
    assert capsys.readouterr().err.count("could not read the history from the platform") == 1
