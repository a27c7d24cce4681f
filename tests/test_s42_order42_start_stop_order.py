"""A guest's START clears her opt-out only when she sent it after the STOP (or the staff member's stop) it would
clear: webhooks are retried and never in order (DESIGN), and each reply carries when she sent it (``receivedAt``).

Texted START at 10:01 and STOP at 10:02, delivered STOP first: her last word is STOP, and it stands."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

from spa_copilot.fill.replies import opt_out_by_staff
from spa_copilot.store.db import MIGRATIONS, Store
from tests.fill_scene import Scene, quiet_clients
from tests.test_s42_order42_replies_order import _reply


async def test_a_start_sent_before_her_stop_does_not_undo_it_when_delivered_after(scene: Scene) -> None:
    client_id = quiet_clients(scene.world, 5)[4]
    now = scene.copilot.now()
    await _reply(scene, "stop", client_id, "STOP", now - timedelta(minutes=1))  # sent 10:02, delivered first
    assert scene.store.text_opted_out([client_id]) == {client_id}
    await _reply(scene, "start", client_id, "START", now - timedelta(minutes=2))  # sent 10:01, delivered late
    assert scene.store.text_opted_out([client_id]) == {client_id}, "her later STOP was undone by an earlier START"


async def test_a_start_sent_before_a_staff_stop_does_not_undo_it(scene: Scene) -> None:
    client_id = quiet_clients(scene.world, 5)[4]
    recorded, _ = await opt_out_by_staff(scene.copilot, client_id, user_id=scene.world.manager_id)
    assert recorded
    scene.clock.advance(minutes=2)
    sent_before_the_stop = scene.copilot.now() - timedelta(minutes=3)
    await _reply(scene, "start", client_id, "START", sent_before_the_stop)
    assert scene.store.text_opted_out([client_id]) == {client_id}, "a START sent before the staff's stop undid it"


def _version_18_file(path: Path, client_id: str, recorded_at: datetime) -> None:
    conn = sqlite3.connect(path)
    for number, script in enumerate(MIGRATIONS[:18], start=1):
        conn.executescript(script)
        conn.execute(f"PRAGMA user_version = {number}")
    conn.execute(
        "INSERT INTO text_opt_outs (client_id, at, message_id) VALUES (?, ?, ?)",
        [client_id, recorded_at.isoformat(), "msg_old"],
    )
    conn.commit()
    conn.close()


def test_an_opt_out_kept_before_the_upgrade_counts_from_when_it_was_recorded(tmp_path: Path) -> None:
    recorded_at = datetime(2026, 12, 1, 10, 2, tzinfo=UTC)
    path = tmp_path / "v18.db"
    _version_18_file(path, "cl_old", recorded_at)
    store = Store.open(path)
    assert store.schema_version == len(MIGRATIONS) >= 19
    assert not store.clear_text_opt_out("cl_old", start_said_at=recorded_at - timedelta(minutes=1))
    assert store.text_opted_out(["cl_old"]) == {"cl_old"}
    assert store.clear_text_opt_out("cl_old", start_said_at=recorded_at + timedelta(minutes=1))
    assert store.text_opted_out(["cl_old"]) == set()
