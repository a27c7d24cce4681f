"""rev39c A: within one expiry run each "waiting" reads her location's waitlist afresh. The run awaits redrafts and
Slack posts between its writes (moving each card on), so a read kept for the whole run sent a later "waiting" over a
desk's removal made meanwhile."""
from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest

from spa_copilot import fill
from spa_copilot.domain import WaitlistStatus
from spa_copilot.fill import expiry
from spa_copilot.fill.outbox import _waitlist_write, deliver
from tests.fill_scene import Scene, proposed


async def test_a_desk_removal_during_the_run_is_not_undone(scene: Scene, monkeypatch: pytest.MonkeyPatch) -> None:
    await proposed(scene)
    first, offer = await scene.first_offer_sent()
    spa = scene.world.spa
    location = spa.waitlist[first["entry_id"]].location_id
    other = next(e for e in spa.waitlist.values()
                 if e.status == WaitlistStatus.waiting and e.location_id == location and e.id != first["entry_id"])
    spa.waitlist[other.id] = other.model_copy(update={"status": WaitlistStatus.offered})  # her hold ran out too
    real_location = scene.store.fill_entry_location
    monkeypatch.setattr(scene.store, "fill_entry_location",
                        lambda entry_id: location if entry_id == other.id else real_location(entry_id))
    moved: list[str] = []

    async def retrying(copilot: Any, now: Any) -> None:  # the run goes on (an abandoned proposal redrafted) ...
        moved.append(now)
        # ... meanwhile the desk removes the other guest at her request; then her own hold's "waiting" is decided
        spa.waitlist[other.id] = spa.waitlist[other.id].model_copy(update={"status": WaitlistStatus.cancelled})
        key = _waitlist_write(copilot, other.id, WaitlistStatus.waiting, key="fill:o2:expired")
        assert key is not None
        await deliver(copilot, key)

    monkeypatch.setattr(expiry, "_retry_abandoned", retrying)
    scene.clock.current = datetime.fromisoformat(offer["expires_at"]) + timedelta(seconds=20)
    await fill.expire_offers(scene.copilot)
    assert moved and spa.waitlist[first["entry_id"]].status == WaitlistStatus.waiting  # the first expiry read it
    assert spa.waitlist[other.id].status == WaitlistStatus.cancelled
    assert scene.store.outbox_item("fill:o2:expired").last_error == "not needed: the entry shows cancelled"
