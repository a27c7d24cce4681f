"""What each therapist was told of a booking against what is true now, across stops and Slack matches (session 32):
a therapist with no Slack user when her booking changed is told its state once she has one; an update DM Slack took
just before a stop is not told again after a change made while the copilot was down; a booking prepped by a handler a
stop cut off, given to a colleague while the copilot was down, is told to the first therapist as no longer hers. The
scenes are those of ``tests/stops.py``."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import Any

from spa_copilot import briefings
from spa_copilot.sandbox.world import SandboxWorld
from tests.conftest import FakeClock
from tests.scenes import prepped_booking
from tests.stops import (
    BRIEFINGS,
    a_colleague,
    a_prepped_booking,
    given_to,
    made_now,
    nudged,
    poll_cut_off_once,
    poll_stopped_inside,
    polled_once,
    polls_a_minute_apart,
    restarted,
    texts,
    touched,
)


def updates(world: SandboxWorld, channel: str, since: int) -> list[str]:
    return [t for t in texts(world, channel, since) if t.startswith("Update:")]


async def test_a_therapist_unmatched_when_her_booking_changed_is_told_its_state_once_matched(
    world: SandboxWorld, clock: FakeClock
) -> None:
    """Her email in the spa system stops matching Slack after her prep DM; the booking is moved twice meanwhile. Once
    the email is fixed she hears where it is now, once (not each move, and not again at the next checks)."""
    copilot = world.copilot
    prepped = await a_prepped_booking(world)
    therapist = world.spa.staff[prepped.therapist]
    sent = len(world.slack.messages(prepped.dm))
    copilot.catalog_ttl_seconds = 0
    world.spa.staff[therapist.id] = therapist.model_copy(update={"email": "typo@example.com"})  # no such Slack user
    once = nudged(world, prepped.booking, 15)
    await polls_a_minute_apart(world, clock)
    twice = nudged(world, once, 15)
    await polls_a_minute_apart(world, clock)
    assert texts(world, prepped.dm, sent) == [], "nobody to DM meanwhile"
    world.spa.staff[therapist.id] = therapist  # the email fixed
    await polls_a_minute_apart(world, clock, 3)
    told = updates(world, prepped.dm, sent)
    soho = next(loc for loc in world.data.locations if loc.id == "loc_soho")
    shown = twice.start_at.astimezone(soho.tz)
    assert len(told) == 1 and "is moved to" in told[0], told
    assert shown.strftime("%-I:%M%p").lower() in told[0], told


async def taken_then_stopped(world: SandboxWorld, clock: FakeClock, user_id: str) -> None:
    """A poll cut off by a stop inside the briefings handler just after Slack took a DM to ``user_id`` (its answer
    never came back: the DM is in Slack, the handler did not get to record it)."""
    slack = world.copilot.slack
    real, reached = slack.chat_postMessage, asyncio.Event()

    async def taken_then_stop(**kwargs: Any) -> Any:
        answer = await real(**kwargs)
        if kwargs.get("channel") == user_id:
            reached.set()
            await asyncio.Event().wait()
        return answer

    slack.chat_postMessage = taken_then_stop
    await poll_cut_off_once(world, clock, reached, lambda: setattr(slack, "chat_postMessage", real))


async def test_an_update_taken_just_before_a_stop_is_not_told_again_with_the_next_change(
    world: SandboxWorld, clock: FakeClock
) -> None:
    prepped = await a_prepped_booking(world)
    sent = len(world.slack.messages(prepped.dm))
    moved = nudged(world, prepped.booking, 15)
    await taken_then_stopped(world, clock, world.slack_id(prepped.therapist))
    [first] = updates(world, prepped.dm, sent)
    assert "is moved to" in first
    touched(world, moved.id, notes="Guest asked for a quiet room")  # while the copilot is down
    await restarted(world, clock, 3)
    told = updates(world, prepped.dm, sent)
    assert len(told) == 2 and "is moved to" not in told[1] and "has new guest details" in told[1], told


async def test_an_update_cut_off_before_slack_took_it_is_told_with_the_next_change(
    world: SandboxWorld, clock: FakeClock
) -> None:
    """The other side of the same stop: the DM never reached Slack, so the move is told with the note (never lost)."""
    prepped = await a_prepped_booking(world)
    sent = len(world.slack.messages(prepped.dm))
    slack, user_id = world.copilot.slack, world.slack_id(prepped.therapist)
    real, reached = slack.chat_postMessage, asyncio.Event()

    async def stopped_before(**kwargs: Any) -> Any:
        if kwargs.get("channel") == user_id:
            reached.set()
            await asyncio.Event().wait()
        return await real(**kwargs)

    moved = nudged(world, prepped.booking, 15)
    slack.chat_postMessage = stopped_before
    await poll_cut_off_once(world, clock, reached, lambda: setattr(slack, "chat_postMessage", real))
    touched(world, moved.id, notes="Guest asked for a quiet room")
    await restarted(world, clock, 3)
    told = updates(world, prepped.dm, sent)
    assert len(told) == 1 and "is moved to" in told[0] and "has new guest details" in told[0], told


async def test_a_booking_prepped_by_a_cut_off_handler_then_reassigned_while_down_is_told_to_both(
    world: SandboxWorld, clock: FakeClock
) -> None:
    copilot = await polled_once(world)
    await briefings.send_prep_briefings(copilot)
    template = await prepped_booking(world)
    new = made_now(world, template, "ap_made_now", timedelta(minutes=30))
    therapist = new.services[0].staff_id
    colleague = a_colleague(world, therapist)
    dm, colleague_dm = world.slack.dm_channel(world.slack_id(therapist)), world.slack.dm_channel(world.slack_id(colleague.id))
    sent, sent_colleague = len(world.slack.messages(dm)), len(world.slack.messages(colleague_dm))
    await poll_stopped_inside(world, clock, BRIEFINGS, new.id)  # prepped at once, then the stop
    assert [t for t in texts(world, dm, sent) if t.startswith("Coming up")], "her prep DM went"
    given_to(world, new, colleague.id)  # while the copilot is down
    await restarted(world, clock, 3)
    told = updates(world, dm, sent)
    assert len(told) == 1 and told[0].endswith(f"is moved to {colleague.first_name}."), told
    assert len([t for t in texts(world, colleague_dm, sent_colleague) if t.startswith("Coming up")]) == 1
