"""rev36a H1 (1): a YES sent within the hold that arrives while the expiry job is moving the card on (its waitlist
write or the next guest's draft in flight) wins the slot back: nobody else was texted. The move on's compare-and-set
then loses: no draft for the next guest reaches a manager, and the guest gets no "too late" reply card."""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta
from typing import Any

import pytest

from spa_copilot import fill
from spa_copilot.fill import moving_on
from tests.fill_scene import Scene, proposed, sms_reply


def _audited(scene: Scene, action: str) -> list[Any]:
    return [e for e in scene.store.recent_audit(1000, action_prefix=action) if e.action == action]


async def _yes_while_moving_on(scene: Scene, monkeypatch: pytest.MonkeyPatch, slow_step: str) -> dict[str, Any]:
    """The first guest's hold runs out; her YES, sent 30 s before it ended, arrives while ``slow_step`` of the move
    on is in flight. The first guest's candidate row."""
    await proposed(scene)
    first, offer = await scene.first_offer_sent()
    c = scene.copilot
    entered = asyncio.Event()
    if slow_step == "waitlist":
        real = c.platform.update_waitlist_entry

        async def slow(*a: Any, **k: Any) -> Any:
            entered.set()
            await asyncio.sleep(0.3)
            return await real(*a, **k)
        monkeypatch.setattr(c.platform, "update_waitlist_entry", slow)
    else:  # the next guest's draft (a model call takes seconds)
        real_draft = moving_on._draft_invitation

        async def slow_draft(*a: Any, **k: Any) -> Any:
            entered.set()
            await asyncio.sleep(0.3)
            return await real_draft(*a, **k)
        monkeypatch.setattr(moving_on, "_draft_invitation", slow_draft)
    expires = datetime.fromisoformat(offer["expires_at"])
    scene.clock.current = expires + timedelta(seconds=20)  # the expiry job runs 20 s after the hold ended

    async def yes_in_time() -> None:
        await asyncio.wait_for(entered.wait(), 5)
        await fill.on_message_received(c, sms_reply(first["client_id"], "YES", expires - timedelta(seconds=30), "m1"))

    await asyncio.gather(fill.expire_offers(c), yes_in_time())
    await asyncio.sleep(0.1)
    return first


@pytest.mark.parametrize("slow_step", ["waitlist", "draft"])
async def test_in_time_yes_during_the_move_on_books(scene: Scene, monkeypatch: pytest.MonkeyPatch, slow_step: str) -> None:
    first = await _yes_while_moving_on(scene, monkeypatch, slow_step)
    row = scene.proposal
    assert len(scene.sent()) == 1, "nobody else was texted"
    assert len(scene.bookings_for(first["client_id"])) == 1
    assert row["status"] == "booked" and row["current_index"] == 0
    assert _audited(scene, "fill.next") == [], "no draft for the next guest went to a manager"
    assert [r for r in scene.store.fill_proposals(statuses=("pending", "info")) if r["kind"] == "reply"] == []
    thread = scene.thread_text()
    assert "within the hold, but it reached the copilot only after the hold had been given up" in thread
    assert "did not answer" not in thread and "Next:" not in thread
    entry = scene.world.spa.waitlist[scene.entries[0]]
    assert entry.client_id == first["client_id"] and entry.status.value == "booked"
