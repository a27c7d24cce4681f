"""s42 lead, after rev42a: the line a follow-up says when its set-aside write landed late over "booked" and the
follow-up is not confirmed (LATE_WRITE_TEXT, da0417b) was said where nothing showed harm:
- M1: the follow-up's first PATCH lands, its answer lost (held); its next try reads her entry "booked" (the late
  "waiting" already put right) and its PATCH is answered off-shape or refused: the desk was sent to check an entry
  the spa system had just shown right;
- M2: the follow-up is held by an outage, a later write ("waiting": her booking cancelled) goes out, the follow-up's
  read is refused for good: settled as superseded, it told the desk to set her entry to "booked", a stale status.
Neither says the line now (``_handed_line``)."""

from __future__ import annotations

from typing import Any

import pytest

from spa_copilot import fill
from spa_copilot.domain import WaitlistStatus
from spa_copilot.fill._common import OUTBOX_LEASE, OUTBOX_WAITLIST
from spa_copilot.platform.errors import PlatformAuthError, PlatformProtocolError, PlatformUnavailable
from tests.fill_scene import Scene
from tests.test_s42_waitlist42_late_landing import _late_landing_set_aside


@pytest.mark.parametrize("second_answer", ["off-shape", "refused"])
async def test_no_late_line_when_the_follow_ups_read_shows_booked(
    scene: Scene, monkeypatch: pytest.MonkeyPatch, second_answer: str
) -> None:
    entry, key, real_patch = await _late_landing_set_aside(scene, monkeypatch)
    platform, store, spa = scene.copilot.platform, scene.store, scene.world.spa
    calls = {"n": 0}

    async def follow_up_patch(*a: Any, **k: Any) -> Any:
        calls["n"] += 1
        if calls["n"] == 1:  # the follow-up's first PATCH lands; its answer is lost: held
            await real_patch(*a, **k)
            raise PlatformUnavailable("PATCH /v1/waitlist: connection dropped", status=None)
        if second_answer == "off-shape":
            raise PlatformProtocolError("PATCH /v1/waitlist: response is not JSON", status=200)
        raise PlatformAuthError("PATCH /v1/waitlist: HTTP 403", status=403)

    monkeypatch.setattr(platform, "update_waitlist_entry", follow_up_patch)
    for _ in range(4):
        scene.clock.advance(minutes=1)
        await fill.redrive_outbox(scene.copilot)
    follow_up = store.outbox_item(f"{key}:then-booked")
    assert store.outbox_item(key).status == "failed"
    assert follow_up.status == "failed" and calls["n"] == 2
    assert spa.waitlist[entry].status == WaitlistStatus.booked  # read "booked" before its last PATCH: right
    assert "did not confirm" not in scene.thread_text(), scene.thread_text()[-500:]



async def test_superseded_follow_up_read_refused_says_no_stale_booked(
    scene: Scene, monkeypatch: pytest.MonkeyPatch
) -> None:
    entry, key, real_patch = await _late_landing_set_aside(scene, monkeypatch)
    platform, store, spa = scene.copilot.platform, scene.store, scene.world.spa

    async def down(*a: Any, **k: Any) -> Any:
        raise PlatformUnavailable("PATCH /v1/waitlist: HTTP 503", status=503)

    monkeypatch.setattr(platform, "update_waitlist_entry", down)
    scene.clock.advance(minutes=1)
    await fill.redrive_outbox(scene.copilot)  # A read "waiting": set aside; follow-up sent, held (503)
    follow_up = f"{key}:then-booked"
    assert store.outbox_item(key).status == "failed"
    assert store.outbox_item(follow_up).status == "pending"
    later = "fill:other:cancelled:waiting"  # her booking cancelled: "waiting" again, sent ok
    store.enqueue(later, kind=OUTBOX_WAITLIST, subject_id=entry,
                  payload={"entry_id": entry, "status": "waiting", "from": ["booked"]})
    assert store.claim_outbox(later, now=scene.copilot.now(), lease=OUTBOX_LEASE)
    store.mark_outbox(later, status="sent")
    spa.waitlist[entry].status = WaitlistStatus.waiting

    async def read_refused(*a: Any, **k: Any) -> Any:
        raise PlatformAuthError("GET /v1/waitlist: HTTP 403", status=403)

    monkeypatch.setattr(platform, "list_waitlist", read_refused)
    for _ in range(3):
        scene.clock.advance(minutes=1)
        await fill.redrive_outbox(scene.copilot)
    assert store.outbox_item(follow_up).status == "failed"
    assert 'set it to "booked"' not in scene.thread_text(), scene.thread_text()[-400:]
