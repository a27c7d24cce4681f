"""``spa-copilot check`` warns about a state database other users of the machine can read (mode 644 → ``chmod 600``)
also while a running copilot holds it, which is the normal production case; before, "in use by a running copilot"
was said and the warning dropped."""

from __future__ import annotations

import os
from pathlib import Path

from spa_copilot.preflight import _database
from spa_copilot.settings import Settings
from spa_copilot.store import Store
from spa_copilot.store.single_user import hold_database


def _held_check(settings: Settings, path: Path):  # noqa: ANN202
    held = hold_database(path)
    try:
        return _database(settings.model_copy(update={"spa_db_path": path}))
    finally:
        held.release()


def test_a_held_database_other_users_can_read_is_a_warning_with_the_fix(settings: Settings, tmp_path: Path) -> None:
    path = tmp_path / "state.db"
    Store.open(path).close()
    os.chmod(path, 0o644)
    check = _held_check(settings, path)
    assert check.status == "warning", check
    assert check.detail == (f"{path} (in use by a running copilot) can be read by other users of this machine "
                            f"(mode 644): it holds client ids and drafted texts; chmod 600 {path}")


def test_a_held_database_kept_to_its_owner_is_fine(settings: Settings, tmp_path: Path) -> None:
    path = tmp_path / "state.db"
    Store.open(path).close()
    os.chmod(path, 0o600)
    check = _held_check(settings, path)
    assert check.status == "ok" and check.detail == f"{path} (in use by a running copilot)", check
