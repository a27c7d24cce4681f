"""rev41e M: her expiry's "waiting" goes out unread after an hour of malformed reads and lands over the desk's phone
booking ("booked" -> "waiting"), but its answer is lost (an outage, or the process stopped mid-PATCH); the next
malformed read re-sends it unread and the spa system refuses that PATCH (409): settled failed, and the owed thread line
(SENT_UNREAD) was never said: the desk was never told its booking may have been undone. Now said, as not confirmed."""
from __future__ import annotations

from typing import Any

import pytest

from spa_copilot import fill
from spa_copilot.domain import WaitlistStatus
from spa_copilot.fill import waitlist_writes
from spa_copilot.platform.errors import PlatformProtocolError, PlatformRejected, PlatformUnavailable
from tests.fill_scene import Scene
from tests.test_s39_waitlist39_unreadable import _expiry_write_held

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


class _Killed(BaseException):
    pass


@pytest.mark.parametrize("lost", ["lost503", "kill"])
async def test_an_unread_write_that_landed_then_refused_says_the_line(scene: Scene, monkeypatch, lost: str) -> None:
    monkeypatch.setattr(waitlist_writes, "UNREADABLE_READS", 3)
    entry, key = await _expiry_write_held(scene, monkeypatch)
    platform, spa = scene.copilot.platform, scene.world.spa
    real_patch = platform.update_waitlist_entry
    mode = {"patch": "real"}

    async def lister(*a: Any, **k: Any) -> Any:
        raise PlatformProtocolError("GET /v1/waitlist: response is not JSON", status=200)

    async def patcher(*a: Any, **k: Any) -> Any:
        if mode["patch"] == "409":
            raise PlatformRejected("PATCH: HTTP 409", status=409)
        out = await real_patch(*a, **k)
        if mode["patch"] == "lost503":
            raise PlatformUnavailable("PATCH answer lost", status=503)
        if mode["patch"] == "kill":
            raise _Killed
        return out

    monkeypatch.setattr(platform, "list_waitlist", lister)
    monkeypatch.setattr(platform, "update_waitlist_entry", patcher)
    spa.waitlist[entry].status = WaitlistStatus.booked  # the desk books her by phone
    for _ in range(2):
        scene.clock.advance(seconds=60)
        await fill.redrive_outbox(scene.copilot)
    mode["patch"] = lost
    scene.clock.advance(seconds=60)
    try:
        await fill.redrive_outbox(scene.copilot)  # third malformed read: sent unread, lands, its answer lost
    except _Killed:
        pass
    assert spa.waitlist[entry].status == WaitlistStatus.waiting  # the desk's booking undone
    mode["patch"] = "409"
    for _ in range(3):
        scene.clock.advance(seconds=60)
        await fill.redrive_outbox(scene.copilot)
    assert "could not be read for" in scene.thread_text(), (scene.store.outbox_item(key), scene.thread_text()[-300:])
