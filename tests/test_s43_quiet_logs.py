"""A first start logged twenty lines "store migrated to schema N", and APScheduler two lines for every run of every
job with -v (probe43e L): the migrations are one line, and APScheduler speaks only of what goes wrong."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from spa_copilot.store import Store
from spa_copilot.store.db import MIGRATIONS


def test_a_first_start_says_its_migrations_in_one_line(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="spa_copilot.store")
    store = Store.open(tmp_path / "state.db")
    try:
        said = [r.getMessage() for r in caplog.records if "migrated" in r.getMessage()]
        assert said == [f"store migrated to schema {len(MIGRATIONS)} ({len(MIGRATIONS)} steps)"], said
    finally:
        store.close()
    caplog.clear()
    again = Store.open(tmp_path / "state.db")  # nothing to migrate: nothing said
    again.close()
    assert not [r for r in caplog.records if "migrated" in r.getMessage()]


def test_the_cli_keeps_apschedulers_routine_lines_out(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import io
    import sys

    from spa_copilot.cli import main

    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(sys, "stdin", io.StringIO("no nut oils"))
    main(["-v", "notes", "extract"])
    assert logging.getLogger("apscheduler").getEffectiveLevel() == logging.WARNING
