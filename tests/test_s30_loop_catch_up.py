"""Catching each change handler up after stops (review 30c of 9259313, which replayed every pending step as its poll
had handed it): each handler goes on from the last step it finished, to the booking as it is now, so a stale step
(a booking dragged onto a card's hour and back, moved an hour and back, given to another guest) is never acted on
now, and a move to the sister location recorded while another step is pending, or while the handlers run, is kept.
The scenes are in ``tests/stops.py``."""

from __future__ import annotations

import asyncio
import json
from datetime import datetime
from typing import Any

import pytest

from spa_copilot import scheduler
from spa_copilot.platform.webhooks import parse_webhook
from spa_copilot.sandbox.world import SandboxWorld
from tests.scenes import a_booking_to_cancel, fill_cards
from tests.stops import (
    a_colleague,
    a_new_process,
    a_prepped_booking,
    booked_again,
    nudged,
    poll_stopped_after_the_handlers,
    poll_stopped_before_the_handlers,
    polled_once,
    polls_a_minute_apart,
    restarted,
    texts,
    touched,
)


def at_venice(world: SandboxWorld, booking: Any, therapist: str) -> tuple[Any, Any]:
    """The booking moved to the sister location under its id, with a therapist and a room of Venice's."""
    venice_staff = a_colleague(world, therapist, location_id="loc_venice")
    venice_room = next(r for r in world.data.resources if r.location_id == "loc_venice" and r.type == "room")
    line = booking.services[0].model_copy(update={"staff_id": venice_staff.id, "resource_ids": [venice_room.id]})
    moved = booking.model_copy(update={"location_id": "loc_venice", "services": [line],
                                       "updated_at": world.spa._stamp(), "version": booking.version + 1})
    return moved, venice_staff


def webhook_about(world: SandboxWorld, appointment: Any, event_id: str) -> Any:
    return parse_webhook(json.dumps({"id": event_id, "type": "appointment.updated",
                                     "createdAt": world.spa._stamp().isoformat(),
                                     "data": {"appointment": appointment.to_json_dict()}}).encode())


async def test_move_away_after_cut_off_note_edit(world, clock):
    """A prepped SoHo booking gets a note edit (kind "updated"); the poll that saw it is cut off before its handlers.
    While the copilot is down the desk moves the booking to the sister location (Venice, another therapist). On the
    restart the spa system's webhook about the booking (at Venice) is delivered before the next poll. The SoHo
    therapist should be told "… is moved to <Venice therapist>" once."""
    copilot = world.copilot
    prepped = await a_prepped_booking(world)
    appointment, therapist, dm = prepped.booking, prepped.therapist, prepped.dm
    before = len(world.slack.messages(dm))
    edited = touched(world, appointment.id, notes="Guest asked for a quiet room")
    await poll_stopped_before_the_handlers(world, clock, appointment.id)  # saved, handlers cut off
    moved, venice_staff = at_venice(world, edited, therapist)
    world.spa.put_appointment(moved)
    a_new_process(world)
    clock.advance(minutes=1)
    # the spa system's retried webhook about the booking (now at Venice) reaches the new process before its first poll
    await scheduler.on_appointment_webhook(copilot, webhook_about(world, moved, "evt_probe_1"))
    await polls_a_minute_apart(world, clock)
    await asyncio.sleep(0.1)
    told = texts(world, dm, before)
    assert len([t for t in told if f"is moved to {venice_staff.first_name}" in t]) == 1, told


async def test_move_webhook_while_soho_handlers_run(world, clock):
    """No stop at all: the SoHo poll is running its handlers on a note edit of a prepped booking (Slack being slow)
    when the spa system's webhook says the booking was just moved to Venice. The Venice sync records the move for
    SoHo's handlers as ("updated", same version) and the store ignored it (SoHo's own step had that key); SoHo's
    poll then cleared the appointment's steps, and the SoHo therapist was never told of the move."""
    copilot = world.copilot
    prepped = await a_prepped_booking(world)
    appointment, therapist, dm = prepped.booking, prepped.therapist, prepped.dm
    before = len(world.slack.messages(dm))
    edited = touched(world, appointment.id, notes="Guest asked for a quiet room")
    reached, go_on = asyncio.Event(), asyncio.Event()

    async def slow(copilot: Any, location: Any, changes: Any) -> None:
        if location.id == "loc_soho" and any(c.appointment_id == appointment.id for c in changes):
            reached.set()
            await go_on.wait()

    copilot.change_handlers.insert(0, slow)
    clock.advance(minutes=1)
    poll = asyncio.create_task(scheduler.poll_calendar(copilot))
    await asyncio.wait_for(reached.wait(), timeout=30)
    moved, venice_staff = at_venice(world, edited, therapist)
    world.spa.put_appointment(moved)
    hook = asyncio.create_task(scheduler.on_appointment_webhook(copilot, webhook_about(world, moved, "evt_race")))
    await asyncio.sleep(0.5)
    go_on.set()
    await asyncio.gather(poll, hook)
    copilot.change_handlers.remove(slow)
    await polls_a_minute_apart(world, clock)
    await asyncio.sleep(0.1)
    told = texts(world, dm, before)
    assert len([t for t in told if f"is moved to {venice_staff.first_name}" in t]) == 1, told


async def test_live_card_closed_by_replayed_restore(world, clock):
    """A cancellation, undone, then cancelled again (v5 cancelled, v6 booked again, v7 cancelled again), each seen by a
    poll that a stop cut off: the first two before their handlers, the third once its handlers had posted the live
    card for the second cancellation (a stop landing while the card's thread was being posted, say). The next
    poll replayed the three steps (9259313): "booked again" (v6) closed the LIVE card of the v7 cancellation, and v7
    could not open a new one: the guest's slot was open, its card said "Closed: the cancelled appointment is booked
    again". One live card now."""
    copilot = await polled_once(world)
    appointment = a_booking_to_cancel(world)
    cards = len(fill_cards(world))
    world.spa.cancel(appointment.id, reason="sick")                                   # v_c1
    await poll_stopped_before_the_handlers(world, clock, appointment.id)
    a_new_process(world)
    clock.advance(minutes=1)
    booked_again(world, appointment)                                                  # booked again
    await poll_stopped_before_the_handlers(world, clock, appointment.id)
    a_new_process(world)
    clock.advance(minutes=1)
    again = world.spa.cancel(appointment.id, reason="sick again")                      # cancelled again
    await poll_stopped_after_the_handlers(world, clock, appointment.id, version=again.version)
    live = copilot.store.fill_proposal_for(appointment.id)
    assert live is not None and live["status"] in ("pending", "info"), "the third poll's handlers posted its card"
    await restarted(world, clock, prep_checks=False)
    now = copilot.store.fill_proposal_for(appointment.id)
    assert now["status"] in ("pending", "info"), "the live cancellation's card was closed as 'booked again'"
    assert now["id"] == live["id"] and len(fill_cards(world)) - cards == 1, "one card, the live one"


async def test_stale_step_closes_a_live_fill_card(world, clock):
    """A fill card waits for a manager (Claire's opening at 12:15pm, say). The desk drags another booking onto Claire
    at that hour; the poll that sees it is cut off before its handlers; while the copilot is down the desk drags the
    booking back (the drop was a slip). The slot is free again: the card should stay open. 9259313's replay of
    the cut-off step closed it, saying "the slot was booked in Mangomint since this card was drawn"."""
    copilot = await polled_once(world)
    cancelled = a_booking_to_cancel(world)
    world.spa.cancel(cancelled.id, reason="sick")
    clock.advance(minutes=1)
    await scheduler.poll_calendar(copilot)
    card = copilot.store.fill_proposal_for(cancelled.id)
    assert card is not None and card["status"] == "pending", card and card["status"]
    cand = card["candidates"][card["current_index"]]
    start, end = datetime.fromisoformat(cand["start"]), datetime.fromisoformat(cand["end"])
    # another single-service booking, moved onto the offered therapist and hour
    other = next(a for a in world.spa.find_appointments(location_id="loc_soho")
                 if a.id != cancelled.id and a.status in ("confirmed", "unconfirmed") and len(a.services) == 1
                 and a.start_at > copilot.now())
    line = other.services[0]
    touched(world, other.id, start_at=start, end_at=end,
            services=[line.model_copy(update={"staff_id": cand["staff_id"], "start_at": start, "end_at": end})])
    await poll_stopped_before_the_handlers(world, clock, other.id)  # saved, handlers cut off
    clock.advance(minutes=1)
    touched(world, other.id, start_at=other.start_at, end_at=other.end_at, services=[line])  # dragged back while down
    await restarted(world, clock, polls=1, prep_checks=False)
    after = copilot.store.fill_proposal_for(cancelled.id)
    assert after["status"] == "pending", "a live card was closed by a stale replayed step"


@pytest.mark.parametrize("full", [True, False])
async def test_removed_after_cut_off_reschedule(world, clock, full):
    """A reschedule (10:00 -> 11:00 say) cut off before its handlers; while the copilot is down the booking is deleted
    from the spa system. The next poll's fill card should offer the hour the booking held when it went (the new time),
    not the hour it held before the reschedule."""
    copilot = await polled_once(world)
    appointment = a_booking_to_cancel(world)
    moved = nudged(world, appointment, 120)  # moved two hours later
    await poll_stopped_before_the_handlers(world, clock, appointment.id)  # saved, handlers cut off
    del world.spa.appointments[appointment.id]  # deleted in the spa system while down
    world.spa._by_start = None
    cards = len(fill_cards(world))
    a_new_process(world)
    clock.advance(minutes=1)
    await scheduler.poll_calendar(copilot, full=full)
    clock.advance(minutes=1)
    await scheduler.poll_calendar(copilot)
    proposal = copilot.store.fill_proposal_for(appointment.id)
    assert proposal is not None
    assert datetime.fromisoformat(proposal["opening"]["start"]) == moved.start_at, "card offers the pre-reschedule hour"
    assert len(fill_cards(world)) - cards == 1


async def test_moved_and_back_while_down(world, clock):
    """A prepped therapist's booking is moved an hour later; the poll that saw it is cut off before its handlers;
    while the copilot is down the desk moves it back (a slip). The therapist should hear nothing (or at most the
    truth): the booking is where her prep DM said it was."""
    prepped = await a_prepped_booking(world)
    appointment, dm = prepped.booking, prepped.dm
    sent = len(world.slack.messages(dm))
    later = nudged(world, appointment, 60)
    await poll_stopped_before_the_handlers(world, clock, appointment.id)
    clock.advance(minutes=1)
    nudged(world, later, -60)  # moved back while down
    await restarted(world, clock)
    told = texts(world, dm, sent)
    assert not any("is moved to" in t for t in told), told


async def test_note_of_the_next_guest(world, clock):
    """A prepped booking is nudged 15 minutes (the poll that saw it is cut off). While the copilot is down the desk
    gives the booking to another guest, with her own booking note ("LATEX ALLERGY - nitrile gloves only"). 9259313's replay
    told the first step with the note the booking has NOW: the therapist read the new guest's allergy as the first
    guest's, then, a second DM, that the booking is now for the other guest. No DM names the allergy under her now."""
    prepped = await a_prepped_booking(world)
    appointment, dm = prepped.booking, prepped.dm
    sent = len(world.slack.messages(dm))
    nudged(world, appointment, 15)
    await poll_stopped_before_the_handlers(world, clock, appointment.id)
    other = next(c for c in world.data.clients if c.id != appointment.client_id and c.first_name)
    touched(world, appointment.id, client_id=other.id, notes="LATEX ALLERGY - nitrile gloves only")
    await restarted(world, clock)
    told = [m.text + " || " + json.dumps(getattr(m, "blocks", None)) for m in world.slack.messages(dm)[sent:]]
    first_guest_dm = [t for t in told if other.first_name not in t.split("\n")[0]]
    assert not any("latex" in t.lower() for t in first_guest_dm), "the next guest's allergy told under the first guest"
