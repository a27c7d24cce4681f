"""rev40f M1: a write sent unread after an hour of malformed reads whose PATCH lands but whose answer is lost (a
timeout: PlatformUnavailable, held and read again; an off-shape answer: PlatformProtocolError, settled failed) was
never said in the thread, though it undid the desk's removal made in that hour. It is said once now."""
from __future__ import annotations

from typing import Any

import pytest

from spa_copilot import fill
from spa_copilot.domain import WaitlistStatus
from spa_copilot.fill import waitlist_writes
from spa_copilot.platform.errors import PlatformProtocolError, PlatformUnavailable
from tests.fill_scene import Scene
from tests.test_s39_waitlist39_unreadable import _expiry_write_held

READS = 3
SAID = "could not be read for an hour"


@pytest.mark.parametrize("lost", [PlatformUnavailable, PlatformProtocolError])
async def test_an_unread_write_whose_answer_was_lost_is_said_once(
    scene: Scene, monkeypatch: pytest.MonkeyPatch, lost: type[Exception]
) -> None:
    monkeypatch.setattr(waitlist_writes, "UNREADABLE_READS", READS)
    entry, key = await _expiry_write_held(scene, monkeypatch)
    platform = scene.copilot.platform
    real_list, real_patch = platform.list_waitlist, platform.update_waitlist_entry
    spa = scene.world.spa
    spa.waitlist[entry].status = WaitlistStatus.cancelled  # the desk removes her at her request, in the hour

    async def malformed(*a: Any, **k: Any) -> Any:
        raise PlatformProtocolError("GET /v1/waitlist: response is not JSON", status=200)

    async def landed_answer_lost(*a: Any, **k: Any) -> Any:
        await real_patch(*a, **k)
        raise lost("PATCH /v1/waitlist: answer lost", status=200 if lost is PlatformProtocolError else 503)

    monkeypatch.setattr(platform, "list_waitlist", malformed)
    monkeypatch.setattr(platform, "update_waitlist_entry", landed_answer_lost)
    for _ in range(READS):
        scene.clock.advance(minutes=1)
        await fill.redrive_outbox(scene.copilot)
    assert spa.waitlist[entry].status == WaitlistStatus.waiting  # her removal undone, unread
    monkeypatch.setattr(platform, "list_waitlist", real_list)  # the spa system mends
    monkeypatch.setattr(platform, "update_waitlist_entry", real_patch)
    for _ in range(3):
        scene.clock.advance(minutes=1)
        await fill.redrive_outbox(scene.copilot)
        await fill.expire_offers(scene.copilot)
    assert spa.waitlist[entry].status == WaitlistStatus.waiting
    assert scene.thread_text().count(SAID) == 1  # the desk is told, once, to set her removal again
