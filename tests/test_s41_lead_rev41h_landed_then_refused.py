"""rev41h A: her expiry's "waiting" goes out unread after an hour of malformed reads OVER THE DESK'S BOOKING (the desk
booked her by phone meanwhile); its PATCH lands but the answer is lost (503). Reads work again: the next try reads her
entry, sees "waiting" (its own status: proof the unread PATCH landed and undid the desk's booking), PATCHes again and is
refused (403: the key lost its write permission / 404 / 409). The write settles failed and NO line is ever said: the
desk is never told to check her entry. HEAD^ said the 'may have been set ... Check it in Mangomint' line
(Kept.earlier); HEAD drops it (if_refused only for an unread-for-an-hour read). b19da9bc said nothing either."""
from __future__ import annotations

from typing import Any

import pytest

from spa_copilot import fill
from spa_copilot.domain import WaitlistStatus
from spa_copilot.fill import waitlist_writes
from spa_copilot.platform.errors import PlatformAuthError, PlatformUnavailable
from tests.fill_scene import Scene
from tests.test_s39_waitlist39_unreadable import _expiry_write_held
from tests.test_s41_lead_rev41e_followup_lines import paging_lister

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


async def test_refused_after_a_read_proving_the_unread_write_landed_says_the_line(scene: Scene, monkeypatch) -> None:
    monkeypatch.setattr(waitlist_writes, "UNREADABLE_READS", 3)
    entry, key = await _expiry_write_held(scene, monkeypatch)
    platform, spa = scene.copilot.platform, scene.world.spa
    real_list, real_patch = platform.list_waitlist, platform.update_waitlist_entry
    mode = {"list": "malformed", "patch": "lands-answer-lost"}
    spa.update_waitlist_entry(entry, {"status": "booked"})  # the desk books her by phone

    async def patcher(*a: Any, **k: Any) -> Any:
        if mode["patch"] == "lands-answer-lost":
            await real_patch(*a, **k)
            raise PlatformUnavailable("PATCH: timed out", status=None)
        raise PlatformAuthError("PATCH: HTTP 403", status=403)

    monkeypatch.setattr(platform, "list_waitlist", paging_lister(mode, real_list))
    monkeypatch.setattr(platform, "update_waitlist_entry", patcher)
    for _ in range(3):
        scene.clock.advance(seconds=60)
        await fill.redrive_outbox(scene.copilot)
    assert spa.waitlist[entry].status == WaitlistStatus.waiting  # the desk's booking undone by the unread PATCH
    mode.update(list="real", patch="refused")
    scene.clock.advance(seconds=60)
    await fill.redrive_outbox(scene.copilot)
    assert scene.store.outbox_item(key).status == "failed"
    assert "could not be read for" in scene.thread_text(), scene.thread_text()[-400:]
