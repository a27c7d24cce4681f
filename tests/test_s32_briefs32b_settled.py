"""An update DM a stop left on its way is settled per therapist (``briefings._settled``; session 32, after rev32b):
while one therapist's DM cannot be looked in, only her update waits; the others on the booking are told."""

from __future__ import annotations

import asyncio
from typing import Any

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_slack_response import AsyncSlackResponse

from spa_copilot import briefings, scheduler
from spa_copilot.sandbox.world import SandboxWorld
from tests.conftest import FakeClock
from tests.scenes import prepped_booking
from tests.stops import a_colleague, nudged, polled_once, polls_a_minute_apart, restarted, texts
from tests.test_s32_briefs32b_as_told import two_parts, updates


def _unavailable() -> SlackApiError:
    response = AsyncSlackResponse(client=None, http_verb="GET", api_url="https://slack.com/api/conversations.history",
                                  req_args={}, data={"ok": False, "error": "service_unavailable"}, headers={},
                                  status_code=503)
    return SlackApiError("The request to the Slack API failed. (status: 503)", response)


async def test_one_therapists_dm_that_cannot_be_looked_in_holds_back_only_her_own_update(
    world: SandboxWorld, clock: FakeClock
) -> None:
    """A two-part booking, both therapists prepped. An update to the second is cut off by a stop before Slack took
    it; while the copilot is down the booking is cancelled, and after the restart her DM cannot be looked in (Slack
    erring on ``conversations.history``). The first hears "is cancelled" at once; the second once her DM is looked in,
    once."""
    copilot = await polled_once(world)
    copilot.catalog_ttl_seconds = 0
    await briefings.send_prep_briefings(copilot)
    template = await prepped_booking(world)
    first = template.services[0]
    mine, theirs = first.staff_id, a_colleague(world, first.staff_id).id
    new = two_parts(world, template, theirs)
    await polls_a_minute_apart(world, clock, 2)
    dm, their_dm = (world.slack.dm_channel(world.slack_id(sid)) for sid in (mine, theirs))
    assert copilot.store.told(new.id, mine) is not None and copilot.store.told(new.id, theirs) is not None
    sent, their_sent = len(world.slack.messages(dm)), len(world.slack.messages(their_dm))

    slack, their_user = copilot.slack, world.slack_id(theirs)
    real_post, reached = slack.chat_postMessage, asyncio.Event()

    async def stopped_before(**kwargs: Any) -> Any:
        if kwargs.get("channel") == their_user:
            reached.set()
            await asyncio.Event().wait()
        return await real_post(**kwargs)

    moved = nudged(world, new, 15)
    slack.chat_postMessage = stopped_before  # type: ignore[method-assign]
    clock.advance(minutes=1)
    poll = asyncio.create_task(scheduler.poll_calendar(copilot))
    try:
        await asyncio.wait_for(reached.wait(), timeout=30)
    finally:
        poll.cancel()
        await asyncio.gather(poll, return_exceptions=True)
        slack.chat_postMessage = real_post  # type: ignore[method-assign]
    assert isinstance((copilot.store.told(new.id, theirs) or {}).get(briefings.SENDING), dict), "left on its way"
    assert texts(world, their_dm, their_sent) == []
    sent = len(world.slack.messages(dm))  # the first may have heard of the move before the stop

    real_history = slack.conversations_history

    async def their_dm_down(**kwargs: Any) -> Any:
        if kwargs.get("channel") == their_dm:
            raise _unavailable()
        return await real_history(**kwargs)

    world.spa.cancel(moved.id, reason="guest cancelled")  # while the copilot is down
    slack.conversations_history = their_dm_down  # type: ignore[method-assign]
    await restarted(world, clock, 1)
    assert updates(world, dm, sent) and updates(world, dm, sent)[-1].endswith("is cancelled."), texts(world, dm, sent)
    assert updates(world, their_dm, their_sent) == [], "hers waits until her DM is looked in"
    slack.conversations_history = real_history  # type: ignore[method-assign]
    await polls_a_minute_apart(world, clock, 2)
    theirs_told = updates(world, their_dm, their_sent)
    assert len(theirs_told) == 1 and theirs_told[0].endswith("is cancelled."), theirs_told
    assert len([t for t in updates(world, dm, sent) if t.endswith("is cancelled.")]) == 1
