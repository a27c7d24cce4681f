"""``spa-copilot run`` refuses to face real Slack or a real Mangomint with the public sandbox secrets, and a port
another copilot holds, before any work; a burst of commands is acknowledged before their work starts."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

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
        ({}, "SLACK_BOT_TOKEN, SLACK_SIGNING_SECRET"),
        ({"slack_bot_token": "xoxb-real-1234"}, "SLACK_SIGNING_SECRET"),
        ({"slack_signing_secret": "8f14e45f"}, "SLACK_BOT_TOKEN"),
        ({**REAL, "mangomint_api_url": "https://gw.example/v1"}, "MANGOMINT_WEBHOOK_SECRET"),
        ({"slack_api_url": "http://127.0.0.1:9/api/", "mangomint_api_url": "https://gw.example/v1"}, "MANGOMINT_WEBHOOK_SECRET"),
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
        REAL,  # real Slack, sandbox spa
        {"slack_api_url": "http://127.0.0.1:9/api/"},  # the stand-in Slack, sandbox spa: the defaults are fine
        {**REAL, "mangomint_api_url": "https://gw.example/v1", "mangomint_webhook_secret": "a-long-random-secret"},
    ],
)
def test_run_starts_with_real_secrets_or_against_the_stand_ins(tmp_path: Path, served: list[Any], values: dict[str, Any]) -> None:
    assert run_server(settings(tmp_path, **values), host="127.0.0.1", port=0) == 0
    assert len(served) == 1
    [listener] = served[0]
    assert listener.fileno() == -1, "closed once uvicorn is done with it"


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
    assert err == f"spa-copilot: port {held_port} on 127.0.0.1 is already in use: is another spa-copilot running?\n"
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
    assert not Settings(_env_file=None, slack_api_url="https://notslack.com.evil.example/api/").uses_real_slack


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
