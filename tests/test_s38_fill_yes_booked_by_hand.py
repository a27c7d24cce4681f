"""rev38f F1, F2, rev38h H1: a YES from a guest the desk booked at that hour by hand. The reply card drafted for her earlier late
YES ("the hold ran out") closes, never to be approved (one Approve texted a booked guest she lost her hold); and only a
booking of what she waited for, at this location, counts as hers: her reflexology later in the hour, or the same
service at the sister location, leaves her YES to a person (her entry here was marked booked, nobody answered her)."""
from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from spa_copilot import fill, scheduler
from spa_copilot.domain import BookingRequest, WaitlistStatus
from spa_copilot.fill.decisions import REPLY_BOOKED_TEXT, _reply_overtaken
from spa_copilot.fill.late_reply import REPLY_BOOKED_REASON
from spa_copilot.fill.outbox import BOOKED_REPLY_REASON, OUTBOX_REPLY, _too_late_to_write
from tests.fill_scene import Scene, proposed, sms_reply


async def _yes(scene: Scene, guest: dict[str, Any], at: datetime, message_id: str, body: str = "YES") -> None:
    await fill.on_message_received(scene.copilot, sms_reply(guest["client_id"], body, at, message_id))
    await fill.redrive_outbox(scene.copilot)


def _book(scene: Scene, guest: dict[str, Any], **changes: Any) -> Any:
    request = dict(location_id=scene.target.location_id, client_id=guest["client_id"], service_id=guest["service_id"],
                   staff_id=guest["staff_id"], start_at=datetime.fromisoformat(guest["start"]),
                   resource_ids=guest.get("resource_ids") or [], source="frontDesk") | changes
    return scene.world.spa.book(BookingRequest(**request))


async def test_her_late_yes_s_reply_card_closes_once_she_is_found_booked(scene: Scene) -> None:
    await proposed(scene)
    first, offer, expires = await scene.first_hold_given_up(minutes_before_slot=16)
    await _yes(scene, first, expires + timedelta(minutes=1), "m1")
    reply = scene.store.fill_proposal_for(f"reply:{offer['id']}")
    assert reply is not None and reply["status"] == "pending"  # "the hold ran out", for a manager
    mine = _book(scene, first)  # a manager books her by hand, as that card suggests
    scene.clock.advance(seconds=60)
    await scheduler.poll_calendar(scene.copilot)
    await _yes(scene, first, scene.clock(), "m2", "Yes!!")
    reply = scene.store.fill_proposal_for(f"reply:{offer['id']}")
    assert reply["status"] == "expired"
    assert reply["reason"] == REPLY_BOOKED_REASON.format(first_name=first["first_name"], appointment=mine.id)
    assert scene.store.fill_offer(offer["id"])["booked_appointment_id"] == mine.id
    # one approved before (waiting for texting hours) is stopped at its send, and an Approve says why
    assert _too_late_to_write(scene.copilot, OUTBOX_REPLY, {"proposal_id": reply["id"]}) == BOOKED_REPLY_REASON
    assert _reply_overtaken(scene.copilot, reply) == REPLY_BOOKED_TEXT.format(first_name=first["first_name"],
                                                                              appointment=mine.id)


async def test_her_booking_of_another_service_in_the_hour_is_not_the_one_she_waited_for(scene: Scene) -> None:
    await proposed(scene)
    first, offer, expires = await scene.first_hold_given_up(minutes_before_slot=16)
    start = datetime.fromisoformat(first["start"]) + timedelta(minutes=30)
    made = None
    for service in (s for s in scene.world.data.services if s.id != first["service_id"]):
        try:
            made = _book(scene, first, service_id=service.id, start_at=start, resource_ids=[])
            break
        except Exception:  # noqa: BLE001 - a service this therapist or hour cannot take: the next one
            continue
    assert made is not None
    scene.clock.advance(seconds=60)
    await scheduler.poll_calendar(scene.copilot)
    await _yes(scene, first, expires - timedelta(seconds=40), "m1")  # within her hold
    assert scene.world.spa.waitlist[first["entry_id"]].status != WaitlistStatus.booked
    assert scene.store.fill_proposal_for(f"reply:{offer['id']}") is not None  # a person answers her


async def test_her_booking_at_the_sister_location_is_not_this_slot_s(scene: Scene) -> None:
    await proposed(scene)
    first, offer, expires = await scene.first_hold_given_up(minutes_before_slot=16)
    other = next(loc for loc in scene.world.data.locations if loc.id != scene.target.location_id)
    made = None
    for staff in (s for s in scene.world.data.staff if s.location_id == other.id):
        try:
            made = _book(scene, first, location_id=other.id, staff_id=staff.id, resource_ids=[])
            break
        except Exception:  # noqa: BLE001 - a therapist who cannot take it: the next one
            continue
    assert made is not None
    scene.clock.advance(seconds=60)
    await scheduler.poll_calendar(scene.copilot)
    await _yes(scene, first, expires + timedelta(minutes=1), "m1")
    assert scene.world.spa.waitlist[first["entry_id"]].status != WaitlistStatus.booked
    assert scene.store.fill_proposal_for(f"reply:{offer['id']}") is not None


async def test_her_late_yes_s_reply_card_closes_at_the_poll_that_finds_her_booked(scene: Scene) -> None:
    """rev38h H1: she need not text again: the calendar poll that closes the list for her booking closes it."""
    await proposed(scene)
    first, offer, expires = await scene.first_hold_given_up(minutes_before_slot=16)
    await _yes(scene, first, expires + timedelta(minutes=1), "m1")
    assert scene.store.fill_proposal_for(f"reply:{offer['id']}")["status"] == "pending"
    mine = _book(scene, first)
    scene.clock.advance(seconds=60)
    await scheduler.poll_calendar(scene.copilot)
    reply = scene.store.fill_proposal_for(f"reply:{offer['id']}")
    assert reply["status"] == "expired"
    assert reply["reason"] == REPLY_BOOKED_REASON.format(first_name=first["first_name"], appointment=mine.id)
    assert _too_late_to_write(scene.copilot, OUTBOX_REPLY, {"proposal_id": reply["id"]}) == BOOKED_REPLY_REASON


async def test_a_booking_of_someone_else_leaves_her_reply_card(scene: Scene) -> None:
    await proposed(scene)
    first, offer, expires = await scene.first_hold_given_up(minutes_before_slot=16)
    await _yes(scene, first, expires + timedelta(minutes=1), "m1")
    other = next(c for c in scene.world.data.clients if c.id != first["client_id"])
    _book(scene, first, client_id=other.id)  # a walk-in at the hour: her YES still needs its answer
    scene.clock.advance(seconds=60)
    await scheduler.poll_calendar(scene.copilot)
    assert scene.store.fill_proposal_for(f"reply:{offer['id']}")["status"] == "pending"
    assert scene.store.fill_offer(offer["id"])["status"] == "expired"


async def test_her_reply_card_closes_though_the_card_moved_on_to_the_next_guest(scene: Scene) -> None:
    """rev38j J1: the card she was offered from has moved on (the next guest's text out): the poll that finds her
    booked at the hour still closes the reply card drafted for her late YES."""
    await proposed(scene)
    first, offer, _ = await scene.first_hold_given_up(minutes_before_slot=180)
    await scene.approve_and_wait()  # the next guest's text goes out
    await _yes(scene, first, scene.clock.current + timedelta(minutes=1), "m1")
    assert scene.store.fill_proposal_for(f"reply:{offer['id']}")["status"] == "pending"
    mine = _book(scene, first)
    scene.clock.advance(seconds=60)
    await scheduler.poll_calendar(scene.copilot)
    reply = scene.store.fill_proposal_for(f"reply:{offer['id']}")
    assert (reply["status"], reply["reason"]) == (
        "expired", REPLY_BOOKED_REASON.format(first_name=first["first_name"], appointment=mine.id))
