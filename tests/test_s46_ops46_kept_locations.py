"""The locations as last read are kept in the store (``known_locations``), so a process started while the spa system
cannot be read still knows their names and zones; a fresh read replaces what was kept, so a location the spa system
no longer lists does not come back from it after a restart."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest

from spa_copilot.copilot import Copilot, build_copilot
from spa_copilot.domain import Location
from spa_copilot.platform.errors import PlatformUnavailable
from spa_copilot.sandbox.world import SandboxWorld
from spa_copilot.store import Store
from spa_copilot.store.db import MIGRATIONS
from tests.conftest import NOW

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


class Unreachable:
    """A spa system that cannot be read at all (a process started during its outage)."""

    def __getattr__(self, name: str) -> Any:
        async def fail(*args: Any, **kwargs: Any) -> Any:
            raise PlatformUnavailable("GET /v1/locations: ConnectError after 5 attempts")

        return fail


class Without:
    """The sandbox client, except that its location list leaves out the ``removed`` locations."""

    def __init__(self, inner: Any, *removed: str) -> None:
        self.inner, self.removed = inner, set(removed)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)

    async def list_locations(self) -> Any:
        return [location for location in await self.inner.list_locations() if location.id not in self.removed]


def restarted(world: SandboxWorld, store: Store, platform: Any) -> Copilot:
    """A new process's copilot over the same state file, reading ``platform``."""
    return build_copilot(
        world.settings,
        platform=platform,
        store=store,
        slack_client=world.copilot.slack,
        clock=world.copilot.clock,
        ai=world.copilot.ai,
    )


async def test_a_restart_while_the_spa_system_is_down_knows_the_locations_last_read(world: SandboxWorld) -> None:
    read = [(loc.id, loc.name, loc.time_zone) for loc in (await world.copilot.catalog(refresh=True)).locations]
    assert len(read) >= 2
    store = Store.open(world.settings.spa_db_path)
    try:
        copilot = restarted(world, store, Unreachable())
        assert [(loc.id, loc.name, loc.time_zone) for loc in copilot.known_locations()] == read
    finally:
        store.close()


async def test_a_location_the_spa_system_no_longer_lists_does_not_come_back_after_a_restart(
    world: SandboxWorld,
) -> None:
    real = world.copilot.platform
    both = [loc.id for loc in (await world.copilot.catalog(refresh=True)).locations]
    assert "loc_venice" in both
    world.copilot.platform = Without(real, "loc_venice")  # type: ignore[assignment]
    await world.copilot.catalog(refresh=True)  # Venice is no longer on the spa system
    store = Store.open(world.settings.spa_db_path)
    try:
        copilot = restarted(world, store, Unreachable())
        left = [loc.id for loc in copilot.known_locations()]
        assert left == [lid for lid in both if lid != "loc_venice"] and left, left
        # a later read that lists it again keeps it again
        copilot.platform = real
        await copilot.catalog(refresh=True)
        assert [loc.id for loc in restarted(world, store, Unreachable()).known_locations()] == both
    finally:
        store.close()


async def test_a_read_listing_no_location_keeps_the_ones_read_before(world: SandboxWorld) -> None:
    read = [loc.id for loc in (await world.copilot.catalog(refresh=True)).locations]
    world.copilot.platform = Without(world.copilot.platform, *read)  # type: ignore[assignment]
    assert (await world.copilot.catalog(refresh=True)).locations == []
    assert [loc.id for loc in world.copilot.store.remembered_locations()] == read


def test_a_database_of_the_schema_before_opens_and_keeps_the_locations_read(tmp_path: Path) -> None:
    path = tmp_path / "before.db"
    before = len(MIGRATIONS) - 1  # schema 20: the shipped schema this change starts from
    conn = sqlite3.connect(path)
    for number, script in enumerate(MIGRATIONS[:before], start=1):
        conn.executescript(script)
        conn.execute(f"PRAGMA user_version = {number}")
    conn.execute("INSERT INTO sync_state (location_id, failing_since, failure_reported) VALUES ('loc_1', 'x', 1)")
    conn.commit()
    conn.close()
    store = Store.open(path)
    try:
        assert store.schema_version == len(MIGRATIONS) > before
        assert store.sync_state("loc_1")["failure_reported"] == 1  # what was there stays
        assert store.remembered_locations() == []  # nothing read yet
        soho = Location(id="loc_1", name="SoHo", time_zone="America/New_York")
        venice = Location(id="loc_2", name="Venice", time_zone="America/Los_Angeles")
        assert store.remember_locations([venice, soho], at=NOW)
        assert not store.remember_locations([venice, soho], at=NOW)  # the same list is not written again
        assert [(loc.id, loc.name, loc.time_zone) for loc in store.remembered_locations()] == [
            ("loc_2", "Venice", "America/Los_Angeles"),
            ("loc_1", "SoHo", "America/New_York"),
        ]
        assert store.remember_locations([soho], at=NOW)
        assert [loc.id for loc in store.remembered_locations()] == ["loc_1"]
    finally:
        store.close()
