"""rev39c F: the count of malformed reads of her entry restarts after an outage longer than UNREADABLE_GAP since the
last one. Carried through a weekend down, one gateway page as the spa system came back sent the write unread at once,
over the desk's removal made meanwhile."""
from __future__ import annotations

from typing import Any

import pytest

from spa_copilot import fill
from spa_copilot.domain import WaitlistStatus
from spa_copilot.fill.waitlist_writes import UNREADABLE_READS
from spa_copilot.platform.errors import PlatformProtocolError, PlatformUnavailable
from tests.fill_scene import Scene
from tests.test_s39_waitlist39_unreadable import _expiry_write_held


async def test_one_bad_page_after_a_weekend_outage_starts_the_count_again(
    scene: Scene, monkeypatch: pytest.MonkeyPatch
) -> None:
    entry, key = await _expiry_write_held(scene, monkeypatch)
    mode = {"now": "bad"}
    real = scene.copilot.platform.list_waitlist

    async def reads(*a: Any, **k: Any) -> Any:
        if mode["now"] == "good":
            return await real(*a, **k)
        if mode["now"] == "bad":
            raise PlatformProtocolError("GET /v1/waitlist: response is not JSON", status=200)
        raise PlatformUnavailable("GET /v1/waitlist: HTTP 503", status=503)

    monkeypatch.setattr(scene.copilot.platform, "list_waitlist", reads)
    for _ in range(UNREADABLE_READS - 1):  # Friday evening: an hour of gateway pages
        scene.clock.advance(minutes=1)
        await fill.redrive_outbox(scene.copilot)
    mode["now"] = "down"
    for _ in range(48):  # the weekend: out of reach (one re-drive an hour shown)
        scene.clock.advance(hours=1)
        await fill.redrive_outbox(scene.copilot)
    assert scene.store.outbox_item(key).last_error == f"PlatformUnavailable (unreadable {UNREADABLE_READS - 1})"
    spa = scene.world.spa  # meanwhile she phoned: the desk removed her from the list
    spa.waitlist[entry] = spa.waitlist[entry].model_copy(update={"status": WaitlistStatus.cancelled})
    mode["now"] = "bad"  # Monday: one gateway page as it comes back
    scene.clock.advance(minutes=1)
    await fill.redrive_outbox(scene.copilot)
    item = scene.store.outbox_item(key)
    assert item.status == "pending" and item.last_error == "unreadable 1 (PlatformUnavailable)"
    assert spa.waitlist[entry].status == WaitlistStatus.cancelled
    scene.clock.advance(minutes=1)
    mode["now"] = "good"  # the spa system answers again: her entry read, the desk's removal kept
    await fill.redrive_outbox(scene.copilot)
    assert scene.store.outbox_item(key).last_error == "not needed: the entry shows cancelled"
    assert spa.waitlist[entry].status == WaitlistStatus.cancelled
