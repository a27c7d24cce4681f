"""A briefing or prep DM (or the prep write-back) cut off by a stop, or by a process killed mid-send, is sent by the
next run: a claim is released on cancellation, and one never finished nor released lapses after ``CLAIM_LEASE``."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from spa_copilot import briefings
from spa_copilot.briefings import CLAIM_LEASE, send_morning_briefings, send_prep_briefings
from spa_copilot.domain import UPCOMING_STATUSES
from spa_copilot.sandbox.world import SandboxWorld
from spa_copilot.scheduler import poll_calendar
from spa_copilot.store import Store

from .conftest import FakeClock

T0 = datetime(2026, 11, 24, 12, 30, tzinfo=UTC)


def test_a_claim_is_the_callers_until_finished_or_released_and_lapses_only_unfinished() -> None:
    store = Store.memory()
    claim = {"source": "briefing", "lease": CLAIM_LEASE}
    assert store.claim_work("dm", at=T0, **claim)
    assert not store.claim_work("dm", at=T0 + CLAIM_LEASE / 2, **claim), "another run is sending it"
    assert not store.work_done("dm") and store.event_seen("dm")
    assert store.claim_work("dm", at=T0 + CLAIM_LEASE * 2, **claim), "its process died: taken over"
    assert not store.claim_work("dm", at=T0 + CLAIM_LEASE * 2, **claim), "by one taker only"
    store.finish_work("dm", source="briefing")
    assert store.work_done("dm")
    assert not store.claim_work("dm", at=T0 + timedelta(days=1), **claim), "done is done, however long ago"
    assert store.claim_work("again", at=T0, **claim)
    store.release_event("again")
    assert store.claim_work("again", at=T0, **claim), "released: free at once"
    store.claim_event("old", source="briefing")  # a claim made by an earlier version: sent
    assert store.work_done("old") and not store.claim_work("old", at=T0 + timedelta(days=1), **claim)


class Hanging:
    """The copilot's Slack client, except that DMs to ``user`` hang until the run is cut off."""

    def __init__(self, inner: Any, user: str) -> None:
        self.inner, self.user, self.reached = inner, user, asyncio.Event()

    def __getattr__(self, name: str) -> Any:
        real = getattr(self.inner, name)

        async def call(**kwargs: Any) -> Any:
            if name == "chat_postMessage" and kwargs.get("channel") == self.user:
                self.reached.set()
                await asyncio.Event().wait()
            return await real(**kwargs)

        return call if callable(real) else real


async def cut_off(world: SandboxWorld, user: str, run: Awaitable[Any]) -> None:
    """Run ``run`` until it waits on Slack for ``user``, then cancel it as ``stop_scheduler`` does."""
    real = world.copilot.slack
    hanging = Hanging(real, user)
    world.copilot.slack = hanging  # type: ignore[assignment]
    task = asyncio.ensure_future(run)
    await asyncio.wait_for(hanging.reached.wait(), 30)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    world.copilot.slack = real


def at_0730(clock: FakeClock) -> None:
    clock.current = datetime(2026, 11, 24, 7, 30, tzinfo=ZoneInfo("America/New_York")).astimezone(UTC)


async def test_a_morning_briefing_cut_off_by_a_stop_is_sent_by_the_next_run(world: SandboxWorld, clock: FakeClock) -> None:
    at_0730(clock)
    ana = world.slack_id("st_ana_reyes")
    await cut_off(world, ana, send_morning_briefings(world.copilot, "loc_soho"))
    clock.advance(minutes=1)
    run = await send_morning_briefings(world.copilot, "loc_soho")
    assert "st_ana_reyes" in run.sent and len(world.slack.messages(ana)) == 1


async def test_a_briefing_whose_process_was_killed_mid_send_is_sent_once_its_claim_lapses(
    world: SandboxWorld, clock: FakeClock
) -> None:
    at_0730(clock)
    claim = briefings._briefing_claim("st_ana_reyes", clock().astimezone(ZoneInfo("America/New_York")).date())
    assert world.copilot.store.claim_work(claim, source="briefing", at=clock(), lease=CLAIM_LEASE)  # then kill -9
    clock.advance(minutes=1)
    run = await send_morning_briefings(world.copilot, "loc_soho")
    assert "st_ana_reyes" in run.failed and run.incomplete, "not counted as sent: the retry looks again"
    assert not world.slack.messages(world.slack_id("st_ana_reyes"))
    clock.advance(seconds=CLAIM_LEASE.total_seconds())
    again = await send_morning_briefings(world.copilot, "loc_soho")
    assert again.sent == ["st_ana_reyes"] and len(world.slack.messages(world.slack_id("st_ana_reyes"))) == 1


async def upcoming(world: SandboxWorld, clock: FakeClock) -> tuple[str, str]:
    """An appointment with a therapist, the clock set an hour before it; its id and the therapist's Slack id."""
    await poll_calendar(world.copilot)
    rows = sorted(
        (r for r in world.copilot.store.snapshot(location_id="loc_soho").values() if r.status in UPCOMING_STATUSES and r.staff_ids),
        key=lambda r: r.start_at,
    )
    row = next(r for r in rows if datetime.fromisoformat(r.start_at) > clock() + timedelta(minutes=10))
    clock.current = datetime.fromisoformat(row.start_at) - timedelta(hours=1)
    return row.appointment_id, world.slack_id(row.staff_ids[0])


async def test_a_prep_dm_cut_off_by_a_stop_is_sent_by_the_next_check(world: SandboxWorld, clock: FakeClock) -> None:
    appointment_id, user = await upcoming(world, clock)
    await cut_off(world, user, send_prep_briefings(world.copilot))
    before = len(world.slack.messages(user))
    clock.advance(minutes=5)
    assert appointment_id in await send_prep_briefings(world.copilot)
    assert len(world.slack.messages(user)) == before + 1


async def test_a_prep_write_back_cut_off_by_a_stop_is_written_by_the_next_check(
    world: SandboxWorld, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    appointment_id, _ = await upcoming(world, clock)
    written = briefings._write_prep_summary
    reached = asyncio.Event()

    async def hanging_write(*args: Any) -> None:
        reached.set()
        await asyncio.Event().wait()

    monkeypatch.setattr(briefings, "_write_prep_summary", hanging_write)
    task = asyncio.ensure_future(send_prep_briefings(world.copilot))
    await asyncio.wait_for(reached.wait(), 30)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    monkeypatch.setattr(briefings, "_write_prep_summary", written)
    clock.advance(minutes=5)
    assert appointment_id in await send_prep_briefings(world.copilot)
    client_id = world.spa.appointments[appointment_id].client_id
    assert world.spa.clients[client_id].custom_fields[briefings.PREP_FIELD]


async def test_a_dm_whose_claim_was_taken_over_leaves_the_new_holders_claim_alone(world: SandboxWorld) -> None:
    store = world.copilot.store
    user = world.slack_id(world.data.staff[0].id)
    assert store.claim_work("dm", source="prep", at=T0, lease=CLAIM_LEASE)  # a slow run took it...
    later = T0 + CLAIM_LEASE * 2
    assert store.claim_work("dm", source="prep", at=later, lease=CLAIM_LEASE)  # ...and another took it over

    class Refusing:
        async def chat_postMessage(self, **kwargs: Any) -> Any:  # noqa: N802 - Slack's name
            raise asyncio.TimeoutError

    world.copilot.slack = Refusing()  # type: ignore[assignment]
    from spa_copilot.slack.blocks import prep_message

    # the slow run's send fails: it must not free the claim the other run now holds (a third would send it again)
    assert not await briefings._send_claimed(world.copilot, "dm", "prep", user, prep_message("Coming up"), claimed_at=T0)
    assert not store.claim_work("dm", source="prep", at=later, lease=CLAIM_LEASE), "still the second run's"
    assert store.finish_work("dm", source="prep", claimed_at=later) and store.work_done("dm")
