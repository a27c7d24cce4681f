"""Slack matches remembered before the copilot asked whether a user is of the spa's own workspace are forgotten at
upgrade (migration 18, 5 December).

Since 1cfa92b a Slack user of another organisation (met over Slack Connect) is no match. A match an older version
remembered for such a user stood as the "last known" one whenever Slack could not be asked just then (rate limited,
down), so the therapist's guests' details could still go into the other organisation. The upgrade forgets every
remembered match (a "not found" is kept: it sends nothing): the next lookup asks Slack, and while Slack cannot be
asked the answer is "could not check", never the old user."""

from __future__ import annotations

import sqlite3
from datetime import timedelta
from pathlib import Path

import aiohttp

from spa_copilot.sandbox.world import SandboxWorld
from spa_copilot.slack.directory import StaffDirectory
from spa_copilot.store.db import MIGRATIONS, Store
from tests.conftest import FakeClock, FlakySlack

OTHER_ORG_USER = "U0THEIRS01"


def _version_17_file(path: Path, rows: list[tuple[str, str | None, str, str]]) -> None:
    conn = sqlite3.connect(path)
    for number, script in enumerate(MIGRATIONS[:17], start=1):
        conn.executescript(script)
        conn.execute(f"PRAGMA user_version = {number}")
    conn.executemany("INSERT INTO slack_users (staff_id, slack_user_id, looked_up_at, email) VALUES (?, ?, ?, ?)", rows)
    conn.commit()
    conn.close()


async def test_an_old_match_is_not_used_while_slack_cannot_be_asked(
    world: SandboxWorld, clock: FakeClock, tmp_path: Path
) -> None:
    catalog = await world.copilot.catalog()
    ana, bea = [s for s in catalog.staff if s.active and s.email][:2]
    at = (clock() - timedelta(minutes=5)).isoformat()
    path = tmp_path / "v17.db"
    _version_17_file(path, [(ana.id, OTHER_ORG_USER, at, ana.email), (bea.id, None, at, bea.email)])

    store = Store.open(path)
    assert store.schema_version == len(MIGRATIONS) >= 18
    assert store.slack_user(ana.id, ana.email) is None, "the old match is forgotten"
    assert store.slack_user(bea.id, bea.email) is not None, "a remembered 'not found' stays: it sends nothing"

    flaky = FlakySlack(world.copilot.slack)
    flaky.fail("users_lookupByEmail", aiohttp.ClientConnectionError("reset by peer"))
    directory = StaffDirectory(flaky, store, {})  # type: ignore[arg-type]
    down = await directory.match(ana, now=clock())
    assert down.user_id is None and not down.checked, "Slack down: could not check, not the old user"

    flaky.heal()
    asked = await directory.match(ana, now=clock())
    assert asked.user_id == world.slack_id(ana.id), "asked again: her own workspace's user"
    store.close()
