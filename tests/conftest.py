"""Shared fixtures: a fixed clock and the embedded world (sandbox spa + stand-in Slack + the real copilot)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from spa_copilot.sandbox.world import SandboxWorld, sandbox_world
from spa_copilot.settings import Settings
from spa_copilot.store import Store

#: The day every scenario test's sandbox spa is generated for; 14:00 UTC is 09:00 in New York.
DAY = date(2026, 11, 24)
NOW = datetime(2026, 11, 24, 14, 0, tzinfo=UTC)


class FakeClock:
    """A clock tests advance by hand."""

    def __init__(self, start: datetime = NOW) -> None:
        self.current = start

    def __call__(self) -> datetime:
        return self.current

    def advance(self, **delta: float) -> None:
        self.current += timedelta(**delta)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """Default settings, isolated from any .env or environment of the machine running the tests."""
    return Settings(_env_file=None, spa_db_path=tmp_path / "state.db", spa_model_dir=tmp_path / "no-models")


@pytest.fixture
async def world(settings: Settings, clock: FakeClock, tmp_path: Path) -> AsyncIterator[SandboxWorld]:
    """A small sandbox spa (200 clients) with the copilot and the stand-in Slack around it."""
    store = Store.open(tmp_path / "state.db")
    async with sandbox_world(settings, today=DAY, clock=clock, store=store, clients=200, history_months=2) as w:
        yield w
    store.close()
