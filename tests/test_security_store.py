"""The state database as a careful IT person looks at it: readable by the copilot's user only."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from spa_copilot.store import Store


@pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")
def test_a_new_state_database_and_its_wal_files_are_readable_by_their_owner_only(tmp_path: Path) -> None:
    # It holds client ids, drafted texts with first names and model results drawn from clients' notes; SQLite
    # created it 0644 (under the usual umask 022): readable by every user of the machine.
    path = tmp_path / "data" / "state.db"
    previous = os.umask(0o022)
    try:
        store = Store.open(path)
        store.claim_event("evt_1", source="mangomint")  # a write: the -wal and -shm files exist
        files = [path, Path(f"{path}-wal"), Path(f"{path}-shm")]
        modes = {f.name: stat.S_IMODE(f.stat().st_mode) for f in files}
        store.close()
    finally:
        os.umask(previous)
    assert modes == {"state.db": 0o600, "state.db-wal": 0o600, "state.db-shm": 0o600}


@pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")
def test_an_existing_state_database_keeps_its_mode_and_its_data(tmp_path: Path) -> None:
    path = tmp_path / "state.db"
    store = Store.open(path)
    store.claim_event("evt_1", source="mangomint")
    store.close()
    path.chmod(0o640)  # the IT person's choice (a backup group)
    again = Store.open(path)
    assert again.event_seen("evt_1")
    again.close()
    assert stat.S_IMODE(path.stat().st_mode) == 0o640


def test_an_in_memory_path_creates_no_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    Store.open(":memory:").close()
    assert list(tmp_path.iterdir()) == []
