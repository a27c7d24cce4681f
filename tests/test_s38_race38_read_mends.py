"""rev38a M1, L1, rev38e M1, L1, L2: the read a held waitlist write makes first asks for the waitlist of the location
where her offer was made (the whole waitlist when she is not found there, or that location's list is refused), and a
read that keeps answering a malformed page does not hold the write for ever: after ``UNREADABLE_READS`` re-drives
running with such answers (outages not counted) it is sent as before reads were asked, a superseded one followed by
the latest."""
from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest

from spa_copilot import fill
from spa_copilot.domain import WaitlistStatus
from spa_copilot.fill.waitlist_writes import UNREADABLE_READS, _bad_reads, _waitlist_write
from spa_copilot.platform.errors import PlatformNotFound, PlatformProtocolError, PlatformUnavailable
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


def test_malformed_reads_are_counted_apart_from_any_other_cause() -> None:
    assert [_bad_reads(held) for held in (None, "PlatformUnavailable", "unreadable 1", "unreadable 59", "unreadable x")] \
        == [0, 0, 1, 59, 0]


async def test_a_held_write_is_sent_unread_after_malformed_reads_running(
    scene: Scene, monkeypatch: pytest.MonkeyPatch
) -> None:
    entry, key, _ = await _expiry_write_held(scene, monkeypatch)
    platform, state = scene.copilot.platform, {"down": True}

    async def malformed(*a: Any, **k: Any) -> Any:
        if state["down"]:
            raise PlatformUnavailable("GET /v1/waitlist: HTTP 503")
        raise PlatformProtocolError("/v1/waitlist: pagination repeated cursor 'c31'")

    monkeypatch.setattr(platform, "list_waitlist", malformed)
    for _ in range(UNREADABLE_READS):  # an outage's tries are not counted as malformed reads
        scene.clock.advance(minutes=1)
        await fill.redrive_outbox(scene.copilot)
    state["down"] = False
    for _ in range(UNREADABLE_READS - 1):  # a bad page is asked again, nothing sent unread yet
        scene.clock.advance(minutes=1)
        await fill.redrive_outbox(scene.copilot)
        assert scene.store.outbox_item(key).status == "pending"
        assert scene.world.spa.waitlist[entry].status == WaitlistStatus.offered
    for _ in range(3):
        scene.clock.advance(minutes=1)
        await fill.redrive_outbox(scene.copilot)
    assert scene.store.outbox_item(key).status == "sent"
    assert scene.world.spa.waitlist[entry].status == WaitlistStatus.waiting


async def test_a_location_s_list_refused_reads_the_whole_waitlist(scene: Scene, monkeypatch: pytest.MonkeyPatch) -> None:
    entry, key, _ = await _expiry_write_held(scene, monkeypatch)
    platform, real = scene.copilot.platform, scene.copilot.platform.list_waitlist

    async def listing(*a: Any, **k: Any) -> Any:
        if k.get("location_id"):
            raise PlatformNotFound("GET /v1/waitlist: HTTP 404", status=404)
        return await real(*a, **k)

    monkeypatch.setattr(platform, "list_waitlist", listing)
    await fill.redrive_outbox(scene.copilot)
    assert scene.store.outbox_item(key).status == "sent"
    assert scene.world.spa.waitlist[entry].status == WaitlistStatus.waiting


async def test_a_superseded_write_unread_for_long_is_followed_by_the_latest(
    scene: Scene, monkeypatch: pytest.MonkeyPatch
) -> None:
    spa, store = scene.world.spa, scene.store
    entry = next(e for e in spa.waitlist.values() if e.status == WaitlistStatus.waiting).id
    offered = _waitlist_write(scene.copilot, entry, WaitlistStatus.offered, key="fill:o1:offered")
    assert store.claim_outbox(offered, now=scene.clock(), lease=timedelta(minutes=5))
    store.mark_outbox(offered, status="pending", error="PlatformUnavailable")  # its answer lost: held
    declined = _waitlist_write(scene.copilot, entry, WaitlistStatus.waiting, key="fill:o1:declined")
    assert store.claim_outbox(declined, now=scene.clock(), lease=timedelta(minutes=5))
    store.mark_outbox(declined, status="sent")  # the NO's "waiting" went through first
    spa.waitlist[entry] = spa.waitlist[entry].model_copy(update={"status": WaitlistStatus.offered})  # landed last

    async def malformed(*a: Any, **k: Any) -> Any:
        raise PlatformProtocolError("GET /v1/waitlist: pagination repeated cursor 'c9'")

    monkeypatch.setattr(scene.copilot.platform, "list_waitlist", malformed)
    for _ in range(UNREADABLE_READS + 1):
        scene.clock.advance(minutes=1)
        await fill.redrive_outbox(scene.copilot)
    assert store.outbox_item(offered).status == "failed"
    assert spa.waitlist[entry].status == WaitlistStatus.waiting
