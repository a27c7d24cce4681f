"""One running copilot per state database: ``spa-copilot run`` holds ``<database>.lock`` while it serves.

Two copilots on one database would both poll, post the same alerts and re-drive the same outbox (startup ends
every outbox lease, taking it that the process that held them is gone). The lock is an operating-system lock on
the file (``flock``, released by the kernel when the process dies, so a crash never leaves it stale; on a file
system without ``flock``, filelock's soft lock, which a start on the same host breaks when its holder is dead).
"""

from __future__ import annotations

import os
from pathlib import Path

from filelock import FileLock, Timeout


class DatabaseInUse(RuntimeError):
    """Another process holds the state database."""


class DatabaseUnlockable(RuntimeError):
    """The lock file cannot be made or locked (permissions, a file system without locks)."""


def hold_database(path: str | Path) -> FileLock:
    """Take ``path`` for this process alone (release the returned lock when done); DatabaseInUse when another
    process holds it, DatabaseUnlockable when it cannot be locked at all. The lock is named after the resolved
    path, so a symlink or another spelling of the same file is the same database."""
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        lock_path = Path(f"{path.resolve()}.lock")
        lock = FileLock(str(lock_path), timeout=0, thread_local=False)
        lock.acquire()
    except Timeout:
        # filelock takes a lock file it cannot even create (ENOENT: a folder that takes no new file, as under
        # /proc) for one that is held: nobody holds a lock whose file is not there
        if not lock_path.exists() and (reason := _cannot_create(lock_path)):
            raise DatabaseUnlockable(f"cannot lock the state database {path}: cannot create its lock file "
                                     f"{lock_path}: {reason}") from None
        raise DatabaseInUse(f"the state database {path} is in use by another spa-copilot") from None
    except (FileExistsError, NotADirectoryError) as exc:  # a folder on the way is a file ("File exists")
        said = next((f"{p} is a file, not a folder" for p in reversed(path.absolute().parents) if p.is_file()), None)
        raise DatabaseUnlockable(f"cannot lock the state database {path}: {said or exc.strerror or exc}") from None
    except (OSError, NotImplementedError) as exc:
        reason = getattr(exc, "strerror", None) or str(exc) or type(exc).__name__
        raise DatabaseUnlockable(f"cannot lock the state database {path}: {reason}") from None
    return lock


def _cannot_create(lock_path: Path) -> str | None:
    """Why the lock file cannot be created, as the operating system says it, or None when it can (it is left
    there, as a lock file is anyway)."""
    try:
        os.close(os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o644))
    except OSError as exc:
        return exc.strerror or str(exc)
    return None
