"""Stop and catch-up scenes of the poll loop (a helper module, not a test file): the copilot stopped between or inside
its change handlers, the desk changing the booking while it is down, then the next process catching up. The sandbox's
webhooks are off in every scene (polls only), so each change is seen by the poll the scene runs.

The handlers, the booking to cancel, the fill cards and the prepped booking come from ``tests.scenes``."""

from __future__ import annotations

import asyncio
import functools
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from spa_copilot import briefings, scheduler
from spa_copilot.copilot import Copilot
from spa_copilot.sandbox.world import SandboxWorld
from tests.conftest import FakeClock
from tests.scenes import a_booking_to_cancel, fill_cards, install, prepped_booking

BRIEFINGS = "spa_copilot.briefings.on_calendar_changes"
"""The briefings change handler's key, for ``poll_stopped_inside``."""
FILL = "spa_copilot.fill.proposing.on_calendar_changes"
"""The fill change handler's key, for ``poll_stopped_inside``."""


# --- before the stop ---------------------------------------------------------------------------------------------


async def polled_once(world: SandboxWorld) -> Copilot:
    """The handlers installed as the scheduler installs them, the sandbox's webhooks off, and a first poll."""
    copilot = world.copilot
    install(copilot)
    world.spa.webhooks.emit = lambda *args, **kwargs: None  # poll only
    await scheduler.poll_calendar(copilot)
    return copilot


def a_colleague(world: SandboxWorld, *not_these: str, location_id: str = "loc_soho") -> Any:
    """An active therapist or esthetician of the location, other than the staff ids ``not_these``."""
    return next(s for s in world.data.staff if s.id not in not_these and s.location_id == location_id and s.active
                and s.role in ("therapist", "esthetician"))


@dataclass(frozen=True)
class Prepped:
    """A SoHo booking whose therapist had the prep DM, a colleague who could take it, and both DM channels."""

    booking: Any
    therapist: str
    dm: str
    colleague: Any
    colleague_dm: str


async def a_prepped_booking(world: SandboxWorld) -> Prepped:
    """After a first poll (``polled_once``) and a prep check: a booking whose therapist had the prep DM."""
    copilot = await polled_once(world)
    await briefings.send_prep_briefings(copilot)
    booking = await prepped_booking(world)
    therapist = booking.services[0].staff_id
    colleague = a_colleague(world, therapist)
    return Prepped(booking, therapist, world.slack.dm_channel(world.slack_id(therapist)), colleague,
                   world.slack.dm_channel(world.slack_id(colleague.id)))


def touched(world: SandboxWorld, appointment_id: str, **update: Any) -> Any:
    """The SoHo booking saved again in the spa system with ``update`` (a new version and update stamp)."""
    current = next(a for a in world.spa.find_appointments(location_id="loc_soho") if a.id == appointment_id)
    again = current.model_copy(update={**update, "updated_at": world.spa._stamp(), "version": current.version + 1})
    world.spa.put_appointment(again)
    return again


def nudged(world: SandboxWorld, appointment: Any, minutes: int) -> Any:
    """The booking and each of its services moved ``minutes`` later (earlier when negative)."""
    shift = timedelta(minutes=minutes)
    return touched(
        world, appointment.id, start_at=appointment.start_at + shift, end_at=appointment.end_at + shift,
        services=[s.model_copy(update={"start_at": s.start_at + shift, "end_at": s.end_at + shift})
                  for s in appointment.services],
    )


def given_to(world: SandboxWorld, appointment: Any, staff_id: str) -> Any:
    """The booking's (first) service given to another therapist, the rest of it as ``appointment`` has it."""
    return touched(world, appointment.id, services=[appointment.services[0].model_copy(update={"staff_id": staff_id})])


def booked_again(world: SandboxWorld, appointment: Any) -> Any:
    """A cancellation undone: the booking back to the status ``appointment`` had, with no cancellation."""
    return touched(world, appointment.id, status=appointment.status, cancellation=None)


def made_now(world: SandboxWorld, template: Any, appointment_id: str, shift: timedelta) -> Any:
    """A booking made in the spa system just now, as ``template`` ``shift`` later (each of its services too), under
    ``appointment_id``: version 1, no notes."""
    stamp = world.spa._stamp()
    new = template.model_copy(update={
        "id": appointment_id, "updated_at": stamp, "created_at": stamp, "version": 1, "notes": "",
        "start_at": template.start_at + shift, "end_at": template.end_at + shift,
        "services": [s.model_copy(update={"start_at": s.start_at + shift, "end_at": s.end_at + shift})
                     for s in template.services]})
    world.spa.put_appointment(new)
    return new


def made_and_cancelled(world: SandboxWorld, clock: FakeClock) -> Any:
    """A booking made (two hours after one of the day's) and cancelled 20 seconds later, between two polls: the next
    poll first sees it cancelled."""
    new = made_now(world, a_booking_to_cancel(world), "ap_made_then_cancelled", timedelta(hours=2))
    clock.advance(seconds=20)
    world.spa.cancel(new.id, reason="guest cancelled")
    return new


# --- the stop ----------------------------------------------------------------------------------------------------


def _about(changes: Any, appointment_id: str, version: int | None = None) -> bool:
    return any(c.appointment_id == appointment_id
               and (version is None or (c.appointment is not None and c.appointment.version == version))
               for c in changes)


async def poll_cut_off_once(world: SandboxWorld, clock: FakeClock, reached: asyncio.Event,
                             undo: Callable[[], None]) -> None:
    """A minute on, a poll that runs until ``reached`` is set and is cancelled there (the stop's cut-off); ``undo``
    then puts the change handlers back as they were."""
    clock.advance(minutes=1)
    poll = asyncio.create_task(scheduler.poll_calendar(world.copilot))
    try:
        await asyncio.wait_for(reached.wait(), timeout=30)
    finally:
        poll.cancel()
        await asyncio.gather(poll, return_exceptions=True)
        undo()


async def poll_stopped_before_the_handlers(world: SandboxWorld, clock: FakeClock, appointment_id: str) -> None:
    """A poll that saved the appointment's change (snapshot and pending step) and was stopped before any change
    handler ran on it."""
    handlers, reached = world.copilot.change_handlers, asyncio.Event()

    async def stopped_here(copilot: Copilot, location: Any, changes: Any) -> None:
        if _about(changes, appointment_id):
            reached.set()
            await asyncio.Event().wait()

    handlers.insert(0, stopped_here)
    await poll_cut_off_once(world, clock, reached, lambda: handlers.remove(stopped_here))


async def poll_stopped_after_the_handlers(
    world: SandboxWorld, clock: FakeClock, appointment_id: str, *, version: int | None = None
) -> None:
    """A poll stopped once every change handler ran on the appointment's change (of ``version``, when given), before
    its pending step was cleared."""
    handlers, reached = world.copilot.change_handlers, asyncio.Event()

    async def stopped_here(copilot: Copilot, location: Any, changes: Any) -> None:
        if _about(changes, appointment_id, version):
            reached.set()
            await asyncio.Event().wait()

    handlers.append(stopped_here)
    await poll_cut_off_once(world, clock, reached, lambda: handlers.remove(stopped_here))


async def poll_stopped_inside(
    world: SandboxWorld, clock: FakeClock, key: str, appointment_id: str, *, before_it_acts: bool = False
) -> None:
    """A poll stopped inside the change handler ``key`` (``BRIEFINGS``, ``FILL``) once it ran on a change of the
    appointment (or, with ``before_it_acts``, once it was handed one); ``functools.wraps`` keeps the handler's key."""
    handlers = world.copilot.change_handlers
    index, real = next((i, h) for i, h in enumerate(handlers) if scheduler._key(h) == key)
    reached = asyncio.Event()

    @functools.wraps(real)
    async def stopped_inside(copilot: Any, location: Any, changes: Any) -> None:
        if not before_it_acts:
            await real(copilot, location, changes)
        if _about(changes, appointment_id):
            reached.set()
            await asyncio.Event().wait()

    def undo() -> None:
        handlers[index] = real

    handlers[index] = stopped_inside
    await poll_cut_off_once(world, clock, reached, undo)


async def a_card_rejected_after_a_stop_in_the_fill_handler(
    world: SandboxWorld, clock: FakeClock, *, before_the_poll: Callable[[str], None] = lambda appointment_id: None
) -> tuple[Any, int]:
    """After a first poll, a booking first seen cancelled (``made_and_cancelled``, then ``before_the_poll`` on its id);
    the poll that saw it stopped inside the fill handler once its one card was posted, and a manager rejected the card.
    The booking, and how many fill cards there were before it."""
    copilot = await polled_once(world)
    new = made_and_cancelled(world, clock)
    before_the_poll(new.id)
    cards = len(fill_cards(world))
    await poll_stopped_inside(world, clock, FILL, new.id)
    row = copilot.store.fill_proposal_for(new.id)
    assert row is not None and len(fill_cards(world)) - cards == 1
    assert copilot.store.update_fill_proposal(row["id"], at=copilot.now(), expect_status=row["status"],
                                              status="rejected", decided_at=copilot.now().isoformat(), reason="no")
    return new, cards


# --- after the stop ----------------------------------------------------------------------------------------------


def a_new_process(world: SandboxWorld) -> None:
    """The copilot restarted: the next process has a run id of its own."""
    world.copilot.run_id = secrets.token_hex(4)


async def polls_a_minute_apart(world: SandboxWorld, clock: FakeClock, times: int = 2, *,
                               prep_checks: bool = True) -> None:
    """``times`` polls a minute apart, each followed by the prep check (unless ``prep_checks`` is off)."""
    for _ in range(times):
        clock.advance(minutes=1)
        await scheduler.poll_calendar(world.copilot)
        if prep_checks:
            await briefings.send_prep_briefings(world.copilot)


async def restarted(world: SandboxWorld, clock: FakeClock, polls: int = 2, *, prep_checks: bool = True) -> None:
    """The next process catching up: a new run id, then ``polls_a_minute_apart``."""
    a_new_process(world)
    await polls_a_minute_apart(world, clock, polls, prep_checks=prep_checks)


def texts(world: SandboxWorld, channel: str, since: int) -> list[str]:
    """The texts posted to a Slack channel since its ``since``-th message."""
    return [m.text for m in world.slack.messages(channel)[since:]]
