"""The machine's wall clock jumping (an NTP step, a VM restored): the scheduler's interval jobs run on at once instead
of waiting for the old clock's times; the morning briefings keep their own (probe43c M1)."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import apscheduler.executors.base as aps_executors
import apscheduler.schedulers.base as aps_base
import pytest

from spa_copilot import clock_watch, scheduler
from spa_copilot.clock_watch import ClockWatch, make_interval_jobs_due, wall_clock_jump
from spa_copilot.sandbox.world import SandboxWorld
from tests.conftest import FakeClock
from tests.test_scheduler import at_local

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


class _Shifted(datetime):
    """``datetime`` whose ``now`` is the machine's clock stepped by ``offset``."""

    offset = timedelta(0)

    @classmethod
    def now(cls, tz=None):  # noqa: ANN001, ANN206
        return datetime.now(tz) + cls.offset


@pytest.mark.parametrize(
    ("wall", "monotonic", "jump"),
    [
        (30.0, 30.0, None),  # the clocks moving together
        (30.4, 30.0, None),  # NTP slewing a drifting clock
        (59.0, 30.0, None),  # a jump within the tolerance
        (30.0 - 3600, 30.0, -3600.0),  # stepped back an hour
        (30.0 + 86_400, 30.0, 86_400.0),  # a VM restored a day later
    ],
)
def test_a_jump_is_the_wall_clock_moving_apart_from_the_monotonic_one(
    wall: float, monotonic: float, jump: float | None
) -> None:
    assert wall_clock_jump(wall, monotonic) == jump


async def test_the_poll_keeps_running_after_the_host_clock_steps_back_an_hour(
    world: SandboxWorld, monkeypatch: pytest.MonkeyPatch
) -> None:
    """probe43c's repro, through ``start_scheduler`` (the watch started with it), at a second's poll."""
    monkeypatch.setattr(_Shifted, "offset", timedelta(0))
    monkeypatch.setattr(aps_base, "datetime", _Shifted)  # APScheduler's own readings of the wall clock: the scheduler's
    monkeypatch.setattr(aps_executors, "datetime", _Shifted)  # and the executor's (its misfire check)
    monkeypatch.setattr(clock_watch, "datetime", _Shifted)  # and the watch's
    monkeypatch.setattr(clock_watch, "JUMP_CHECK_SECONDS", 0.2)
    polls: list[float] = []

    async def counted_poll(copilot, *, full=None):  # noqa: ANN001, ANN202
        polls.append(asyncio.get_running_loop().time())
        return []

    monkeypatch.setattr(scheduler, "poll_calendar", counted_poll)
    copilot = world.copilot
    copilot.settings = copilot.settings.model_copy(update={"poll_seconds": 1})
    sched = scheduler.start_scheduler(copilot)
    for job in sched.get_jobs():  # the poll alone (nothing has run yet: the start's first look is a loop callback)
        if job.id != "poll_calendar":
            job.remove()
    # due now on the machine's clock, not the world's fixed one (weeks of one-second run times to count through)
    sched.get_job("poll_calendar").modify(next_run_time=datetime.now(UTC))
    try:
        await asyncio.sleep(1.3)
        before = len(polls)
        assert before >= 1, polls  # polling every second
        _Shifted.offset = timedelta(hours=-1)  # the host's clock steps back an hour
        await asyncio.sleep(2.6)
        assert len(polls) - before >= 2, f"{len(polls) - before} poll(s) in the 2.6 s after the step back"
    finally:
        await scheduler.stop_scheduler(sched, grace=0.5)
    assert sched not in clock_watch._watches, "the watch stops with the scheduler"


async def test_a_jump_makes_the_interval_jobs_due_and_is_logged_once(
    world: SandboxWorld, caplog: pytest.LogCaptureFixture
) -> None:
    """A fake monotonic clock and wall clock: no sleeping. The jump is logged at the check that sees it, not after."""
    readings = {"wall": 1_000_000.0, "monotonic": 50.0}
    sched = scheduler.build_scheduler(world.copilot)
    sched.start(paused=True)
    try:
        watch = ClockWatch(
            world.copilot,
            sched,
            wall=lambda: readings["wall"],
            monotonic=lambda: readings["monotonic"],
            post=_never_posted,
        )
        hour_ahead = datetime.fromtimestamp(readings["wall"], UTC) + timedelta(hours=1)
        sched.get_job("poll_calendar").modify(next_run_time=hour_ahead)  # as the old clock left it
        readings["wall"] -= 3600 - 30  # 30 s pass; the clock steps back an hour meanwhile
        readings["monotonic"] += 30
        with caplog.at_level("WARNING", logger="spa_copilot.clock_watch"):
            await watch.check()
            readings["wall"] += 30
            readings["monotonic"] += 30
            await watch.check()
        now = datetime.fromtimestamp(readings["wall"] - 30, UTC)
        assert sched.get_job("poll_calendar").next_run_time == now
        assert sched.get_job("prep_briefings").next_run_time == now
        jumped = [r.getMessage() for r in caplog.records if "jumped" in r.getMessage()]
        assert len(jumped) == 1 and "back by 1 h 0 min" in jumped[0], jumped
    finally:
        sched.shutdown(wait=False)


async def _never_posted(text: str) -> bool:
    raise AssertionError(f"posted {text!r}")


async def test_a_step_back_across_the_briefing_time_does_not_brief_twice(world: SandboxWorld, clock: FakeClock) -> None:
    now = at_local(clock, "America/New_York", "07:31")
    catalog = await world.copilot.catalog()
    sched = scheduler.build_scheduler(world.copilot, locations=catalog.locations)
    sched.start(paused=True)
    try:
        soho = sched.get_job("briefing:loc_soho")
        run = await soho.func(*soho.args)
        assert run.sent and not run.incomplete
        tomorrow = soho.trigger.get_next_fire_time(now, now)
        soho.modify(next_run_time=tomorrow)  # as APScheduler leaves it after the run
        back = at_local(clock, "America/New_York", "07:05")  # the clock steps back across 07:30
        due = make_interval_jobs_due(sched, back)
        assert "poll_calendar" in due and "briefing:loc_soho" not in due
        assert sched.get_job("briefing:loc_soho").next_run_time == tomorrow, "the briefing keeps tomorrow's time"
        at_local(clock, "America/New_York", "07:31")  # the stepped-back clock comes to the briefing time again
        again = await soho.func(*soho.args)  # even run again (a restart now catches the morning up): the day's keys
        assert again.sent == [] and set(again.already_sent) == set(run.sent)
        assert len(world.slack.messages(world.slack_id("st_ana_reyes"))) == 1
    finally:
        sched.shutdown(wait=False)


async def test_a_check_that_fails_does_not_end_the_watch(world: SandboxWorld, caplog: pytest.LogCaptureFixture) -> None:
    sched = scheduler.build_scheduler(world.copilot)
    sched.start(paused=True)
    readings = iter([1.0])  # the watch's first reading, then none: the second check raises

    def wall() -> float:
        return next(readings, None) or 1 / 0

    try:
        watch = clock_watch.watch(world.copilot, sched, every=0.01, wall=wall, post=_never_posted)
        await asyncio.sleep(0.1)
        task = clock_watch._watches[sched]
        assert not task.done(), "the watch goes on after a check that failed"
        assert any("clock watch failed" in r.getMessage() for r in caplog.records)
        assert watch.every == 0.01
    finally:
        await scheduler.stop_scheduler(sched, grace=0.1)
    assert task.done()


async def test_a_scheduler_started_by_hand_is_watched_until_it_shuts_down(world: SandboxWorld) -> None:
    sched = scheduler.build_scheduler(world.copilot)
    assert sched not in clock_watch._watches, "nothing watched before the start"
    sched.start(paused=True)
    task = clock_watch._watches[sched]
    assert not task.done()
    sched.shutdown(wait=False)
    await asyncio.sleep(0)  # APScheduler shuts down in a callback of the loop
    await asyncio.sleep(0)
    assert task.cancelled() and sched not in clock_watch._watches
