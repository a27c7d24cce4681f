"""``spa-copilot run`` refuses to face real Slack or a real Mangomint with the public sandbox secrets, and a port
another copilot holds, before any work; a burst of commands is acknowledged before their work starts."""

from __future__ import annotations

import asyncio
import contextlib
import socket
import sys
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import pytest
from starlette.applications import Starlette

from spa_copilot import server
from spa_copilot.cli import main
from spa_copilot.server import run_server
from spa_copilot.settings import Settings
from spa_copilot.store.single_user import DatabaseInUse, hold_database

REAL = {"slack_bot_token": "xoxb-real-1234", "slack_signing_secret": "8f14e45fceea167a5a36dedd4bea2543"}


def settings(tmp_path: Path, **values: Any) -> Settings:
    return Settings(_env_file=None, spa_db_path=tmp_path / "state.db", **values)


@pytest.fixture
def served(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """Record the sockets uvicorn is asked to serve instead of serving them."""
    calls: list[Any] = []

    def record(self: Any, sockets: list[socket.socket] | None = None) -> None:
        # while uvicorn would serve it, the socket is already bound and listening: a client can connect
        with socket.create_connection(sockets[0].getsockname()[:2], timeout=5):
            pass
        calls.append(sockets)
        self.started = True  # as uvicorn does once the app's startup succeeded

    monkeypatch.setattr("uvicorn.Server.run", record)
    return calls


@pytest.mark.parametrize(
    "values, named",
    [
        ({"mangomint_api_url": "http://127.0.0.1:8765/v1"}, "SLACK_BOT_TOKEN, SLACK_SIGNING_SECRET"),
        ({"slack_bot_token": "xoxb-real-1234", "mangomint_api_url": "http://127.0.0.1:8765/v1"}, "SLACK_SIGNING_SECRET"),
        ({"slack_signing_secret": "8f14e45f", "mangomint_api_url": "http://127.0.0.1:8765/v1"}, "SLACK_BOT_TOKEN"),
        ({**REAL, "mangomint_api_url": "https://gw.example/v1"}, "MANGOMINT_WEBHOOK_SECRET"),
        ({"slack_api_url": "http://127.0.0.1:9/api/", "mangomint_api_url": "https://gw.example/v1"}, "MANGOMINT_WEBHOOK_SECRET"),
        # a real spa system behind the stand-in (or a loopback proxy to) Slack: an Approve anyone signs would text its
        # real clients (found by the session review)
        ({"slack_api_url": "http://127.0.0.1:9/api/", "mangomint_api_url": "https://gw.example/v1",
          "mangomint_webhook_secret": "a-long-random-secret"}, "SLACK_SIGNING_SECRET"),
    ],
)
def test_run_refuses_public_defaults_with_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], served: list[Any], values: dict[str, Any], named: str
) -> None:
    assert run_server(settings(tmp_path, **values), host="127.0.0.1", port=0) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "refusing to start" in err and named in err and "Traceback" not in err
    assert served == []


@pytest.mark.parametrize(
    "values",
    [
        {"slack_api_url": "http://127.0.0.1:9/api/"},  # the stand-in Slack, sandbox spa: the defaults are fine
        {"slack_api_url": "http://127.0.0.1:9/api/", "mangomint_api_url": "http://127.0.0.1:8765/v1",
         "mangomint_webhook_secret": "a-long-random-secret"},  # the stand-in Slack, a spa system
        {**REAL, "mangomint_api_url": "https://gw.example/v1", "mangomint_webhook_secret": "a-long-random-secret"},
    ],
)
def test_run_starts_with_real_secrets_or_against_the_stand_ins(
    tmp_path: Path, served: list[Any], values: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    async def taken(settings: Settings) -> None:  # Slack's auth.test, which a made-up token would fail
        return None

    monkeypatch.setattr(server, "bot_token_refusal", taken)
    assert run_server(settings(tmp_path, **values), host="127.0.0.1", port=0) == 0
    assert len(served) == 1
    [listener] = served[0]
    assert listener.fileno() == -1, "closed once uvicorn is done with it"


def test_a_first_run_on_the_defaults_names_every_reason_not_to_start_at_once(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], served: list[Any]
) -> None:
    """Nothing set: the Slack secrets and the missing spa system are said together, one line each, rather than one
    per try (found by running the README as a spa's IT person)."""
    assert run_server(settings(tmp_path), host="127.0.0.1", port=0) == 2
    lines = capsys.readouterr().err.splitlines()
    assert [line.split(": ")[1] for line in lines] == ["refusing to start"] * 2
    assert "SLACK_BOT_TOKEN, SLACK_SIGNING_SECRET still have the public sandbox default" in lines[0]
    assert "MANGOMINT_API_URL is not set" in lines[1] and "MANGOMINT_WEBHOOK_SECRET of your own" in lines[1]
    assert served == [] and not (tmp_path / "state.db").exists()


def test_run_refuses_real_slack_with_the_sandbox_spa_in_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], served: list[Any]
) -> None:
    """Real Slack credentials but no MANGOMINT_API_URL: the sandbox spa's made-up bookings would be posted to a
    real Slack."""
    assert run_server(settings(tmp_path, **REAL), host="127.0.0.1", port=0) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("spa-copilot: refusing to start: the spa system is not configured")
    assert "MANGOMINT_API_URL" in err and "spa-copilot sandbox serve" in err and "Traceback" not in err
    assert served == [] and not (tmp_path / "state.db").exists()


def test_run_exits_3_when_the_apps_startup_fails(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def unreachable(*args: Any, **kwargs: Any) -> Any:
        raise OSError("the state database cannot be opened")

    monkeypatch.setattr("spa_copilot.world.open_platform", unreachable)
    # the real uvicorn: the lifespan's startup fails, nothing is served, and the exit code says so (uvicorn 0.53
    # and later exit 3 themselves; before, run_server returns 3)
    try:
        outcome = run_server(settings(tmp_path, slack_api_url="http://127.0.0.1:9/api/"), host="127.0.0.1", port=0)
    except SystemExit as exc:
        outcome = exc.code
    assert outcome == 3


def test_a_lifespan_that_never_started_is_exit_code_3(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("uvicorn.Server.run", lambda self, sockets=None: None)  # an older uvicorn: returns, not started
    assert run_server(settings(tmp_path, slack_api_url="http://127.0.0.1:9/api/"), host="127.0.0.1", port=0) == 3


@pytest.fixture
def held_port() -> Iterator[int]:
    """A free port that another process (here, a plain socket) is listening on."""
    with socket.socket() as other:
        other.bind(("127.0.0.1", 0))
        other.listen()
        yield other.getsockname()[1]


def test_run_on_a_port_in_use_does_no_work_and_says_so_in_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], held_port: int
) -> None:
    monkeypatch.chdir(tmp_path)  # no .env
    for name in ("MANGOMINT_API_URL", "SLACK_APP_TOKEN", "LLM_BASE_URL", "LLM_API_KEY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("SLACK_API_URL", "http://127.0.0.1:9/api/")
    monkeypatch.setenv("SPA_DB_PATH", str(tmp_path / "state.db"))
    work: list[str] = []

    def no_work(what: str) -> Any:
        def record(*args: Any, **kwargs: Any) -> Any:
            work.append(what)
            raise AssertionError(f"{what} before the port was known to be free")
        return record

    # what the copilot's startup does first: open the spa system, build the copilot (store), start the jobs
    monkeypatch.setattr("spa_copilot.world.open_platform", no_work("platform"))
    monkeypatch.setattr("spa_copilot.server.build_copilot", no_work("copilot"))
    monkeypatch.setattr("spa_copilot.scheduler.start_scheduler", no_work("scheduler"))
    assert main(["run", "--host", "127.0.0.1", "--port", str(held_port)]) == 2
    err = capsys.readouterr().err
    assert err == (
        f"spa-copilot: port {held_port} on 127.0.0.1 is already in use: is another spa-copilot running? (--port picks another)\n"
    )
    assert work == [] and not (tmp_path / "state.db").exists()


def test_a_second_copilot_on_the_same_database_does_no_work_and_says_so_in_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], served: list[Any]
) -> None:
    # another copilot serving from this database (on another port): it holds the database's lock
    other = hold_database(tmp_path / "state.db")
    try:
        assert run_server(settings(tmp_path, slack_api_url="http://127.0.0.1:9/api/"), host="127.0.0.1", port=0) == 2
    finally:
        other.release()
    err = capsys.readouterr().err
    assert err == (f"spa-copilot: the state database {tmp_path / 'state.db'} is in use by another spa-copilot "
                   "(SPA_DB_PATH): is another spa-copilot running?\n")
    assert served == [] and not (tmp_path / "state.db").exists()
    # once the other one has stopped, this one starts, and lets go of the database when it stops
    assert run_server(settings(tmp_path, slack_api_url="http://127.0.0.1:9/api/"), host="127.0.0.1", port=0) == 0
    hold_database(tmp_path / "state.db").release()


def test_the_same_database_by_another_path_is_the_same_database(tmp_path: Path) -> None:
    (tmp_path / "data").mkdir()
    (tmp_path / "link").symlink_to(tmp_path / "data")
    held = hold_database(tmp_path / "data" / "state.db")
    try:
        with pytest.raises(DatabaseInUse):
            hold_database(tmp_path / "link" / "state.db")
    finally:
        held.release()


def test_a_database_that_cannot_be_locked_is_one_line_and_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], served: list[Any]
) -> None:
    (tmp_path / "afile").write_text("not a folder")
    values = {"spa_db_path": tmp_path / "afile" / "state.db", "slack_api_url": "http://127.0.0.1:9/api/"}
    assert run_server(Settings(_env_file=None, **values), host="127.0.0.1", port=0) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"spa-copilot: cannot lock the state database {tmp_path / 'afile' / 'state.db'}: ") and err.count("\n") == 1
    assert "Traceback" not in err and served == []


def test_run_on_an_address_it_cannot_have_says_why_in_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str], served: list[Any]) -> None:
    assert run_server(settings(tmp_path, slack_api_url="http://127.0.0.1:9/api/"), host="256.0.0.1", port=3000) == 2
    err = capsys.readouterr().err
    assert err.startswith("spa-copilot: cannot listen on 256.0.0.1:3000: ") and err.count("\n") == 1
    assert served == []


def test_real_slack_is_recognised_by_host() -> None:
    assert Settings(_env_file=None).uses_real_slack
    assert Settings(_env_file=None, slack_api_url="https://acme.enterprise.slack.com/api/").uses_real_slack
    assert not Settings(_env_file=None, slack_api_url="http://127.0.0.1:8080/api/").uses_real_slack
    # only the stand-in's loopback address is the stand-in: any other host reaches a real workspace, or may
    assert Settings(_env_file=None, slack_api_url="https://notslack.com.evil.example/api/").uses_real_slack


async def test_a_commands_work_waits_for_the_burst_to_end(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(server, "ACK_QUIET_SECONDS", 0.3)
    burst = server._Burst()
    burst.arrived()
    waiting = asyncio.create_task(burst.quiet())
    for _ in range(6):  # a command every 0.05 s: never 0.3 s of quiet
        await asyncio.sleep(0.05)
        burst.arrived()
        assert not waiting.done(), "work started while the burst was still being acknowledged"
    await asyncio.wait_for(waiting, timeout=5)


async def test_a_commands_work_never_waits_longer_than_the_cap(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(server, "ACK_QUIET_SECONDS", 60)
    monkeypatch.setattr(server, "ACK_MAX_WAIT_SECONDS", 0.05)
    burst = server._Burst()
    burst.arrived()
    await asyncio.wait_for(burst.quiet(), timeout=5)  # an endless burst still gets its answers


@pytest.fixture
def stand_in_slack() -> Iterator[tuple[str, Any]]:
    """The stand-in Slack on a loopback port, served from a thread (``run_server`` runs its own event loop):
    its Web API base URL and its recorder."""
    import threading

    import uvicorn

    from spa_copilot.sandbox.slack_api import create_slack_api

    app = create_slack_api(bot_token="xoxb-sandbox-token")
    app.state.slack.app_token = "xapp-1-right"
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    stand_in = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="off", access_log=False))
    stand_in.install_signal_handlers = lambda: None  # older uvicorn; newer ones skip it off the main thread
    thread = threading.Thread(target=lambda: asyncio.run(stand_in.serve(sockets=[sock])), daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{sock.getsockname()[1]}/api/", app.state.slack
    finally:
        stand_in.should_exit = True
        thread.join(timeout=10)
        sock.close()


@pytest.mark.parametrize("token, error", [("xoxb-wrong", "invalid_auth"), ("xoxb-sandbox-token", "not_allowed_token_type")])
def test_socket_mode_with_a_token_slack_refuses_is_one_line_and_exit_3_before_any_work(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
    stand_in_slack: tuple[str, Any], token: str, error: str,
) -> None:
    url, slack = stand_in_slack
    started: list[str] = []
    monkeypatch.setattr("spa_copilot.scheduler.start_scheduler", lambda copilot: started.append("scheduler"))
    values = {"slack_api_url": url, "slack_app_token": token}
    # the real uvicorn: Bolt's Socket Mode client would retry a refused token every 10 s for ever
    assert run_server(settings(tmp_path, **values), host="127.0.0.1", port=0) == 3
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("spa-copilot: Slack refused SLACK_APP_TOKEN for Socket Mode (")
    assert error in err and token not in err and "Traceback" not in err
    assert started == [] and [c.method for c in slack.calls] == ["apps.connections.open"]
    hold_database(tmp_path / "state.db").release()  # the database was let go of


def light_startup(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The copilot's startup without its heavy parts (the sandbox spa, the copilot, the Bolt listeners): what
    starts is recorded in the list returned."""
    from types import SimpleNamespace

    from slack_bolt.async_app import AsyncApp

    started: list[str] = []

    @contextlib.asynccontextmanager
    async def no_platform(settings: Settings) -> AsyncIterator[None]:
        yield None

    copilot = SimpleNamespace(store=SimpleNamespace(close=lambda: started.append("store closed")), ops_report=None)
    monkeypatch.setattr("spa_copilot.world.open_platform", no_platform)
    monkeypatch.setattr(server, "build_copilot", lambda settings, platform, store: copilot)
    monkeypatch.setattr(
        "spa_copilot.slack.app.build_bolt_app", lambda copilot: AsyncApp(token="xoxb-x", signing_secret="s")
    )
    monkeypatch.setattr(server, "create_http_app", lambda copilot, bolt: Starlette())
    monkeypatch.setattr("spa_copilot.scheduler.start_scheduler", lambda copilot: started.append("scheduler"))
    return started


def test_a_stop_during_startup_is_obeyed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Socket Mode cannot connect (Slack unreachable, retried for ever): Ctrl-C or SIGTERM still stops the copilot,
    and the scheduler never starts."""
    import os
    import signal

    monkeypatch.setattr(server, "STOP_POLL_SECONDS", 0.01)
    started = light_startup(monkeypatch)

    async def nothing_refused(settings: Settings) -> None:
        return None

    async def never_connects(handler: Any) -> None:
        os.kill(os.getpid(), signal.SIGTERM)  # uvicorn's handler takes it
        await asyncio.sleep(3600)

    monkeypatch.setattr(server, "socket_mode_refusal", nothing_refused)
    monkeypatch.setattr(server, "connect_socket_mode", never_connects)
    previous = signal.signal(signal.SIGTERM, lambda sig, frame: started.append("re-raised"))
    try:
        outcome = run_server(
            settings(tmp_path, slack_api_url="http://127.0.0.1:9/api/", slack_app_token="xapp-1"), host="127.0.0.1", port=0
        )
    finally:
        signal.signal(signal.SIGTERM, previous)
    assert outcome == 0 and started == ["store closed"], "stopped, the scheduler never started, not raised again"
    hold_database(tmp_path / "state.db").release()


def test_a_token_refused_between_the_check_and_the_connection_is_one_line_and_exit_3(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The app token is revoked after the check made before startup: the connection's refusal is the same one line
    and exit 3 (not uvicorn's 'Application startup failed' traceback), and the scheduler never starts."""
    started = light_startup(monkeypatch)

    async def nothing_refused(settings: Settings) -> None:
        return None

    async def refused(handler: Any) -> None:
        raise server.SocketModeRefused(server.socket_mode_refusal_line("invalid_auth (HTTP 200)"))

    monkeypatch.setattr(server, "socket_mode_refusal", nothing_refused)
    monkeypatch.setattr(server, "connect_socket_mode", refused)
    outcome = run_server(
        settings(tmp_path, slack_api_url="http://127.0.0.1:9/api/", slack_app_token="xapp-1"), host="127.0.0.1", port=0
    )
    err = capsys.readouterr().err
    assert outcome == 3 and started == ["store closed"]
    assert "spa-copilot: Slack refused SLACK_APP_TOKEN for Socket Mode (invalid_auth (HTTP 200))" in err
    assert "Traceback" not in err and "startup failed" not in err
    hold_database(tmp_path / "state.db").release()


def test_a_port_out_of_range_is_one_line_and_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str], served: list[Any]) -> None:
    assert run_server(settings(tmp_path, slack_api_url="http://127.0.0.1:9/api/"), host="127.0.0.1", port=70000) == 2
    assert capsys.readouterr().err == "spa-copilot: cannot listen on 127.0.0.1:70000: not a port (1-65535)\n"
    assert served == []


@pytest.mark.parametrize("sig_name", ["SIGINT", "SIGTERM"])
def test_ctrl_c_or_sigterm_is_one_line_and_exit_0(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], sig_name: str
) -> None:
    import os
    import signal

    sig = getattr(signal, sig_name)
    started = light_startup(monkeypatch)

    def scheduler_then_a_stop(copilot: Any) -> None:
        started.append("scheduler")
        asyncio.get_running_loop().call_later(0.05, os.kill, os.getpid(), sig)  # once serving

    monkeypatch.setattr("spa_copilot.scheduler.start_scheduler", scheduler_then_a_stop)
    monkeypatch.setenv("SLACK_API_URL", "http://127.0.0.1:9/api/")
    monkeypatch.setenv("SPA_DB_PATH", str(tmp_path / "state.db"))
    monkeypatch.chdir(tmp_path)  # no .env
    for name in ("MANGOMINT_API_URL", "SLACK_APP_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    previous = signal.signal(sig, lambda s, frame: started.append("raised again"))  # not the test's end
    try:
        outcome = main(["run", "--host", "127.0.0.1", "--port", str(port)])
    finally:
        signal.signal(sig, previous)
    err = capsys.readouterr().err
    assert outcome == 0 and err.endswith("spa-copilot stopped\n")
    assert "Shutting down" not in err and "Finished server process" not in err and "shutdown complete" not in err
    assert started == ["scheduler", "store closed"]


@pytest.mark.parametrize("kind", ["not sqlite", "newer schema"])
def test_run_with_a_database_it_cannot_use_says_so_in_one_line_and_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], served: list[Any], kind: str
) -> None:
    """A rolled-back upgrade (a database at a newer schema) or a file that is not SQLite: one line naming the file,
    exit 2 (a supervisor restarting it would not help), before anything is served. Found by the first-install probe:
    it was uvicorn's 25-line startup traceback and exit 3."""
    path = tmp_path / "state.db"
    if kind == "not sqlite":
        path.write_bytes(b"this is not a database, just some text that happens to be here\n" * 20)
    else:
        import sqlite3

        with contextlib.closing(sqlite3.connect(path)) as conn:
            conn.execute("PRAGMA user_version = 999")
    assert run_server(settings(tmp_path, slack_api_url="http://127.0.0.1:9/api/"), host="127.0.0.1", port=0) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err and "SPA_DB_PATH" in err, err
    assert served == []
    with hold_database(path):  # released: the next start may take it
        pass


def test_a_socket_mode_connect_retry_is_one_warning_line_not_a_traceback() -> None:
    """Found by the first-install probe: with Slack's WebSocket out of reach, slack_sdk logged a 50-line aiohttp
    traceback at every retry (every 10 s)."""
    import logging

    try:
        raise ConnectionRefusedError(111, "Connect call failed")
    except ConnectionRefusedError as exc:
        record = logging.LogRecord(
            "spa_copilot.slack.bolt", logging.ERROR, __file__, 1, f"Failed to connect (error: {exc}); Retrying...",
            None, sys.exc_info(),
        )
    assert server.OneLineConnectRetries().filter(record)
    line = logging.Formatter("%(levelname)s %(message)s").format(record)
    assert line == "WARNING Socket Mode: cannot reach Slack's WebSocket (ConnectionRefusedError: [Errno 111] Connect call failed); retrying"
    other = logging.LogRecord("spa_copilot.slack.bolt", logging.ERROR, __file__, 1, "Failed to process a message", None, None)
    assert server.OneLineConnectRetries().filter(other) and other.levelno == logging.ERROR
