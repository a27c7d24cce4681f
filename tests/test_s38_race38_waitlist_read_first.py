"""race38 (rev37f M-A, L-B, L-C; rev37b M1): a waitlist write tried or held before (an outage, a key refused while IT
changes it, a process stopped mid-send) reads her entry first and is sent only while it still shows a status the
copilot expected there when it decided the write (the payload's ``from``) or the write's own. The desk, working in
Mangomint while the copilot could not, may have removed her from the list or booked her by phone: that is left alone.
A write refused with a 401 is held for the re-drive (said once), and a malformed page during the read is tried again."""
from __future__ import annotations

import asyncio
import logging
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from spa_copilot import fill, scheduler
from spa_copilot.domain import WaitlistStatus
from spa_copilot.fill.waitlist_writes import _expected
from spa_copilot.platform.errors import PlatformAuthError, PlatformProtocolError, PlatformUnavailable
from spa_copilot.store import Store
from tests.fill_scene import Scene, down_once, proposed, sms_reply
from tests.test_s37_race37b_waitlist_desk_change_kept import _offered_lands_unanswered_after_no, _stop


def test_a_write_recorded_before_from_was_expects_what_the_copilot_leaves_before_it() -> None:
    assert _expected({"entry_id": "wl_1", "status": "waiting"}) == ["offered"]
    assert _expected({"entry_id": "wl_1", "status": "offered"}) == ["waiting"]
    assert _expected({"entry_id": "wl_1", "status": "booked"}) == ["offered", "waiting"]  # the expiry's may have landed
    assert _expected({"entry_id": "wl_1", "status": "waiting", "from": ["booked"]}) == ["booked"]


def test_the_outbox_item_reads_why_its_last_try_did_not_settle_it(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "state.db")
    store.enqueue("w:waiting", kind="fill.waitlist", subject_id="wl_1", payload={"status": "waiting"})
    assert store.outbox_item("w:waiting").last_error is None
    assert store.claim_outbox("w:waiting", now=datetime(2026, 1, 1, tzinfo=None), lease=timedelta(minutes=5))
    store.mark_outbox("w:waiting", status="pending", error="PlatformAuthError")
    assert store.outbox_item("w:waiting").last_error == "PlatformAuthError"


def _key_refused(monkeypatch: pytest.MonkeyPatch, scene: Scene) -> dict[str, Any]:
    """Every call of the spa system's API refuses the copilot's key (401) while ``state["refused"]``."""
    platform, state = scene.copilot.platform, {"refused": True}
    for name in ("update_waitlist_entry", "list_waitlist"):
        real = getattr(platform, name)

        def refusing(real: Any = real, name: str = name) -> Any:
            async def call(*a: Any, **k: Any) -> Any:
                if state["refused"]:
                    raise PlatformAuthError(f"{name}: HTTP 401", status=401)
                return await real(*a, **k)
            return call

        monkeypatch.setattr(platform, name, refusing())
    return state


async def _expiry_write_held_by_a_refused_key(scene: Scene, monkeypatch: pytest.MonkeyPatch) -> tuple[str, str, Any]:
    """The first offer's hold runs out while the key is refused: its "waiting" is held. Her entry, the write's key, and
    the refusal's switch."""
    await proposed(scene)
    first, offer = await scene.first_offer_sent()
    assert scene.world.spa.waitlist[first["entry_id"]].status == WaitlistStatus.offered
    state = _key_refused(monkeypatch, scene)
    scene.clock.current = datetime.fromisoformat(offer["expires_at"]) + timedelta(seconds=20)
    await fill.expire_offers(scene.copilot)
    rows = scene.store.db.query(
        "SELECT key FROM outbox WHERE kind = 'fill.waitlist' AND json_extract(payload, '$.status') = 'waiting'")
    (key,) = [row["key"] for row in rows]
    item = scene.store.outbox_item(key)
    assert item.status == "pending" and item.payload["from"] == ["offered"]  # held, not dropped
    return first["entry_id"], key, state


@pytest.mark.parametrize("desk", [WaitlistStatus.cancelled, WaitlistStatus.booked])
async def test_a_write_held_by_a_refused_key_leaves_the_desks_change_alone_when_the_key_mends(
    scene: Scene, monkeypatch: pytest.MonkeyPatch, desk: WaitlistStatus
) -> None:
    entry, key, state = await _expiry_write_held_by_a_refused_key(scene, monkeypatch)
    spa = scene.world.spa
    spa.waitlist[entry] = spa.waitlist[entry].model_copy(update={"status": desk})  # she asked off / booked by phone
    scene.clock.advance(hours=48)
    state["refused"] = False  # IT puts the new key in
    await fill.redrive_outbox(scene.copilot)
    assert spa.waitlist[entry].status == desk
    item = scene.store.outbox_item(key)
    assert item.status == "failed" and item.last_error == f"not needed: the entry shows {desk.value}"
    assert await fill.redrive_outbox(scene.copilot) == 0


async def test_a_write_held_by_a_refused_key_goes_out_when_the_key_mends_and_is_said_once(
    scene: Scene, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING, logger="spa_copilot")
    entry, key, state = await _expiry_write_held_by_a_refused_key(scene, monkeypatch)
    for _ in range(5):  # re-drives while the key is still refused
        scene.clock.advance(minutes=1)
        await fill.redrive_outbox(scene.copilot)
    warned = [r for r in caplog.records if r.getMessage().startswith(f"waitlist entry {entry}")]
    assert len(warned) == 1 and "PlatformAuthError" in warned[0].getMessage()
    assert scene.store.outbox_item(key).status == "pending"
    state["refused"] = False
    scene.clock.advance(minutes=1)
    await fill.redrive_outbox(scene.copilot)
    assert scene.world.spa.waitlist[entry].status == WaitlistStatus.waiting  # back in the rankings
    assert scene.store.outbox_item(key).status == "sent"


async def test_the_latest_write_cut_off_mid_send_leaves_a_desk_removal_alone_at_the_restart(
    scene: Scene, monkeypatch: pytest.MonkeyPatch
) -> None:
    """rev37f M-A's third case: her NO's "waiting" (not superseded) is cut off before it reached the spa system; the
    desk removes her entry while the copilot is down; the restart's re-drive reads it first."""
    await proposed(scene)
    platform = scene.copilot.platform
    real = platform.update_waitlist_entry
    started, hung = asyncio.Event(), []

    async def update(entry_id: str, *a: Any, **k: Any) -> Any:
        if k["changes"]["status"] == "waiting" and not started.is_set():
            started.set()
            hung.append(asyncio.current_task())
            await asyncio.Event().wait()  # the process stops before the PATCH goes out
        return await real(entry_id, *a, **k)

    monkeypatch.setattr(platform, "update_waitlist_entry", update)
    first, offer = await scene.first_offer_sent()
    scene.clock.advance(minutes=2)
    task = asyncio.create_task(
        fill.on_message_received(scene.copilot, sms_reply(first["client_id"], "No thanks", scene.clock(), "m_no")))
    await asyncio.wait_for(started.wait(), 5)
    monkeypatch.setattr(platform, "update_waitlist_entry", real)
    spa, entry = scene.world.spa, first["entry_id"]
    spa.waitlist[entry] = spa.waitlist[entry].model_copy(update={"status": WaitlistStatus.cancelled})  # the desk
    scene.clock.advance(hours=2)
    fill.install(scene.copilot, scheduler.AsyncIOScheduler(timezone="UTC"))  # the restarted process
    await fill.redrive_outbox(scene.copilot)
    await _stop([task, *hung])
    assert spa.waitlist[entry].status == WaitlistStatus.cancelled
    item = scene.store.outbox_item(f"fill:{offer['id']}:declined")
    assert item.status == "failed" and item.last_error.startswith("not needed")


async def test_a_malformed_page_during_the_read_is_tried_again(scene: Scene, monkeypatch: pytest.MonkeyPatch) -> None:
    """rev37f L-B: a gateway's page or a repeated cursor once is no reason to drop the follow-up for good."""
    entry, hung = await _offered_lands_unanswered_after_no(scene, monkeypatch)
    reads = down_once(monkeypatch, scene.copilot.platform, "list_waitlist",
                      PlatformProtocolError("/v1/waitlist: pagination repeated cursor 'c2'"))
    await fill.redrive_outbox(scene.copilot)
    assert reads["n"] == 1 and scene.world.spa.waitlist[entry].status == WaitlistStatus.offered  # kept for later
    scene.clock.advance(minutes=1)
    await fill.redrive_outbox(scene.copilot)
    await _stop(hung)
    assert reads["n"] == 2 and scene.world.spa.waitlist[entry].status == WaitlistStatus.waiting  # put right


async def test_the_expirys_waiting_in_flight_when_her_yes_takes_the_slot_back_never_goes_out(
    scene: Scene, monkeypatch: pytest.MonkeyPatch
) -> None:
    """rev37b L1: the expiry's "waiting" is being sent (the spa system slow) when her in-time YES takes the slot back,
    so the reclaim cannot set it aside; that try then gives up. Its re-drive, while her booking still waits for the
    spa system, must not set her entry "waiting" (rankable, the desk may phone her); the booking then sets "booked"."""
    await proposed(scene)
    first, offer = await scene.first_offer_sent()
    entry, platform = first["entry_id"], scene.copilot.platform
    real_update, real_book = platform.update_waitlist_entry, platform.book_appointment
    entered, reclaimed = asyncio.Event(), asyncio.Event()

    async def update(entry_id: str, *a: Any, **k: Any) -> Any:
        if k["changes"]["status"] == "waiting" and not entered.is_set():
            entered.set()
            await asyncio.wait_for(reclaimed.wait(), 5)  # the client's retries still running, then giving up
            raise PlatformUnavailable("update: HTTP 503 after 5 attempts", status=503)
        return await real_update(entry_id, *a, **k)

    async def book_down(*a: Any, **k: Any) -> Any:
        raise PlatformUnavailable("book: HTTP 503 after 5 attempts", status=503)

    monkeypatch.setattr(platform, "update_waitlist_entry", update)
    monkeypatch.setattr(platform, "book_appointment", book_down)
    expires = datetime.fromisoformat(offer["expires_at"])
    scene.clock.current = expires + timedelta(seconds=20)

    async def yes() -> None:
        await asyncio.wait_for(entered.wait(), 5)
        await fill.on_message_received(scene.copilot, sms_reply(first["client_id"], "YES", expires - timedelta(seconds=30)))
        reclaimed.set()

    await asyncio.gather(fill.expire_offers(scene.copilot), yes())
    assert scene.store.outbox_item(f"fill:{offer['id']}:expired").status == "pending"  # held by the outage
    await fill.redrive_outbox(scene.copilot)  # the waitlist answers again; the booking still does not
    assert scene.world.spa.waitlist[entry].status == WaitlistStatus.offered
    item = scene.store.outbox_item(f"fill:{offer['id']}:expired")
    assert item.status == "failed" and item.last_error == "superseded: her YES is being booked"
    monkeypatch.setattr(platform, "book_appointment", real_book)
    scene.clock.advance(minutes=1)
    await fill.redrive_outbox(scene.copilot)
    assert scene.store.fill_offer(offer["id"])["status"] == "booked"
    assert scene.world.spa.waitlist[entry].status == WaitlistStatus.booked
