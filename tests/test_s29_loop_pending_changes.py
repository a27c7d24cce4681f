"""A stop or a crash between a sync's snapshot save and its change handlers no longer loses the change (review 29,
item 2): the changes are recorded pending with the snapshot, dropped once the handlers ran, and replayed by the next
sync of the location; a replay of changes already handled posts nothing twice."""

from __future__ import annotations

import asyncio
import secrets
from typing import Any

from spa_copilot import scheduler
from spa_copilot.copilot import Copilot
from spa_copilot.sandbox.world import SandboxWorld
from tests.conftest import FakeClock
from tests.scenes import a_booking_to_cancel, fill_cards, install


async def test_a_stop_after_the_snapshot_is_saved_does_not_lose_the_cancellations_fill_card(
    world: SandboxWorld, clock: FakeClock
) -> None:
    copilot = world.copilot
    install(copilot)
    await scheduler.poll_calendar(copilot)
    appointment = a_booking_to_cancel(world)
    world.spa.webhooks.emit = lambda *args, **kwargs: None  # poll only
    world.spa.cancel(appointment.id, reason="sick")
    reached = asyncio.Event()

    async def stopped_here(copilot: Copilot, location: Any, changes: Any) -> None:
        if any(change.appointment_id == appointment.id for change in changes):
            reached.set()
            await asyncio.Event().wait()  # the stop's cut-off lands while the handlers run

    copilot.change_handlers.insert(0, stopped_here)
    clock.advance(minutes=1)
    poll = asyncio.create_task(scheduler.poll_calendar(copilot))
    await asyncio.wait_for(reached.wait(), timeout=30)
    assert copilot.store.snapshot_row(appointment.id).status == "cancelled", "the snapshot was saved"
    poll.cancel()
    await asyncio.gather(poll, return_exceptions=True)
    copilot.change_handlers.remove(stopped_here)
    assert copilot.store.fill_proposal_for(appointment.id) is None
    assert [p[0] for p in copilot.store.pending_changes("loc_soho")] == [appointment.id]

    before = len(fill_cards(world))
    copilot.run_id = secrets.token_hex(4)  # the next process
    clock.advance(minutes=1)
    await scheduler.poll_calendar(copilot)
    assert copilot.store.fill_proposal_for(appointment.id) is not None, "the replay proposed the slot"
    assert copilot.store.pending_changes("loc_soho") == []
    assert len(fill_cards(world)) == before + 1
    clock.advance(minutes=1)
    await scheduler.poll_calendar(copilot)
    assert len(fill_cards(world)) == before + 1, "replayed once"


async def test_the_changes_handled_are_not_left_pending(world: SandboxWorld, clock: FakeClock) -> None:
    copilot = world.copilot
    install(copilot)
    await scheduler.poll_calendar(copilot)
    appointment = a_booking_to_cancel(world)
    world.spa.cancel(appointment.id, reason="sick")
    clock.advance(minutes=1)
    await scheduler.poll_calendar(copilot)
    assert copilot.store.fill_proposal_for(appointment.id) is not None
    assert copilot.store.pending_changes("loc_soho") == copilot.store.pending_changes("loc_venice") == []


async def test_replaying_changes_already_handled_duplicates_nothing(world: SandboxWorld, clock: FakeClock) -> None:
    """A crash after the handlers did their work but before the pending record was dropped: every handler's claims
    keep the replay from posting a second fill card, conflict card or DM."""
    copilot = world.copilot
    install(copilot)
    await scheduler.poll_calendar(copilot)
    appointment = a_booking_to_cancel(world)
    before_row = copilot.store.snapshot_row(appointment.id)
    world.spa.cancel(appointment.id, reason="sick")
    clock.advance(minutes=1)
    await scheduler.poll_calendar(copilot)
    assert copilot.store.fill_proposal_for(appointment.id) is not None
    posted = [(m.channel, m.ts) for m in world.slack.messages()]
    every = [
        (row.location_id, row.appointment_id, kind, previous)
        for row in copilot.store.snapshot(location_id="loc_soho").values()
        for kind, previous in (("updated", row),)
    ]
    copilot.store.save_snapshot([], pending=[("loc_soho", appointment.id, "cancelled", before_row), *every])
    copilot.run_id = secrets.token_hex(4)
    clock.advance(minutes=1)
    await scheduler.poll_calendar(copilot)
    await asyncio.sleep(0.1)
    assert [(m.channel, m.ts) for m in world.slack.messages()] == posted, "nothing posted again"
    assert copilot.store.pending_changes("loc_soho") == []
