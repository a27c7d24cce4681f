"""A waitlist write sent after a good read whose PATCH's answer is lost (the connection drops after the spa system
took it) lands late, over a later "booked": her entry shows "waiting" while she is booked. Its next try reads that,
sets it aside and sends the latest again (``…:then-booked``); the spa system refuses that follow-up (403). Before,
nothing was said (only a write sent unread handed a line on): the desk never learnt her entry was left "waiting", so
a later opening offers her a slot she already has. Now the follow-up's refusal says, once, that it was not confirmed,
and asks the desk to check her entry in Mangomint."""

from __future__ import annotations

from typing import Any

import pytest

from spa_copilot import fill
from spa_copilot.domain import WaitlistStatus
from spa_copilot.fill._common import OUTBOX_LEASE, OUTBOX_WAITLIST
from spa_copilot.platform.errors import PlatformAuthError, PlatformUnavailable
from tests.fill_scene import Scene
from tests.test_s39_waitlist39_unreadable import _expiry_write_held


async def _late_landing_set_aside(scene: Scene, monkeypatch: pytest.MonkeyPatch) -> tuple[str, str, Any]:
    """A "waiting" sent after a good read, its answer lost, landed late over a later "booked": her entry shows
    "waiting" while she is booked, the write still pending (its next try sets it aside). Her entry, the write's key
    and the real PATCH."""
    entry, key = await _expiry_write_held(scene, monkeypatch)
    platform, store, spa = scene.copilot.platform, scene.store, scene.world.spa
    real_patch = platform.update_waitlist_entry

    async def lost_after_landing(*a: Any, **k: Any) -> Any:
        await real_patch(*a, **k)
        raise PlatformUnavailable("PATCH /v1/waitlist: connection dropped", status=None)

    monkeypatch.setattr(platform, "update_waitlist_entry", lost_after_landing)
    scene.clock.advance(minutes=1)
    await fill.redrive_outbox(scene.copilot)
    assert store.outbox_item(key).status == "pending"
    later = "fill:other:later:booked"
    store.enqueue(later, kind=OUTBOX_WAITLIST, subject_id=entry,
                  payload={"entry_id": entry, "status": "booked", "from": ["offered", "waiting"]})
    assert store.claim_outbox(later, now=scene.copilot.now(), lease=OUTBOX_LEASE)
    store.mark_outbox(later, status="sent")
    spa.waitlist[entry].status = WaitlistStatus.waiting  # the late landing, over "booked"
    return entry, key, real_patch


async def test_a_checked_write_landing_late_then_its_follow_up_refused_is_said_once(
    scene: Scene, monkeypatch: pytest.MonkeyPatch
) -> None:
    entry, key, _ = await _late_landing_set_aside(scene, monkeypatch)
    platform, store, spa = scene.copilot.platform, scene.store, scene.world.spa

    async def refused(*a: Any, **k: Any) -> Any:
        raise PlatformAuthError("PATCH /v1/waitlist: HTTP 403", status=403)

    monkeypatch.setattr(platform, "update_waitlist_entry", refused)
    for _ in range(3):
        scene.clock.advance(minutes=1)
        await fill.redrive_outbox(scene.copilot)
    assert store.outbox_item(key).status == "failed"  # set aside
    assert store.outbox_item(f"{key}:then-booked").status == "failed"  # the follow-up refused
    assert spa.waitlist[entry].status == WaitlistStatus.waiting  # booked, yet her entry says waiting
    lines = [line for line in scene.thread_text().splitlines() if "did not confirm" in line]
    assert len(lines) == 1, scene.thread_text()[-600:]
    assert "Mangomint" in lines[0] and '"booked"' in lines[0]
    assert "could not be read" not in lines[0]  # her entry was read: no hour of failed reads to speak of
