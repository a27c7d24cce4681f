"""A YES that finds her already booked at that time (the front desk booked her by phone meanwhile): nothing more is
booked (as before), and her waitlist entry ends "booked", not left "offered", which would leave her out of every
later ranking as if an offer were still open; the card's thread says so once, however often the YES is retried."""

from __future__ import annotations

from typing import Any

import pytest

from spa_copilot import fill
from spa_copilot.domain import BookingRequest, WaitlistStatus
from tests.fill_scene import Scene, proposed

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


async def _booked_by_phone_then_yes(scene: Scene) -> tuple[dict[str, Any], dict[str, Any], str]:
    await proposed(scene)
    first, offer = await scene.first_offer_sent()
    await fill.redrive_outbox(scene.copilot)
    assert scene.world.spa.waitlist[first["entry_id"]].status == WaitlistStatus.offered
    line = scene.target.services[0]
    by_phone = BookingRequest(location_id=scene.target.location_id, client_id=first["client_id"],
                              service_id=line.service_id, staff_id=line.staff_id, start_at=line.start_at,
                              resource_ids=list(line.resource_ids), source="frontDesk")
    made = await scene.copilot.platform.book_appointment(by_phone, idempotency_key="front-desk:1")
    scene.clock.advance(minutes=2)
    await scene.reply(first["client_id"], "YES")
    await fill.redrive_outbox(scene.copilot)
    return first, offer, made.id


async def test_her_waitlist_entry_ends_booked(scene: Scene) -> None:
    first, offer, made = await _booked_by_phone_then_yes(scene)
    assert scene.store.fill_offer(offer["id"])["status"] == "lost"
    assert scene.bookings_for(first["client_id"]) == []  # nothing booked by the copilot
    assert scene.world.spa.waitlist[first["entry_id"]].status == WaitlistStatus.booked
    entries = await scene.copilot.platform.list_waitlist(location_id=scene.target.location_id)
    assert next(e.status for e in entries if e.id == first["entry_id"]) == WaitlistStatus.booked
    assert not scene.store.pending_outbox(now=scene.clock())  # the write went through, nothing left to re-drive


async def test_the_thread_says_she_is_booked_and_her_entry_marked_once(scene: Scene) -> None:
    first, offer, made = await _booked_by_phone_then_yes(scene)
    await scene.reply(first["client_id"], "YES")  # a second YES (or the webhook retried) adds nothing
    await fill.expire_offers(scene.copilot)
    thread = scene.thread_text()
    assert thread.count(f"is already booked at that time in the spa system (appointment {made})") == 1, thread
    assert thread.count("waitlist entry is marked booked") == 1, thread
    assert "no longer free" not in thread and "late YES" not in thread
    assert f"appointment {made}" in scene.card_text()  # the card itself says so too (its closing reason)
