"""The ops channel's notes (an outage, its end, a job failing and working again) are posted once: a note whose
answer Slack lost (a proxy's 502 after it posted) is found in the channel by the next try, not posted again, and a
job's failure is kept in the state database, so a restarted copilot neither says it again nor forgets its recovery."""

from __future__ import annotations

import pytest

from spa_copilot.copilot import build_copilot
from spa_copilot.sandbox.world import SandboxWorld
from spa_copilot.scheduler import job_failed, job_succeeded, poll_calendar
from spa_copilot.store import Store
from tests.conftest import FakeClock

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def ops_texts(world: SandboxWorld, words: str) -> list[str]:
    return [m.text for m in world.slack.messages(world.settings.ops_channel) if words in m.text]


async def polls(world: SandboxWorld, clock: FakeClock, count: int) -> None:
    for _ in range(count):
        clock.advance(minutes=1)
        await poll_calendar(world.copilot)


async def test_an_outage_note_whose_answer_was_lost_is_posted_once(world: SandboxWorld, clock: FakeClock) -> None:
    world.copilot.catalog_ttl_seconds = 3600
    await poll_calendar(world.copilot)  # the catalogue read while the spa system answers
    world.spa.faults.fail_next(100_000)
    await polls(world, clock, 1)  # failing since now
    world.slack.lose_answer_next(1)  # the outage note is posted; the copilot gets a bare 502
    await polls(world, clock, 4)
    assert len(ops_texts(world, "has been failing")) == 1


async def test_a_recovery_note_whose_answer_was_lost_is_posted_once(world: SandboxWorld, clock: FakeClock) -> None:
    world.copilot.catalog_ttl_seconds = 3600
    await poll_calendar(world.copilot)
    world.spa.faults.fail_next(100_000)
    await polls(world, clock, 3)
    assert len(ops_texts(world, "has been failing")) == 1
    world.spa.faults.clear_scripted()
    world.slack.lose_answer_next(1)
    await polls(world, clock, 3)
    assert len(ops_texts(world, "working again")) == 1


async def test_a_job_failure_note_whose_answer_was_lost_is_posted_once_and_a_new_failure_again(
    world: SandboxWorld,
) -> None:
    world.slack.lose_answer_next(1)
    for _ in range(3):  # the job fails at three runs in a row
        await job_failed(world.copilot, "calendar poll", RuntimeError("boom"), words="calendar poll job")
    await job_succeeded(world.copilot, "calendar poll", words="calendar poll job")
    assert len(ops_texts(world, "failed (RuntimeError)")) == 1
    assert len(ops_texts(world, "is working again")) == 1
    # a new failure is a new note (its key is when it began), not the old one found again
    await job_failed(world.copilot, "calendar poll", RuntimeError("boom"), words="calendar poll job")
    await job_succeeded(world.copilot, "calendar poll", words="calendar poll job")
    assert len(ops_texts(world, "failed (RuntimeError)")) == 2
    assert len(ops_texts(world, "is working again")) == 2


async def test_a_job_failing_across_a_restart_is_said_once_and_so_is_its_recovery(
    world: SandboxWorld, clock: FakeClock
) -> None:
    await job_failed(world.copilot, "calendar poll", RuntimeError("boom"), words="calendar poll job")
    store = Store.open(world.settings.spa_db_path)
    try:
        again = build_copilot(
            world.settings,
            platform=world.platform,
            store=store,
            slack_client=world.copilot.slack,
            clock=clock,
            ai=world.copilot.ai,
        )
        await job_failed(again, "calendar poll", RuntimeError("boom"), words="calendar poll job")
        await job_succeeded(again, "calendar poll", words="calendar poll job")
        await job_succeeded(again, "calendar poll", words="calendar poll job")  # a later run: nothing more to say
    finally:
        store.close()
    assert len(ops_texts(world, "failed (RuntimeError)")) == 1
    assert len(ops_texts(world, "is working again")) == 1
