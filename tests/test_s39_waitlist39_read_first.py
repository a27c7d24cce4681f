"""rev38a L2: a "waiting" decided long after her entry was set "offered" (the expiry's after the hold, a booking that
failed after waiting for the spa system) reads her entry first on its first try too, so a desk's removal or phone
booking meanwhile is never undone; a read out of reach holds it, never drops it; each write reads afresh (rev39c A)."""
from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest

from spa_copilot import fill
from spa_copilot.domain import WaitlistStatus
from spa_copilot.fill.outbox import _waitlist_write, deliver
from tests.fill_scene import Scene, down_once, proposed


async def _hold_ran_out(scene: Scene) -> tuple[str, dict[str, Any]]:
    await proposed(scene)
    first, offer = await scene.first_offer_sent()
    assert scene.world.spa.waitlist[first["entry_id"]].status == WaitlistStatus.offered
    scene.clock.current = datetime.fromisoformat(offer["expires_at"]) + timedelta(seconds=20)
    return first["entry_id"], offer


@pytest.mark.parametrize("desk", [WaitlistStatus.cancelled, WaitlistStatus.booked])
async def test_a_desk_change_during_the_hold_is_not_undone_by_the_expiry(scene: Scene, desk: WaitlistStatus) -> None:
    spa = scene.world.spa
    entry, offer = await _hold_ran_out(scene)
    spa.waitlist[entry] = spa.waitlist[entry].model_copy(update={"status": desk})  # the desk, during the hold
    await fill.expire_offers(scene.copilot)
    assert spa.waitlist[entry].status == desk
    item = scene.store.outbox_item(f"fill:{offer['id']}:expired")
    assert item.status == "failed" and item.last_error == f"not needed: the entry shows {desk.value}"


async def test_the_expiry_s_read_out_of_reach_holds_its_write_for_the_re_drive(
    scene: Scene, monkeypatch: pytest.MonkeyPatch
) -> None:
    entry, offer = await _hold_ran_out(scene)
    reads = down_once(monkeypatch, scene.copilot.platform, "list_waitlist")
    await fill.expire_offers(scene.copilot)
    item = scene.store.outbox_item(f"fill:{offer['id']}:expired")
    assert reads["n"] == 1 and item.status == "pending" and item.last_error == "PlatformUnavailable"
    assert scene.world.spa.waitlist[entry].status == WaitlistStatus.offered  # not sent unread
    scene.clock.advance(minutes=1)
    await fill.redrive_outbox(scene.copilot)
    assert scene.world.spa.waitlist[entry].status == WaitlistStatus.waiting


async def test_a_failed_booking_s_waiting_leaves_an_entry_the_desk_removed(scene: Scene) -> None:
    spa = scene.world.spa
    entry = next(e for e in spa.waitlist.values() if e.status == WaitlistStatus.waiting).id
    spa.waitlist[entry] = spa.waitlist[entry].model_copy(update={"status": WaitlistStatus.cancelled})
    key = _waitlist_write(scene.copilot, entry, WaitlistStatus.waiting, key="fill:fp_1:sms:0:book:waiting")
    assert key is not None
    assert not await deliver(scene.copilot, key)  # its first try
    assert spa.waitlist[entry].status == WaitlistStatus.cancelled


def test_which_first_tries_read_her_entry() -> None:
    from spa_copilot.fill.waitlist_writes import _read_first

    assert _read_first("fill:o1:expired", {"status": "waiting"})
    assert _read_first("fill:o1:sms:0:book:waiting", {"status": "waiting"})
    assert not _read_first("fill:o1:declined:then-waiting", {"status": "waiting"})  # decided on what it just read
    assert not _read_first("fill:o1:sms:0:offered", {"status": "offered"})
    assert not _read_first("fill:o1:sms:0:book:booked", {"status": "booked"})


async def test_writes_within_one_run_each_read_their_location_s_waitlist_afresh(
    scene: Scene, monkeypatch: pytest.MonkeyPatch
) -> None:
    """rev39c A: no read kept for the run (it aged through the run's redrafts and Slack posts, undoing a desk's removal
    made meanwhile); each write reads its location's list, not the whole waitlist."""
    from spa_copilot.fill.waitlist_writes import _entry_status

    spa, platform = scene.world.spa, scene.copilot.platform
    entries = [e for e in spa.waitlist.values() if e.status == WaitlistStatus.waiting]
    location = entries[0].location_id
    entries = [e for e in entries if e.location_id == location][:2]
    assert len(entries) == 2
    for entry in entries:  # as an offer leaves them (and the store knows where it was made)
        spa.waitlist[entry.id] = entry.model_copy(update={"status": WaitlistStatus.offered})
    monkeypatch.setattr(scene.store, "fill_entry_location", lambda entry_id: location)
    asked: list[Any] = []
    real = platform.list_waitlist

    async def listing(*a: Any, **k: Any) -> Any:
        asked.append(k.get("location_id"))
        return await real(*a, **k)

    monkeypatch.setattr(platform, "list_waitlist", listing)
    for n, entry in enumerate(entries):
        key = _waitlist_write(scene.copilot, entry.id, WaitlistStatus.waiting, key=f"fill:o{n}:expired")
        assert key is not None and await deliver(scene.copilot, key)
    assert await _entry_status(scene.copilot, entries[0].id, location) == WaitlistStatus.waiting
    assert asked == [location] * 3
    assert all(spa.waitlist[entry.id].status == WaitlistStatus.waiting for entry in entries)
