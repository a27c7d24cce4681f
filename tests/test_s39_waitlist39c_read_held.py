"""rev39e R1, R4: a waitlist write counts as tried (read first, its first-try fallbacks gone, taken for landed once
superseded) only when its PATCH was sent, not when an earlier try was held at its read: a 503 at the expiry's first
read, then a 403 blip or her entry not listed, settled it and left her "offered", out of every ranking, for good; and
superseded since, the desk's own change was taken for its landing and the latest sent over it."""
from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest

from spa_copilot import fill
from spa_copilot.domain import WaitlistStatus
from spa_copilot.fill import waitlist_writes
from spa_copilot.fill.outbox import _waitlist_write, deliver
from spa_copilot.platform.errors import PlatformAuthError, PlatformUnavailable
from spa_copilot.store.db import OutboxItem
from tests.fill_scene import Scene, proposed


async def _expire(scene: Scene, monkeypatch: pytest.MonkeyPatch, script: list[str]) -> tuple[str, str]:
    """Her hold runs out; each read of the waitlist takes the next step of ``script`` ("503", "403", "unlisted"),
    then reads as it is. Her entry and the expiry write's key."""
    await proposed(scene)
    first, offer = await scene.first_offer_sent()
    platform = scene.copilot.platform
    real = platform.list_waitlist
    steps = iter(script)

    async def scripted(*a: Any, **k: Any) -> Any:
        step = next(steps, "ok")
        if step == "503":
            raise PlatformUnavailable("GET /v1/waitlist: HTTP 503 after 5 attempts", status=503)
        if step == "403":
            raise PlatformAuthError("GET /v1/waitlist: HTTP 403: blocked by the gateway", status=403)
        entries = await real(*a, **k)
        return [e for e in entries if e.id != first["entry_id"]] if step == "unlisted" else entries

    monkeypatch.setattr(platform, "list_waitlist", scripted)
    scene.clock.current = datetime.fromisoformat(offer["expires_at"]) + timedelta(seconds=20)
    await fill.expire_offers(scene.copilot)
    return first["entry_id"], f"fill:{offer['id']}:expired"


@pytest.mark.parametrize("blip", ["403", "unlisted"])
async def test_a_write_held_only_at_its_read_keeps_its_first_try_fallbacks(
    scene: Scene, monkeypatch: pytest.MonkeyPatch, blip: str
) -> None:
    entry, key = await _expire(scene, monkeypatch, ["503", blip, blip])  # 503 first; then the location's, whole list
    held = scene.store.outbox_item(key)
    assert held.status == "pending" and held.last_error == "PlatformUnavailable"  # held at its read
    scene.clock.advance(minutes=1)
    await fill.redrive_outbox(scene.copilot)
    item = scene.store.outbox_item(key)
    assert item.status == "sent", (item.status, item.last_error)
    assert scene.world.spa.waitlist[entry].status == WaitlistStatus.waiting  # back in the rankings


async def test_a_write_whose_patch_was_held_still_reads_conservatively(
    scene: Scene, monkeypatch: pytest.MonkeyPatch
) -> None:
    entry, key = await _expire(scene, monkeypatch, [])
    assert scene.store.outbox_item(key).status == "sent"  # control: nothing held, sent at once
    monkeypatch.undo()
    # the same situation with the PATCH held: tried, so a refused read later sends nothing
    offered_key = _waitlist_write(scene.copilot, entry, WaitlistStatus.offered, key="fill:o2:sms:0:offered")
    platform = scene.copilot.platform
    real = platform.update_waitlist_entry

    async def down(*a: Any, **k: Any) -> Any:
        raise PlatformUnavailable("PATCH: HTTP 503", status=503)

    monkeypatch.setattr(platform, "update_waitlist_entry", down)
    assert not await deliver(scene.copilot, offered_key)
    assert scene.store.outbox_item(offered_key).result == {waitlist_writes.PATCHED: True}
    monkeypatch.setattr(platform, "update_waitlist_entry", real)

    async def refused(*a: Any, **k: Any) -> Any:
        raise PlatformAuthError("GET /v1/waitlist: HTTP 403", status=403)

    monkeypatch.setattr(platform, "list_waitlist", refused)
    scene.clock.advance(minutes=1)
    await fill.redrive_outbox(scene.copilot)
    item = scene.store.outbox_item(offered_key)
    assert item.status == "failed" and item.last_error == "not sent: her entry could not be read (PlatformAuthError)"


async def test_a_write_held_at_its_read_then_superseded_is_not_taken_for_landed(
    scene: Scene, monkeypatch: pytest.MonkeyPatch
) -> None:
    spa = scene.world.spa
    entry = next(e for e in spa.waitlist.values() if e.status == WaitlistStatus.waiting).id
    spa.waitlist[entry] = spa.waitlist[entry].model_copy(update={"status": WaitlistStatus.offered})
    platform = scene.copilot.platform
    real = platform.list_waitlist
    mode = {"down": True}

    async def reads(*a: Any, **k: Any) -> Any:
        if mode["down"]:
            raise PlatformUnavailable("GET /v1/waitlist: HTTP 504 after 5 attempts", status=504)
        return await real(*a, **k)

    monkeypatch.setattr(platform, "list_waitlist", reads)
    key = _waitlist_write(scene.copilot, entry, WaitlistStatus.waiting, key="fill:o1:expired")
    assert key is not None and not await deliver(scene.copilot, key)  # held at its read: no PATCH went out
    booked = _waitlist_write(scene.copilot, entry, WaitlistStatus.booked, key="fill:o1:booked")
    assert booked is not None and await deliver(scene.copilot, booked)
    spa.waitlist[entry] = spa.waitlist[entry].model_copy(update={"status": WaitlistStatus.waiting})  # the desk
    mode["down"] = False
    scene.clock.advance(minutes=1)
    await fill.redrive_outbox(scene.copilot)
    assert scene.store.outbox_item(key).last_error == "superseded"
    assert scene.store.outbox_item("fill:o1:expired:then-booked") is None
    assert spa.waitlist[entry].status == WaitlistStatus.waiting


def _item(status: str, attempts: int, result: dict[str, Any] | None) -> OutboxItem:
    return OutboxItem(key="k", kind="fill.waitlist", subject_id="wl_1", payload={}, status=status, attempts=attempts,
                      result=result)


def test_tried_means_a_patch_may_have_gone_out() -> None:
    assert not waitlist_writes._patch_tried(_item("pending", 0, None))
    assert not waitlist_writes._patch_tried(_item("pending", 3, {waitlist_writes.PATCHED: False, "unreadableAt": "2026-01-01T00:00:00+00:00"}))
    assert waitlist_writes._patch_tried(_item("pending", 1, {waitlist_writes.PATCHED: True}))
    assert waitlist_writes._patch_tried(_item("sending", 0, {waitlist_writes.PATCHED: False}))  # a process stopped while it was claimed
    assert waitlist_writes._patch_tried(_item("pending", 2, None))  # held before PATCHED was recorded: as then
