"""rev39e R6: the count of malformed reads of her entry restarts after an outage of more than an hour since the last
one (it was three). 59 bad pages, an afternoon's outage of an hour and a half during which the desk removed her in
Mangomint's own screens, then one bad page as the API came back: the write went out unread over "cancelled"."""
from __future__ import annotations

from typing import Any

import pytest

from spa_copilot import fill
from spa_copilot.domain import WaitlistStatus
from spa_copilot.fill.waitlist_writes import UNREADABLE_READS
from spa_copilot.platform.errors import PlatformProtocolError, PlatformUnavailable
from tests.fill_scene import Scene
from tests.test_s39_waitlist39_unreadable import _expiry_write_held


async def test_one_bad_page_after_an_afternoon_outage_starts_the_count_again(
    scene: Scene, monkeypatch: pytest.MonkeyPatch
) -> None:
    entry, key = await _expiry_write_held(scene, monkeypatch)
    mode = {"now": "bad"}

    async def reads(*a: Any, **k: Any) -> Any:
        if mode["now"] == "bad":
            raise PlatformProtocolError("GET /v1/waitlist: response is not JSON", status=200)
        raise PlatformUnavailable("GET /v1/waitlist: HTTP 503", status=503)

    monkeypatch.setattr(scene.copilot.platform, "list_waitlist", reads)
    for _ in range(UNREADABLE_READS - 1):
        scene.clock.advance(minutes=1)
        await fill.redrive_outbox(scene.copilot)
    mode["now"] = "down"
    for _ in range(9):  # an hour and a half out of reach
        scene.clock.advance(minutes=10)
        await fill.redrive_outbox(scene.copilot)
    spa = scene.world.spa  # meanwhile the desk removed her
    spa.waitlist[entry] = spa.waitlist[entry].model_copy(update={"status": WaitlistStatus.cancelled})
    mode["now"] = "bad"
    scene.clock.advance(minutes=1)
    await fill.redrive_outbox(scene.copilot)
    item = scene.store.outbox_item(key)
    assert item.status == "pending" and item.last_error == "unreadable 1 (PlatformUnavailable)", item.last_error
    assert spa.waitlist[entry].status == WaitlistStatus.cancelled
