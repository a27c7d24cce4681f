"""A job's failure is reported per job and location: every location's morning briefings (and their retries) were one
"morning briefings" job, so one location failing while another worked posted "failed", then "working again", at
every run (reliability review, 4 December)."""

from __future__ import annotations

from spa_copilot import scheduler
from spa_copilot.sandbox.world import SandboxWorld


async def test_each_location_s_briefings_are_their_own_job_and_a_retry_is_its_location_s(world: SandboxWorld) -> None:
    catalog = await world.copilot.catalog()
    first, second = catalog.locations[:2]
    name = scheduler._job_family
    assert name(world.copilot, f"briefing:{first.id}") == f"morning briefings job at {first.name}"
    assert name(world.copilot, f"briefing-retry:{first.id}") == name(world.copilot, f"briefing:{first.id}")
    assert name(world.copilot, f"briefing:{second.id}") != name(world.copilot, f"briefing:{first.id}")
    assert name(world.copilot, "poll_calendar") == "calendar poll job"
    assert name(world.copilot, "briefing:loc_gone") == "morning briefings job at loc_gone"  # not read (yet): its id


async def test_one_location_failing_while_another_works_is_said_once(world: SandboxWorld) -> None:
    catalog = await world.copilot.catalog()
    first, second = catalog.locations[:2]
    copilot = world.copilot
    posts: list[str] = []

    async def post(_copilot: object, text: str) -> bool:
        posts.append(text)
        return True

    original = scheduler._post_ops
    scheduler._post_ops = post  # type: ignore[assignment]
    try:
        for _ in range(3):  # each morning: the first location's job fails, the second's runs through
            await scheduler.job_failed(copilot, scheduler._job_family(copilot, f"briefing:{first.id}"), RuntimeError("x"))
            family = scheduler._job_family(copilot, f"briefing:{second.id}")
            if family in copilot.job_failures:
                await scheduler.job_succeeded(copilot, family)
    finally:
        scheduler._post_ops = original  # type: ignore[assignment]
    assert posts == [scheduler.JOB_FAILING_TEXT.format(job=f"morning briefings job at {first.name}", error="RuntimeError")]
