"""A YES sent within the hold that reaches the copilot only after a calendar poll closed its card for a booking made in
Mangomint over the hour (rev37d M2, rev38b M1/M2): the card is NOT taken back and nothing is booked (the hour is
booked; a newer card may have offered it to someone else since), but the thread says the YES came within the hold and
its reply card reads "YES (slot taken)", never "late YES". When the booking over the hour is hers (the desk phoned and
booked her), the thread says she is booked and no reply card is drafted. And a YES sent after the hold from a guest
the desk booked at that hour gets no "the spot has already been taken" reply card either (rev38b M3)."""
from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from spa_copilot import fill, scheduler
from spa_copilot.domain import BookingRequest
from spa_copilot.fill.call_list import _is_call_list
from tests.fill_scene import Scene, proposed, sms_reply
from tests.test_s29_fill_yes_to_unsent_text import _book_by_hand

CLOSED = "the slot was booked in Mangomint since this card was drawn (appointment {})"
IN_TIME = (":leftwards_arrow_with_hook: {name} texted YES at 10:53am, within the hold, but it reached the copilot only "
           "after the hour was booked in Mangomint (appointment {appointment})."
           )


def _thread(scene: Scene) -> list[str]:
    row = scene.proposal
    return [m.text for m in scene.world.slack.thread(row["channel"], row["ts"])]


def _book(scene: Scene, guest: dict[str, Any], service_id: str | None = None) -> str:
    """The desk phones ``guest`` and books her by hand at the hour offered, with the therapist and room offered."""
    return scene.world.spa.book(BookingRequest(
        location_id=scene.target.location_id, client_id=guest["client_id"],
        service_id=service_id or guest["service_id"], staff_id=guest["staff_id"],
        start_at=datetime.fromisoformat(guest["start"]), resource_ids=guest.get("resource_ids") or [],
        source="frontDesk")).id


def _book_at_sister(scene: Scene, guest: dict[str, Any]) -> None:
    """``guest`` booked at the other location at the hour offered, another service than the one she waits for (so
    her YES's re-check would find her busy, not booked with what she waited for)."""
    other = next(loc for loc in scene.world.data.locations if loc.id != scene.target.location_id)
    start = datetime.fromisoformat(guest["start"])
    for staff in (s for s in scene.world.data.staff if s.location_id == other.id):
        for service in (s for s in scene.world.data.services if s.id != guest["service_id"]):
            try:
                scene.world.spa.book(BookingRequest(location_id=other.id, client_id=guest["client_id"],
                                                    service_id=service.id, staff_id=staff.id, start_at=start,
                                                    resource_ids=[], source="frontDesk"))
                return
            except Exception:  # noqa: BLE001 - the sandbox refuses a therapist who does not do that service
                continue
    raise AssertionError("could not book at the sister location")


async def _polled(scene: Scene) -> int:
    """A calendar poll a minute on; how many lines the thread has then."""
    scene.clock.advance(seconds=60)
    await scheduler.poll_calendar(scene.copilot)
    return len(_thread(scene))


async def _yes(scene: Scene, guest: dict[str, Any], at: datetime) -> None:
    await fill.on_message_received(scene.copilot, sms_reply(guest["client_id"], "YES", at, "m"))
    await fill.redrive_outbox(scene.copilot)


async def test_in_time_yes_after_a_walk_in_closed_the_list_is_labelled_in_time(scene: Scene) -> None:
    await proposed(scene)
    first, offer, expires = await scene.first_hold_given_up(minutes_before_slot=16)
    walk_in = _book_by_hand(scene, first)
    seen = await _polled(scene)
    await _yes(scene, first, expires - timedelta(seconds=40))
    name = first["first_name"]
    assert _thread(scene)[seen:] == [
        IN_TIME.format(name=name, appointment=walk_in) + " Nothing was booked for them.",
        f"Reply to {name}'s YES (slot taken)",
    ]
    assert scene.proposal["status"] == "expired" and scene.proposal["reason"] == CLOSED.format(walk_in)
    assert scene.bookings_for(first["client_id"]) == []
    reply = scene.store.fill_proposal_for(f"reply:{offer['id']}")
    assert reply is not None and reply["opening"]["situation"] == (
        f"{name} replied YES within their hold, but it reached the copilot only after the hour was booked in "
        "Mangomint. Nothing was booked.")
    header = scene.world.slack.message(reply["channel"], reply["ts"]).blocks[0]["text"]["text"]
    assert header == f"YES from {name} (slot taken)"


async def test_in_time_yes_busy_elsewhere_leaves_a_card_closed_for_a_walk_in_closed(scene: Scene) -> None:
    """The card had moved on to Sebastian's draft when the walk-in closed it; Christopher, booked at the sister
    location since, is not taken back (a re-check finding him busy would move the card on: an Approve for a booked
    hour)."""
    await proposed(scene)
    first, _offer, expires = await scene.first_hold_given_up()
    walk_in = _book_by_hand(scene, scene.candidate(1))
    seen = await _polled(scene)
    assert scene.proposal["status"] == "expired"
    _book_at_sister(scene, first)
    await _yes(scene, first, expires - timedelta(seconds=40))
    name = first["first_name"]
    assert _thread(scene)[seen:] == [
        IN_TIME.format(name=name, appointment=walk_in).replace("10:53am", "9:09am") + " Nothing was booked for them.",
        f"Reply to {name}'s YES (slot taken)",
    ]
    assert scene.proposal["status"] == "expired" and scene.proposal["reason"] == CLOSED.format(walk_in)
    assert "fill_approve" not in scene.card_text()


async def test_in_time_yes_from_the_guest_phoned_and_booked_another_service_drafts_no_reply(scene: Scene) -> None:
    """The desk phoned Christopher from the list and booked him with the therapist offered, another service than the
    one he waited for: the booking the poll closed the list for is his, so he is booked, and nobody drafts him a
    'the spot has already been taken' text."""
    await proposed(scene)
    first, offer, expires = await scene.first_hold_given_up(minutes_before_slot=16)
    mine = _book_another_service(scene, first)
    seen = await _polled(scene)
    assert scene.proposal["reason"] == CLOSED.format(mine)
    await _yes(scene, first, expires - timedelta(seconds=40))
    name = first["first_name"]
    assert _thread(scene)[seen:] == [
        IN_TIME.format(name=name, appointment=mine),
        f":information_source: {name} replied YES; {name} is already booked at that time in the spa system "
        f"(appointment {mine}), so nothing more was booked; their waitlist entry is marked booked.",
    ]
    assert scene.store.fill_proposal_for(f"reply:{offer['id']}") is None
    assert scene.world.spa.waitlist[first["entry_id"]].status.value == "booked"


def _book_another_service(scene: Scene, guest: dict[str, Any]) -> str:
    """The desk books ``guest`` at the hour offered with the therapist offered, another service than she waits for."""
    for service in (s for s in scene.world.data.services if s.id != guest["service_id"]):
        try:
            return _book(scene, guest, service.id)
        except Exception:  # noqa: BLE001 - the sandbox refuses a service that cannot be booked so
            continue
    raise AssertionError("could not book another service")


async def test_late_yes_from_a_guest_booked_from_the_list_drafts_no_taken_reply(scene: Scene) -> None:
    await proposed(scene)
    first, offer, expires = await scene.first_hold_given_up(minutes_before_slot=16)
    mine = _book(scene, first)  # phoned after his hold ran out, and booked
    seen = await _polled(scene)
    await _yes(scene, first, expires + timedelta(minutes=1))  # "Yes please!" a minute after his hold
    await _yes(scene, first, expires + timedelta(minutes=2))  # and again: nothing more said
    name = first["first_name"]
    assert _thread(scene)[seen:] == [
        f":information_source: {name} replied YES; {name} is already booked at that time in the spa system "
        f"(appointment {mine}), so nothing more was booked; their waitlist entry is marked booked.",
    ]
    assert scene.store.fill_proposal_for(f"reply:{offer['id']}") is None
    assert scene.store.fill_offer(offer["id"])["booked_appointment_id"] == mine
    assert scene.bookings_for(first["client_id"]) == []
    assert not _is_call_list(scene.proposal)


async def test_in_time_yes_on_the_old_card_leaves_the_slot_to_the_guest_a_new_card_texted(scene: Scene) -> None:
    """The walk-in that closed the card cancels, which draws a new card for the same hour, and a manager approves its
    text to a guest who now holds the slot. Christopher's YES from within his old hold, arriving only now, is not
    taken back on the old card: he is not booked over the new card's guest, whose YES then books her."""
    await proposed(scene)
    first, _offer, expires = await scene.first_hold_given_up()
    old = scene.proposal
    walk_in = _book_by_hand(scene, scene.candidate(1))
    seen = await _polled(scene)
    assert scene.proposal["status"] == "expired"
    scene.clock.advance(minutes=5)
    response = await scene.world.admin("POST", f"/sandbox/appointments/{walk_in}/cancel", json={"reason": "changed mind"})
    assert response.status_code == 200
    await _polled(scene)
    scene.claim = walk_in  # the new card, for the walk-in's cancellation
    holder = scene.candidate(scene.proposal["current_index"])
    await scene.approve_and_wait()
    scene.clock.advance(minutes=2)
    scene.claim = old["appointment_id"]
    await _yes(scene, first, expires - timedelta(seconds=40))
    name = first["first_name"]
    assert _thread(scene)[seen:] == [
        IN_TIME.format(name=name, appointment=walk_in).replace("10:53am", "9:09am") + " Nothing was booked for them.",
        f"Reply to {name}'s YES (slot taken)",
    ]
    assert scene.proposal["status"] == "expired" and scene.bookings_for(first["client_id"]) == []
    scene.claim = walk_in
    await scene.reply(holder["client_id"], "YES")
    await fill.redrive_outbox(scene.copilot)
    assert [a.client_id for a in scene.bookings_for(holder["client_id"])] == [holder["client_id"]]
