"""rev41e: the thread line a set-aside write hands to its follow-up ("...:then-booked").
The follow-up's unread PATCH answered off-shape (it may have landed): no line was said; now the line, as not
confirmed. (Its PATCH held by an outage, then read and sent checked, still says the line handed on: the read cannot
tell the desk's status from the one the set-aside write sent unread.)"""
from __future__ import annotations

from typing import Any

import pytest

from spa_copilot import fill
from spa_copilot.domain import WaitlistStatus
from spa_copilot.fill import waitlist_writes
from spa_copilot.fill._common import OUTBOX_LEASE, OUTBOX_WAITLIST
from spa_copilot.platform.errors import PlatformProtocolError, PlatformUnavailable
from tests.fill_scene import Scene
from tests.test_s39_waitlist39_unreadable import _expiry_write_held

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")
LINE = "could not be read for"


def paging_lister(mode: dict[str, str], real_list: Any) -> Any:
    """The waitlist's read through a gateway that pages (a malformed answer) while ``mode["list"]`` is "malformed",
    the real read otherwise: the switch the scenes flip when reads work again."""

    async def lister(*a: Any, **k: Any) -> Any:
        if mode["list"] == "malformed":
            raise PlatformProtocolError("GET /v1/waitlist: response is not JSON", status=200)
        return await real_list(*a, **k)

    return lister


async def _followup(scene: Scene, monkeypatch: pytest.MonkeyPatch, patch_modes: list[str]):
    monkeypatch.setattr(waitlist_writes, "UNREADABLE_READS", 3)
    entry, key = await _expiry_write_held(scene, monkeypatch)
    platform, store, spa = scene.copilot.platform, scene.store, scene.world.spa
    real_list, real_patch = platform.list_waitlist, platform.update_waitlist_entry
    mode = {"list": "malformed", "patch": "real"}
    calls: list[str] = []

    async def patcher(*a: Any, **k: Any) -> Any:
        m = mode["patch"]
        calls.append(f"{m}:{k.get('idempotency_key')}:{k.get('changes')}")
        if m == "503":
            raise PlatformUnavailable("PATCH: HTTP 503", status=503)
        out = await real_patch(*a, **k)
        if m == "lostproto":
            raise PlatformProtocolError("PATCH answer lost", status=200)
        return out

    monkeypatch.setattr(platform, "list_waitlist", paging_lister(mode, real_list))
    monkeypatch.setattr(platform, "update_waitlist_entry", patcher)
    for _ in range(2):  # two malformed reads
        scene.clock.advance(seconds=60)
        await fill.redrive_outbox(scene.copilot)
    later = "fill:other1:later:booked"  # another write sent meanwhile by another task
    store.enqueue(later, kind=OUTBOX_WAITLIST, subject_id=entry,
                  payload={"entry_id": entry, "status": "booked", "from": ["offered", "waiting"]})
    assert store.claim_outbox(later, now=scene.copilot.now(), lease=OUTBOX_LEASE)
    spa.waitlist[entry].status = WaitlistStatus.booked
    store.mark_outbox(later, status="sent")
    spa.waitlist[entry].status = WaitlistStatus.cancelled  # the desk removes her
    mode["patch"] = patch_modes[0]
    scene.clock.advance(seconds=60)
    await fill.redrive_outbox(scene.copilot)  # third malformed read: set aside, the follow-up sent unread
    return entry, key, mode, calls


async def test_a_followup_answered_off_shape_says_the_line(scene: Scene, monkeypatch: pytest.MonkeyPatch) -> None:
    entry, key, mode, calls = await _followup(scene, monkeypatch, ["lostproto"])
    assert any(":then-booked" in c for c in calls), calls
    assert str(scene.world.spa.waitlist[entry].status) == "booked"  # the desk's removal undone
    assert LINE in scene.thread_text(), (calls, scene.thread_text()[-500:])
