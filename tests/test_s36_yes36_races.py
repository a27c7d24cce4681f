"""rev36a's passing race checks, kept beside the in-time YES fix (they pass on main too, and must keep passing): two
managers approving at once, two YESes at once, a YES racing the expiry at the hold's edge, a YES before the send's
answer comes back, and the next guest's Approve racing the first guest's reclaim: one text, one booking each time
(the expiry race also checks rev36a L1's thread line)."""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta
from typing import Any

import pytest

from spa_copilot import fill
from spa_copilot.fill._common import card_name
from spa_copilot.slack import ids
from tests.fill_scene import Scene, eventually, proposed, sms_reply


async def test_two_managers_approve_at_once_one_text(scene: Scene) -> None:
    await proposed(scene)
    managers = scene.copilot.settings.spa_manager_ids
    assert len(managers) >= 2, managers
    card = scene.card
    await asyncio.gather(
        scene.world.sender.click(card, ids.APPROVE_FILL, user_id=managers[0]),
        scene.world.sender.click(card, ids.APPROVE_FILL, user_id=managers[1]),
    )
    await eventually(lambda: scene.proposal["status"] == "sent")
    await asyncio.sleep(0.2)
    assert len(scene.sent()) == 1


async def test_two_yes_at_once_book_once(scene: Scene) -> None:
    await proposed(scene)
    first, _ = await scene.first_offer_sent()
    c = scene.copilot
    await asyncio.gather(
        fill.on_message_received(c, sms_reply(first["client_id"], "YES", c.now(), "m1")),
        fill.on_message_received(c, sms_reply(first["client_id"], "Yes please", c.now(), "m2")),
    )
    await eventually(lambda: scene.proposal["status"] == "booked")
    assert len(scene.bookings_for(first["client_id"])) == 1


async def test_yes_at_the_edge_of_the_hold_racing_expiry(scene: Scene) -> None:
    await proposed(scene)
    first, offer = await scene.first_offer_sent()
    c = scene.copilot
    expires = datetime.fromisoformat(offer["expires_at"])
    scene.clock.current = expires + timedelta(seconds=5)
    await asyncio.gather(
        fill.expire_offers(c),
        fill.on_message_received(c, sms_reply(first["client_id"], "YES", expires - timedelta(seconds=2), "m1")),
    )
    await asyncio.sleep(0.1)
    assert scene.proposal["status"] == "booked"
    assert len(scene.bookings_for(first["client_id"])) == 1
    assert len(scene.sent()) == 1
    # the move on's thread line never names the reclaiming guest "Next" (rev36a L1)
    assert f"Next: {card_name(first)}," not in scene.thread_text()


async def test_yes_before_the_sends_answer_comes_back(scene: Scene, monkeypatch: pytest.MonkeyPatch) -> None:
    await proposed(scene)
    first = scene.candidate(0)
    c = scene.copilot
    real = c.platform.send_message
    went = asyncio.Event()

    async def slow_send(*a: Any, **k: Any) -> Any:
        out = await real(*a, **k)
        went.set()
        await asyncio.sleep(0.3)  # the answer is slow to come back; the guest is quicker
        return out
    monkeypatch.setattr(c.platform, "send_message", slow_send)
    row = scene.proposal
    approve = asyncio.create_task(fill.approve_fill(c, row["id"], row["revision"], user_id=scene.world.manager_id))
    await asyncio.wait_for(went.wait(), 5)
    await fill.on_message_received(c, sms_reply(first["client_id"], "YES", c.now(), "m_fast"))
    await approve
    for _ in range(3):
        await fill.expire_offers(c)
    assert len(scene.bookings_for(first["client_id"])) == 1
    assert len(scene.sent()) == 1


async def test_reclaim_racing_the_next_guests_approve(scene: Scene, monkeypatch: pytest.MonkeyPatch) -> None:
    await proposed(scene)
    first, offer, expires = await scene.first_hold_given_up()
    c = scene.copilot
    row = scene.proposal
    assert row["status"] == "pending" and row["current_index"] == 1
    real = c.platform.list_waitlist
    entered = asyncio.Event()

    async def slow(*a: Any, **k: Any) -> Any:
        entered.set()
        await asyncio.sleep(0.3)
        return await real(*a, **k)
    monkeypatch.setattr(c.platform, "list_waitlist", slow)
    approve = asyncio.create_task(fill.approve_fill(c, row["id"], row["revision"], user_id=scene.world.manager_id))
    await asyncio.wait_for(entered.wait(), 5)
    monkeypatch.setattr(c.platform, "list_waitlist", real)
    await fill.on_message_received(c, sms_reply(first["client_id"], "YES", expires - timedelta(seconds=30), "m1"))
    result = await approve
    assert not result.ok
    assert len(scene.sent()) == 1
    assert len(scene.bookings_for(first["client_id"])) == 1
    assert scene.proposal["status"] == "booked"
