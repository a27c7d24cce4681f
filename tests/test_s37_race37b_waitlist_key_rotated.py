"""rev37b M1: a waitlist write the spa system refuses with a 401 (the copilot's key being rotated) is kept for the
re-drive, as a text or a booking is (outbox._for_later): before, it was settled "failed" for good, and the expiry's
"waiting" lost so left her entry "offered", which every later opening passes over."""
from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from spa_copilot import fill
from spa_copilot.domain import WaitlistStatus
from spa_copilot.platform.errors import PlatformAuthError
from tests.fill_scene import Scene, down_once, proposed


async def test_the_expiry_waiting_refused_by_a_key_being_rotated_goes_out_later(
    scene: Scene, monkeypatch: pytest.MonkeyPatch
) -> None:
    await proposed(scene)
    first, offer = await scene.first_offer_sent()
    calls = down_once(monkeypatch, scene.copilot.platform, "update_waitlist_entry",
                      PlatformAuthError("update: HTTP 401", status=401))
    scene.clock.current = datetime.fromisoformat(offer["expires_at"]) + timedelta(seconds=20)
    await fill.expire_offers(scene.copilot)
    key = f"fill:{offer['id']}:expired"
    assert calls["n"] == 1 and scene.store.outbox_item(key).status == "pending"
    assert scene.world.spa.waitlist[first["entry_id"]].status == WaitlistStatus.offered
    scene.clock.advance(minutes=1)  # the key is good again; the re-drive runs
    assert await fill.redrive_outbox(scene.copilot) == 1
    assert scene.world.spa.waitlist[first["entry_id"]].status == WaitlistStatus.waiting
    assert scene.store.outbox_item(key).status == "sent" and await fill.redrive_outbox(scene.copilot) == 0
