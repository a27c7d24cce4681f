"""A list to call whose hour the desk books in Mangomint for one of its OWN guests (phoned from the list, or the guest
the thread told a manager to book "by hand (this card then closes)"): the next calendar poll closes it, as it does for
a walk-in, saying why and when (the appointment, not the guest). Before, a guest of the list booked kept it open, still
asking the desk to call the others about a booked hour (rev37d M1). Her in-time YES delivered after that close does
not take the card back: the thread says it came within the hold and that she is booked ("already booked"), no second
booking, no reply card."""
from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from spa_copilot import fill, scheduler
from spa_copilot.domain import BookingRequest
from spa_copilot.fill.call_list import _is_call_list
from tests.fill_scene import Scene, proposed, sms_reply

CLOSED = (":lock: Closed at 10:55am Juniper &amp; Salt SoHo time: the slot was booked in Mangomint since this card "
          "was drawn (appointment {})")


def _book(scene: Scene, guest: dict[str, Any]) -> str:
    """The desk books ``guest`` by hand at the hour offered, with the therapist and room offered."""
    return scene.world.spa.book(BookingRequest(
        location_id=scene.target.location_id, client_id=guest["client_id"], service_id=guest["service_id"],
        staff_id=guest["staff_id"], start_at=datetime.fromisoformat(guest["start"]),
        resource_ids=guest.get("resource_ids") or [], source="frontDesk")).id


def _context_lines(scene: Scene) -> list[str]:
    return [e["text"] for b in scene.card.blocks if b["type"] == "context" for e in b["elements"]]


def _thread(scene: Scene) -> list[str]:
    row = scene.proposal
    return [m.text for m in scene.world.slack.thread(row["channel"], row["ts"])]


async def _polled(scene: Scene) -> None:
    scene.clock.advance(seconds=60)
    await scheduler.poll_calendar(scene.copilot)


async def test_the_list_closes_once_a_guest_phoned_from_it_is_booked(scene: Scene) -> None:
    await proposed(scene)
    await scene.first_hold_given_up(minutes_before_slot=16)
    assert _is_call_list(scene.proposal)
    appointment_id = _book(scene, scene.candidate(1))  # Sebastian, never texted: phoned from the list
    await _polled(scene)
    assert not _is_call_list(scene.proposal)
    assert _context_lines(scene)[0] == CLOSED.format(appointment_id)
    assert "call a guest on the list" not in scene.card_text()


async def test_her_in_time_yes_after_she_was_booked_from_the_list_finds_her_booked(scene: Scene) -> None:
    await proposed(scene)
    first, offer, expires = await scene.first_hold_given_up(minutes_before_slot=16)
    appointment_id = _book(scene, first)  # phoned after her hold ran out, and booked
    await _polled(scene)
    assert _context_lines(scene)[0] == CLOSED.format(appointment_id)
    seen = len(_thread(scene))
    await fill.on_message_received(
        scene.copilot, sms_reply(first["client_id"], "YES", expires - timedelta(seconds=40), "m"))
    await fill.redrive_outbox(scene.copilot)
    name = first["first_name"]
    assert _thread(scene)[seen:] == [
        f":leftwards_arrow_with_hook: {name} texted YES at 10:53am, within the hold, but it reached the copilot only "
        f"after the hour was booked in Mangomint (appointment {appointment_id}).",
        f":information_source: {name} replied YES; {name} is already booked at that time in the spa system "
        f"(appointment {appointment_id}), so nothing more was booked; their waitlist entry is marked booked.",
    ]
    assert scene.bookings_for(first["client_id"]) == []  # nothing booked by the copilot on top of the desk's booking
    assert scene.store.fill_proposal_for(f"reply:{offer['id']}") is None
    assert not _is_call_list(scene.proposal)


async def test_the_list_closes_once_the_guest_the_thread_named_is_booked_by_hand(scene: Scene) -> None:
    await proposed(scene)
    scene.clock.current = datetime.fromisoformat(scene.proposal["opening"]["start"]) - timedelta(minutes=16)
    first, _offer = await scene.first_offer_sent()
    del scene.world.spa.waitlist[first["entry_id"]]
    scene.clock.advance(minutes=8)
    await scene.reply(first["client_id"], "YES")  # her entry gone: "book it by hand in Mangomint (this card then closes)"
    assert "(this card then closes)" in _thread(scene)[-1]
    assert _is_call_list(scene.proposal)
    appointment_id = _book(scene, first)
    scene.clock.current = datetime.fromisoformat(scene.proposal["opening"]["start"]) - timedelta(minutes=6)
    await scheduler.poll_calendar(scene.copilot)
    assert not _is_call_list(scene.proposal)
    assert _context_lines(scene)[0] == CLOSED.format(appointment_id).replace("10:55am", "10:54am")
    assert "call a guest on the list" not in scene.card_text()
