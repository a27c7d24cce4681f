"""rev39e R5: a NO's "waiting" goes out unread only when decided within her hold. A NO taken after the hold ran out (a
webhook the spa system retried after a downtime, before the expiry run took the offer) is read first, as the
expiry's own write is: it sent "waiting" over the desk's removal made meanwhile."""
from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest

from spa_copilot.domain import WaitlistStatus
from spa_copilot.fill import waitlist_writes
from tests.fill_scene import Scene, proposed


async def test_a_no_taken_after_her_hold_leaves_the_desk_s_removal(scene: Scene) -> None:
    await proposed(scene)
    first, offer = await scene.first_offer_sent()
    entry, spa = first["entry_id"], scene.world.spa
    scene.clock.current = datetime.fromisoformat(offer["expires_at"]) + timedelta(hours=2)  # the copilot was down
    spa.waitlist[entry] = spa.waitlist[entry].model_copy(update={"status": WaitlistStatus.cancelled})
    await scene.reply(first["client_id"], "No thanks")
    item = scene.store.outbox_item(f"fill:{offer['id']}:declined")
    assert item is not None and item.last_error == "not needed: the entry shows cancelled"
    assert spa.waitlist[entry].status == WaitlistStatus.cancelled


async def test_a_no_within_her_hold_is_sent_unread(scene: Scene, monkeypatch: pytest.MonkeyPatch) -> None:
    await proposed(scene)
    first, offer = await scene.first_offer_sent()
    real = waitlist_writes._entry_status
    reads: list[str] = []

    async def counted(copilot: Any, entry_id: str, *a: Any, **k: Any) -> Any:
        reads.append(entry_id)
        return await real(copilot, entry_id, *a, **k)

    monkeypatch.setattr(waitlist_writes, "_entry_status", counted)
    scene.clock.current = datetime.fromisoformat(offer["expires_at"]) - timedelta(minutes=2)
    await scene.reply(first["client_id"], "No thanks")
    assert scene.store.outbox_item(f"fill:{offer['id']}:declined").status == "sent"
    assert scene.world.spa.waitlist[first["entry_id"]].status == WaitlistStatus.waiting
    assert reads == []  # decided within her hold: no read before it (rev39c C)
    key = f"fill:{offer['id']}:declined"
    assert not waitlist_writes._declined_late(scene.copilot, key)
    scene.clock.current = datetime.fromisoformat(offer["expires_at"]) + timedelta(seconds=1)
    assert waitlist_writes._declined_late(scene.copilot, key)
