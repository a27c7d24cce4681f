"""rev40h M3, L2: the line owed by a write sent unread (its answer lost) is said only when it landed, once.

M3: the unread PATCH never landed (a 503 before it reached the spa system); the next try read her entry "offered" (as
the write expects: nothing undone), sent the write checked, and still said "… without checking it first".
L2: the unread PATCH landed (the desk's removal undone), its answer lost; the next read shows its own status while a
later write for her entry is in flight: the write and its follow-up each said the line."""
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

READS = 3
SAID = "could not be read for an hour"


async def test_an_unread_try_that_never_landed_owes_no_line(scene: Scene, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(waitlist_writes, "UNREADABLE_READS", READS)
    entry, key = await _expiry_write_held(scene, monkeypatch)
    platform = scene.copilot.platform
    real_list, real_patch = platform.list_waitlist, platform.update_waitlist_entry
    spa = scene.world.spa
    assert spa.waitlist[entry].status == WaitlistStatus.offered  # the desk changes nothing

    async def malformed(*a: Any, **k: Any) -> Any:
        raise PlatformProtocolError("GET /v1/waitlist: response is not JSON", status=200)

    async def not_reached(*a: Any, **k: Any) -> Any:  # the gateway's 503: the PATCH never reached the spa system
        raise PlatformUnavailable("PATCH /v1/waitlist: HTTP 503", status=503)

    monkeypatch.setattr(platform, "list_waitlist", malformed)
    monkeypatch.setattr(platform, "update_waitlist_entry", not_reached)
    for _ in range(READS):
        scene.clock.advance(minutes=1)
        await fill.redrive_outbox(scene.copilot)
    assert spa.waitlist[entry].status == WaitlistStatus.offered  # nothing landed
    monkeypatch.setattr(platform, "list_waitlist", real_list)
    monkeypatch.setattr(platform, "update_waitlist_entry", real_patch)
    scene.clock.advance(minutes=1)
    await fill.redrive_outbox(scene.copilot)  # read: "offered" (as expected) -> sent, checked
    assert scene.store.outbox_item(key).status == "sent"
    assert spa.waitlist[entry].status == WaitlistStatus.waiting
    assert SAID not in scene.thread_text()  # a write checked before it landed undid nothing


async def _landed_answer_lost(scene: Scene, monkeypatch: pytest.MonkeyPatch) -> tuple[str, str, Any, Any]:
    monkeypatch.setattr(waitlist_writes, "UNREADABLE_READS", READS)
    entry, key = await _expiry_write_held(scene, monkeypatch)
    platform = scene.copilot.platform
    real_list, real_patch = platform.list_waitlist, platform.update_waitlist_entry
    scene.world.spa.waitlist[entry].status = WaitlistStatus.cancelled  # the desk removes her

    async def malformed(*a: Any, **k: Any) -> Any:
        raise PlatformProtocolError("GET /v1/waitlist: response is not JSON", status=200)

    async def landed_answer_lost(*a: Any, **k: Any) -> Any:
        await real_patch(*a, **k)
        raise PlatformUnavailable("PATCH /v1/waitlist: timeout", status=503)

    monkeypatch.setattr(platform, "list_waitlist", malformed)
    monkeypatch.setattr(platform, "update_waitlist_entry", landed_answer_lost)
    for _ in range(READS):
        scene.clock.advance(minutes=1)
        await fill.redrive_outbox(scene.copilot)
    assert scene.world.spa.waitlist[entry].status == WaitlistStatus.waiting
    assert scene.store.outbox_item(key).result.get("sentUnread") == "malformed"
    monkeypatch.setattr(platform, "update_waitlist_entry", real_patch)
    return entry, key, real_list, platform


async def test_a_landed_unread_write_and_its_follow_up_say_the_line_once(scene: Scene, monkeypatch: pytest.MonkeyPatch) -> None:
    entry, key, real_list, platform = await _landed_answer_lost(scene, monkeypatch)
    monkeypatch.setattr(platform, "list_waitlist", real_list)
    store = scene.store
    later = "fill:other:later:booked"  # a later write for her entry, being sent right now by another task
    store.enqueue(later, kind=OUTBOX_WAITLIST, subject_id=entry,
                  payload={"entry_id": entry, "status": "booked", "from": ["offered", "waiting"]})
    assert store.claim_outbox(later, now=scene.copilot.now(), lease=OUTBOX_LEASE)
    scene.clock.advance(minutes=1)
    await fill.redrive_outbox(scene.copilot)
    lines = [line for line in scene.thread_text().splitlines() if SAID in line]
    assert len(lines) == 1  # one unread write, said once
