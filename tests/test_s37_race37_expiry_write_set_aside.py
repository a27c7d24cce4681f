"""rev36d L1, the other half: the expiry's "waiting" for her entry still held up (an outage) when her in-time YES takes
the slot back is set aside in the same transaction, so it never goes out while she is being booked; an offer given up
again afterwards (its slot starting before the booking could be made) writes "waiting" anew."""
from __future__ import annotations

import contextlib
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from spa_copilot import fill
from spa_copilot.domain import WaitlistStatus
from spa_copilot.platform.errors import PlatformUnavailable
from spa_copilot.store import Store
from tests.fill_scene import Scene, down_once, proposed, sms_reply


def test_a_pending_write_set_aside(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "state.db")
    store.enqueue("w:offered", kind="fill.waitlist", subject_id="wl_1", payload={"status": "offered"})
    store.enqueue("w:waiting", kind="fill.waitlist", subject_id="wl_1", payload={"status": "waiting"})
    now = datetime(2026, 12, 6, 9, tzinfo=UTC)
    assert store.claim_outbox("w:offered", now=now, lease=timedelta(minutes=5))
    assert not store.supersede_pending("w:offered")  # being sent: it is not stopped
    assert store.supersede_pending("w:waiting") and not store.supersede_pending("w:waiting")
    assert not store.supersede_pending("w:none")
    item = store.outbox_item("w:waiting")
    assert item.status == "failed" and not store.claim_outbox("w:waiting", now=now, lease=timedelta(minutes=5))
    assert store.pending_outbox(now=now) == []


async def test_the_expiry_s_waiting_held_up_by_an_outage_never_goes_out_once_her_yes_takes_the_slot_back(
    scene: Scene, monkeypatch: pytest.MonkeyPatch
) -> None:
    await proposed(scene)
    first, offer = await scene.first_offer_sent()
    entry = first["entry_id"]
    assert scene.world.spa.waitlist[entry].status == WaitlistStatus.offered
    down_once(monkeypatch, scene.copilot.platform, "update_waitlist_entry")  # the expiry's "waiting" meets an outage
    expires = datetime.fromisoformat(offer["expires_at"])
    scene.clock.current = expires + timedelta(seconds=20)
    await fill.expire_offers(scene.copilot)
    real_book = scene.copilot.platform.book_appointment

    async def book_down(*a: Any, **k: Any) -> Any:
        raise PlatformUnavailable("book: HTTP 503 after 5 attempts", status=503)

    monkeypatch.setattr(scene.copilot.platform, "book_appointment", book_down)
    await fill.on_message_received(scene.copilot, sms_reply(first["client_id"], "YES", expires - timedelta(seconds=30)))
    await fill.redrive_outbox(scene.copilot)  # the booking still waits for the spa system
    assert scene.world.spa.waitlist[entry].status == WaitlistStatus.offered, "waiting while she is being booked"
    monkeypatch.setattr(scene.copilot.platform, "book_appointment", real_book)
    await fill.redrive_outbox(scene.copilot)
    assert scene.world.spa.waitlist[entry].status == WaitlistStatus.booked
    assert len(scene.bookings_for(first["client_id"])) == 1 and scene.proposal["status"] == "booked"


async def test_her_yes_never_re_checked_before_the_slot_starts_leaves_her_entry_waiting(
    scene: Scene, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The expiry's "waiting" set aside by her YES's taking the slot back; the re-check then never gets an answer and
    the slot starts: its hold given up again writes "waiting" anew (not left "offered", which every later opening
    would pass over)."""
    await proposed(scene)
    first, offer = await scene.first_offer_sent()
    entry = first["entry_id"]
    down_once(monkeypatch, scene.copilot.platform, "update_waitlist_entry")  # the expiry's "waiting" meets an outage
    expires = datetime.fromisoformat(offer["expires_at"])
    scene.clock.current = expires + timedelta(seconds=20)
    await fill.expire_offers(scene.copilot)
    platform = scene.copilot.platform
    read_waitlist = platform.list_waitlist
    for name in ("get_client", "list_appointments", "list_waitlist", "get_appointment"):  # the re-check's reads
        async def down(*a: Any, _n: str = name, **k: Any) -> Any:
            raise PlatformUnavailable(f"{_n}: HTTP 503", status=503)
        monkeypatch.setattr(platform, name, down)
    with contextlib.suppress(PlatformUnavailable):
        await fill.on_message_received(scene.copilot, sms_reply(first["client_id"], "YES", expires - timedelta(seconds=30)))
    assert scene.store.fill_offer(offer["id"])["yes_at"]  # taken back, its re-check waiting for the spa system
    await fill.redrive_outbox(scene.copilot)
    assert scene.world.spa.waitlist[entry].status == WaitlistStatus.offered
    scene.clock.current = datetime.fromisoformat(scene.proposal["opening"]["start"]) + timedelta(minutes=1)
    await fill.expire_offers(scene.copilot)
    await fill.redrive_outbox(scene.copilot)
    assert scene.store.fill_offer(offer["id"])["status"] == "expired"
    # her entry is read first (the desk may have changed it since the offer): held while it cannot be, not sent blind
    assert scene.world.spa.waitlist[entry].status == WaitlistStatus.offered
    monkeypatch.setattr(platform, "list_waitlist", read_waitlist)  # the spa system answers again
    scene.clock.advance(minutes=1)
    await fill.redrive_outbox(scene.copilot)
    assert scene.world.spa.waitlist[entry].status == WaitlistStatus.waiting
    assert not scene.bookings_for(first["client_id"])
