"""Changes cut off by two stops in a row (review 29g HIGH, 29h): each sync's change is kept as a step of its own,
with the booking as that sync handed it and which handlers finished it; the next sync catches each
handler up from the last step it finished (``scheduler._replay_plan``): what a handler did then is not done twice,
what it did not is done once, and a step kept by migration 14 (no handed booking) is still caught up on. The scenes are
in ``tests/stops.py``."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import asdict
from datetime import timedelta
from pathlib import Path

import pytest

from spa_copilot.engines.calendar_diff import snapshot_of
from spa_copilot.sandbox.world import SandboxWorld
from spa_copilot.slack import blocks
from spa_copilot.store import MIGRATIONS, Store
from tests.conftest import FakeClock
from tests.scenes import a_booking_to_cancel, fill_cards
from tests.stops import (
    BRIEFINGS,
    FILL,
    a_card_rejected_after_a_stop_in_the_fill_handler,
    a_colleague,
    a_new_process,
    a_prepped_booking,
    booked_again,
    given_to,
    made_and_cancelled,
    made_now,
    nudged,
    poll_stopped_after_the_handlers,
    poll_stopped_before_the_handlers,
    poll_stopped_inside,
    polled_once,
    restarted,
    texts,
    touched,
)


async def test_a_reassignment_told_then_two_more_changes_with_a_stop_between_is_told_once(
    world: SandboxWorld, clock: FakeClock
) -> None:
    copilot = world.copilot
    prepped = await a_prepped_booking(world)
    appointment, other, dm = prepped.booking, prepped.colleague, prepped.dm
    sent = len(world.slack.messages(dm))
    moved = given_to(world, appointment, other.id)
    await poll_stopped_after_the_handlers(world, clock, appointment.id)  # told "is moved to …", not cleared
    clock.advance(minutes=1)
    again = nudged(world, moved, 15)  # while the process is down
    a_new_process(world)
    await poll_stopped_before_the_handlers(world, clock, appointment.id)  # the next process stopped too
    assert len(copilot.store.pending_steps("loc_soho")) == 2, "each sync's change is a step of its own"
    clock.advance(minutes=1)
    nudged(world, again, 15)
    await restarted(world, clock)
    told = texts(world, dm, sent)
    assert len([t for t in told if f"is moved to {other.first_name}" in t]) == 1, told
    assert copilot.store.pending_changes("loc_soho") == []


async def test_a_cancellation_handled_then_two_touches_with_a_stop_between_gets_one_dm_and_one_card(
    world: SandboxWorld, clock: FakeClock
) -> None:
    prepped = await a_prepped_booking(world)
    appointment, dm = prepped.booking, prepped.dm
    sent, cards = len(world.slack.messages(dm)), len(fill_cards(world))
    world.spa.cancel(appointment.id, reason="sick")
    await poll_stopped_after_the_handlers(world, clock, appointment.id)  # DM and card done, not cleared
    clock.advance(minutes=1)
    touched(world, appointment.id, notes="guest called")
    a_new_process(world)
    await poll_stopped_before_the_handlers(world, clock, appointment.id)
    clock.advance(minutes=1)
    touched(world, appointment.id, notes="guest called again")
    await restarted(world, clock)
    assert len([t for t in texts(world, dm, sent) if "cancel" in t]) == 1, texts(world, dm, sent)
    assert len(fill_cards(world)) - cards == 1


async def test_a_reassignment_told_then_a_cancellation_cut_off_is_told_to_the_new_therapist_once(
    world: SandboxWorld, clock: FakeClock
) -> None:
    """Review 29h: the two steps are of different kinds; the cancellation (never handled) is told and carded once,
    the reassignment (handled) not again."""
    copilot = world.copilot
    prepped = await a_prepped_booking(world)
    appointment, other, dm, dm_other = prepped.booking, prepped.colleague, prepped.dm, prepped.colleague_dm
    sent, sent_other, cards = len(world.slack.messages(dm)), len(world.slack.messages(dm_other)), len(fill_cards(world))
    given_to(world, appointment, other.id)
    await poll_stopped_after_the_handlers(world, clock, appointment.id)
    told_first = texts(world, dm, sent)
    assert len([t for t in told_first if f"is moved to {other.first_name}" in t]) == 1, told_first
    clock.advance(minutes=1)
    world.spa.cancel(appointment.id, reason="sick")
    a_new_process(world)
    await poll_stopped_before_the_handlers(world, clock, appointment.id)
    clock.advance(minutes=1)
    touched(world, appointment.id, notes="guest called")
    await restarted(world, clock)
    assert texts(world, dm, sent) == told_first, "the first therapist hears nothing more of a booking no longer hers"
    assert len(fill_cards(world)) - cards == 1, "the cancellation's card, once"
    assert len([t for t in texts(world, dm_other, sent_other) if "cancel" in t.lower()]) <= 1
    assert copilot.store.pending_changes("loc_soho") == []


async def test_a_cancellation_cut_off_then_undone_while_down_is_no_change_at_all(
    world: SandboxWorld, clock: FakeClock
) -> None:
    """Review 29g LOW: the therapist heard "is booked again" of a cancellation she was never told of; 9259313 then
    told her "is cancelled" and "is booked again" and posted a card it closed at once. Her booking stands as it was."""
    copilot = world.copilot
    prepped = await a_prepped_booking(world)
    appointment, dm = prepped.booking, prepped.dm
    sent, cards = len(world.slack.messages(dm)), len(fill_cards(world))
    world.spa.cancel(appointment.id, reason="sick")
    await poll_stopped_before_the_handlers(world, clock, appointment.id)
    clock.advance(minutes=1)
    booked_again(world, appointment)  # undone while down
    await restarted(world, clock)
    assert texts(world, dm, sent) == []
    assert len(fill_cards(world)) == cards and copilot.store.fill_proposal_for(appointment.id) is None
    assert copilot.store.pending_changes("loc_soho") == []


async def test_a_step_kept_before_migration_15_is_still_replayed(world: SandboxWorld, clock: FakeClock) -> None:
    """A row migration 14 kept (no handed booking) is told from its "before" to the booking as it is now."""
    copilot = world.copilot
    prepped = await a_prepped_booking(world)
    appointment, dm = prepped.booking, prepped.dm
    sent, cards = len(world.slack.messages(dm)), len(fill_cards(world))
    world.spa.cancel(appointment.id, reason="sick")
    await poll_stopped_before_the_handlers(world, clock, appointment.id)
    copilot.store.db.execute("UPDATE pending_changes SET handed = NULL")  # as migration 15 leaves an old row
    [step] = copilot.store.pending_steps("loc_soho")
    assert step.handed is None and step.kind == "cancelled"
    await restarted(world, clock)
    assert len([t for t in texts(world, dm, sent) if "is cancelled" in t]) == 1
    assert len(fill_cards(world)) - cards == 1
    assert copilot.store.pending_changes("loc_soho") == []


def test_migration_15_keeps_the_pending_rows_of_migration_14(tmp_path: Path, world: SandboxWorld) -> None:
    appointment = next(iter(world.spa.find_appointments(location_id="loc_soho")))
    before = snapshot_of(appointment)
    path = tmp_path / "v14.db"
    conn = sqlite3.connect(path)
    for number, script in enumerate(MIGRATIONS[:14], start=1):
        conn.executescript(script)
        conn.execute(f"PRAGMA user_version = {number}")
    conn.execute("INSERT INTO pending_changes VALUES (?, ?, ?, ?, ?)", [
        "loc_soho", appointment.id, "cancelled", json.dumps(asdict(before)), "2026-12-05T10:00:00+00:00"])
    conn.commit()
    conn.close()
    store = Store.open(path)
    assert store.schema_version == len(MIGRATIONS) >= 15
    [step] = store.pending_steps("loc_soho")
    assert (step.appointment_id, step.kind, step.previous, step.handed) == (appointment.id, "cancelled", before, None)
    assert step.recorded_at == "2026-12-05T10:00:00+00:00"


async def test_a_handler_stopped_after_its_dm_is_kept_from_sending_it_again_by_its_claim(
    world: SandboxWorld, clock: FakeClock
) -> None:
    """A stop lands while the briefings handler runs, after its "is cancelled" DM went: the conflict check had finished
    the step, the briefings and fill handlers had not. The next sync catches both up to the booking as it is (the same
    version: the DM's claim holds): one DM, one fill card."""
    copilot = world.copilot
    prepped = await a_prepped_booking(world)
    appointment, dm = prepped.booking, prepped.dm
    sent, cards = len(world.slack.messages(dm)), len(fill_cards(world))
    world.spa.cancel(appointment.id, reason="sick")
    await poll_stopped_inside(world, clock, BRIEFINGS, appointment.id)
    assert len([t for t in texts(world, dm, sent) if "is cancelled" in t]) == 1, "told before the stop"
    [step] = copilot.store.pending_steps("loc_soho")
    assert step.handlers == {"spa_copilot.alerts.handle_calendar_changes": "done"}
    await restarted(world, clock)
    assert len([t for t in texts(world, dm, sent) if "is cancelled" in t]) == 1, texts(world, dm, sent)
    assert len(fill_cards(world)) - cards == 1, "the fill handler never ran on it: it catches up, once"
    assert copilot.store.pending_changes("loc_soho") == []


async def test_a_fill_card_posted_just_before_a_stop_closes_when_the_cancellation_is_undone_meanwhile(
    world: SandboxWorld, clock: FakeClock
) -> None:
    """Review 30e: the stop landed inside the fill handler after it posted the card; the guest called back while the
    copilot was down. The catching up hands the booking on as updated (booked then, booked now), and the card stayed
    open with a live Approve: it closes, as it does with no stop ("the cancelled appointment is booked again")."""
    copilot = await polled_once(world)
    appointment = a_booking_to_cancel(world)
    world.spa.cancel(appointment.id, reason="sick")
    await poll_stopped_inside(world, clock, FILL, appointment.id)
    card = copilot.store.fill_proposal_for(appointment.id)
    assert card is not None and card["status"] == "pending"
    clock.advance(minutes=1)
    booked_again(world, appointment)  # undone while down
    await restarted(world, clock)
    card = copilot.store.fill_proposal_for(appointment.id)
    assert card["status"] == "expired" and card["reason"] == blocks.BOOKING_BACK_TEXT
    assert copilot.store.pending_changes("loc_soho") == []


@pytest.mark.parametrize("record", ["this version's", "kept before versions were"])
async def test_a_therapist_told_of_a_booking_between_two_changes_hears_of_the_second(
    world: SandboxWorld, clock: FakeClock, record: str
) -> None:
    """Review 30e: the booking went from its therapist to Ana (told "is moved to Ana"; Ana her prep DM), a stop landed
    inside the briefings handler, and the desk gave it to a third therapist while the copilot was down. The catching
    up goes from before the first change: Ana, on neither side of it, was never told it is no longer hers."""
    prepped = await a_prepped_booking(world)
    appointment, ana, dm_ana = prepped.booking, prepped.colleague, prepped.colleague_dm
    third = a_colleague(world, appointment.services[0].staff_id, ana.id)
    sent = len(world.slack.messages(dm_ana))
    given_to(world, appointment, ana.id)
    await poll_stopped_inside(world, clock, BRIEFINGS, appointment.id)
    assert any(t.startswith("Coming up") for t in texts(world, dm_ana, sent)), "Ana's prep DM"
    if record != "this version's":  # review 30i: a record the copilot kept before 52b2e85 has no version
        world.copilot.store.db.execute("UPDATE prep_told SET told = json_remove(told, '$.version')")
    clock.advance(minutes=1)
    given_to(world, appointment, third.id)
    await restarted(world, clock)
    assert any(f"is moved to {third.first_name}" in t for t in texts(world, dm_ana, sent)), texts(world, dm_ana, sent)
    assert world.copilot.store.pending_changes("loc_soho") == []


async def test_a_booking_prepped_as_it_was_made_then_cancelled_while_down_is_told_cancelled(
    world: SandboxWorld, clock: FakeClock
) -> None:
    """Review 30e: a booking made for later this morning got its prep DM at once, a stop landed inside the briefings
    handler, the guest cancelled while the copilot was down: new to the copilot, then cancelled, it was no change at
    all, and the therapist holding its prep DM was never told."""
    copilot = world.copilot
    prepped = await a_prepped_booking(world)
    template, dm = prepped.booking, prepped.dm
    sent = len(world.slack.messages(dm))
    new = made_now(world, template, "ap_made_this_morning", timedelta(minutes=30))
    await poll_stopped_inside(world, clock, BRIEFINGS, new.id)
    assert any(t.startswith("Coming up") for t in texts(world, dm, sent)), "prepped at once"
    clock.advance(minutes=1)
    world.spa.cancel(new.id, reason="guest cancelled")
    await restarted(world, clock)
    assert len([t for t in texts(world, dm, sent) if "is cancelled" in t]) == 1, texts(world, dm, sent)
    assert copilot.store.pending_changes("loc_soho") == []


async def test_a_booking_made_and_cancelled_between_two_looks_gets_its_card_after_a_stop_in_the_fill_handler(
    world: SandboxWorld, clock: FakeClock
) -> None:
    """Review 30f: first seen already cancelled (booked and cancelled between two polls), a stop landed inside the fill
    handler before it acted: caught up from the booking as first handed on, there was no change at all, no card."""
    copilot = await polled_once(world)
    new = made_and_cancelled(world, clock)
    cards = len(fill_cards(world))
    await poll_stopped_inside(world, clock, FILL, new.id, before_it_acts=True)
    assert copilot.store.fill_proposal_for(new.id) is None
    clock.advance(minutes=1)
    touched(world, new.id, notes="called to say sorry")  # touched while down: still cancelled (review 30h)
    await restarted(world, clock)
    assert copilot.store.fill_proposal_for(new.id) is not None and len(fill_cards(world)) - cards == 1


async def test_a_therapist_told_a_booking_is_no_longer_hers_is_not_told_again_by_a_catching_up(
    world: SandboxWorld, clock: FakeClock
) -> None:
    """Review 30f: told "is moved to Ana", then a stop inside the briefings handler, then the booking given on to a
    third therapist while down: the catching up (from before the first change, hers) told her a second time."""
    prepped = await a_prepped_booking(world)
    appointment, ana, dm = prepped.booking, prepped.colleague, prepped.dm
    third = a_colleague(world, appointment.services[0].staff_id, ana.id)
    sent = len(world.slack.messages(dm))
    given_to(world, appointment, ana.id)
    await poll_stopped_inside(world, clock, BRIEFINGS, appointment.id)
    told = texts(world, dm, sent)
    assert len(told) == 1 and f"is moved to {ana.first_name}" in told[0], told
    clock.advance(minutes=1)
    given_to(world, appointment, third.id)
    await restarted(world, clock)
    assert len(texts(world, dm, sent)) == 1, texts(world, dm, sent)


async def test_a_told_record_kept_before_release_marks_does_not_reach_a_therapist_the_booking_was_taken_from(
    world: SandboxWorld, clock: FakeClock
) -> None:
    """Review 30f: a record kept by the version before 2c865dc (no "released" mark) for a therapist told "is moved to
    Ana" hours ago: the next change of Ana's booking told her "is no longer booked with you" again. Only a therapist
    told of the booking since it was as the change's "before" says is reached beyond those on it."""
    copilot = world.copilot
    prepped = await a_prepped_booking(world)
    appointment, ana, dm = prepped.booking, prepped.colleague, prepped.dm
    therapist = appointment.services[0].staff_id
    sent = len(world.slack.messages(dm))
    moved = given_to(world, appointment, ana.id)
    await restarted(world, clock, polls=1)
    record = copilot.store.told(appointment.id, therapist)
    record.pop("released", None)  # as the older version left it
    copilot.store.db.execute("UPDATE prep_told SET told = ? WHERE appointment_id = ? AND staff_id = ?",
                             [json.dumps(record, sort_keys=True), appointment.id, therapist])
    clock.advance(minutes=1)
    nudged(world, moved, 15)
    await restarted(world, clock, polls=1)
    assert len(texts(world, dm, sent)) == 1, texts(world, dm, sent)


async def test_the_therapist_told_in_between_is_reached_whatever_the_spa_systems_clock_says(
    world: SandboxWorld, clock: FakeClock
) -> None:
    """Review 30h: f4bd662 compared when she was told (the copilot's clock) with the booking's update stamp (the spa
    system's clock): five minutes ahead, Ana was never told the booking is no longer hers. Versions are compared now."""
    prepped = await a_prepped_booking(world)
    appointment, ana, dm_ana = prepped.booking, prepped.colleague, prepped.colleague_dm
    spa_clock = world.spa.clock
    world.spa.clock = lambda: spa_clock() + timedelta(minutes=5)
    third = a_colleague(world, appointment.services[0].staff_id, ana.id)
    touched(world, appointment.id, notes="guest prefers firm pressure")
    await restarted(world, clock, polls=1)
    sent = len(world.slack.messages(dm_ana))
    given_to(world, appointment, ana.id)
    await poll_stopped_inside(world, clock, BRIEFINGS, appointment.id)
    assert any(t.startswith("Coming up") for t in texts(world, dm_ana, sent)), "Ana's prep DM"
    clock.advance(minutes=1)
    given_to(world, appointment, third.id)
    await restarted(world, clock)
    assert any(f"is moved to {third.first_name}" in t for t in texts(world, dm_ana, sent)), texts(world, dm_ana, sent)


@pytest.mark.parametrize("then", ["given back", "restored"])
async def test_a_booking_back_to_her_while_down_after_she_was_told_it_is_not_hers_is_told_and_stays_hers(
    world: SandboxWorld, clock: FakeClock, then: str
) -> None:
    """Reviews 30f, 30h: told "is moved to Ana" (or "is cancelled"), a stop inside the briefings handler, the booking
    given back to her (or the cancellation undone) while down: she was never told it is hers again, and (f4bd662)
    a later cancellation was not told her either."""
    prepped = await a_prepped_booking(world)
    appointment, ana, dm = prepped.booking, prepped.colleague, prepped.dm
    sent = len(world.slack.messages(dm))
    if then == "given back":
        given_to(world, appointment, ana.id)
    else:
        world.spa.cancel(appointment.id, reason="sick")
    await poll_stopped_inside(world, clock, BRIEFINGS, appointment.id)
    assert len(texts(world, dm, sent)) == 1, texts(world, dm, sent)
    clock.advance(minutes=1)
    touched(world, appointment.id, services=appointment.services, status=appointment.status, cancellation=None)
    await restarted(world, clock)
    told = texts(world, dm, sent)
    assert len(told) == 2 and "again" in told[1], told
    clock.advance(minutes=1)
    world.spa.cancel(appointment.id, reason="sick after all")
    await restarted(world, clock, polls=1)
    assert "is cancelled" in texts(world, dm, sent)[-1], texts(world, dm, sent)


async def test_a_fill_card_ended_before_the_catching_up_is_not_opened_again_by_a_touch(
    world: SandboxWorld, clock: FakeClock
) -> None:
    """Review 30i: first seen cancelled, a stop inside the fill handler after its card was posted, the card rejected
    by a manager, the booking touched while down: the cancellation was handed on at its version now, taken for a new
    one, and the rejected opening got a second card. It is handed on at the version first handed on."""
    new, cards = await a_card_rejected_after_a_stop_in_the_fill_handler(world, clock)
    clock.advance(minutes=1)
    touched(world, new.id, notes="called to say sorry")
    await restarted(world, clock)
    assert len(fill_cards(world)) - cards == 1
    assert world.copilot.store.fill_proposal_for(new.id)["status"] == "rejected"
