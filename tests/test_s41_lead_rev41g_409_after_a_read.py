"""rev41g: her expiry's "waiting" goes out unread after an hour of malformed reads, its PATCH out of reach and never
landed (her entry still "offered"). Reads work again: the next try reads her entry, sees "offered" (the unread PATCH
never landed: rule 2 says no line then), sends, and the PATCH is refused (409: the desk changed her entry just now).
Since 565b160c the thread says the "could not be read for an hour ... may have been set to waiting ... Check it in
Mangomint" line: a false alarm, the read having just shown that nothing was set. Nothing said at 565b160c^/b19da9bc. (Mended: this test pins the session-start behaviour.)"""
from __future__ import annotations

from typing import Any

import pytest

from spa_copilot import fill
from spa_copilot.domain import WaitlistStatus
from spa_copilot.fill import waitlist_writes
from spa_copilot.platform.errors import PlatformRejected, PlatformUnavailable
from tests.fill_scene import Scene
from tests.test_s39_waitlist39_unreadable import _expiry_write_held
from tests.test_s41_lead_rev41e_followup_lines import paging_lister

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


async def test_a_409_after_a_read_showing_the_unread_write_never_landed_says_no_line(scene: Scene, monkeypatch) -> None:
    monkeypatch.setattr(waitlist_writes, "UNREADABLE_READS", 3)
    entry, key = await _expiry_write_held(scene, monkeypatch)
    platform, spa = scene.copilot.platform, scene.world.spa
    real_list = platform.list_waitlist
    mode = {"list": "malformed", "patch": "down"}

    async def patcher(*a: Any, **k: Any) -> Any:
        if mode["patch"] == "down":
            raise PlatformUnavailable("PATCH: HTTP 503", status=503)  # never reached the spa system
        raise PlatformRejected("PATCH: HTTP 409", status=409)

    monkeypatch.setattr(platform, "list_waitlist", paging_lister(mode, real_list))
    monkeypatch.setattr(platform, "update_waitlist_entry", patcher)
    for _ in range(3):  # the third malformed read sends it unread; its PATCH is out of reach
        scene.clock.advance(seconds=60)
        await fill.redrive_outbox(scene.copilot)
    assert (scene.store.outbox_item(key).result or {}).get(waitlist_writes.SENT_UNREAD)  # the line is owed
    assert spa.waitlist[entry].status == WaitlistStatus.offered  # nothing landed
    mode.update(list="real", patch="409")
    scene.clock.advance(seconds=60)
    await fill.redrive_outbox(scene.copilot)
    assert scene.store.outbox_item(key).status == "failed"
    assert "could not be read for" not in scene.thread_text(), scene.thread_text()[-400:]
