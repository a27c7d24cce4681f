"""Two stops in a row with a change between them (review 29g): the first sync's handlers all ran (the prepped
therapist told "is moved to X", or the cancellation's DM and fill card, on v2), a stop came before the pending row
was cleared; the desk touched the booking (v3); the next process's sync was stopped before its handlers (the first
row kept, before = v1); the desk touched it again (v4). The replay is told under the version the handlers were
handed (recorded with the row, migration 15), not the latest cut-off sync's: nothing is sent twice."""
from __future__ import annotations

import secrets

from spa_copilot import briefings, scheduler
from spa_copilot.sandbox.world import SandboxWorld
from tests.conftest import FakeClock
from tests.test_s29_loop2_replay_covered import cut_off_after_handlers, cut_off_poll, nudged, touched
from tests.test_s29_loop_moved_location import prepped_booking
from tests.test_s29_loop_pending_changes import fill_cards, install


async def test_a_reassignment_handled_then_two_changes_with_a_second_stop_between_is_told_once(
    world: SandboxWorld, clock: FakeClock
) -> None:
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
    await cut_off_after_handlers(copilot, clock, appointment.id)      # v2: A told "is moved to X"
    clock.advance(minutes=1)
    again = nudged(world, moved, 15)                                   # v3 while down
    copilot.run_id = secrets.token_hex(4)
    await cut_off_poll(copilot, clock, appointment.id)                 # 2nd process stopped before its handlers
    clock.advance(minutes=1)
    nudged(world, again, 15)                                           # v4 while down
    copilot.run_id = secrets.token_hex(4)
    for _ in range(2):
        clock.advance(minutes=1)
        await scheduler.poll_calendar(copilot)
        await briefings.send_prep_briefings(copilot)
    told = [m.text for m in world.slack.messages(dm)[sent:]]
    assert len([t for t in told if f"is moved to {other.first_name}" in t]) == 1, told


async def test_a_cancellation_handled_then_two_touches_with_a_second_stop_between_gets_one_dm_and_one_card(
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
    await cut_off_after_handlers(copilot, clock, appointment.id)       # v2: DM + fill card done
    clock.advance(minutes=1)
    touched(world, appointment.id, notes="guest called")               # v3
    copilot.run_id = secrets.token_hex(4)
    await cut_off_poll(copilot, clock, appointment.id)
    clock.advance(minutes=1)
    touched(world, appointment.id, notes="guest called again")         # v4
    copilot.run_id = secrets.token_hex(4)
    for _ in range(2):
        clock.advance(minutes=1)
        await scheduler.poll_calendar(copilot)
        await briefings.send_prep_briefings(copilot)
    told = [m.text for m in world.slack.messages(dm)[sent:]]
    cancel_dms = len([t for t in told if "cancel" in t])
    assert len(fill_cards(world)) - cards == 1
    assert cancel_dms == 1, told
