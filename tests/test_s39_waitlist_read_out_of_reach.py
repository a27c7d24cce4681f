"""rev39h M1: the expiry's "waiting" reads her entry before its first PATCH; when that read stays out of reach (a
page of the location's list timing out) while the PATCH would work, the write was held with no limit, leaving her
"offered", out of every ranking, for good (the session's start sent it at once). After UNREADABLE_READS re-drives
whose reads were out of reach, a write of which nothing was sent goes out unread, as a malformed page's does."""
from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest

from spa_copilot import fill
from spa_copilot.domain import WaitlistStatus
from spa_copilot.fill.waitlist_writes import UNREADABLE_READS
from spa_copilot.platform.errors import PlatformUnavailable
from tests.fill_scene import Scene, proposed


async def _expiry_read_out_of_reach(
    scene: Scene, monkeypatch: pytest.MonkeyPatch
) -> tuple[dict[str, Any], str]:
    """The first offer's hold runs out while the spa system's waitlist cannot be read (every read times out): its
    expiry's "waiting", read first, is held. Her candidate and the write's key."""
    await proposed(scene)
    first, offer = await scene.first_offer_sent()

    async def timing_out(*args: Any, **kwargs: Any) -> Any:
        raise PlatformUnavailable("GET /v1/waitlist: page 7 timed out after retries")

    monkeypatch.setattr(scene.copilot.platform, "list_waitlist", timing_out)
    scene.clock.current = datetime.fromisoformat(offer["expires_at"]) + timedelta(seconds=20)
    await fill.expire_offers(scene.copilot)
    return first, f"fill:{offer['id']}:expired"


async def test_a_first_try_whose_read_stays_out_of_reach_goes_out_unread_after_an_hour(
    scene: Scene, monkeypatch: pytest.MonkeyPatch
) -> None:
    first, key = await _expiry_read_out_of_reach(scene, monkeypatch)
    entry, spa = first["entry_id"], scene.world.spa
    for _ in range(UNREADABLE_READS - 2):
        scene.clock.advance(minutes=1)
        await fill.redrive_outbox(scene.copilot)
    assert scene.store.outbox_item(key).status == "pending"  # held while the hour runs
    assert spa.waitlist[entry].status == WaitlistStatus.offered
    scene.clock.advance(minutes=1)
    await fill.redrive_outbox(scene.copilot)
    assert scene.store.outbox_item(key).status == "sent"
    assert spa.waitlist[entry].status == WaitlistStatus.waiting
