"""A job's failure is tracked per job and location id, and said with the location's name: every location's morning
briefings (and their retries) were one "morning briefings" job, so one location failing while another worked posted
"failed", then "working again", at every run (reliability review, 4 December); tracked by the name, a location
renamed between a failure and its recovery would never be said to work again (a second review)."""

from __future__ import annotations

import asyncio

import pytest

from spa_copilot import scheduler
from spa_copilot.sandbox.world import SandboxWorld


async def test_each_location_s_briefings_are_their_own_job_and_a_retry_is_its_location_s(world: SandboxWorld) -> None:
    catalog = await world.copilot.catalog()
    first, second = catalog.locations[:2]
    family = scheduler._job_family
    assert family(f"briefing-retry:{first.id}") == family(f"briefing:{first.id}") != family(f"briefing:{second.id}")
    assert scheduler._job_words(world.copilot, family(f"briefing:{first.id}")) == f"morning briefings job at {first.name}"
    assert scheduler._job_words(world.copilot, family("poll_calendar")) == "calendar poll job"
    assert scheduler._job_words(world.copilot, family("briefing:loc_gone")) == "morning briefings job at loc_gone"


async def test_one_location_failing_while_another_works_is_said_once_and_its_recovery_once(
    world: SandboxWorld, monkeypatch: pytest.MonkeyPatch
) -> None:
    catalog = await world.copilot.catalog()
    first, second = catalog.locations[:2]
    copilot = world.copilot
    posts: list[str] = []

    async def post(_copilot: object, text: str, **_key: object) -> bool:
        posts.append(text)
        return True

    monkeypatch.setattr(scheduler, "_post_ops", post)
    listen = scheduler._job_listener(copilot)

    class Event:
        def __init__(self, job_id: str, exception: BaseException | None) -> None:
            self.job_id, self.exception = job_id, exception

    for job_id, failed in [(f"briefing:{first.id}", True), (f"briefing:{second.id}", False)] * 3 + [
        (f"briefing-retry:{first.id}", False)
    ]:
        listen(Event(job_id, RuntimeError("x") if failed else None))
        await asyncio.sleep(0)
    await asyncio.sleep(0.05)
    words = f"morning briefings job at {first.name}"
    assert posts == [scheduler.JOB_FAILING_TEXT.format(job=words, error="RuntimeError"),
                     scheduler.JOB_RECOVERED_TEXT.format(job=words)]
