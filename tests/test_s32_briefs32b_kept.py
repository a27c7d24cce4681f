"""An update kept for a therapist whose Slack user is gone (session 32, after rev32b F3): the prep check does not
read the booking and its guest again for it while nobody it waits for has a Slack user; once she has one, she is
told, once."""

from __future__ import annotations

from typing import Any

from spa_copilot import briefings
from spa_copilot.sandbox.world import SandboxWorld
from tests.conftest import FakeClock
from tests.stops import a_prepped_booking, nudged, polls_a_minute_apart
from tests.test_s32_briefs32b_as_told import updates


async def test_an_update_kept_for_a_therapist_whose_slack_user_is_gone_reads_nothing_until_she_has_one(
    world: SandboxWorld, clock: FakeClock
) -> None:
    copilot = world.copilot
    prepped = await a_prepped_booking(world)
    therapist = world.spa.staff[prepped.therapist]
    copilot.catalog_ttl_seconds = 0
    sent = len(world.slack.messages(prepped.dm))
    world.spa.staff[therapist.id] = therapist.model_copy(update={"email": "left@example.com"})  # no Slack user now
    moved = nudged(world, prepped.booking, 15)
    await polls_a_minute_apart(world, clock, 1)
    assert [told.appointment_id for told, _ in copilot.store.kept_updates()] == [moved.id]
    platform, reads = copilot.platform, []
    real = platform.get_appointment

    async def counted(appointment_id: str, *args: Any, **kwargs: Any) -> Any:
        reads.append(appointment_id)
        return await real(appointment_id, *args, **kwargs)

    platform.get_appointment = counted  # type: ignore[method-assign]
    for _ in range(5):
        clock.advance(minutes=5)
        await briefings.send_prep_briefings(copilot)
    assert moved.id not in reads, "nobody to tell: the booking is not read again at each prep check"
    assert [told.appointment_id for told, _ in copilot.store.kept_updates()] == [moved.id], "still kept"
    world.spa.staff[therapist.id] = therapist  # her Slack user back
    clock.advance(minutes=5)
    await briefings.send_prep_briefings(copilot)
    clock.advance(minutes=5)
    await briefings.send_prep_briefings(copilot)
    told = updates(world, prepped.dm, sent)
    assert len(told) == 1 and "is moved to" in told[0], told
    assert copilot.store.kept_updates() == []
