"""rev37b L2: a waitlist write the spa system took (a 2xx) but whose answer is not the contract's shape
(PlatformProtocolError) is settled sent and, like any write that landed, followed by the latest status. Before, it
was settled "failed": the expiry's slow "waiting" that landed after the booking's "booked" this way left her entry
"waiting" while she was booked, so a later opening could offer her the slot again (the rev36d L1 harm)."""
from __future__ import annotations

import asyncio
from datetime import datetime, timedelta
from typing import Any

import pytest

from spa_copilot import fill
from spa_copilot.domain import WaitlistStatus
from spa_copilot.platform.errors import PlatformProtocolError
from tests.fill_scene import Scene, proposed, sms_reply


async def test_a_slow_waiting_landed_with_an_unreadable_answer_is_followed_by_booked(
    scene: Scene, monkeypatch: pytest.MonkeyPatch
) -> None:
    await proposed(scene)
    first, offer = await scene.first_offer_sent()
    platform = scene.copilot.platform
    real = platform.update_waitlist_entry
    entered, booked = asyncio.Event(), asyncio.Event()
    order: list[str] = []

    async def update(entry_id: str, *a: Any, **k: Any) -> Any:
        status = k["changes"]["status"]
        slow = status == "waiting" and not entered.is_set()
        if slow:
            entered.set()
            await asyncio.wait_for(booked.wait(), 5)
        answer = await real(entry_id, *a, **k)
        order.append(status)
        if status == "booked":
            booked.set()
        if slow:  # landed; the body read back is not a valid WaitlistEntry
            raise PlatformProtocolError("response is not a valid WaitlistEntry (status: missing)", status=200)
        return answer

    monkeypatch.setattr(platform, "update_waitlist_entry", update)
    expires = datetime.fromisoformat(offer["expires_at"])
    scene.clock.current = expires + timedelta(seconds=20)

    async def yes_in_time() -> None:
        await asyncio.wait_for(entered.wait(), 5)
        await fill.on_message_received(scene.copilot, sms_reply(first["client_id"], "YES", expires - timedelta(seconds=30)))

    await asyncio.gather(fill.expire_offers(scene.copilot), yes_in_time())
    assert order == ["booked", "waiting", "booked"]  # "waiting" landed last, then the latest went again
    assert scene.store.outbox_item(f"fill:{offer['id']}:expired").status == "sent"
    assert len(scene.bookings_for(first["client_id"])) == 1
    assert scene.world.spa.waitlist[first["entry_id"]].status == WaitlistStatus.booked
    assert await fill.redrive_outbox(scene.copilot) == 0
