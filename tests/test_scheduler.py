"""The scheduler's jobs: outage reporting and recovery, one registration place, briefings in each location's zone."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from spa_copilot.copilot import Copilot
from spa_copilot.domain import Location
from spa_copilot.sandbox.world import SandboxWorld
from spa_copilot.scheduler import (
    briefing_trigger,
    build_scheduler,
    poll_calendar,
    refresh_location_jobs,
    start_scheduler,
)
from spa_copilot.settings import Settings


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """One retry per request keeps the outage test fast; the backoff still runs."""
    return Settings(
        _env_file=None, spa_db_path=tmp_path / "state.db", spa_model_dir=tmp_path / "no-models", mangomint_max_retries=1
    )


def ops_texts(world: SandboxWorld) -> list[str]:
    return [m.text for m in world.slack.messages(world.settings.ops_channel)]


async def test_an_outage_is_retried_reported_once_and_its_recovery_once(world: SandboxWorld) -> None:
    copilot = world.copilot
    assert len(await poll_calendar(copilot)) == 2
    world.spa.faults.fail_next(1000, status=503)
    assert await poll_calendar(copilot) == []
    assert await poll_calendar(copilot) == []
    failing = [t for t in ops_texts(world) if "has been failing since" in t]
    assert len(failing) == 1 and "09:12" not in failing[0] and "14:00 UTC" in failing[0]
    assert world.spa.faults.injected["error"] >= 8, "each request was retried before giving up"
    assert all(s["failing_since"] for s in copilot.store.all_sync_states())
    world.spa.faults.clear_scripted()
    assert len(await poll_calendar(copilot)) == 2
    await poll_calendar(copilot)
    texts = ops_texts(world)
    assert len([t for t in texts if "has been failing since" in t]) == 1
    recovered = [t for t in texts if "working again" in t]
    assert len(recovered) == 1 and "14:00 UTC" in recovered[0]
    assert not any(s["failing_since"] for s in copilot.store.all_sync_states())


async def test_alerts_keep_working_after_an_outage(world: SandboxWorld) -> None:
    world.spa.faults.fail_next(1000)
    await poll_calendar(world.copilot)
    assert not [m for m in world.slack.messages(world.settings.spa_front_desk_channel) if "Acknowledge" in json.dumps(m.blocks)]
    world.spa.faults.clear_scripted()
    await poll_calendar(world.copilot)
    cards = [m for m in world.slack.messages(world.settings.spa_front_desk_channel) if "Acknowledge" in json.dumps(m.blocks)]
    assert len(cards) == 9


async def test_every_job_is_registered_in_one_place(world: SandboxWorld) -> None:
    catalog = await world.copilot.catalog()
    scheduler = build_scheduler(world.copilot, locations=catalog.locations)
    assert {job.id for job in scheduler.get_jobs()} == {
        "poll_calendar",
        "prep_briefings",
        "refresh_location_jobs",
        "briefing:loc_soho",
        "briefing:loc_venice",
    }


async def test_briefings_fire_at_0730_in_each_locations_own_zone(world: SandboxWorld) -> None:
    catalog = await world.copilot.catalog()
    scheduler = build_scheduler(world.copilot, locations=catalog.locations)
    midnight = datetime(2026, 11, 24, 0, 0, tzinfo=UTC)
    fires = {
        job.id: job.trigger.get_next_fire_time(None, midnight) for job in scheduler.get_jobs() if job.id.startswith("briefing:")
    }
    assert fires["briefing:loc_soho"].astimezone(UTC) == datetime(2026, 11, 24, 12, 30, tzinfo=UTC)
    assert fires["briefing:loc_venice"].astimezone(UTC) == datetime(2026, 11, 24, 15, 30, tzinfo=UTC)
    for job_id, zone in (("briefing:loc_soho", "America/New_York"), ("briefing:loc_venice", "America/Los_Angeles")):
        local = fires[job_id].astimezone(ZoneInfo(zone))
        assert (local.hour, local.minute) == (7, 30)


def test_briefings_stay_at_0730_local_across_a_dst_change(world_free_copilot: Copilot) -> None:
    new_york = Location(id="loc_ny", name="NY", time_zone="America/New_York")
    trigger = briefing_trigger(world_free_copilot, new_york)
    # US clocks go back on 1 Nov 2026: 07:30 is 11:30 UTC on the Saturday and 12:30 UTC on the Sunday.
    saturday = trigger.get_next_fire_time(None, datetime(2026, 10, 31, 0, 0, tzinfo=UTC))
    sunday = trigger.get_next_fire_time(saturday, datetime(2026, 10, 31, 12, 0, tzinfo=UTC))
    assert saturday.astimezone(UTC) == datetime(2026, 10, 31, 11, 30, tzinfo=UTC)
    assert sunday.astimezone(UTC) == datetime(2026, 11, 1, 12, 30, tzinfo=UTC)
    # and forward again on 8 Mar 2026
    spring = trigger.get_next_fire_time(None, datetime(2026, 3, 8, 0, 0, tzinfo=UTC))
    assert spring.astimezone(UTC) == datetime(2026, 3, 8, 11, 30, tzinfo=UTC)


@pytest.fixture
def world_free_copilot(settings: Settings) -> Copilot:
    """Just enough of a copilot to build triggers (no platform, no Slack)."""
    return Copilot(settings=settings, store=None, platform=None, slack=None, roles=None, directory=None)  # type: ignore[arg-type]


async def test_refresh_adds_briefing_jobs_for_the_platforms_locations(world: SandboxWorld) -> None:
    scheduler = build_scheduler(world.copilot)
    assert not [job for job in scheduler.get_jobs() if job.id.startswith("briefing:")]
    await refresh_location_jobs(world.copilot, scheduler)
    await refresh_location_jobs(world.copilot, scheduler)
    jobs = {job.id: job for job in scheduler.get_jobs() if job.id.startswith("briefing:")}
    assert set(jobs) == {"briefing:loc_soho", "briefing:loc_venice"}
    assert str(jobs["briefing:loc_venice"].trigger.timezone) == "America/Los_Angeles"


async def test_refresh_never_raises_when_the_platform_is_down(world: SandboxWorld) -> None:
    world.copilot.catalog_ttl_seconds = 0
    world.spa.faults.fail_next(1000)
    scheduler = build_scheduler(world.copilot)
    await refresh_location_jobs(world.copilot, scheduler)
    assert not [job for job in scheduler.get_jobs() if job.id.startswith("briefing:")]


async def test_a_started_scheduler_turns_appointment_webhooks_into_processing(world: SandboxWorld) -> None:
    copilot = world.copilot
    await poll_calendar(copilot)
    scheduler = start_scheduler(copilot)
    try:
        assert scheduler.running
        card = next(
            m for m in world.slack.messages(world.settings.spa_front_desk_channel) if "ap_p14" in json.dumps(m.blocks)
        )
        await world.admin("POST", "/sandbox/appointments/ap_p14/cancel")
        resolved = world.slack.message(card.channel, card.ts)
        assert resolved is not None and "Resolved" in json.dumps(resolved.blocks), "resolved by the webhook, no poll"
    finally:
        scheduler.shutdown(wait=False)
