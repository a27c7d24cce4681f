"""The suite's own arrangements for time (``tests/conftest.py``): the longest modules are run first, ``-n auto`` starts
one worker more than the cores, and a test's state database does not wait for the disk at each commit yet holds every
write in its file."""

from __future__ import annotations

from pathlib import Path

import pytest

from spa_copilot.store import Store
from tests.conftest import LONGEST_FIRST, migrated_store, pytest_xdist_auto_num_workers


def test_a_test_database_skips_the_flush_but_keeps_every_write_in_its_file(tmp_path: Path) -> None:
    store = migrated_store(tmp_path / "state.db")
    assert store.db.execute("PRAGMA synchronous").fetchone()[0] == 0  # OFF
    assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"  # as Store.open leaves it
    store.db.execute(
        "INSERT INTO audit (at, actor, action, subject_id, engine, details) VALUES (?, ?, ?, ?, ?, ?)",
        ["2026-11-24T23:47:00+00:00", "U1", "offer.approved", "pr_1", None, "{}"],
    )
    other = Store.open(tmp_path / "state.db")  # another connection, as another process would open it
    try:
        assert other.db.execute("SELECT action FROM audit").fetchall() == [("offer.approved",)]
        assert other.db.execute("PRAGMA synchronous").fetchone()[0] == 2  # the copilot's own: FULL, untouched
    finally:
        other.close()
        store.close()


def test_the_longest_modules_are_collected_first(request: pytest.FixtureRequest) -> None:
    names = [item.path.name for item in request.session.items]
    present = [name for name in LONGEST_FIRST if name in names]
    leading = list(dict.fromkeys(names[: sum(names.count(name) for name in present)]))
    assert leading == present


def test_auto_starts_one_worker_more_than_the_cores_unless_the_variable_says(
    request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("PYTEST_XDIST_AUTO_NUM_WORKERS", raising=False)
    monkeypatch.setattr("os.sched_getaffinity", lambda pid: {0, 1}, raising=False)
    assert pytest_xdist_auto_num_workers(request.config) == 3
    monkeypatch.setenv("PYTEST_XDIST_AUTO_NUM_WORKERS", "2")
    assert pytest_xdist_auto_num_workers(request.config) is None  # xdist's own hook reads the variable


def test_bolt_is_told_the_same_argument_names_it_would_read_itself() -> None:
    from slack_bolt.listener import async_listener
    from slack_bolt.util import utils

    real = utils.get_arg_names_of_callable
    remembered = async_listener.get_arg_names_of_callable
    assert remembered is not real  # the listeners' module reads the remembered names

    def listener_of(n: int):  # each app's listeners are closures of one code object
        async def listener(ack, body, client, n=n) -> None:
            pass
        return listener

    first, second = listener_of(1), listener_of(2)
    assert remembered(first) == remembered(second) == real(first) == ["ack", "body", "client", "n"]
    remembered(first).append("changed")  # a caller changing its list changes no later answer
    assert remembered(second) == ["ack", "body", "client", "n"]

    class Handler:
        async def __call__(self, ack, say) -> None:
            pass

    assert remembered(Handler().__call__) == real(Handler().__call__) == ["self", "ack", "say"]


def test_a_copy_is_made_with_the_collector_off_and_leaves_it_as_it_was() -> None:
    import gc

    from tests.conftest import without_collecting

    seen = without_collecting(lambda: gc.isenabled())
    assert seen is False and gc.isenabled()
    gc.disable()
    try:
        without_collecting(list, ())
        assert not gc.isenabled()  # off before: still off
    finally:
        gc.enable()


def test_the_collector_is_on_while_tests_run_and_what_collecting_made_is_frozen() -> None:
    import gc

    assert gc.isenabled()  # off only while pytest imported and collected (tests/__init__.py)
    assert gc.get_freeze_count() > 0
