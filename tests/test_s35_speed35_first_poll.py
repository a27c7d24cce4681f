"""A scene's first poll is made once per test process and copied into each later scene's world
(``tests/fill_scene.first_poll``): the copy must be what a real first poll leaves, and each copy a world's own."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import pytest

from spa_copilot import fill, scheduler
from spa_copilot.sandbox.world import SandboxWorld, sandbox_world
from spa_copilot.settings import Settings
from tests import fill_scene
from tests.conftest import FakeClock, fresh_spa, migrated_store
from tests.fill_scene import Scene, first_poll

#: what differs between two real first polls too: what is stamped with the wall clock (Slack's ``ts``, its last one
#: in microseconds, a call's ``at``, when an event was processed), and addresses
_WALL = re.compile(r"\d{10}\.\d{6}|\b\d{16}\b|\bat=\d+\.\d+|\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}\+00:00|0x[0-9a-f]+")
#: the world's own connections, clock and settings (its paths, its Slack port), and caches rebuilt when read
_OWN = {"settings", "clock", "_catalog_at", "ops_report", "waitlist_lock", "webhook_handlers", "store", "platform",
        "slack", "roles", "directory", "ai", "risk", "_http", "_by_start", "webhooks", "faults", "_sleep", "_rng",
        "_clock", "users", "root_url", "on_message", "home_books"}


async def no_poll(*args: Any, **kwargs: Any) -> None:
    raise AssertionError("the first poll was to be copied in, not run")


@asynccontextmanager
async def a_world(tmp_path: Path, settings: Settings, name: str) -> AsyncIterator[SandboxWorld]:
    """A world as the ``world`` fixture makes it, with the scene's handlers installed (as ``scene`` does)."""
    folder = tmp_path / name
    folder.mkdir()
    store = migrated_store(folder / "state.db")
    own = settings.model_copy(update={"spa_db_path": folder / "state.db"})
    async with sandbox_world(own, data=fresh_spa(own.sandbox_seed), clock=FakeClock(), store=store) as world:
        fill.install(world.copilot)
        world.copilot.on_webhook("appointment.*", lambda event: scheduler.on_appointment_webhook(world.copilot, event))
        yield world
    store.close()


def state(world: SandboxWorld) -> dict[str, Any]:
    """Everything a first poll can leave in a world, with what differs between any two worlds made alike."""
    copilot = world.copilot
    run_id = copilot.run_id

    def plain(value: Any) -> str:
        return _WALL.sub("~", repr(value).replace(run_id, "RUN"))

    def fields(obj: Any) -> dict[str, str]:
        return {k: plain(v) for k, v in vars(obj).items() if k not in _OWN}

    own = {id(obj) for obj in (copilot, copilot.store, copilot.slack, copilot.platform, world.slack, world.spa)}
    return {
        "database": [plain(line) for line in copilot.store.db.conn.iterdump()],
        "copilot": fields(copilot),
        "ops report": copilot.ops_report is None or copilot.ops_report.done(),
        "platform": fields(copilot.platform),
        "slack": fields(world.slack),
        "spa": fields(world.spa),
        "roles": fields(copilot.roles),
        "directory": fields(copilot.directory),
        "tables": {
            name: sorted(plain(value) for key, value in table.items() if id(key) in own)
            for name, table in fill_scene._weak_tables().items()
        },
    }


async def test_a_copied_first_poll_is_a_real_one_and_each_copy_is_its_own(settings: Settings, tmp_path: Path) -> None:
    fill_scene._FIRST_POLLS.clear()
    async with a_world(tmp_path, settings, "real") as real:
        await first_poll(real, kept=False)
        assert fill_scene._FIRST_POLLS == {}  # a real poll only: nothing kept
        polled, posted = state(real), len(real.slack.calls)
        await scheduler.poll_calendar(real.copilot)
        polled_again = state(real)
    async with a_world(tmp_path, settings, "kept") as kept:
        await first_poll(kept)  # the first of its start: a real poll, kept
        assert len(fill_scene._FIRST_POLLS) == 1
        assert state(kept) == polled
        # this test mutates its world every way a test does: none of it may reach the next copy
        scene = Scene(kept, kept.copilot.clock)
        scene.plant_waitlist()
        await scene.cancel()
        assert scene.proposal["status"] == "pending"
        kept.copilot.guest_names.clear()
        kept.copilot._catalog.locations.clear()
        kept.slack._messages.clear()
        kept.slack.calls.clear()
        kept.copilot.platform.skipped_records["Location"].append("spoiled")
        for table in fill_scene._weak_tables().values():
            for value in [v for k, v in table.items() if k is kept.copilot.store]:
                if isinstance(value, dict | set):
                    value.clear()
    assert len(fill_scene._FIRST_POLLS) == 1
    async with a_world(tmp_path, settings, "copied") as copied:
        before = copied.slack.calls[:]
        with pytest.MonkeyPatch.context() as patch:  # copied in: no poll runs
            patch.setattr(scheduler, "poll_calendar", no_poll)
            await first_poll(copied)
        assert len(fill_scene._FIRST_POLLS) == 1
        assert before == [] and len(copied.slack.calls) == posted > 0  # the day's conflict cards, copied in
        assert all(call.at < copied.slack.clock() for call in copied.slack.calls)
        assert state(copied) == polled
        # and it goes on as the real one did: the next poll leaves the same
        await scheduler.poll_calendar(copied.copilot)
        assert state(copied) == polled_again


async def test_a_world_that_starts_otherwise_gets_a_first_poll_of_its_own(settings: Settings, tmp_path: Path) -> None:
    fill_scene._FIRST_POLLS.clear()
    async with a_world(tmp_path, settings, "one") as one:
        await first_poll(one)
    async with a_world(tmp_path, settings, "later") as later:
        later.copilot.clock.advance(hours=3)
        await first_poll(later)
        assert len(fill_scene._FIRST_POLLS) == 2
    async with a_world(tmp_path, settings, "posted") as posted:
        await posted.copilot.slack.chat_postMessage(channel="#front-desk", text="a note before the scene")
        await first_poll(posted)
        assert len(fill_scene._FIRST_POLLS) == 3
        assert posted.slack.messages()[0].text == "a note before the scene"
