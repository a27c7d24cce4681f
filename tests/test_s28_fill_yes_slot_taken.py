"""A guest whose YES finds the slot taken stays on the waitlist (review rev28a, HIGH 2).

Before, nothing was booked (right) but her waitlist entry was left "offered" in the spa system, so every later
opening left her out ("waitlist entry is offered") while the reply drafted to her said she was still on the waitlist.
Now her entry goes back to "waiting", as after a NO or an expired hold: when the re-check finds the slot gone, and
when the spa system refuses the booking itself (the outbox's failed booking).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest

from spa_copilot import fill, scheduler
from spa_copilot.domain import BookingRequest, WaitlistStatus
from spa_copilot.platform.errors import PlatformConflict, PlatformRejected
from tests.conftest import NOW
from tests.fill_scene import Scene, eventually, proposed

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def _book_by_hand(scene: Scene, offered: dict[str, Any]) -> None:
    walk_in = next(c for c in sorted(scene.world.spa.clients)
                   if c not in {x["client_id"] for x in scene.proposal["candidates"]})
    scene.world.spa.book(BookingRequest(
        location_id=scene.target.location_id, client_id=walk_in, service_id=offered["service_id"],
        staff_id=offered["staff_id"], start_at=datetime.fromisoformat(offered["start"]),
        resource_ids=offered.get("resource_ids") or [], source="frontDesk"))


async def _yes_to_a_taken_slot(scene: Scene) -> tuple[dict[str, Any], dict[str, Any]]:
    await proposed(scene)
    first, offer = await scene.first_offer_sent()
    await fill.redrive_outbox(scene.copilot)
    assert scene.world.spa.waitlist[first["entry_id"]].status == WaitlistStatus.offered
    _book_by_hand(scene, first)
    scene.clock.advance(minutes=2)
    await scene.reply(first["client_id"], "YES")
    await eventually(lambda: (scene.store.fill_offer(offer["id"]) or {}).get("status") == "lost")
    await fill.redrive_outbox(scene.copilot)
    return first, offer


async def test_a_yes_that_finds_the_slot_taken_puts_her_entry_back_to_waiting(scene: Scene) -> None:
    first, _ = await _yes_to_a_taken_slot(scene)
    assert scene.bookings_for(first["client_id"]) == []
    assert scene.world.spa.waitlist[first["entry_id"]].status == WaitlistStatus.waiting
    entries = await scene.copilot.platform.list_waitlist(location_id=scene.target.location_id)
    assert next(e.status for e in entries if e.id == first["entry_id"]) == WaitlistStatus.waiting


async def test_she_is_offered_the_next_opening(scene: Scene) -> None:
    """A later Swedish Massage 60 is cancelled: she is on its card (the cap raised, as on another day: the cap, not
    her entry, is what a text today counts against)."""
    first, _ = await _yes_to_a_taken_slot(scene)
    scene.copilot.settings.offer_daily_cap = 5
    service_id = first["service_id"]
    later = min((a for a in scene.world.spa.appointments.values()
                 if a.location_id == scene.target.location_id and a.is_active and a.id != scene.target.id
                 and scene.target.start_at < a.start_at < NOW + timedelta(hours=10) and len(a.services) == 1
                 and a.services[0].service_id == service_id and a.client_id != first["client_id"]),
                key=lambda a: a.start_at)
    scene.clock.advance(minutes=20)
    response = await scene.world.admin("POST", f"/sandbox/appointments/{later.id}/cancel", json={"reason": "sick"})
    assert response.status_code == 200
    await scheduler.poll_calendar(scene.copilot)
    row = scene.store.fill_proposal_for(later.id)
    assert row is not None
    assert first["client_id"] in [c["client_id"] for c in row["candidates"]]


@pytest.mark.parametrize("refusal", [
    PlatformConflict("POST /v1/appointments: HTTP 409 slot taken", status=409),
    PlatformRejected("POST /v1/appointments: HTTP 422 refused", status=422),
], ids=["taken", "refused"])
async def test_a_booking_the_spa_system_refuses_puts_her_entry_back_to_waiting(
    scene: Scene, monkeypatch: pytest.MonkeyPatch, refusal: Exception
) -> None:
    """The re-check passes but the booking itself is refused (taken a moment before, or refused outright)."""
    await proposed(scene)
    first, offer = await scene.first_offer_sent()
    await fill.redrive_outbox(scene.copilot)

    async def refused(*args: Any, **kwargs: Any) -> Any:
        raise refusal

    monkeypatch.setattr(scene.copilot.platform, "book_appointment", refused)
    await scene.reply(first["client_id"], "YES")
    await eventually(lambda: "Could not book" in scene.thread_text())
    await fill.redrive_outbox(scene.copilot)
    assert scene.store.fill_offer(offer["id"])["status"] in ("lost", "not_booked")
    assert scene.world.spa.waitlist[first["entry_id"]].status == WaitlistStatus.waiting
