"""``spa-copilot check``'s state database line: a database that does not exist yet is described, never created."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from spa_copilot.preflight import _database
from spa_copilot.settings import Settings
from spa_copilot.store import Store


def _check(settings: Settings, path: Path):  # noqa: ANN202
    return _database(settings.model_copy(update={"spa_db_path": path}))


def test_a_database_in_a_missing_folder_is_a_warning_and_nothing_is_created(settings: Settings, tmp_path: Path) -> None:
    path = tmp_path / "nonexistent" / "dir" / "x.db"
    check = _check(settings, path)
    assert check.status == "warning", check
    assert check.detail.startswith(f"will be created at {path}; its folder {path.parent} does not exist")
    assert not (tmp_path / "nonexistent").exists(), "check created the folders"


def test_a_database_not_yet_created_in_an_existing_folder_is_fine_and_stays_uncreated(
    settings: Settings, tmp_path: Path
) -> None:
    path = tmp_path / "state.db"
    check = _check(settings, path)
    assert check.status == "ok", check
    assert check.detail == f"will be created at {path}; its folder {tmp_path} exists"
    assert list(tmp_path.iterdir()) == [], "no database, no lock file"


def test_an_existing_database_is_opened_as_before(settings: Settings, tmp_path: Path) -> None:
    path = tmp_path / "state.db"
    Store.open(path).close()
    check = _check(settings, path)
    assert check.status == "ok" and check.detail.startswith(f"{path} (schema "), check


def test_a_folder_under_a_file_fails(settings: Settings, tmp_path: Path) -> None:
    (tmp_path / "afile").write_text("")
    check = _check(settings, tmp_path / "afile" / "sub" / "x.db")
    assert check.status == "failed" and f"{tmp_path / 'afile'} is a file, not a folder" in check.detail, check


def test_a_folder_that_cannot_be_written_fails(
    settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    real_access = os.access
    # the OS's answer for a folder this user may not write to (chmod cannot say it to root, who runs CI)
    monkeypatch.setattr(os, "access", lambda path, mode: False if Path(path) == locked else real_access(path, mode))
    check = _check(settings, locked / "x.db")
    assert check.status == "failed" and f"its folder {locked} is not writable" in check.detail, check
    assert not (locked / "x.db").exists()


def test_a_database_other_users_can_read_is_a_warning_with_the_fix(settings: Settings, tmp_path: Path) -> None:
    """A database made before the copilot created it 0600 (or copied in with cp) may be readable by every user of
    the machine: check says so and how to mend it; one kept to its owner is fine."""
    path = tmp_path / "state.db"
    Store.open(path).close()
    os.chmod(path, 0o644)
    check = _check(settings, path)
    assert check.status == "warning", check
    assert "can be read by other users of this machine (mode 644)" in check.detail
    assert check.detail.endswith(f"chmod 600 {path}")
    os.chmod(path, 0o600)
    assert _check(settings, path).status == "ok"
