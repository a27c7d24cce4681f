"""A change a stop cut off before its handlers ran, and changed again before the replay (review 29e, item 1): each
handler is caught up from the change it did not finish to the booking as it is now (``scheduler._replay_plan``),
so the first change's work is not lost (the cancellation's fill card, the therapist taken off the booking told)
and a handler that had run does nothing twice (review 29f: 74db7db sent a DM and a fill card twice); a second
cut-off keeps the first one's step beside its own. The scenes are in ``tests/stops.py``."""

from __future__ import annotations

from typing import Any

from spa_copilot.domain import AppointmentStatus
from spa_copilot.engines.calendar_diff import snapshot_of
from spa_copilot.sandbox.world import SandboxWorld
from tests.conftest import FakeClock
from tests.scenes import a_booking_to_cancel, fill_cards
from tests.stops import (
    a_prepped_booking,
    given_to,
    nudged,
    poll_stopped_after_the_handlers,
    poll_stopped_before_the_handlers,
    polled_once,
    restarted,
    texts,
    touched,
)


async def test_a_cut_off_cancellation_touched_again_before_the_replay_still_gets_its_fill_card(
    world: SandboxWorld, clock: FakeClock
) -> None:
    copilot = await polled_once(world)
    appointment = a_booking_to_cancel(world)
    world.spa.cancel(appointment.id, reason="sick")
    await poll_stopped_before_the_handlers(world, clock, appointment.id)
    assert [p[:2] for p in copilot.store.pending_changes("loc_soho")] == [(appointment.id, "cancelled")]
    clock.advance(minutes=1)
    touched(world, appointment.id, notes="guest called, will rebook next week")  # while the process is down

    before = len(fill_cards(world))
    await restarted(world, clock, prep_checks=False)
    assert copilot.store.fill_proposal_for(appointment.id) is not None, "the cancellation's fill card was lost"
    assert len(fill_cards(world)) == before + 1, "one card"
    assert copilot.store.pending_changes("loc_soho") == []


async def reassigned_and_cut_off(world: SandboxWorld, clock: FakeClock) -> tuple[Any, Any, str]:
    """A prepped booking given to a colleague, the poll that saw it stopped before its handlers: the booking as it is
    now, the colleague and the prepped therapist's DM channel."""
    prepped = await a_prepped_booking(world)
    moved = given_to(world, prepped.booking, prepped.colleague.id)
    await poll_stopped_before_the_handlers(world, clock, prepped.booking.id)
    pending = world.copilot.store.pending_changes("loc_soho")
    assert [p[:2] for p in pending] == [(prepped.booking.id, "reassigned")]
    return moved, prepped.colleague, prepped.dm


async def test_a_therapist_taken_off_then_the_time_nudged_before_the_replay_is_told(
    world: SandboxWorld, clock: FakeClock
) -> None:
    copilot = world.copilot
    moved, other, dm = await reassigned_and_cut_off(world, clock)
    sent = len(world.slack.messages(dm))
    clock.advance(minutes=1)
    nudged(world, moved, 15)  # while the process is down, the desk nudges the time too
    await restarted(world, clock)
    told = texts(world, dm, sent)
    assert len([t for t in told if f"is moved to {other.first_name}" in t]) == 1, told
    assert copilot.store.pending_changes("loc_soho") == []


async def test_a_second_cut_off_keeps_the_oldest_before(world: SandboxWorld, clock: FakeClock) -> None:
    copilot = world.copilot
    moved, other, dm = await reassigned_and_cut_off(world, clock)
    first = copilot.store.pending_changes("loc_soho")[0][2]
    sent = len(world.slack.messages(dm))
    clock.advance(minutes=1)
    again = nudged(world, moved, 15)
    await poll_stopped_before_the_handlers(world, clock, moved.id)  # the next process stopped too
    pending = copilot.store.pending_changes("loc_soho")
    assert {p[0] for p in pending} == {moved.id}
    assert first in [p[2] for p in pending], "the first sync's before is kept, beside the second's own change"
    clock.advance(minutes=1)
    nudged(world, again, 15)
    await restarted(world, clock)
    told = texts(world, dm, sent)
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
    prepped = await a_prepped_booking(world)
    appointment, other, dm = prepped.booking, prepped.colleague, prepped.dm
    sent = len(world.slack.messages(dm))
    moved = given_to(world, appointment, other.id)
    await poll_stopped_after_the_handlers(world, clock, appointment.id)
    assert copilot.store.pending_changes("loc_soho"), "still pending"
    clock.advance(minutes=1)
    nudged(world, moved, 15)
    await restarted(world, clock)
    told = texts(world, dm, sent)
    assert len([t for t in told if f"is moved to {other.first_name}" in t]) == 1, told


async def test_a_cancellation_handled_before_the_stop_and_touched_again_gets_one_dm_and_one_card(
    world: SandboxWorld, clock: FakeClock
) -> None:
    copilot = world.copilot
    prepped = await a_prepped_booking(world)
    appointment, dm = prepped.booking, prepped.dm
    sent, cards = len(world.slack.messages(dm)), len(fill_cards(world))
    world.spa.cancel(appointment.id, reason="sick")
    await poll_stopped_after_the_handlers(world, clock, appointment.id)
    clock.advance(minutes=1)
    touched(world, appointment.id, notes="guest called, will rebook next week")
    await restarted(world, clock)
    told = texts(world, dm, sent)
    assert len([t for t in told if "cancel" in t]) == 1, told
    assert len(fill_cards(world)) - cards == 1
    assert copilot.store.pending_changes("loc_soho") == []
