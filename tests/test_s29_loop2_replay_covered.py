"""A change a stop cut off before its handlers ran, and changed again before the replay (review 29e, item 1): each
handler is caught up from the change it did not finish to the booking as it is now (``scheduler._replay_plan``),
so the first change's work is not lost (the cancellation's fill card, the therapist taken off the booking told)
and a handler that had run does nothing twice (review 29f: 74db7db sent a DM and a fill card twice); a second
cut-off keeps the first one's step beside its own."""

from __future__ import annotations

import asyncio
import secrets
from datetime import timedelta
from typing import Any

from spa_copilot import briefings, scheduler
from spa_copilot.copilot import Copilot
from spa_copilot.domain import AppointmentStatus
from spa_copilot.engines.calendar_diff import snapshot_of
from spa_copilot.sandbox.world import SandboxWorld
from tests.conftest import FakeClock
from tests.test_s29_loop_moved_location import prepped_booking
from tests.test_s29_loop_pending_changes import a_booking_to_cancel, fill_cards, install


async def cut_off_poll(copilot: Copilot, clock: FakeClock, appointment_id: str, *, after_handlers: bool = False) -> None:
    """A poll whose handlers a stop cuts off once they reach the appointment's change: before any of them ran, or
    (``after_handlers``) once all of them ran on it, before the pending rows were cleared."""
    reached = asyncio.Event()

    async def stopped_here(copilot: Copilot, location: Any, changes: Any) -> None:
        if any(change.appointment_id == appointment_id for change in changes):
            reached.set()
            await asyncio.Event().wait()

    copilot.change_handlers.insert(len(copilot.change_handlers) if after_handlers else 0, stopped_here)
    clock.advance(minutes=1)
    poll = asyncio.create_task(scheduler.poll_calendar(copilot))
    await asyncio.wait_for(reached.wait(), timeout=30)
    poll.cancel()
    await asyncio.gather(poll, return_exceptions=True)
    copilot.change_handlers.remove(stopped_here)


def touched(world: SandboxWorld, appointment_id: str, **update: Any) -> Any:
    current = next(a for a in world.spa.find_appointments(location_id="loc_soho") if a.id == appointment_id)
    again = current.model_copy(update={**update, "updated_at": world.spa._stamp(), "version": current.version + 1})
    world.spa.put_appointment(again)
    return again


async def test_a_cut_off_cancellation_touched_again_before_the_replay_still_gets_its_fill_card(
    world: SandboxWorld, clock: FakeClock
) -> None:
    copilot = world.copilot
    install(copilot)
    await scheduler.poll_calendar(copilot)
    appointment = a_booking_to_cancel(world)
    world.spa.webhooks.emit = lambda *args, **kwargs: None  # poll only
    world.spa.cancel(appointment.id, reason="sick")
    await cut_off_poll(copilot, clock, appointment.id)
    assert [p[:2] for p in copilot.store.pending_changes("loc_soho")] == [(appointment.id, "cancelled")]
    clock.advance(minutes=1)
    touched(world, appointment.id, notes="guest called, will rebook next week")  # while the process is down

    before = len(fill_cards(world))
    copilot.run_id = secrets.token_hex(4)  # the next process
    for _ in range(2):
        clock.advance(minutes=1)
        await scheduler.poll_calendar(copilot)
    assert copilot.store.fill_proposal_for(appointment.id) is not None, "the cancellation's fill card was lost"
    assert len(fill_cards(world)) == before + 1, "one card"
    assert copilot.store.pending_changes("loc_soho") == []


async def reassigned_and_cut_off(world: SandboxWorld, clock: FakeClock) -> tuple[Any, Any, str]:
    copilot = world.copilot
    install(copilot)
    world.spa.webhooks.emit = lambda *args, **kwargs: None
    await scheduler.poll_calendar(copilot)
    await briefings.send_prep_briefings(copilot)
    appointment = await prepped_booking(world)
    prepped = appointment.services[0].staff_id
    other = next(s for s in world.data.staff if s.id != prepped and s.location_id == "loc_soho" and s.active
                 and s.role in ("therapist", "esthetician"))
    line = appointment.services[0].model_copy(update={"staff_id": other.id})
    moved = touched(world, appointment.id, services=[line])
    await cut_off_poll(copilot, clock, appointment.id)
    assert [p[:2] for p in copilot.store.pending_changes("loc_soho")] == [(appointment.id, "reassigned")]
    return moved, other, world.slack.dm_channel(world.slack_id(prepped))


def nudged(world: SandboxWorld, appointment: Any, minutes: int) -> Any:
    shift = timedelta(minutes=minutes)
    return touched(
        world, appointment.id, start_at=appointment.start_at + shift, end_at=appointment.end_at + shift,
        services=[s.model_copy(update={"start_at": s.start_at + shift, "end_at": s.end_at + shift})
                  for s in appointment.services],
    )


async def test_a_therapist_taken_off_then_the_time_nudged_before_the_replay_is_told(
    world: SandboxWorld, clock: FakeClock
) -> None:
    copilot = world.copilot
    moved, other, dm = await reassigned_and_cut_off(world, clock)
    sent = len(world.slack.messages(dm))
    clock.advance(minutes=1)
    nudged(world, moved, 15)  # while the process is down, the desk nudges the time too
    copilot.run_id = secrets.token_hex(4)
    for _ in range(2):
        clock.advance(minutes=1)
        await scheduler.poll_calendar(copilot)
        await briefings.send_prep_briefings(copilot)
    told = [m.text for m in world.slack.messages(dm)[sent:]]
    assert len([t for t in told if f"is moved to {other.first_name}" in t]) == 1, told
    assert copilot.store.pending_changes("loc_soho") == []


async def test_a_second_cut_off_keeps_the_oldest_before(world: SandboxWorld, clock: FakeClock) -> None:
    copilot = world.copilot
    moved, other, dm = await reassigned_and_cut_off(world, clock)
    first = copilot.store.pending_changes("loc_soho")[0][2]
    sent = len(world.slack.messages(dm))
    clock.advance(minutes=1)
    again = nudged(world, moved, 15)
    await cut_off_poll(copilot, clock, moved.id)  # the next process stopped too, before its handlers finished
    pending = copilot.store.pending_changes("loc_soho")
    assert {p[0] for p in pending} == {moved.id}
    assert first in [p[2] for p in pending], "the first sync's before is kept, beside the second's own change"
    clock.advance(minutes=1)
    nudged(world, again, 15)
    copilot.run_id = secrets.token_hex(4)
    for _ in range(2):
        clock.advance(minutes=1)
        await scheduler.poll_calendar(copilot)
        await briefings.send_prep_briefings(copilot)
    told = [m.text for m in world.slack.messages(dm)[sent:]]
    assert len([t for t in told if f"is moved to {other.first_name}" in t]) == 1, told
    assert copilot.store.pending_changes("loc_soho") == []


def test_the_store_keeps_each_syncs_pending_step(world: SandboxWorld) -> None:
    store = world.copilot.store
    appointment = a_booking_to_cancel(world)
    row = snapshot_of(appointment)
    cancelled = appointment.model_copy(update={"status": AppointmentStatus.cancelled, "version": appointment.version + 1,
                                               "notes": "Guest's note: latex allergy"})
    later = snapshot_of(cancelled)
    touched_again = cancelled.model_copy(update={"version": cancelled.version + 1})
    store.save_snapshot([], pending=[("loc_soho", appointment.id, "cancelled", row, cancelled)])
    store.save_snapshot([], pending=[("loc_soho", appointment.id, "cancelled", row, cancelled)])  # the same step again
    store.save_snapshot([], pending=[("loc_soho", appointment.id, "updated", later, touched_again)])
    # each sync's change is a step of its own, with its own "before" and the booking as it was handed
    steps = store.pending_steps("loc_soho")
    assert [(step.kind, step.previous, step.handed.version if step.handed else None) for step in steps] == [
        ("cancelled", row, cancelled.version), ("updated", later, touched_again.version)
    ]
    assert steps[0].handed is not None and steps[0].handed.notes == "", "no client words kept in the store"
    assert steps[0].handed.status == cancelled.status and steps[0].handed.services == cancelled.services


async def test_a_change_handled_before_the_stop_and_changed_again_is_not_told_twice(
    world: SandboxWorld, clock: FakeClock
) -> None:
    """Review 29f: the handlers had told the prepped therapist "is moved to …" when the stop came; the desk then
    nudged the time. The replay is told under the version the handlers saw: no second "is moved to"."""
    copilot = world.copilot
    install(copilot)
    world.spa.webhooks.emit = lambda *args, **kwargs: None
    await scheduler.poll_calendar(copilot)
    await briefings.send_prep_briefings(copilot)
    appointment = await prepped_booking(world)
    prepped = appointment.services[0].staff_id
    other = next(s for s in world.data.staff if s.id != prepped and s.location_id == "loc_soho" and s.active
                 and s.role in ("therapist", "esthetician"))
    dm = world.slack.dm_channel(world.slack_id(prepped))
    sent = len(world.slack.messages(dm))
    moved = touched(world, appointment.id, services=[appointment.services[0].model_copy(update={"staff_id": other.id})])
    await cut_off_poll(copilot, clock, appointment.id, after_handlers=True)
    assert copilot.store.pending_changes("loc_soho"), "still pending"
    clock.advance(minutes=1)
    nudged(world, moved, 15)
    copilot.run_id = secrets.token_hex(4)
    for _ in range(2):
        clock.advance(minutes=1)
        await scheduler.poll_calendar(copilot)
        await briefings.send_prep_briefings(copilot)
    told = [m.text for m in world.slack.messages(dm)[sent:]]
    assert len([t for t in told if f"is moved to {other.first_name}" in t]) == 1, told


async def test_a_cancellation_handled_before_the_stop_and_touched_again_gets_one_dm_and_one_card(
    world: SandboxWorld, clock: FakeClock
) -> None:
    copilot = world.copilot
    install(copilot)
    world.spa.webhooks.emit = lambda *args, **kwargs: None
    await scheduler.poll_calendar(copilot)
    await briefings.send_prep_briefings(copilot)
    appointment = await prepped_booking(world)
    dm = world.slack.dm_channel(world.slack_id(appointment.services[0].staff_id))
    sent, cards = len(world.slack.messages(dm)), len(fill_cards(world))
    world.spa.cancel(appointment.id, reason="sick")
    await cut_off_poll(copilot, clock, appointment.id, after_handlers=True)
    clock.advance(minutes=1)
    touched(world, appointment.id, notes="guest called, will rebook next week")
    copilot.run_id = secrets.token_hex(4)
    for _ in range(2):
        clock.advance(minutes=1)
        await scheduler.poll_calendar(copilot)
        await briefings.send_prep_briefings(copilot)
    told = [m.text for m in world.slack.messages(dm)[sent:]]
    assert len([t for t in told if "cancel" in t]) == 1, told
    assert len(fill_cards(world)) - cards == 1
    assert copilot.store.pending_changes("loc_soho") == []
