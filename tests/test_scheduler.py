"""The scheduler's jobs: outage reporting and recovery, one registration place, briefings in each location's zone."""

from __future__ import annotations

import asyncio
import json
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import aiohttp
import pytest
from slack_sdk.errors import SlackApiError

from spa_copilot import fill, scheduler
from spa_copilot.alerts import handle_calendar_changes
from spa_copilot.copilot import Copilot, build_copilot, build_slack_client
from spa_copilot.domain import Location
from spa_copilot.engines.calendar_diff import ChangeKind
from spa_copilot.platform.errors import PlatformUnavailable
from spa_copilot.sandbox.faults import FaultConfig
from spa_copilot.sandbox.world import FRONT_DESK_USER, SandboxWorld
from spa_copilot.scheduler import (
    BRIEFING_RETRY_SECONDS,
    briefing_trigger,
    briefing_window_open,
    build_scheduler,
    change_handlers,
    morning_briefings,
    poll_calendar,
    refresh_location_jobs,
    start_scheduler,
    sync_and_process,
)
from spa_copilot.settings import Settings
from spa_copilot.store import Store

from .conftest import DAY, FakeClock, FlakySlack


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """One retry per request keeps the outage test fast; the backoff still runs."""
    return Settings(
        _env_file=None, spa_db_path=tmp_path / "state.db", spa_model_dir=tmp_path / "no-models", mangomint_max_retries=1
    )


def ops_texts(world: SandboxWorld) -> list[str]:
    return [m.text for m in world.slack.messages(world.settings.ops_channel)]


def failing_texts(world: SandboxWorld) -> list[str]:
    return [t for t in ops_texts(world) if "has been failing" in t]


def recovered_texts(world: SandboxWorld) -> list[str]:
    return [t for t in ops_texts(world) if "working again" in t]


def outage(since: str, *, everywhere: bool = False) -> str:
    scope = " at all locations" if everywhere else ""
    return f":warning: Calendar sync with the spa system has been failing{scope} since {since}. I keep retrying."


def recovery(since: str, *, everywhere: bool = False) -> str:
    scope = " at all locations" if everywhere else ""
    return f":white_check_mark: Calendar sync is working again{scope} after failing since {since}."


#: both sandbox locations, each with 2:00pm UTC in its own zone; names escaped for Slack
BOTH_AT_1400_UTC = "9:00am EST (Juniper &amp; Salt SoHo) / 6:00am PST (Juniper &amp; Salt Venice)"


async def test_an_outage_is_retried_reported_once_and_its_recovery_once(world: SandboxWorld) -> None:
    copilot = world.copilot
    assert len(await poll_calendar(copilot)) == 2
    world.spa.faults.fail_next(1000, status=503)
    assert await poll_calendar(copilot) == []
    assert await poll_calendar(copilot) == []
    # one message naming every location down, each with the time in its own zone
    assert failing_texts(world) == [outage(BOTH_AT_1400_UTC, everywhere=True)]
    assert world.spa.faults.injected["error"] >= 8, "each request was retried before giving up"
    assert all(s["failing_since"] for s in copilot.store.all_sync_states())
    world.spa.faults.clear_scripted()
    assert len(await poll_calendar(copilot)) == 2
    await poll_calendar(copilot)
    assert len(failing_texts(world)) == 1
    # announced once, when the last failing location clears; each location's time in its own zone again
    assert recovered_texts(world) == [recovery(BOTH_AT_1400_UTC, everywhere=True)]
    assert not any(s["failing_since"] for s in copilot.store.all_sync_states())


async def test_a_location_joining_an_outage_is_not_reported_twice_and_the_recovery_names_each_in_its_zone(
    world: SandboxWorld, clock: FakeClock
) -> None:
    copilot = world.copilot
    real = copilot.platform
    copilot.platform = BuggyPlatform(real, "loc_soho")  # type: ignore[assignment]
    await poll_calendar(copilot)
    await poll_calendar(copilot)
    assert failing_texts(world) == [outage("9:00am EST (Juniper &amp; Salt SoHo)")]
    clock.advance(minutes=10)
    copilot.platform = BuggyPlatform(real, "loc_soho", "loc_venice")  # type: ignore[assignment]
    await poll_calendar(copilot)
    await poll_calendar(copilot)
    assert len(failing_texts(world)) == 1, "the outage was reported already"
    clock.advance(minutes=10)
    copilot.platform = BuggyPlatform(real, "loc_venice")  # type: ignore[assignment]
    await poll_calendar(copilot)  # SoHo is back, Venice is not: not over yet
    assert recovered_texts(world) == []
    clock.advance(minutes=10)
    copilot.platform = real
    await poll_calendar(copilot)
    await poll_calendar(copilot)
    # SoHo since 09:00 in New York, Venice since 06:10 in Los Angeles (never SoHo's start in Venice's zone)
    assert recovered_texts(world) == [
        recovery("9:00am EST (Juniper &amp; Salt SoHo) / 6:10am PST (Juniper &amp; Salt Venice)", everywhere=True)
    ]
    assert len(failing_texts(world)) == 1


async def test_a_recovery_of_one_location_of_two_names_it_in_its_own_zone(world: SandboxWorld) -> None:
    copilot = world.copilot
    real = copilot.platform
    copilot.platform = BuggyPlatform(real, "loc_venice")  # type: ignore[assignment]
    await poll_calendar(copilot)
    await poll_calendar(copilot)
    copilot.platform = real
    await poll_calendar(copilot)
    assert failing_texts(world) == [outage("6:00am PST (Juniper &amp; Salt Venice)")]
    assert recovered_texts(world) == [recovery("6:00am PST (Juniper &amp; Salt Venice)")]


async def test_locations_that_cannot_be_read_are_all_locations_in_their_zones_once_known(world: SandboxWorld) -> None:
    copilot = world.copilot
    copilot.catalog_ttl_seconds = 0  # every poll reads the locations
    await poll_calendar(copilot)
    world.spa.faults.fail_next(1000)
    await poll_calendar(copilot)
    await poll_calendar(copilot)
    assert copilot.store.sync_state(scheduler.ALL_LOCATIONS)["failing_since"]
    assert failing_texts(world) == [outage(BOTH_AT_1400_UTC, everywhere=True)]
    world.spa.faults.clear_scripted()
    await poll_calendar(copilot)
    assert recovered_texts(world) == [recovery(BOTH_AT_1400_UTC, everywhere=True)]


async def test_locations_never_read_are_reported_in_utc_and_recovered_in_their_zones(world: SandboxWorld) -> None:
    copilot = world.copilot
    assert copilot.known_locations() == []
    world.spa.faults.fail_next(1000)
    await poll_calendar(copilot)
    await poll_calendar(copilot)
    assert failing_texts(world) == [outage("2:00pm UTC", everywhere=True)]
    world.spa.faults.clear_scripted()
    await poll_calendar(copilot)
    assert recovered_texts(world) == [recovery(BOTH_AT_1400_UTC, everywhere=True)]


async def test_a_webhooks_failed_sync_is_reported_by_the_next_poll_failing_too(world: SandboxWorld) -> None:
    copilot = world.copilot
    await poll_calendar(copilot)
    soho = (await copilot.catalog()).location("loc_soho")
    assert soho is not None
    world.spa.faults.fail_next(1000)
    assert await sync_and_process(copilot, soho, full=False) is None
    assert failing_texts(world) == [], "one location's sync does not know about the others yet"
    await poll_calendar(copilot)  # SoHo has failed twice in a row now; Venice once so far
    assert failing_texts(world) == [outage(SOHO_0900)]
    await poll_calendar(copilot)  # Venice joins the outage quietly
    world.spa.faults.clear_scripted()
    await poll_calendar(copilot)
    assert health_texts(world) == [outage(SOHO_0900), recovery(BOTH_AT_1400_UTC, everywhere=True)]


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
        "housekeeping",
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
    # US clocks go back on 1 Nov 2026: 07:30 is 11:30am UTC on the Saturday and 12:30pm UTC on the Sunday.
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


async def test_a_start_during_a_blip_retries_the_refresh_soon_and_still_sends_the_morning_briefings(
    world: SandboxWorld, clock: FakeClock
) -> None:
    """Restarted at 09:45 in New York (the 07:30 run was missed) while the spa system blips: the refresh is
    tried again a minute later, not in an hour (10:45, past the catch-up window), so SoHo is still briefed."""
    now = at_local(clock, "America/New_York", "09:45")
    world.copilot.catalog_ttl_seconds = 0
    jobs = build_scheduler(world.copilot)
    refresh = jobs.get_job("refresh_location_jobs")
    world.spa.faults.fail_next(1000)
    await refresh_location_jobs(world.copilot, jobs)
    assert not [job for job in jobs.get_jobs() if job.id.startswith("briefing:")]
    retry_at = now + timedelta(seconds=scheduler.LOCATION_RETRY_SECONDS)
    assert refresh.next_run_time == retry_at, "tried again soon, not at the next hourly refresh"
    world.spa.faults.clear_scripted()
    clock.current = retry_at
    await refresh_location_jobs(world.copilot, jobs)
    assert jobs.get_job("briefing:loc_soho").next_run_time == retry_at, "today's briefings are caught up at once"
    assert refresh.next_run_time == retry_at, "a refresh that worked leaves its hourly schedule alone"


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


# ---------------------------------------------------------------------------------------------------
# Failures that are not the platform's


class BuggyPlatform:
    """The sandbox client, except that reading some locations' books raises a bug (not a ``PlatformError``)."""

    def __init__(self, inner: Any, *broken: str) -> None:
        self.inner = inner
        self.broken = set(broken)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)

    async def list_appointments(self, **kwargs: Any) -> Any:
        if kwargs.get("location_id") in self.broken:
            raise KeyError("a field the parser did not expect")
        return await self.inner.list_appointments(**kwargs)


async def test_a_bug_in_one_location_is_reported_once_and_the_others_still_sync(world: SandboxWorld) -> None:
    copilot = world.copilot
    real = copilot.platform
    copilot.platform = BuggyPlatform(real, "loc_soho")  # type: ignore[assignment]
    results = await poll_calendar(copilot)
    assert [r.location_id for r in results] == ["loc_venice"]
    await poll_calendar(copilot)
    failing = failing_texts(world)
    assert len(failing) == 1 and "Juniper &amp; Salt SoHo" in failing[0]
    assert copilot.store.sync_state("loc_soho")["last_error"] == "KeyError"
    copilot.platform = real
    assert len(await poll_calendar(copilot)) == 2
    assert len(recovered_texts(world)) == 1


async def test_an_unreachable_ops_channel_neither_stops_the_poll_nor_loses_the_report(
    world: SandboxWorld, flaky_slack: FlakySlack
) -> None:
    copilot = world.copilot
    copilot.platform = BuggyPlatform(copilot.platform, "loc_soho")  # type: ignore[assignment]
    flaky_slack.fail("chat_postMessage", aiohttp.ClientConnectionError("slack down"), channel=world.settings.ops_channel)
    results = await poll_calendar(copilot)
    assert [r.location_id for r in results] == ["loc_venice"]
    assert not failing_texts(world)
    flaky_slack.heal()
    await poll_calendar(copilot)
    assert len(failing_texts(world)) == 1, "reported once Slack is back"


async def test_a_recovery_slack_refused_is_posted_at_the_next_poll_and_only_once(
    world: SandboxWorld, flaky_slack: FlakySlack
) -> None:
    copilot = world.copilot
    real = copilot.platform
    copilot.platform = BuggyPlatform(real, "loc_soho")  # type: ignore[assignment]
    await poll_calendar(copilot)
    await poll_calendar(copilot)
    assert len(failing_texts(world)) == 1
    copilot.platform = real
    flaky_slack.fail("chat_postMessage", aiohttp.ClientConnectionError("slack down"), channel=world.settings.ops_channel)
    assert len(await poll_calendar(copilot)) == 2, "the poll goes on"
    assert recovered_texts(world) == []
    flaky_slack.heal()
    await poll_calendar(copilot)
    await poll_calendar(copilot)
    assert recovered_texts(world) == [recovery("9:00am EST (Juniper &amp; Salt SoHo)")]


def health_texts(world: SandboxWorld) -> list[str]:
    """The ops channel's outage and recovery messages, in the order they were posted."""
    return [t for t in ops_texts(world) if any(said in t for said in ("has been failing", "working again", "is over"))]


SOHO_0900 = "9:00am EST (Juniper &amp; Salt SoHo)"


async def test_a_rate_limited_ops_post_does_not_hold_up_the_poll_and_goes_out_at_the_next_one(
    world: SandboxWorld,
) -> None:
    copilot = world.copilot
    real = copilot.platform
    await poll_calendar(copilot)
    copilot.platform = BuggyPlatform(real, "loc_soho")  # type: ignore[assignment]
    await poll_calendar(copilot)
    await poll_calendar(copilot)
    assert health_texts(world) == [outage(SOHO_0900)]
    copilot.platform = real
    world.slack.rate_limit_next(1, retry_after=20)  # Slack's answer to the recovery: come back in 20 seconds
    started = time.perf_counter()
    assert len(await asyncio.wait_for(poll_calendar(copilot), timeout=15)) == 2
    assert time.perf_counter() - started < 5, "the poll did not wait out the Retry-After"
    refused = world.slack.calls_to("chat.postMessage")[-1]
    assert refused.status == 429 and "working again" in refused.params["text"]
    assert health_texts(world) == [outage(SOHO_0900)]
    await poll_calendar(copilot)  # tried once more at the next poll (not still waiting in the last one)
    await poll_calendar(copilot)
    assert health_texts(world) == [outage(SOHO_0900), recovery(SOHO_0900)]


class StalledSlack:
    """The copilot's Slack client, except that posts to ``channel`` hang until ``release`` is set."""

    def __init__(self, inner: Any, channel: str) -> None:
        self.inner = inner
        self.channel = channel
        self.release = asyncio.Event()
        self.stalled = 0

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)

    async def chat_postMessage(self, **kwargs: Any) -> Any:  # noqa: N802 (Slack's name)
        if kwargs.get("channel") == self.channel:
            self.stalled += 1
            await self.release.wait()
        return await self.inner.chat_postMessage(**kwargs)


async def test_a_hanging_ops_channel_does_not_hold_up_the_poll_and_the_outage_is_posted_once(
    world: SandboxWorld, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(scheduler, "OPS_REPORT_WAIT_SECONDS", 0.05)
    copilot = world.copilot
    await poll_calendar(copilot)
    copilot.platform = BuggyPlatform(copilot.platform, "loc_soho")  # type: ignore[assignment]
    slack = StalledSlack(copilot.slack, world.settings.ops_channel)
    copilot.slack = slack  # type: ignore[assignment]
    for _ in range(3):
        results = await asyncio.wait_for(poll_calendar(copilot), timeout=10)
        assert [r.location_id for r in results] == ["loc_venice"], "the poll went on without the ops channel"
    assert slack.stalled == 1, "one report at a time: the next polls did not post the outage again"
    slack.release.set()
    assert copilot.ops_report is not None
    await copilot.ops_report
    assert health_texts(world) == [outage(SOHO_0900)]
    await poll_calendar(copilot)
    assert health_texts(world) == [outage(SOHO_0900)], "posted once"


async def status_answer(world: SandboxWorld) -> str:
    """``/spa status`` as the front desk sees it."""
    before = len(world.slack.responses)
    assert (await world.sender.slash_command("status", user_id=FRONT_DESK_USER)).status_code == 200
    await world.slack.wait_for(lambda s: len(s.responses) > before, timeout=10)
    post = world.slack.responses[before]
    return post.text + "\n" + json.dumps(post.blocks, ensure_ascii=False)


async def test_a_one_poll_blip_is_shown_at_once_but_neither_reported_nor_recovered_in_the_ops_channel(
    world: SandboxWorld, clock: FakeClock
) -> None:
    copilot = world.copilot
    copilot.catalog_ttl_seconds = 0  # every poll reads the locations
    real = copilot.platform
    await poll_calendar(copilot)
    copilot.platform = BuggyPlatform(real, "loc_soho")  # type: ignore[assignment]
    await poll_calendar(copilot)  # the platform restarting: one failed poll of one location
    assert (await world.http.get("/healthz")).json()["syncFailing"] == ["loc_soho"], "monitoring sees it at once"
    assert "sync failing" in await status_answer(world)
    assert health_texts(world) == []
    clock.advance(minutes=1)
    copilot.platform = real
    await poll_calendar(copilot)
    await poll_calendar(copilot)
    assert health_texts(world) == [], "no outage was reported, so there is no recovery to post"
    world.spa.faults.fail_next(1000)  # the locations cannot be read, for one poll
    await poll_calendar(copilot)
    assert copilot.store.sync_state(scheduler.ALL_LOCATIONS)["failing_since"]
    world.spa.faults.clear_scripted()
    await poll_calendar(copilot)
    assert health_texts(world) == []
    clock.advance(minutes=1)
    copilot.platform = BuggyPlatform(real, "loc_soho")  # type: ignore[assignment]
    await poll_calendar(copilot)
    await poll_calendar(copilot)  # failing at two polls in a row: an outage
    assert health_texts(world) == [outage("9:02am EST (Juniper &amp; Salt SoHo)")]


async def test_a_location_failing_as_the_reported_ones_recover_is_a_new_outage_reported_after_the_recovery(
    world: SandboxWorld, clock: FakeClock
) -> None:
    copilot = world.copilot
    real = copilot.platform
    copilot.platform = BuggyPlatform(real, "loc_soho")  # type: ignore[assignment]
    await poll_calendar(copilot)
    await poll_calendar(copilot)
    assert health_texts(world) == [outage(SOHO_0900)]
    clock.advance(minutes=10)
    copilot.platform = BuggyPlatform(real, "loc_venice")  # type: ignore[assignment]
    await poll_calendar(copilot)  # SoHo is back in the same poll that Venice starts failing
    assert health_texts(world) == [outage(SOHO_0900), recovery(SOHO_0900)]
    await poll_calendar(copilot)  # Venice still fails: a new outage
    venice = "6:10am PST (Juniper &amp; Salt Venice)"
    assert health_texts(world) == [outage(SOHO_0900), recovery(SOHO_0900), outage(venice)]
    clock.advance(minutes=10)
    await poll_calendar(copilot)
    assert len(health_texts(world)) == 3, "each once"
    copilot.platform = real
    await poll_calendar(copilot)
    await poll_calendar(copilot)
    assert health_texts(world) == [outage(SOHO_0900), recovery(SOHO_0900), outage(venice), recovery(venice)]


async def test_a_location_failing_while_one_reported_still_fails_joins_the_outage(
    world: SandboxWorld, clock: FakeClock
) -> None:
    copilot = world.copilot
    real = copilot.platform
    copilot.platform = BuggyPlatform(real, "loc_soho")  # type: ignore[assignment]
    await poll_calendar(copilot)
    await poll_calendar(copilot)
    clock.advance(minutes=10)
    copilot.platform = BuggyPlatform(real, "loc_soho", "loc_venice")  # type: ignore[assignment]
    await poll_calendar(copilot)
    await poll_calendar(copilot)
    clock.advance(minutes=10)
    copilot.platform = BuggyPlatform(real, "loc_venice")  # type: ignore[assignment]
    await poll_calendar(copilot)  # SoHo is back; Venice, in the outage already, is not
    assert health_texts(world) == [outage(SOHO_0900)]
    clock.advance(minutes=10)
    copilot.platform = BuggyPlatform(real, "loc_soho")  # type: ignore[assignment]
    await poll_calendar(copilot)  # Venice is back as SoHo fails again: SoHo is still one of the outage's
    assert health_texts(world) == [outage(SOHO_0900)]
    copilot.platform = real
    await poll_calendar(copilot)
    assert health_texts(world) == [
        outage(SOHO_0900),
        recovery(f"{SOHO_0900} / 6:10am PST (Juniper &amp; Salt Venice)", everywhere=True),
    ]


class RefusingSlack:
    """The copilot's Slack client, except that posts whose text contains one of ``refused`` raise."""

    def __init__(self, inner: Any, *refused: str) -> None:
        self.inner = inner
        self.refused = set(refused)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)

    async def chat_postMessage(self, **kwargs: Any) -> Any:  # noqa: N802 (Slack's name)
        if any(part in (kwargs.get("text") or "") for part in self.refused):
            raise aiohttp.ClientConnectionError("slack down")
        return await self.inner.chat_postMessage(**kwargs)


@pytest.mark.parametrize("refused", [("working again", "has been failing"), ("has been failing",)])
async def test_a_new_outage_after_a_recovery_slack_refused_is_posted_after_it_once(
    world: SandboxWorld, clock: FakeClock, refused: tuple[str, ...]
) -> None:
    copilot = world.copilot
    real = copilot.platform
    slack = copilot.slack
    copilot.platform = BuggyPlatform(real, "loc_soho")  # type: ignore[assignment]
    await poll_calendar(copilot)
    await poll_calendar(copilot)
    clock.advance(minutes=10)
    copilot.platform = BuggyPlatform(real, "loc_venice")  # type: ignore[assignment]
    copilot.slack = RefusingSlack(slack, *refused)  # type: ignore[assignment]
    for _ in range(2):  # by the second, Venice's outage is due as well
        assert [r.location_id for r in await poll_calendar(copilot)] == ["loc_soho"], "the poll goes on"
    copilot.slack = slack
    clock.advance(minutes=10)
    await poll_calendar(copilot)
    await poll_calendar(copilot)
    venice = "6:10am PST (Juniper &amp; Salt Venice)"
    assert health_texts(world) == [outage(SOHO_0900), recovery(SOHO_0900), outage(venice)]


class ShrunkPlatform(BuggyPlatform):
    """``BuggyPlatform`` whose location list no longer has the ``removed`` locations (closed, or deleted)."""

    def __init__(self, inner: Any, *broken: str, removed: tuple[str, ...] = ()) -> None:
        super().__init__(inner, *broken)
        self.removed = set(removed)

    async def list_locations(self) -> Any:
        return [location for location in await self.inner.list_locations() if location.id not in self.removed]


async def test_a_location_removed_from_the_platform_leaves_the_outage_and_is_not_recovered_later(
    world: SandboxWorld, clock: FakeClock
) -> None:
    copilot = world.copilot
    copilot.catalog_ttl_seconds = 0  # every poll reads the locations
    real = copilot.platform
    copilot.platform = BuggyPlatform(real, "loc_soho", "loc_venice")  # type: ignore[assignment]
    await poll_calendar(copilot)
    await poll_calendar(copilot)
    assert health_texts(world) == [outage(BOTH_AT_1400_UTC, everywhere=True)]
    clock.advance(minutes=10)
    copilot.platform = ShrunkPlatform(real, "loc_soho", removed=("loc_venice",))  # type: ignore[assignment]
    await poll_calendar(copilot)
    # one read without Venice is not its removal (review 29): confirmed by a read LOCATION_REMOVAL_CONFIRM later
    clock.advance(seconds=scheduler.LOCATION_REMOVAL_CONFIRM.total_seconds())
    await poll_calendar(copilot)
    venice = copilot.store.sync_state("loc_venice")
    assert venice["failing_since"] is None and venice["failure_reported"], "no longer failing, still in the outage"
    copilot.platform = ShrunkPlatform(real, removed=("loc_venice",))  # type: ignore[assignment]
    await poll_calendar(copilot)
    gone = " No longer on the spa system, so no longer synced: loc_venice."
    assert health_texts(world) == [outage(BOTH_AT_1400_UTC, everywhere=True), recovery(SOHO_0900) + gone]
    venice = copilot.store.sync_state("loc_venice")
    assert (venice["failure_reported"], venice["outage_since"], venice["failing_since"]) == (0, None, None)
    copilot.platform = real  # Venice is back (and syncs): its part of the outage was over when it left
    assert len(await poll_calendar(copilot)) == 2
    await poll_calendar(copilot)
    assert len(health_texts(world)) == 2


async def test_a_removed_location_does_not_hide_the_next_outage_after_a_restart(
    world: SandboxWorld, clock: FakeClock
) -> None:
    copilot = world.copilot
    copilot.catalog_ttl_seconds = 0
    real = copilot.platform
    copilot.platform = BuggyPlatform(real, "loc_venice")  # type: ignore[assignment]
    await poll_calendar(copilot)
    await poll_calendar(copilot)
    assert health_texts(world) == [outage("6:00am PST (Juniper &amp; Salt Venice)")]
    copilot.platform = ShrunkPlatform(real, removed=("loc_venice",))  # type: ignore[assignment]
    await poll_calendar(copilot)  # one read without Venice is not its removal (review 29)
    assert len(health_texts(world)) == 1
    clock.advance(seconds=scheduler.LOCATION_REMOVAL_CONFIRM.total_seconds())
    await poll_calendar(copilot)  # Venice is gone while still failing: the outage, Venice's alone, is over
    assert health_texts(world)[-1] == (
        ":white_check_mark: The calendar sync outage is over. No longer on the spa system, so no longer synced: "
        "loc_venice."
    )
    await poll_calendar(copilot)
    assert len(health_texts(world)) == 2, "said once"
    copilot.platform = real
    copilot._catalog = None  # a restart: no locations read in this run (those kept in the store, without Venice)
    clock.advance(minutes=15)
    world.spa.faults.fail_next(1000)
    await poll_calendar(copilot)
    await poll_calendar(copilot)
    assert health_texts(world)[-1] == outage("9:20am EST (Juniper &amp; Salt SoHo)", everywhere=True)
    world.spa.faults.clear_scripted()
    await poll_calendar(copilot)
    both = "9:20am EST (Juniper &amp; Salt SoHo) / 6:20am PST (Juniper &amp; Salt Venice)"
    assert health_texts(world)[-1] == recovery(both, everywhere=True)


async def test_an_empty_location_list_does_not_end_an_outage(world: SandboxWorld) -> None:
    copilot = world.copilot
    copilot.catalog_ttl_seconds = 0
    real = copilot.platform
    copilot.platform = BuggyPlatform(real, "loc_soho")  # type: ignore[assignment]
    await poll_calendar(copilot)
    await poll_calendar(copilot)
    copilot.platform = ShrunkPlatform(real, "loc_soho", removed=("loc_soho", "loc_venice"))  # type: ignore[assignment]
    await poll_calendar(copilot)  # a platform answering with no locations at all says nothing about the outage
    assert copilot.store.sync_state("loc_soho")["failure_reported"]
    copilot.platform = real
    await poll_calendar(copilot)
    assert health_texts(world) == [outage(SOHO_0900), recovery(SOHO_0900)]


async def test_shutdown_lets_a_hanging_ops_report_go_before_the_store_closes(
    world: SandboxWorld, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(scheduler, "OPS_REPORT_WAIT_SECONDS", 0.05)
    copilot = world.copilot
    await poll_calendar(copilot)
    copilot.platform = BuggyPlatform(copilot.platform, "loc_soho")  # type: ignore[assignment]
    copilot.slack = StalledSlack(copilot.slack, world.settings.ops_channel)  # type: ignore[assignment]
    await poll_calendar(copilot)
    await poll_calendar(copilot)
    assert copilot.ops_report is not None and not copilot.ops_report.done()
    await asyncio.wait_for(scheduler.finish_ops_report(copilot), timeout=5)
    assert copilot.ops_report.done(), "cancelled, not left to write into a closed store"
    assert health_texts(world) == [] and not copilot.store.sync_state("loc_soho")["failure_reported"]


async def test_a_poll_and_a_webhook_at_once_process_a_change_once(world: SandboxWorld) -> None:
    copilot = world.copilot
    await poll_calendar(copilot)
    seen: list[tuple[ChangeKind, str]] = []

    async def record(_: Copilot, __: Location, changes: list[Any]) -> None:
        seen.extend((c.kind, c.appointment_id) for c in changes)

    copilot.on_changes(record)
    world.spa.cancel("ap_p01", reason="flu", by="client")
    location = (await copilot.catalog()).location(world.spa.appointments["ap_p01"].location_id)
    assert location is not None
    world.spa.faults.configure(FaultConfig(latency_ms=20))  # both reads in flight at once
    await asyncio.gather(sync_and_process(copilot, location, full=False), sync_and_process(copilot, location, full=False))
    assert seen.count((ChangeKind.cancelled, "ap_p01")) == 1


async def test_a_handler_failing_on_an_outage_is_one_log_line_and_a_bug_keeps_its_traceback(
    world: SandboxWorld, caplog: pytest.LogCaptureFixture
) -> None:
    copilot = world.copilot
    location = (await copilot.catalog()).locations[0]

    async def outage(_: Copilot, __: Location, ___: list[Any]) -> None:
        raise PlatformUnavailable("the spa system answered 503")

    async def bug(_: Copilot, __: Location, ___: list[Any]) -> None:
        raise KeyError("serviceId")

    copilot.on_changes(outage)
    copilot.on_changes(bug)
    with caplog.at_level("WARNING", logger="spa_copilot.scheduler"):
        assert await sync_and_process(copilot, location, full=False) is not None
    failed = {r.getMessage().split(" failed")[0]: r for r in caplog.records if "change handler" in r.getMessage()}
    assert failed["change handler outage"].levelname == "WARNING"
    assert failed["change handler outage"].exc_info is None
    assert failed["change handler outage"].getMessage().endswith(": PlatformUnavailable")
    assert failed["change handler bug"].levelname == "ERROR"
    assert failed["change handler bug"].exc_info is not None


# ---------------------------------------------------------------------------------------------------
# Change handlers belong to one copilot


async def test_change_handlers_do_not_leak_from_one_copilot_to_the_next(world: SandboxWorld, tmp_path: Path) -> None:
    started = start_scheduler(world.copilot)
    try:
        assert fill.on_calendar_changes in world.copilot.change_handlers
        assert handle_calendar_changes in world.copilot.change_handlers
    finally:
        started.shutdown(wait=False)
    store = Store.open(tmp_path / "other.db")
    other = build_copilot(world.settings, platform=world.platform, store=store, slack_client=build_slack_client(world.settings))
    assert change_handlers(other) == [handle_calendar_changes]
    store.close()


# ---------------------------------------------------------------------------------------------------
# Morning briefings after a restart, and their retries


def at_local(clock: FakeClock, zone: str, hhmm: str) -> datetime:
    """Set ``clock`` to ``hhmm`` on 24 Nov 2026 in ``zone``; returns that moment in UTC."""
    hour, minute = map(int, hhmm.split(":"))
    clock.current = datetime(2026, 11, 24, hour, minute, tzinfo=ZoneInfo(zone)).astimezone(UTC)
    return clock.current


@pytest.mark.parametrize(
    ("hhmm", "open_"), [("07:29", False), ("07:30", True), ("07:31", True), ("10:29", True), ("10:30", False), ("23:00", False)]
)
def test_the_briefing_window_is_the_locations_morning(world_free_copilot: Copilot, hhmm: str, open_: bool) -> None:
    new_york = Location(id="loc_ny", name="NY", time_zone="America/New_York")
    hour, minute = map(int, hhmm.split(":"))
    moment = datetime(2026, 11, 24, hour, minute, tzinfo=new_york.tz).astimezone(UTC)
    assert briefing_window_open(world_free_copilot, new_york, moment) is open_


async def test_a_restart_after_the_briefing_time_sends_todays_briefings_at_once(
    world: SandboxWorld, clock: FakeClock
) -> None:
    now = at_local(clock, "America/New_York", "07:31")  # 04:31 in Los Angeles: not yet due there
    catalog = await world.copilot.catalog()
    jobs = {job.id: job for job in build_scheduler(world.copilot, locations=catalog.locations).get_jobs()}
    soho, venice = jobs["briefing:loc_soho"], jobs["briefing:loc_venice"]
    assert soho.next_run_time == now, "not tomorrow at 07:30"
    assert getattr(venice, "next_run_time", None) is None, "left to its trigger: today at 07:30 in Los Angeles"
    run = await soho.func(*soho.args, **soho.kwargs)
    assert run.sent and not run.incomplete
    assert world.slack.messages(world.slack_id("st_ana_reyes"))
    again = await soho.func(*soho.args, **soho.kwargs)  # another process catching up too
    assert again.sent == [] and set(again.already_sent) == set(run.sent)


async def test_the_hourly_refresh_catches_up_a_missed_briefing_too(world: SandboxWorld, clock: FakeClock) -> None:
    now = at_local(clock, "America/Los_Angeles", "09:00")
    jobs = build_scheduler(world.copilot)
    await refresh_location_jobs(world.copilot, jobs)
    assert jobs.get_job("briefing:loc_venice").next_run_time == now
    assert getattr(jobs.get_job("briefing:loc_soho"), "next_run_time", None) is None  # 12:00 in New York: too late


async def test_a_morning_run_with_undelivered_briefings_is_retried_within_the_window(
    world: SandboxWorld, clock: FakeClock, flaky_slack: FlakySlack
) -> None:
    now = at_local(clock, "America/New_York", "07:30")
    catalog = await world.copilot.catalog()
    soho = catalog.location("loc_soho")
    assert soho is not None
    jobs = build_scheduler(world.copilot)
    ana = world.slack_id("st_ana_reyes")
    flaky_slack.fail("chat_postMessage", SlackApiError("down", {"ok": False, "error": "fatal_error"}), channel=ana)
    run = await morning_briefings(world.copilot, jobs, soho)
    assert run.failed == ["st_ana_reyes"] and run.sent
    retry = jobs.get_job("briefing-retry:loc_soho")
    assert retry is not None and retry.trigger.run_date == now + timedelta(seconds=BRIEFING_RETRY_SECONDS)
    flaky_slack.heal()
    clock.advance(seconds=BRIEFING_RETRY_SECONDS)
    again = await retry.func(*retry.args, **retry.kwargs)
    assert again.sent == ["st_ana_reyes"] and set(again.already_sent) == set(run.sent)
    assert len(world.slack.messages(ana)) == 1


async def test_no_retry_is_scheduled_once_the_morning_is_over(
    world: SandboxWorld, clock: FakeClock, flaky_slack: FlakySlack
) -> None:
    at_local(clock, "America/New_York", "10:29")  # the window's last minute (its last try: s45, probe45f)
    soho = (await world.copilot.catalog()).location("loc_soho")
    assert soho is not None
    jobs = build_scheduler(world.copilot)
    flaky_slack.fail("chat_postMessage", SlackApiError("down", {"ok": False, "error": "fatal_error"}))
    run = await morning_briefings(world.copilot, jobs, soho)
    assert run.incomplete and jobs.get_job("briefing-retry:loc_soho") is None


async def test_the_poll_keeps_as_many_days_as_the_fill_horizon_reaches(world: SandboxWorld) -> None:
    base = next(a for a in world.spa.appointments.values() if a.location_id == "loc_soho" and a.is_active and a.start_at.date() == DAY)
    later = timedelta(days=2)  # the sandbox books today and tomorrow; FILL_HORIZON_HOURS=48 reaches the day after
    world.spa.put_appointment(
        base.model_copy(update={
            "id": "ap_thursday", "start_at": base.start_at + later, "end_at": base.end_at + later,
            "services": [line.model_copy(update={"start_at": line.start_at + later, "end_at": line.end_at + later}) for line in base.services],
        })
    )
    await poll_calendar(world.copilot)
    assert "ap_thursday" in world.copilot.store.snapshot(location_id="loc_soho")


async def test_housekeeping_prunes_by_the_copilots_clock_and_never_raises(settings: Settings) -> None:
    copilot = Copilot(settings=settings, store=Store.memory(), platform=None, slack=None, roles=None, directory=None)  # type: ignore[arg-type]
    copilot.store.claim_event("evt_1", source="mangomint")
    copilot.store.db.execute("UPDATE processed_events SET received_at = ?", [(copilot.now() - timedelta(days=31)).isoformat()])
    assert await scheduler.housekeeping(copilot) == {"processed_events": 1, "llm_cache": 0}
    copilot.store.close()
    assert await scheduler.housekeeping(copilot) == {}


async def test_healthz_says_which_locations_fail_to_sync_and_stays_up(world: SandboxWorld) -> None:
    await poll_calendar(world.copilot)
    healthy = (await world.http.get("/healthz")).json()
    assert healthy["syncOk"] is True and healthy["syncFailing"] == [] and healthy["locationsSynced"] == 2
    world.spa.faults.fail_next(1000)
    await poll_calendar(world.copilot)
    response = await world.http.get("/healthz")
    assert response.status_code == 200  # the process is alive: a liveness probe must not restart it for the spa's outage
    failing = response.json()
    assert failing["syncOk"] is False and failing["syncFailing"] and failing["locationsSynced"] == 2


# ---------------------------------------------------------------------------------------------------
# Stopping


async def test_a_stop_lets_a_short_running_job_finish_and_cuts_a_long_one_off_quietly(
    caplog: pytest.LogCaptureFixture,
) -> None:
    from apscheduler.schedulers.asyncio import AsyncIOScheduler

    from spa_copilot.scheduler import stop_scheduler

    finished: list[str] = []

    async def job(name: str, seconds: float) -> None:
        await asyncio.sleep(seconds)
        finished.append(name)

    scheduler = AsyncIOScheduler(timezone=UTC)
    scheduler.start()
    scheduler.add_job(job, args=["short", 0.05], next_run_time=datetime.now(UTC))
    scheduler.add_job(job, args=["long", 60], next_run_time=datetime.now(UTC))
    await asyncio.sleep(0.02)  # both running
    with caplog.at_level("INFO"):
        started = time.perf_counter()
        await stop_scheduler(scheduler, grace=0.5)
    assert finished == ["short"] and time.perf_counter() - started < 5
    assert not scheduler.running
    assert not [r for r in caplog.records if r.exc_info], "a job cut off by a stop is not an error"


async def test_every_repeating_job_still_runs_when_the_process_wakes_late(world: SandboxWorld) -> None:
    """A run due while the event loop was busy (a long sync, a slow disk) is run late, not skipped until the next
    interval: APScheduler's default grace of 1 s would skip the hourly refresh of the briefing jobs (and its
    one-minute retry after a failed start) and the daily housekeeping for a whole interval."""
    scheduler = build_scheduler(world.copilot)
    for job in scheduler.get_jobs():
        if job.id.startswith("briefing:"):
            continue  # the morning briefings have their own window (BRIEFING_GRACE_SECONDS)
        interval = job.trigger.interval.total_seconds()
        assert job.misfire_grace_time is not None and job.misfire_grace_time >= interval, job.id
