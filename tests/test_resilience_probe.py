"""An adversarial probe of the promise: a platform outage is retried and reported once, never a stack trace in Slack,
never a crash of the scheduler, never lost or duplicated work.

Each test drives the real code in the in-process sandbox world (the sandbox spa's faults, the stand-in Slack's
rate limits, a second copilot on the same SQLite file for a restart) through one way the outside world misbehaves.
"""

from __future__ import annotations

import asyncio
import json
import logging
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from pydantic import SecretStr
from slack_sdk.errors import SlackApiError

from spa_copilot import fill, scheduler
from spa_copilot.copilot import Copilot, build_copilot
from spa_copilot.platform.errors import PlatformUnavailable
from spa_copilot.platform.signing import signed_headers
from spa_copilot.sandbox.world import WEBHOOK_URL, SandboxWorld
from spa_copilot.scheduler import build_scheduler, morning_briefings, poll_calendar
from spa_copilot.slack import ids
from spa_copilot.store import Store
from tests.conftest import FakeClock, FlakySlack
from tests.fill_scene import Scene, eventually, proposed

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def ops_texts(world: SandboxWorld) -> list[str]:
    return [m.text for m in world.slack.messages(world.settings.ops_channel)]


def conflict_cards(world: SandboxWorld) -> list[Any]:
    return [m for m in world.slack.messages(world.settings.spa_front_desk_channel) if "Acknowledge" in json.dumps(m.blocks)]


def fill_cards(world: SandboxWorld) -> list[Any]:
    return [m for m in world.slack.messages(world.settings.spa_front_desk_channel) if m.text.startswith("Fill proposal")]


def restarted(world: SandboxWorld, clock: FakeClock) -> tuple[Copilot, Store]:
    """A second copilot process over the same database file (the first one gone), talking to the same world."""
    store = Store.open(world.settings.spa_db_path)
    copilot = build_copilot(
        world.settings, platform=world.platform, store=store, slack_client=world.copilot.slack, clock=clock,
        ai=world.copilot.ai,
    )
    return copilot, store


def at_local(clock: FakeClock, zone: str, hhmm: str) -> datetime:
    hour, minute = map(int, hhmm.split(":"))
    clock.current = datetime(2026, 11, 24, hour, minute, tzinfo=ZoneInfo(zone)).astimezone(UTC)
    return clock.current


def dm_counts(world: SandboxWorld, staff_ids: list[str]) -> dict[str, int]:
    return {staff_id: len(world.slack.messages(world.slack_id(staff_id))) for staff_id in staff_ids}


class SlackDownAfter:
    """The copilot's Slack client, whose ``chat_postMessage`` works ``n`` times and then raises ``error`` until healed."""

    def __init__(self, inner: Any, n: int, error: BaseException) -> None:
        self.inner, self.left, self.error, self.down = inner, n, error, True

    def __getattr__(self, name: str) -> Any:
        real = getattr(self.inner, name)
        if name != "chat_postMessage":
            return real

        async def post(**kwargs: Any) -> Any:
            if self.down:
                if self.left <= 0:
                    raise self.error
                self.left -= 1
            return await real(**kwargs)

        return post


# ---------------------------------------------------------------------------------------------------
# The spa system down in the middle of a poll


async def test_an_outage_in_the_middle_of_a_poll_is_reported_once_and_a_cancellation_meanwhile_proposed_once(
    scene: Scene,
) -> None:
    world, copilot = scene.world, scene.copilot
    copilot.catalog_ttl_seconds = 3600
    real = copilot.platform.list_appointments
    reads = {"n": 0}

    async def down_after_first_location(**kwargs: Any) -> Any:
        reads["n"] += 1
        if reads["n"] > 1:  # the first location of each poll is read, then the spa system goes down
            raise PlatformUnavailable("list_appointments: HTTP 503 after 2 attempts", status=503)
        return await real(**kwargs)

    copilot.platform.list_appointments = down_after_first_location  # type: ignore[method-assign]
    world.spa.cancel(scene.target.id, reason="sick")  # no webhook reaches the copilot: only the polls can see it
    for _ in range(3):
        reads["n"] = 0
        await poll_calendar(copilot)
    failing = [t for t in ops_texts(world) if "has been failing" in t]
    assert len(failing) == 1 and "Venice" in failing[0] and "SoHo" not in failing[0]
    copilot.platform.list_appointments = real  # type: ignore[method-assign]
    await poll_calendar(copilot)
    await poll_calendar(copilot)
    assert len([t for t in ops_texts(world) if "has been failing" in t]) == 1
    assert len([t for t in ops_texts(world) if "working again" in t]) == 1
    await fill.expire_offers(copilot)  # its drafting met the outage: the expiry job takes it up again
    await fill.expire_offers(copilot)
    assert scene.proposal["status"] == "pending" and len(fill_cards(world)) == 1, "the cancellation is proposed once"
    assert not any("Traceback" in t or "Error" in t for t in ops_texts(world))


# ---------------------------------------------------------------------------------------------------
# The morning briefings: some DMs sent, then Slack and the spa system down, then recovery


async def test_a_morning_round_cut_by_an_outage_reaches_each_therapist_exactly_once(
    world: SandboxWorld, clock: FakeClock
) -> None:
    at_local(clock, "America/New_York", "07:30")
    copilot = world.copilot
    soho = (await copilot.catalog()).location("loc_soho")
    assert soho is not None
    jobs = build_scheduler(copilot)
    slack = SlackDownAfter(copilot.slack, 2, SlackApiError("down", {"ok": False, "error": "fatal_error"}))
    copilot.slack = slack  # type: ignore[assignment]
    first = await morning_briefings(copilot, jobs, soho)
    assert len(first.sent) == 2 and first.failed and first.incomplete
    retry = jobs.get_job("briefing-retry:loc_soho")
    assert retry is not None
    # the retry meets the spa system down instead
    slack.down = False
    copilot.catalog_ttl_seconds = 0
    world.spa.faults.fail_next(1000)
    clock.advance(seconds=scheduler.BRIEFING_RETRY_SECONDS)
    second = await retry.func(*retry.args, **retry.kwargs)
    assert second.error and not second.sent
    retry = jobs.get_job("briefing-retry:loc_soho")
    assert retry is not None, "still tried again"
    world.spa.faults.clear_scripted()
    clock.advance(seconds=scheduler.BRIEFING_RETRY_SECONDS)
    third = await retry.func(*retry.args, **retry.kwargs)
    assert not third.incomplete
    assert set(third.sent) == set(first.failed) and set(third.already_sent) == set(first.sent)
    everyone = first.sent + first.failed
    assert dm_counts(world, everyone) == dict.fromkeys(everyone, 1)


# ---------------------------------------------------------------------------------------------------
# A fill approved while the spa system is down, across a restart


async def test_an_sms_approved_during_an_outage_goes_once_after_recovery_and_a_restart_with_its_key(
    scene: Scene, clock: FakeClock
) -> None:
    await proposed(scene)
    world = scene.world
    world.spa.faults.fail_next(10_000)
    await scene.click(ids.APPROVE_FILL)
    await eventually(lambda: scene.proposal["status"] == "approved" and [i.attempts for i in scene.store.pending_outbox()] == [1])
    await eventually(lambda: "has not gone out yet" in scene.thread_text())
    for _ in range(3):  # the re-drive job keeps trying while the outage lasts
        clock.advance(seconds=fill.REDRIVE_EVERY_SECONDS)
        assert await fill.redrive_outbox(scene.copilot) == 0
    # the process restarts while the spa system is still down: the new one neither sends nor tells the manager again
    copilot, store = restarted(world, clock)
    try:
        fill.install(copilot, build_scheduler(copilot))
        assert await fill.redrive_outbox(copilot) == 0
        world.spa.faults.clear_scripted()
        # at recovery the text goes out but every answer to it is lost: the client's own retries and the next
        # re-drive repeat it under the same key, which the spa system answers without a second text (the answers
        # are lost from the send itself on: the retried send re-checks the slot first, reading the book)
        send = copilot.platform.send_message
        attempts = world.settings.mangomint_max_retries + 1

        async def losing_the_answers(*args: Any, **kwargs: Any) -> Any:
            world.spa.faults.lose_response_next(attempts)
            return await send(*args, **kwargs)

        copilot.platform.send_message = losing_the_answers  # type: ignore[method-assign]
        clock.advance(seconds=fill.REDRIVE_EVERY_SECONDS)
        assert await fill.redrive_outbox(copilot) == 0
        assert world.spa.faults.injected["lost_response"] == attempts
        copilot.platform.send_message = send  # type: ignore[method-assign]
        clock.advance(seconds=fill.REDRIVE_EVERY_SECONDS)
        assert await fill.redrive_outbox(copilot) == 1
        assert await fill.redrive_outbox(copilot) == 0
    finally:
        store.close()
    [sent] = scene.sent()
    assert sent["idempotencyKey"] == f"fill:{scene.proposal['id']}:sms:0"
    assert scene.proposal["status"] == "sent"
    assert scene.thread_text().count("has not gone out yet") == 1, "the manager is told once, not at every retry"


# ---------------------------------------------------------------------------------------------------
# Slack rate limiting or failing during a burst of conflict alerts


async def test_a_rate_limited_burst_of_conflict_cards_posts_each_card_once(world: SandboxWorld) -> None:
    world.slack.rate_limit_next(4, retry_after=30)  # longer than a poll waits: the refused cards wait for the next poll
    await poll_calendar(world.copilot)
    first = len(conflict_cards(world))
    assert first < 9
    await poll_calendar(world.copilot)
    await poll_calendar(world.copilot)
    cards = conflict_cards(world)
    assert len(cards) == 9
    rows = [r for loc in ("loc_soho", "loc_venice") for r in world.copilot.store.alerts(location_id=loc)]
    assert sorted(r.ts for r in rows if r.ts) == sorted(m.ts for m in cards), "each alert has its one card"


async def test_slack_answering_5xx_during_the_burst_loses_no_card_and_doubles_none(
    world: SandboxWorld, flaky_slack: FlakySlack
) -> None:
    flaky_slack.fail("chat_postMessage", SlackApiError("server error", {"ok": False, "error": "internal_error"}))
    await poll_calendar(world.copilot)
    assert conflict_cards(world) == []
    flaky_slack.heal()
    await poll_calendar(world.copilot)
    await poll_calendar(world.copilot)
    assert len(conflict_cards(world)) == 9
    rows = [r for loc in ("loc_soho", "loc_venice") for r in world.copilot.store.alerts(location_id=loc)]
    assert len({r.ts for r in rows if r.ts}) == 9


# ---------------------------------------------------------------------------------------------------
# A restart with half-done work


async def test_a_restart_mid_briefing_round_sends_the_rest_once_and_nothing_twice(
    world: SandboxWorld, clock: FakeClock
) -> None:
    at_local(clock, "America/New_York", "07:30")
    copilot = world.copilot
    soho = (await copilot.catalog()).location("loc_soho")
    assert soho is not None
    slack = SlackDownAfter(copilot.slack, 2, SlackApiError("down", {"ok": False, "error": "fatal_error"}))
    copilot.slack = slack  # type: ignore[assignment]
    first = await morning_briefings(copilot, build_scheduler(copilot), soho)
    assert len(first.sent) == 2 and first.failed
    # the process stops; a new one starts at 07:34 on the same database and catches up at once
    slack.down = False
    clock.advance(minutes=4)
    other, store = restarted(world, clock)
    try:
        jobs = build_scheduler(other, locations=(await other.catalog()).locations)
        job = jobs.get_job("briefing:loc_soho")
        assert job.next_run_time == clock.current
        second = await job.func(*job.args, **job.kwargs)
    finally:
        store.close()
    assert set(second.sent) == set(first.failed) and set(second.already_sent) == set(first.sent)
    everyone = first.sent + first.failed
    assert dm_counts(world, everyone) == dict.fromkeys(everyone, 1)


async def test_a_briefing_claim_left_by_a_killed_process_near_the_end_of_the_window_is_sent_by_the_next_one(
    world: SandboxWorld, clock: FakeClock
) -> None:
    """A process killed mid-DM leaves its claim in flight for ``CLAIM_LEASE``; the process started after it must not
    wait that lease out: at 10:25 its only retry (10 minutes on) would fall after the window closes at 10:30."""
    from spa_copilot import briefings

    copilot = world.copilot
    at_local(clock, "America/New_York", "10:24")
    soho = (await copilot.catalog()).location("loc_soho")
    assert soho is not None
    claim = briefings._briefing_claim("st_ana_reyes", clock.current.astimezone(soho.tz).date())  # noqa: SLF001
    assert copilot.store.claim_work(claim, source="briefing", at=clock.current, lease=briefings.CLAIM_LEASE)
    clock.advance(minutes=1)  # killed before Slack was asked; the new process starts at 10:25
    other, store = restarted(world, clock)
    try:
        jobs = build_scheduler(other, locations=(await other.catalog()).locations)
        job = jobs.get_job("briefing:loc_soho")
        assert job.next_run_time == clock.current
        run = await job.func(*job.args, **job.kwargs)
    finally:
        store.close()
    assert "st_ana_reyes" in run.sent and not run.incomplete
    assert dm_counts(world, run.sent) == dict.fromkeys(run.sent, 1)


async def test_a_claim_in_flight_in_a_running_process_is_still_not_taken_over_by_its_own_next_run(
    world: SandboxWorld, clock: FakeClock
) -> None:
    """Only a process starting ends the leases: within one process a run still sending keeps its claim."""
    from spa_copilot import briefings

    at_local(clock, "America/New_York", "07:30")
    copilot = world.copilot
    jobs = build_scheduler(copilot)
    soho = (await copilot.catalog()).location("loc_soho")
    assert soho is not None
    claim = briefings._briefing_claim("st_ana_reyes", clock.current.astimezone(soho.tz).date())  # noqa: SLF001
    assert copilot.store.claim_work(claim, source="briefing", at=clock.current, lease=briefings.CLAIM_LEASE)
    clock.advance(minutes=1)
    run = await morning_briefings(copilot, jobs, soho)
    assert run.failed == ["st_ana_reyes"] and dm_counts(world, ["st_ana_reyes"]) == {"st_ana_reyes": 0}


# ---------------------------------------------------------------------------------------------------
# The same webhook twice, and out of order


async def post_webhook(world: SandboxWorld, envelope: dict[str, Any], clock: FakeClock) -> int:
    body = json.dumps(envelope).encode()
    secret = world.settings.mangomint_webhook_secret.get_secret_value()
    headers = signed_headers(secret, int(clock.current.timestamp()), body)
    response = await world.http.post(WEBHOOK_URL, content=body, headers=headers)
    return response.status_code


async def test_a_cancellation_webhook_twice_then_an_older_update_proposes_once_and_keeps_it_cancelled(
    scene: Scene, clock: FakeClock
) -> None:
    await proposed(scene)
    world = scene.world
    [cancelled] = [d for d in world.spa.deliveries if d.type == "appointment.cancelled"]
    assert await post_webhook(world, cancelled.envelope, clock) == 200  # the same delivery again
    older = json.loads(json.dumps(cancelled.envelope))
    older["id"] = "evt_older_update"
    older["type"] = "appointment.updated"
    appointment = older["data"]["appointment"]
    appointment["status"] = "confirmed"
    appointment["cancellation"] = None
    appointment["version"] = appointment["version"] - 1
    assert await post_webhook(world, older, clock) == 200  # delivered after the cancel it preceded
    await poll_calendar(scene.copilot)
    row = scene.proposal
    assert row["status"] == "pending", "the older update did not undo the cancellation"
    assert len(fill_cards(world)) == 1
    assert "booked again" not in scene.thread_text()


# ---------------------------------------------------------------------------------------------------
# A scheduler job raising an unexpected exception


async def plant_broken_outbox_item(scene: Scene) -> None:
    """An approved text waiting for the spa system, and before it an item that fails with an unexpected error (a bug,
    a payload an older version wrote) every time it is tried."""
    await proposed(scene)
    world = scene.world
    world.spa.faults.fail_next(10_000)
    await scene.click(ids.APPROVE_FILL)
    await eventually(lambda: [i.attempts for i in scene.store.pending_outbox()] == [1])
    scene.store.enqueue("fill:broken:sms:0", kind=fill.OUTBOX_SMS, subject_id="broken", payload={"nonsense": True})
    scene.store.db.execute("UPDATE outbox SET created_at = '2000-01-01' WHERE key = 'fill:broken:sms:0'")
    world.spa.faults.clear_scripted()


async def test_one_broken_outbox_item_does_not_hold_up_the_others(scene: Scene) -> None:
    await plant_broken_outbox_item(scene)
    with pytest.raises(fill.OutboxRedriveError, match="fill:broken:sms:0"):
        await fill.redrive_outbox(scene.copilot)
    assert len(scene.sent()) == 1, "the good text waited behind the broken item"
    assert scene.proposal["status"] == "sent"
    assert [i.key for i in scene.store.pending_outbox()] == ["fill:broken:sms:0"], "kept for the next pass"


async def test_a_job_raising_keeps_running_and_is_reported_once_and_its_recovery_once(scene: Scene) -> None:
    await plant_broken_outbox_item(scene)
    copilot, world = scene.copilot, scene.world
    jobs = build_scheduler(copilot)
    fill.install(copilot, jobs)
    for job in jobs.get_jobs():
        if job.id != "fill_redrive_outbox":
            job.remove()
    redrive = jobs.get_job("fill_redrive_outbox")
    runs = {"n": 0}

    def count(event: Any) -> None:
        runs["n"] += 1

    jobs.add_listener(count, scheduler.EVENT_JOB_ERROR | scheduler.EVENT_JOB_EXECUTED)

    async def run_now(expected: int) -> None:
        redrive.modify(next_run_time=datetime.now(UTC))
        jobs.wakeup()
        await eventually(lambda: runs["n"] >= expected)
        await asyncio.sleep(0.05)  # the report's own task

    jobs.start()
    try:
        for n in range(1, 4):
            await run_now(n)
        assert jobs.running
        assert len(scene.sent()) == 1, "the good text went out at the first run"
        failing = [t for t in ops_texts(world) if "job failed" in t]
        assert failing == [scheduler.JOB_FAILING_TEXT.format(job="approved texts and bookings job", error="OutboxRedriveError")]
        assert "Traceback" not in failing[0] and "fill:broken" not in failing[0]
        scene.store.db.execute("DELETE FROM outbox WHERE key = 'fill:broken:sms:0'")  # the bug fixed
        await run_now(4)
        await run_now(5)
    finally:
        jobs.shutdown(wait=False)
    assert [t for t in ops_texts(world) if "working again" in t] == [
        scheduler.JOB_RECOVERED_TEXT.format(job="approved texts and bookings job")
    ]
    assert len([t for t in ops_texts(world) if "job failed" in t]) == 1


async def test_a_job_failure_slack_refused_is_reported_at_the_next_failure(
    world: SandboxWorld, flaky_slack: FlakySlack
) -> None:
    copilot = world.copilot
    flaky_slack.fail("chat_postMessage", SlackApiError("down", {"ok": False, "error": "fatal_error"}))
    await scheduler.job_failed(copilot, "calendar poll job", RuntimeError("boom"))
    assert ops_texts(world) == []
    flaky_slack.heal()
    await scheduler.job_failed(copilot, "calendar poll job", RuntimeError("boom"))
    await scheduler.job_failed(copilot, "calendar poll job", RuntimeError("boom"))
    assert ops_texts(world) == [scheduler.JOB_FAILING_TEXT.format(job="calendar poll job", error="RuntimeError")]
    await scheduler.job_succeeded(copilot, "calendar poll job")
    await scheduler.job_succeeded(copilot, "calendar poll job")
    assert ops_texts(world)[1:] == [scheduler.JOB_RECOVERED_TEXT.format(job="calendar poll job")]


# ---------------------------------------------------------------------------------------------------
# The model timing out or answering garbage during the morning briefings


@pytest.mark.parametrize("failure", ["timeout", "garbage"])
async def test_a_model_timing_out_or_answering_garbage_still_briefs_everyone_once_with_the_offline_text(
    world: SandboxWorld, llm_server: Any, failure: str, caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Every model call fails (the guest gets the offline summary): each therapist still gets one DM, the run is
    complete, nothing is retried. A model that times out is one warning line for the whole round (the later failures
    at debug level), and so is one that answers garbage (a run of unusable answers)."""
    from spa_copilot.ai import build_ai, concierge
    from spa_copilot.briefings import send_morning_briefings

    stub = llm_server.stub
    stub.reset()
    stub.delay = 3.0 if failure == "timeout" else 0.0
    stub.responder = lambda body: "{not json at all"
    # the SDK's own timeout is the one under test: on a loaded machine the whole call's bound (timeout + grace) could
    # fire before the request reached the stub, so the grace is lifted out of its way
    monkeypatch.setattr(concierge, "CALL_GRACE_SECONDS", 30.0)
    settings = world.settings.model_copy(update={
        "llm_base_url": llm_server.base_url, "llm_api_key": SecretStr("test-key"), "llm_model": "stub-model",
        "llm_max_retries": 0, "llm_timeout_seconds": 1.0 if failure == "timeout" else 10.0,  # garbage: never a timeout
    })
    world.copilot.ai = build_ai(settings, cache=world.copilot.store, audit=world.copilot.store)
    try:
        with caplog.at_level(logging.WARNING):
            run = await send_morning_briefings(world.copilot, "loc_soho")
    finally:
        await world.copilot.ai.aclose()
        stub.delay = 0.0  # the module's stub answers at once again for the tests after this one
    assert run.sent and not run.incomplete and stub.requests
    assert dm_counts(world, run.sent) == dict.fromkeys(run.sent, 1)
    for staff_id in run.sent:
        [dm] = [m.text + json.dumps(m.blocks) for m in world.slack.messages(world.slack_id(staff_id))]
        assert "Traceback" not in dm and "Error" not in dm
    ana = json.dumps(world.slack.messages(world.slack_id("st_ana_reyes"))[0].blocks)
    assert "drafted by the offline engine" in ana, "the offline summary stands in for the model's"
    failures = [r for r in caplog.records if r.name == "spa_copilot.ai.concierge"]
    assert failures and all(r.levelno == logging.WARNING and r.exc_info is None for r in failures)  # lines, no traces
    if failure == "timeout":
        assert len(failures) == 1 and "unavailable (OpenAITimeoutError" in failures[0].getMessage()
        assert "(AI unavailable)" in ana
    else:
        assert len(failures) == 1 and "answered unusably" in failures[0].getMessage()
        assert "drafted by the offline engine from" in ana and "AI unavailable" not in ana
