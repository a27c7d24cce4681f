"""rev38j J4: a guest whose hold ran out, found booked at that hour by hand by a calendar poll (no second YES of hers):
her waitlist entry is marked booked, as her YES finding her booked marks it; left "waiting", she stayed in line for
the next opening of what she is booked for."""
from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from spa_copilot import fill, scheduler
from spa_copilot.domain import BookingRequest, WaitlistStatus
from tests.fill_scene import Scene, proposed, sms_reply


async def _late_yes(scene: Scene) -> tuple[dict[str, Any], dict[str, Any]]:
    """Her hold runs out and her late YES drafts a reply card: her candidate row and her offer."""
    await proposed(scene)
    first, offer, expires = await scene.first_hold_given_up(minutes_before_slot=16)
    await fill.on_message_received(scene.copilot, sms_reply(first["client_id"], "YES", expires + timedelta(minutes=1), "m1"))
    await fill.redrive_outbox(scene.copilot)
    return first, offer


def _booked_by_the_desk(scene: Scene, first: dict[str, Any]) -> Any:
    """The desk books her by hand at the card's hour, with the service she was offered."""
    return scene.world.spa.book(BookingRequest(
        location_id=scene.target.location_id, client_id=first["client_id"], service_id=first["service_id"],
        staff_id=first["staff_id"], start_at=datetime.fromisoformat(first["start"]),
        resource_ids=first.get("resource_ids") or [], source="frontDesk"))


async def _late_yes_then_booked(scene: Scene) -> tuple[dict[str, Any], dict[str, Any], Any]:
    """Her hold runs out, her late YES drafts a reply card, the desk books her by hand; a poll sees it."""
    first, offer = await _late_yes(scene)
    mine = _booked_by_the_desk(scene, first)
    scene.clock.advance(seconds=60)
    await scheduler.poll_calendar(scene.copilot)
    await fill.redrive_outbox(scene.copilot)
    return first, offer, mine


async def test_the_poll_that_finds_her_booked_marks_her_entry_booked(scene: Scene) -> None:
    first, offer, mine = await _late_yes_then_booked(scene)
    assert scene.store.fill_offer(offer["id"])["booked_appointment_id"] == mine.id
    # no second YES from her: the poll alone takes her out of line for what she is booked for
    assert scene.world.spa.waitlist[first["entry_id"]].status == WaitlistStatus.booked
    assert scene.store.outbox_item(f"fill:{offer['id']}:expired").status == "sent"  # went out before she was booked
