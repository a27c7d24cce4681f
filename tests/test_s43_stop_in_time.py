"""A stop (SIGTERM, Ctrl-C) fits a supervisor's 30 s (probe43e M: with the spa system slow, 48 s, then a kill): the
requests under way get ``STOP_REQUESTS_SECONDS`` (uvicorn's ``timeout_graceful_shutdown``; it waited without end), and
no scheduled job starts after the signal (the scheduler is paused at once; before, jobs kept starting while the
requests were waited for). The jobs under way then get ``STOP_GRACE_SECONDS``."""

from __future__ import annotations

import signal
from pathlib import Path
from typing import Any

import pytest
from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.schedulers.base import STATE_PAUSED
from starlette.applications import Starlette

from spa_copilot import scheduler, server
from tests.test_s23_polish import _serve_probe_and_stop
from tests.test_slack_server import light_startup


def test_the_signal_pauses_the_scheduler_once_and_a_failure_does_not_stop_the_stop() -> None:
    paused: list[str] = []
    stoppable = server.StoppableServer(server.uvicorn.Config(Starlette()))
    stoppable.on_stop = lambda: paused.append("paused")
    stoppable.handle_exit(signal.SIGTERM, None)
    stoppable.handle_exit(signal.SIGTERM, None)  # a second signal: already paused
    assert paused == ["paused"] and stoppable.should_exit

    def fails() -> None:
        raise RuntimeError("scheduler gone")

    failing = server.StoppableServer(server.uvicorn.Config(Starlette()))
    failing.on_stop = fails
    failing.handle_exit(signal.SIGTERM, None)
    assert failing.should_exit, "the stop goes on"


def test_run_stops_with_the_scheduler_paused_and_requests_given_a_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from starlette.responses import JSONResponse
    from starlette.routing import Route

    light_startup(monkeypatch)

    async def healthz(request: object) -> JSONResponse:
        return JSONResponse({"ok": True})

    def started_scheduler(copilot: object) -> AsyncIOScheduler:
        jobs = AsyncIOScheduler(timezone="UTC")
        jobs.start()
        return jobs

    monkeypatch.setattr(server, "create_http_app", lambda copilot, bolt: Starlette(routes=[Route("/healthz", healthz)]))
    monkeypatch.setattr("spa_copilot.scheduler.start_scheduler", started_scheduler)
    monkeypatch.setenv("SLACK_API_URL", "http://127.0.0.1:9/api/")
    configs: list[dict[str, Any]] = []
    real_config = server.uvicorn.Config

    def recorded(*args: Any, **kwargs: Any) -> Any:
        configs.append(kwargs)
        return real_config(*args, **kwargs)

    monkeypatch.setattr(server.uvicorn, "Config", recorded)
    states: list[int] = []
    real_stop = scheduler.stop_scheduler

    async def stop(jobs: Any, **kwargs: Any) -> None:
        states.append(jobs.state)  # as the app's shutdown finds it, after the requests under way
        await real_stop(jobs, **kwargs)

    monkeypatch.setattr(scheduler, "stop_scheduler", stop)
    monkeypatch.setenv("SPA_DB_PATH", str(tmp_path / "state.db"))
    monkeypatch.chdir(tmp_path)  # no .env
    for name in ("MANGOMINT_API_URL", "SLACK_APP_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    outcome, printed = _serve_probe_and_stop(["run"], "/healthz", capsys)
    assert outcome == 0 and printed.endswith("spa-copilot stopped\n"), printed
    assert configs and configs[-1].get("timeout_graceful_shutdown") == server.STOP_REQUESTS_SECONDS
    assert server.STOP_REQUESTS_SECONDS + scheduler.STOP_GRACE_SECONDS < 30, "within systemd's TimeoutStopSec=30"
    assert states == [STATE_PAUSED], "paused at the signal, before the requests under way were waited for"
