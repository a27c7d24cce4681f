"""rev41g: her expiry's "waiting" (X) meets an hour of malformed reads; a later "booked" went out meanwhile and the
desk then removed her ("cancelled"). At the third malformed read X is set aside unsent (its own PATCH never went out
unread) and the follow-up "...:then-booked" is sent unread; the spa system refuses it (409). Nothing the copilot sent
unread can have landed: the desk's removal stands. Since 565b160c the thread still says "could not be read for an hour
... may have been set to "booked" ... Check it in Mangomint" (Kept.earlier = the handed-on line): a false alarm,
naming a status nothing set. Nothing said at 565b160c^. (Mended: this test pins the session-start behaviour.)"""
from __future__ import annotations

from typing import Any

import pytest

from spa_copilot.domain import WaitlistStatus
from spa_copilot.platform.errors import PlatformRejected
from tests import test_s41_lead_rev41e_followup_lines as base
from tests.fill_scene import Scene


async def test_a_followup_refused_409_with_nothing_sent_unread_before_says_no_line(scene: Scene, monkeypatch: pytest.MonkeyPatch) -> None:
    platform = scene.copilot.platform

    # the follow-up's PATCH is refused (409); patch mode "409" is unknown to the helper's patcher, so wrap it
    orig_setattr = monkeypatch.setattr

    def setattr_(target: Any, name: Any, value: Any = None, *a: Any, **k: Any) -> Any:
        if target is platform and name == "update_waitlist_entry":
            inner = value

            async def patched(*pa: Any, **pk: Any) -> Any:
                if ":then-" in (pk.get("idempotency_key") or ""):
                    raise PlatformRejected("PATCH: HTTP 409", status=409)
                return await inner(*pa, **pk)

            return orig_setattr(target, name, patched, *a, **k)
        return orig_setattr(target, name, value, *a, **k)

    monkeypatch.setattr = setattr_  # type: ignore[method-assign]
    entry, key, mode, calls = await base._followup(scene, monkeypatch, ["real"])
    assert scene.store.outbox_item(key + ":then-booked").status == "failed"
    assert scene.world.spa.waitlist[entry].status == WaitlistStatus.cancelled  # the desk's removal stands
    assert base.LINE not in scene.thread_text(), scene.thread_text()[-500:]
