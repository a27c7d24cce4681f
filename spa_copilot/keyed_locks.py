"""One asyncio lock per key (a fill card, a conflict card's message), kept only while someone holds or waits for it.

Two calls on one key always meet the same lock, and the map stays as small as the work in flight (a map that kept one
lock per key ever seen grew with every proposal)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, MutableMapping
from contextlib import asynccontextmanager
from dataclasses import dataclass, field


@dataclass
class KeyedLock:
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    users: int = 0  # the holder and the waiters


@asynccontextmanager
async def keyed_lock(locks: MutableMapping[str, KeyedLock], key: str) -> AsyncIterator[None]:
    """Hold ``key``'s lock in ``locks``: made on first use, dropped when nobody holds or waits for it any more."""
    entry = locks.get(key)
    if entry is None:
        entry = locks[key] = KeyedLock()
    entry.users += 1
    try:
        async with entry.lock:
            yield
    finally:
        entry.users -= 1
        if entry.users == 0:  # nobody holds or waits: a later call starts a new lock
            del locks[key]
