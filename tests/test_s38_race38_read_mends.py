"""rev38a M1, L1: the read a held waitlist write makes first asks for the waitlist of the location where her offer was
made (the whole waitlist only when she is not found there), and a read that keeps answering a malformed page does not
hold the write for ever: after ``UNREADABLE_READS`` such answers running it is sent as before the read was asked."""
from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest

from spa_copilot import fill
from spa_copilot.domain import WaitlistStatus
from spa_copilot.fill.outbox import UNREADABLE_READS
from spa_copilot.platform.errors import PlatformProtocolError
from tests.fill_scene import Scene, down_once, proposed


async def _expiry_write_held(scene: Scene, monkeypatch: pytest.MonkeyPatch) -> tuple[str, str, str]:
    """The first offer's hold runs out and its "waiting" meets one outage: held. Her entry, the write's key and the
    proposal's location."""
    await proposed(scene)
    first, offer = await scene.first_offer_sent()
    down_once(monkeypatch, scene.copilot.platform, "update_waitlist_entry")
    scene.clock.current = datetime.fromisoformat(offer["expires_at"]) + timedelta(seconds=20)
    await fill.expire_offers(scene.copilot)
    key = f"fill:{offer['id']}:expired"
    assert scene.store.outbox_item(key).status == "pending"
    location = scene.store.fill_entry_location(first["entry_id"])
    return first["entry_id"], key, location


async def test_a_held_write_reads_the_waitlist_of_her_offer_s_location(
    scene: Scene, monkeypatch: pytest.MonkeyPatch
) -> None:
    entry, key, location = await _expiry_write_held(scene, monkeypatch)
    assert location == scene.world.spa.waitlist[entry].location_id
    platform, asked = scene.copilot.platform, []
    real = platform.list_waitlist

    async def listing(*a: Any, **k: Any) -> Any:
        asked.append(k.get("location_id"))
        return await real(*a, **k)

    monkeypatch.setattr(platform, "list_waitlist", listing)
    await fill.redrive_outbox(scene.copilot)
    assert asked == [location]  # found there: the spa's whole waitlist is not read
    assert scene.store.outbox_item(key).status == "sent"
    assert scene.world.spa.waitlist[entry].status == WaitlistStatus.waiting


async def test_a_held_write_is_sent_unread_after_malformed_reads_running(
    scene: Scene, monkeypatch: pytest.MonkeyPatch
) -> None:
    entry, key, _ = await _expiry_write_held(scene, monkeypatch)
    platform = scene.copilot.platform

    async def malformed(*a: Any, **k: Any) -> Any:
        raise PlatformProtocolError("/v1/waitlist: pagination repeated cursor 'c31'")

    monkeypatch.setattr(platform, "list_waitlist", malformed)
    for _ in range(UNREADABLE_READS - 1):  # a one-off bad page is asked again, nothing sent unread yet
        scene.clock.advance(minutes=1)
        await fill.redrive_outbox(scene.copilot)
        assert scene.store.outbox_item(key).status == "pending"
        assert scene.world.spa.waitlist[entry].status == WaitlistStatus.offered
    for _ in range(3):
        scene.clock.advance(minutes=1)
        await fill.redrive_outbox(scene.copilot)
    assert scene.store.outbox_item(key).status == "sent"
    assert scene.world.spa.waitlist[entry].status == WaitlistStatus.waiting
