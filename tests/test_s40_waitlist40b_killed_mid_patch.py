"""rev40h M4: the process dies (SIGKILL, OOM, a host restart) during the unread PATCH, which lands and undoes the
desk's removal. The line owed was recorded only by a hold, a failure or a caught cancellation, so it was never said;
it is kept before the PATCH now, and said when the next try's read shows the write landed."""
from __future__ import annotations

from typing import Any

import pytest

from spa_copilot import fill
from spa_copilot.domain import WaitlistStatus
from spa_copilot.fill import waitlist_writes
from spa_copilot.fill._common import OUTBOX_LEASE
from spa_copilot.platform.errors import PlatformProtocolError
from tests.fill_scene import Scene
from tests.test_s39_waitlist39_unreadable import _expiry_write_held

READS = 3
SAID = "could not be read for an hour"


class _Killed(Exception):
    pass


async def test_the_line_owed_survives_a_process_killed_mid_patch(scene: Scene, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(waitlist_writes, "UNREADABLE_READS", READS)
    entry, key = await _expiry_write_held(scene, monkeypatch)
    platform = scene.copilot.platform
    real_list, real_patch = platform.list_waitlist, platform.update_waitlist_entry
    spa = scene.world.spa
    spa.waitlist[entry].status = WaitlistStatus.cancelled  # the desk removes her at her request, in the hour
    store = scene.store
    snap: dict[str, Any] = {}

    async def malformed(*a: Any, **k: Any) -> Any:
        raise PlatformProtocolError("GET /v1/waitlist: response is not JSON", status=200)

    async def landed_then_killed(*a: Any, **k: Any) -> Any:
        await real_patch(*a, **k)
        row = store.db.execute("SELECT status, result, last_error, attempts, lease_until FROM outbox WHERE key = ?",
                               [key]).fetchone()
        snap["row"] = tuple(row)
        raise _Killed()  # stands in for the process dying: we restore the row as a dead process leaves it

    monkeypatch.setattr(platform, "list_waitlist", malformed)
    monkeypatch.setattr(platform, "update_waitlist_entry", landed_then_killed)
    for _ in range(READS):
        scene.clock.advance(minutes=1)
        try:
            await fill.redrive_outbox(scene.copilot)
        except Exception:
            pass
        if "row" in snap:
            break
    status, result, last_error, attempts, lease = snap["row"]
    assert status == "sending"
    store.db.execute("UPDATE outbox SET status=?, result=?, last_error=?, attempts=?, lease_until=? WHERE key=?",
                     [status, result, last_error, attempts, lease, key])
    assert spa.waitlist[entry].status == WaitlistStatus.waiting  # her removal undone, unread
    monkeypatch.setattr(platform, "list_waitlist", real_list)  # restart; the spa system mends
    monkeypatch.setattr(platform, "update_waitlist_entry", real_patch)
    scene.clock.advance(seconds=OUTBOX_LEASE.total_seconds() + 60)
    for _ in range(3):
        scene.clock.advance(minutes=1)
        await fill.redrive_outbox(scene.copilot)
    item = store.outbox_item(key)
    assert item.status == "sent"
    assert spa.waitlist[entry].status == WaitlistStatus.waiting
    assert scene.thread_text().count(SAID) == 1  # the desk is told, once
