"""One running copilot per state database: ``spa-copilot run`` holds ``<database>.lock`` while it serves.

Two copilots on one database would both poll, post the same alerts and re-drive the same outbox (startup ends
every outbox lease, taking it that the process that held them is gone). The lock is an operating-system lock on
the file (``flock``, released by the kernel when the process dies, so a crash never leaves it stale; on a file
system without ``flock``, filelock's soft lock, which a start on the same host breaks when its holder is dead).
"""

from __future__ import annotations

from pathlib import Path

from filelock import FileLock, Timeout


class DatabaseInUse(RuntimeError):
    """Another process holds the state database."""


def hold_database(path: str | Path) -> FileLock:
    """Take ``path`` for this process alone (release the returned lock when done), or raise DatabaseInUse."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    lock = FileLock(f"{path}.lock", timeout=0, thread_local=False)
    try:
        lock.acquire()
    except Timeout:
        raise DatabaseInUse(f"the state database {path} is in use by another spa-copilot") from None
    return lock
