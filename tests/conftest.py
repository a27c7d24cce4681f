"""Shared fixtures: a fixed clock, the embedded world (sandbox spa + stand-in Slack + the real copilot), and the local
OpenAI-compatible stub with Concierges built against it."""

from __future__ import annotations

import functools
import gc
import json
import os
import pickle
import sys
import tempfile
import threading
import types
from collections import Counter
from collections.abc import AsyncIterator, Callable, Iterator, Sequence
from contextlib import asynccontextmanager, contextmanager
from datetime import UTC, date, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from pydantic import SecretStr

import spa_copilot.server
from spa_copilot.ai import build_ai
from spa_copilot.ai.concierge import Concierge
from spa_copilot.domain import (
    Appointment,
    AppointmentStatus,
    HistoryRecord,
    Location,
    Shift,
    SpaData,
    Staff,
    StaffRole,
)
from spa_copilot.risk.history import write_history
from spa_copilot.risk.synthetic import synthetic_history
from spa_copilot.sandbox.generator import generate_spa
from spa_copilot.sandbox.llm_stub import LlmStub, StubServer
from spa_copilot.sandbox.world import FRONT_DESK_USER, SandboxWorld, sandbox_world
from spa_copilot.settings import Settings
from spa_copilot.slack.listeners.commands import answer_command
from spa_copilot.store import Store

#: A slash command's work waits until no other command has arrived for ``server.ACK_QUIET_SECONDS`` (a tenth of a
#: second), so that a burst of commands is all acknowledged first: every command a test sends through the copilot's HTTP
#: face paid it, hundreds of times over the suite. The tests of the burst set their own (tests/test_slack_server.py).
spa_copilot.server.ACK_QUIET_SECONDS = 0.005


def remember_bolt_arg_names() -> int:
    """Bolt reads each listener's and middleware's argument names (``inspect.getfullargspec``) as the app registers
    it: forty-odd times per app, most of a world's Bolt app's making, and every world makes one. A plain function's
    argument names are its code's, so they are read once per code object (a method, a partial, a wrapped function or
    one with its own ``__signature__`` is read each time, as before). Returns how many Bolt modules were given it
    (``slack_bolt.util.utils`` keeps its own)."""
    from slack_bolt.util import utils

    real = utils.get_arg_names_of_callable
    names: dict[Any, list[str]] = {}

    def arg_names(func: Callable[..., Any]) -> list[str]:
        if type(func) is not types.FunctionType or hasattr(func, "__wrapped__") or hasattr(func, "__signature__"):
            return real(func)
        found = names.get(func.__code__)
        if found is None:
            found = names[func.__code__] = real(func)
        return list(found)

    patched = 0
    for name, module in list(sys.modules.items()):
        if name.startswith("slack_bolt") and module is not utils and getattr(module, "get_arg_names_of_callable", None) is real:
            module.get_arg_names_of_callable = arg_names  # type: ignore[attr-defined]
            patched += 1
    return patched


remember_bolt_arg_names()

#: The day every scenario test's sandbox spa is generated for; 14:00 UTC is 09:00 in New York.
DAY = date(2026, 11, 24)
NOW = datetime(2026, 11, 24, 14, 0, tzinfo=UTC)


#: The modules whose tests take longest (the soak test alone is a tenth of a worker's run; each demo test several
#: seconds), run first: started last, one of them kept its xdist worker busy for half a minute after the other had
#: run out of tests. Started first, the other worker takes the many short tests meanwhile.
LONGEST_FIRST = ("test_soak_days.py", "test_demo.py")


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_auto_num_workers(config: pytest.Config) -> int | None:
    """``-n auto``: one xdist worker more than the cores this process may use. A fifth of a worker's time is waiting
    (on the stand-in Slack's socket, a server starting, a timeout a test runs out), not computing; a third worker
    computes meanwhile. On two cores: 210 s with three workers, 253–282 s with two, 232 s with four (6 December
    2026, same machine and hour). ``PYTEST_XDIST_AUTO_NUM_WORKERS``, when set, still decides (xdist's own hook)."""
    if os.environ.get("PYTEST_XDIST_AUTO_NUM_WORKERS"):
        return None
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return (cores or 1) + 1


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The modules of ``LONGEST_FIRST`` first, in that order; every other test keeps its place (a stable sort,
    so a module's tests stay together and module-scoped fixtures are still built once)."""
    rank = {name: n for n, name in enumerate(LONGEST_FIRST)}
    items.sort(key=lambda item: rank.get(item.path.name, len(rank)))


def pytest_collection_finish(session: pytest.Session) -> None:
    """The garbage collector set for a test process: what exists once the tests are collected (every module, every
    test item, a worker's whole import of the product) is frozen out of its scans, and it scans for cycles after
    10,000 new objects rather than 700. Its full scans walked all of that each time, when what they free is the
    worlds the tests made since (in a sample of 37 files, a fifth of the CPU time; now about a tenth). Nothing is left
    unfreed that was freed before but those collected objects, which live until the process ends anyway."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(10_000, 10, 10)
    gc.enable()  # off since the tests package was imported (tests/__init__.py)


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_setupnodes(config: pytest.Config, specs: list) -> None:
    """xdist's controller collects no tests (its workers do), so ``pytest_collection_finish`` never turns its
    collector back on: it is turned on as the workers are started."""
    gc.enable()


def pytest_sessionstart(session: pytest.Session) -> None:
    """Each xdist worker rewrites its share of the test modules' asserts before it collects (see ``share_rewrites``)."""
    share_rewrites(session.config)


def share_rewrites(config: pytest.Config) -> list[Path]:
    """This xdist worker's share of the test modules (every ``workercount``-th, from its own index), their asserts
    rewritten by pytest and kept in pytest's own cache file beside each one: the modules it rewrote.

    Each worker collects every module, and rewrote each one's asserts itself (no cache is written where
    ``PYTHONDONTWRITEBYTECODE`` is set, as in CI): about twenty seconds of each worker's start. Now each rewrites
    its share first, and collecting reads the others' from the cache (pytest checks each cached file against its
    module's size and time, and rewrites a module itself where none is there yet). The modules run just as they
    did. Nothing is done outside xdist, without assert rewriting, or with a pytest whose internals differ."""
    worker = getattr(config, "workerinput", None)
    if worker is None or config.getoption("assertmode", "rewrite") != "rewrite":
        return []
    try:
        from _pytest.assertion import rewrite
        from _pytest.assertion.rewrite import PYC_TAIL, _read_pyc, _rewrite_test, _write_pyc, assertstate_key

        state = config.stash[assertstate_key]
        index, count = int(worker["workerid"].removeprefix("gw")), int(worker["workercount"])
    except (ImportError, AttributeError, KeyError, ValueError):
        return []
    mine = _collected_modules(config)[index::count]
    done: list[Path] = []
    try:  # pytest's internals, which another pytest may change: then collecting rewrites each module, as before
        for module in mine:
            cache = rewrite.get_cache_dir(module)
            pyc = cache / (module.name[:-3] + PYC_TAIL)
            if not rewrite.try_makedirs(cache) or _read_pyc(module, pyc, state.trace) is not None:
                continue
            source_hash, code = _rewrite_test(module, config)
            _write_pyc(state, code, source_hash, pyc)
            done.append(module)
    except Exception:  # a speed-up only: never the reason a run fails
        pass
    return done


def _collected_modules(config: pytest.Config) -> list[Path]:
    """The test modules (``test_*.py``) this run collects: under the folders it was given, or the files themselves."""
    found: set[Path] = set()
    for arg in config.args:
        path = (config.invocation_params.dir / arg.split("::")[0]).resolve()
        if path.is_dir():
            found.update(path.rglob("test_*.py"))
        elif path.name.startswith("test_") and path.suffix == ".py":
            found.add(path)
    return sorted(found)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--fake-now", metavar="ISO", default=None,
        help="run the whole suite with the wall clock moved to this instant, ticking (e.g. 2026-12-31T23:50:00+00:00); "
             "the process's zone stays TZ's. Off by default: tests/test_odd_instants.py covers odd instants in CI.",
    )


def pytest_configure(config: pytest.Config) -> None:
    """``--fake-now``: ``time_machine`` moves ``datetime.now``, ``date.today`` and ``time.time`` of this process (each
    xdist worker configures its own) to the instant for the session; a test's own clock (``FakeClock``) is its own."""
    raw = config.getoption("--fake-now", default=None)
    if raw:
        import time_machine

        instant = datetime.fromisoformat(raw)
        if instant.tzinfo is None:
            raise pytest.UsageError(f"--fake-now needs an offset (2026-12-31T23:50:00+00:00), not {raw}")
        traveller = time_machine.travel(instant.timestamp(), tick=True)  # a timestamp: the process's zone is TZ's
        traveller.start()
        config.add_cleanup(traveller.stop)


class FakeClock:
    """A clock tests advance by hand."""

    def __init__(self, start: datetime = NOW) -> None:
        self.current = start

    def __call__(self) -> datetime:
        return self.current

    def advance(self, **delta: float) -> None:
        self.current += timedelta(**delta)


@pytest.fixture
def served(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """Record the sockets uvicorn is asked to serve instead of serving them (``spa-copilot run`` started, not served)."""
    calls: list[Any] = []

    def record(self: Any, sockets: list[Any] | None = None) -> None:
        calls.append(sockets)
        self.started = True  # as uvicorn does once the app's startup succeeded

    monkeypatch.setattr("uvicorn.Server.run", record)
    return calls


@pytest.fixture
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A working directory of its own (its own ``.env``), nothing of the machine's configuration in it: every
    setting's variable unset, ``HOME`` a fresh folder, the state database in ``tmp_path``."""
    monkeypatch.chdir(tmp_path)
    for name in [*(n.upper() for n in Settings.model_fields), "HOME"]:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("SPA_DB_PATH", str(tmp_path / "state.db"))
    return tmp_path


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """Default settings, isolated from any .env of the machine running the tests; the spa system's retries wait a
    hundredth of a second at first, not a quarter (the waits themselves are tested with the client)."""
    return _default_settings().model_copy(
        update={"spa_db_path": tmp_path / "state.db", "spa_model_dir": tmp_path / "no-models"}, deep=True
    )  # deep: no test shares a list (the manager ids) with another


@functools.lru_cache(maxsize=1)
def _default_settings() -> Settings:
    """Read once per test process (reading the environment is most of the cost of a Settings); each test gets a
    copy with its own paths."""
    return Settings(_env_file=None, mangomint_retry_backoff_seconds=0.01)


@pytest.fixture
async def world(settings: Settings, clock: FakeClock, tmp_path: Path) -> AsyncIterator[SandboxWorld]:
    """A small sandbox spa (200 clients) with the copilot and the stand-in Slack around it."""
    store = migrated_store(tmp_path / "state.db")
    spa = fresh_spa(settings.sandbox_seed)
    async with sandbox_world(settings, data=spa, clock=clock, store=store) as w:
        yield w
    store.close()


def migrated_store(path: Path) -> Store:
    """A new state database file at ``path``, already at the latest schema: a copy of one migrated once per test
    process (creating the schema is a fifth of a world's start). Opening it still goes through ``Store.open``.

    Its connection does not wait for the disk at each commit (``PRAGMA synchronous = OFF``): every write still goes
    to the file and its write-ahead log, where the next connection and the next process read it, but a test never
    survives a power cut, and the flushes were most of a world's database time (the soak test's half)."""
    path.write_bytes(_migrated_database())
    path.chmod(0o600)  # as Store.open creates a new one
    store = Store.open(path)
    store.db.execute("PRAGMA synchronous = OFF")
    return store


@functools.lru_cache(maxsize=1)
def _migrated_database() -> bytes:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "template.db"
        Store.open(path).close()  # the last connection's close folds the write-ahead log into the file
        return path.read_bytes()


def fresh_spa(seed: int) -> SpaData:
    """A copy of the small sandbox spa every world starts from (each test its own, to change)."""
    return unpickled(_pickled_spa(seed))


def unpickled(data: bytes) -> Any:
    return without_collecting(pickle.loads, data)


def without_collecting(copy: Callable[..., Any], *args: Any) -> Any:
    """``copy(*args)`` with no cyclic garbage collection meanwhile: for a copy (an unpickling, a deep copy) every
    object it makes is alive when it returns, and the collections its tens of thousands of new objects set off
    scanned them all for nothing (half of a spa's unpickling)."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        return copy(*args)
    finally:
        if was_on:
            gc.enable()


@functools.lru_cache(maxsize=4)
def _pickled_spa(seed: int) -> bytes:
    """The small sandbox spa every world starts from, generated once per seed and kept pickled: unpickling a copy
    takes a quarter of the time of a deep copy of the models."""
    return pickle.dumps(generate_spa(seed, today=DAY, clients=200, history_months=2))


@pytest.fixture
def small_embedded_spa(monkeypatch: pytest.MonkeyPatch) -> None:
    """Commands run in-process on the embedded sandbox generate the small spa (200 clients, 2 months of history)
    instead of the full one: what a command does and prints does not depend on the spa's size, and the full spa
    costs each such test three seconds. The full size is tested where it matters (the demo, the generator)."""
    from spa_copilot.sandbox import generator

    monkeypatch.setattr(generator, "generate_spa", small_spa_copy)


def small_spa_copy(
    seed: int = 7,
    *,
    today: date | None = None,
    now: datetime | None = None,
    clients: int = 200,
    history_months: int = 2,
) -> SpaData:
    """``generate_spa`` at the small size, each call a copy of the spa generated once per test process for the same
    arguments (``generate_spa`` gives the same spa for the same seed, day or instant and sizes): the commands of a
    test, and the tests of a day, generated the same spa again each time, half of such a command's time."""
    return unpickled(_pickled_generated_spa(seed, today, now, clients, history_months))


@functools.lru_cache(maxsize=8)
def _pickled_generated_spa(
    seed: int, today: date | None, now: datetime | None, clients: int, history_months: int
) -> bytes:
    return pickle.dumps(generate_spa(seed, today=today, now=now, clients=clients, history_months=history_months))


class FlakySlack:
    """The copilot's Slack client, except that chosen methods (optionally for one channel) raise chosen errors;
    ``calls`` counts each method's calls, refused ones included."""

    def __init__(self, inner: object) -> None:
        self.inner = inner
        self.failing: dict[tuple[str, str | None], BaseException] = {}
        self.calls: Counter[str] = Counter()

    def fail(self, method: str, error: BaseException, *, channel: str | None = None) -> None:
        """From now on ``method`` (to ``channel``, or to any channel) raises ``error``."""
        self.failing[(method, channel)] = error

    def heal(self) -> None:
        self.failing.clear()

    def __getattr__(self, name: str) -> object:
        real = getattr(self.inner, name)

        async def call(**kwargs: object) -> object:
            self.calls[name] += 1
            for (method, channel), error in self.failing.items():
                if method == name and channel in (None, kwargs.get("channel")):
                    raise error
            return await real(**kwargs)

        return call if callable(real) else real


@pytest.fixture
def flaky_slack(world: SandboxWorld) -> FlakySlack:
    """The world's copilot posting through a ``FlakySlack`` (lookups still go to the stand-in directly)."""
    flaky = FlakySlack(world.copilot.slack)
    world.copilot.slack = flaky  # type: ignore[assignment]
    return flaky


def float_staff(
    world: SandboxWorld,
    staff_id: str,
    location_id: str,
    start: datetime,
    appointment_id: str,
    *,
    stamp: datetime | None = None,
) -> Appointment:
    """``staff_id`` booked at ``location_id`` (a location not their own: a therapist shared between sites) at
    ``start``: a one-line confirmed appointment of that location, for a service they can do, copied onto them
    without a room and planted in the sandbox (``stamp``: its ``updatedAt``, for an incremental sync to see)."""
    member = world.spa.staff[staff_id]
    services = {s.id: s for s in world.data.services}

    def doable(a: Appointment) -> bool:
        service = services.get(a.services[0].service_id)
        return (
            service is not None
            and service.staff_count == 1
            and not service.required_certification
            and (not service.required_skill or service.required_skill in member.skills)
        )

    template = next(
        a for a in sorted(world.spa.appointments.values(), key=lambda a: a.id)
        if a.location_id == location_id and a.is_active and len(a.services) == 1 and doable(a)
    )
    end = start + (template.end_at - template.start_at)
    line = template.services[0].model_copy(update={"staff_id": staff_id, "start_at": start, "end_at": end, "resource_ids": []})
    floated = template.model_copy(
        update={
            "id": appointment_id, "start_at": start, "end_at": end, "services": [line],
            "status": AppointmentStatus.confirmed, "version": 1, "updated_at": stamp or template.updated_at,
        }
    )
    world.spa.put_appointment(floated)
    return floated



def count_book_reads(world: SandboxWorld) -> list[str]:
    """The location ids of the day books read from now on."""
    read: list[str] = []
    platform = world.copilot.platform
    real = platform.list_appointments

    async def counted(**kwargs: Any) -> Any:
        if kwargs.get("location_id"):
            read.append(kwargs["location_id"])
        return await real(**kwargs)

    platform.list_appointments = counted  # type: ignore[method-assign]
    return read


def book_down(world: SandboxWorld, location_id: str, error: BaseException) -> None:
    """From now on, reading ``location_id``'s book raises ``error`` (the other locations still answer)."""
    platform = world.copilot.platform
    real = platform.list_appointments

    async def down(**kwargs: Any) -> Any:
        if kwargs.get("location_id") == location_id:
            raise error
        return await real(**kwargs)

    platform.list_appointments = down  # type: ignore[method-assign]

# The fill workflow's scene (imported last: it uses the clock and ``NOW`` above).
@contextmanager
def json_answering(
    status: int, body: Any, seen: Callable[[BaseHTTPRequestHandler], str]
) -> Iterator[tuple[str, list[str]]]:
    """An HTTP server on a loopback port answering every GET and POST ``status`` with ``body`` as JSON (a spa system
    or a Slack that refuses, say): its address (``http://127.0.0.1:PORT``) and what ``seen`` made of each request."""
    requests: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def _answer(self) -> None:
            self.rfile.read(int(self.headers.get("content-length") or 0))
            requests.append(seen(self))
            payload = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("content-type", "application/json")
            self.send_header("content-length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        do_GET = do_POST = _answer  # noqa: N815 - http.server's names

        def log_message(self, *args: Any) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}", requests
    finally:
        httpd.shutdown()
        httpd.server_close()


#: The end of the synthetic no-show history the risk CLI and loader tests share.
RISK_HISTORY_END = datetime(2026, 6, 1, tzinfo=UTC)


@pytest.fixture(scope="module")
def records() -> list[HistoryRecord]:
    """A synthetic no-show history (150 clients, 8 visits each) ending at ``RISK_HISTORY_END``."""
    return synthetic_history(clients=150, visits_per_client=8, seed=5, end=RISK_HISTORY_END)[0]


@pytest.fixture(scope="module")
def history_csv(records: list[HistoryRecord], tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``records`` written as a history CSV file."""
    path = tmp_path_factory.mktemp("history") / "history.csv"
    write_history(records, path)
    return path


from tests.fill_scene import scene  # noqa: E402, F401


def by_name(checks: list) -> dict:
    """``spa-copilot check``'s lines by their name."""
    return {c.name: c for c in checks}


async def checks_of(world: SandboxWorld, **update: object) -> dict:
    """``spa-copilot check`` against the world, with ``update`` applied to its settings, by line name."""
    from spa_copilot.preflight import run_checks

    settings = world.settings.model_copy(update=update)
    return by_name(await run_checks(settings, platform=world.platform, slack=world.copilot.slack))


# -- the model: the local OpenAI-compatible stub ---------------------------------------------------------------------

CONCIERGE = "spa_copilot.ai.concierge"  # the Concierge's logger
UNREACHABLE = "http://127.0.0.1:9/v1"  # the discard port: nothing serves it here, so the connection is refused at once


def model_settings(base_url: str, **overrides: Any) -> dict[str, Any]:
    """Settings values for a model at ``base_url``: the stub's name, no SDK retries, a 5 s timeout."""
    return {
        "llm_base_url": base_url, "llm_api_key": SecretStr("test-key"), "llm_model": "stub-model",
        "llm_max_retries": 0, "llm_timeout_seconds": 5, "llm_concurrency": 8, "spa_name": "Willow Spa",
    } | overrides


@pytest.fixture(scope="module")
def llm_server() -> Iterator[StubServer]:
    """The OpenAI-compatible stub on a local port, one per test module. A request a test made the stub sit on (its
    ``delay``, past the client's timeout) is still asleep when the module ends: uvicorn's shutdown would wait for it
    (``StubServer.stop`` up to 10 s). Nothing is tested by then, so the server stops at once."""
    with StubServer(LlmStub()) as running:
        yield running
        running.stub.delay = 0.0
        running._server.force_exit = True


@pytest.fixture
async def make_concierge() -> AsyncIterator[Any]:
    """``build_ai`` for a model at ``base_url``, whose Concierges are closed when the test ends."""
    built: list[Concierge] = []

    def make(base_url: str, **overrides: Any) -> Concierge:
        settings = Settings(_env_file=None, **model_settings(base_url, **overrides))  # type: ignore[arg-type]
        built.append(build_ai(settings))
        return built[-1]

    yield make
    for ai in built:
        await ai.aclose()


# -- a small spa: one therapist, a manager, two clients --------------------------------------------------------------


@asynccontextmanager
async def small_spa_world(
    settings: Settings,
    tmp_path: Path,
    clock: FakeClock,
    appointments: Sequence[Appointment],
    *,
    shifts: Sequence[Shift],
    zone: str = "America/New_York",
    locations: Sequence[Location] = (),
    staff: Sequence[Staff] = (),
    therapist: dict[str, Any] | None = None,
) -> AsyncIterator[SandboxWorld]:
    """A spa of one location in ``zone`` (or ``locations``), the builders' therapist Mia (``st_1``; ``therapist``
    overrides her fields) working ``shifts``, a manager, two clients, and ``staff`` besides."""
    from tests import builders as b

    data = SpaData(
        locations=list(locations) or [b.location(time_zone=zone)],
        staff=[
            b.staff("st_1", first_name="Mia", shifts=list(shifts), **(therapist or {})),
            b.staff("st_boss", first_name="Bea", role=StaffRole.manager, shifts=[]),
            *staff,
        ],
        resources=[b.room()],
        services=[b.service()],
        clients=[b.client(), b.client("cl_2", first_name="Noa", last_name="Berg")],
        appointments=list(appointments),
    )
    store = migrated_store(tmp_path / "small.db")
    async with sandbox_world(settings, data=data, clock=clock, store=store) as world:
        yield world
    store.close()


async def front_desk_asks(world: SandboxWorld, text: str) -> str:
    """``/spa <text>`` from the front desk: the answer's text and blocks, as one string."""
    kwargs = (await answer_command(world.copilot, text=text, user_id=FRONT_DESK_USER)).to_kwargs()
    return kwargs["text"] + "\n" + json.dumps(kwargs["blocks"], ensure_ascii=False)

