"""A process stopped right after a YES's booking was made (mid-await on the waitlist entry's update) left the
proposal ``sent`` for good: after a restart the card kept "(approved)" with no booked note, and at the slot's start
turned to "expired" though the guest was booked (reliability review, 4 December). The item, the offer and the
proposal are now settled in one transaction before any await, the card marked for the expiry job to redraw."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from spa_copilot import fill
from spa_copilot.fill.outbox import redrive_outbox
from tests.fill_scene import Scene, proposed
from tests.test_resilience_probe import restarted


async def test_a_booking_stopped_midway_is_booked_on_its_card_after_a_restart(
    scene: Scene, monkeypatch: pytest.MonkeyPatch
) -> None:
    await proposed(scene)
    first, offer = await scene.first_offer_sent()
    platform = scene.copilot.platform
    real = platform.update_waitlist_entry

    async def stopped(entry_id: str, *, changes: dict[str, Any], idempotency_key: str | None = None, **kw: Any) -> Any:
        if changes.get("status") == "booked":
            raise asyncio.CancelledError()  # SIGTERM mid-await
        return await real(entry_id, changes=changes, idempotency_key=idempotency_key, **kw)

    monkeypatch.setattr(platform, "update_waitlist_entry", stopped)
    scene.store.record_fill_yes(offer["id"], at=scene.clock(), message_id="inmsg_1")
    with pytest.raises(asyncio.CancelledError):
        await fill.replies._take_up_yes(scene.copilot, scene.store.fill_offer(offer["id"]))
    monkeypatch.setattr(platform, "update_waitlist_entry", real)
    copilot, store = restarted(scene.world, scene.clock)
    store.reclaim_outbox(now=scene.clock())
    await redrive_outbox(copilot)
    scene.clock.advance(minutes=1)
    await fill.expire_offers(copilot)
    assert len(scene.bookings_for(first["client_id"])) == 1
    assert store.fill_proposal(scene.proposal["id"])["status"] == "booked"
    assert store.fill_offer(offer["id"])["status"] == "booked"
    assert "(booked)" in scene.card_text() and "(approved)" not in scene.card_text()
    assert not store.stale_fill_cards()
    scene.clock.advance(hours=3)  # the slot starts: a booked card stays booked
    await fill.expire_offers(copilot)
    assert store.fill_proposal(scene.proposal["id"])["status"] == "booked"
