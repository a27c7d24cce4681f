"""This machine's clock off from the spa system's, by the HTTP ``Date`` of its answers: said once in the ops channel
(and its end once), shown in ``/spa status`` and ``spa-copilot check``, and named in the log line of a webhook refused
for its timestamp (probe43c M2)."""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable
from email.utils import formatdate

import aiohttp
import httpx
import pytest

from spa_copilot import scheduler
from spa_copilot.clock_watch import CLOCK_RIGHT_TEXT, ClockWatch, duration_words, gap_from_date, skew_change
from spa_copilot.platform.signing import signed_headers
from spa_copilot.preflight import run_checks
from spa_copilot.sandbox.world import SandboxWorld
from spa_copilot.slack.answers import answer_status
from tests.conftest import FlakySlack, by_name

TWO_HOURS = 7200.0


def spa_clock(world: SandboxWorld, behind: Callable[[], float]) -> None:
    """The sandbox spa's answers carry a ``Date``: the true time less ``behind()`` seconds (this machine ahead)."""

    async def dated(response: httpx.Response) -> None:
        response.headers["Date"] = formatdate(time.time() - behind(), usegmt=True)

    world.platform._http.event_hooks["response"].append(dated)


def ops_texts(world: SandboxWorld) -> list[str]:
    return [m.text for m in world.slack.messages(world.settings.ops_channel)]


@pytest.mark.parametrize(
    ("date", "age", "gap"),
    [
        ("Mon, 07 Dec 2026 01:00:00 GMT", None, TWO_HOURS),  # ours ahead
        ("Mon, 07 Dec 2026 05:00:00 GMT", None, -TWO_HOURS),  # ours behind
        ("Mon, 07 Dec 2026 03:00:00 GMT", "600", None),  # a cached answer: its Date is when it was first made
        ("yesterday", None, None),
        ("", None, None),
        (None, None, None),
    ],
)
def test_the_gap_is_read_from_the_http_date(date: str | None, age: str | None, gap: float | None) -> None:
    received_at = 1_796_612_400.0  # Mon 07 Dec 2026 03:00:00 UTC
    assert gap_from_date(date, received_at, age_header=age) == gap


@pytest.mark.parametrize(
    ("gap", "told", "change"),
    [
        (None, False, None),
        (30.0, False, None),
        (119.0, False, None),
        (121.0, False, "off"),
        (-7200.0, False, "off"),
        (7200.0, True, None),
        (90.0, True, None),
        (59.0, True, "right"),
        (59.0, False, None),
    ],
)
def test_a_gap_is_worth_telling_past_two_minutes_and_its_end_below_one(
    gap: float | None, told: bool, change: str | None
) -> None:
    assert skew_change(gap, told=told) == change


async def test_the_platform_client_measures_the_gap_from_its_answers(world: SandboxWorld) -> None:
    behind = {"seconds": TWO_HOURS}
    spa_clock(world, lambda: behind["seconds"])
    await world.platform.list_locations()
    assert world.platform.server_clock.gap == pytest.approx(TWO_HOURS, abs=5)
    behind["seconds"] = 0
    await world.platform.list_locations()
    assert world.platform.server_clock.gap == pytest.approx(0, abs=5)


async def test_a_clock_two_hours_ahead_is_said_once_with_what_to_do_and_its_end_once(
    world: SandboxWorld, flaky_slack: FlakySlack
) -> None:
    behind = {"seconds": TWO_HOURS}
    spa_clock(world, lambda: behind["seconds"])
    watch = ClockWatch(world.copilot, scheduler.build_scheduler(world.copilot))
    await world.platform.list_locations()
    flaky_slack.fail(
        "chat_postMessage", aiohttp.ClientConnectionError("slack down"), channel=world.settings.ops_channel
    )
    await watch.check()
    assert ops_texts(world) == [], "Slack down"
    flaky_slack.heal()
    for _ in range(3):
        await watch.check()
    said = ops_texts(world)
    assert len(said) == 1, said  # once, when Slack is back
    assert "2 h 0 min ahead of the spa system's" in said[0] and "set this machine's clock (NTP)" in said[0]
    assert "webhooks (guest replies included) are refused" in said[0]
    assert "/spa commands and the cards' buttons fail" in said[0], "Slack's signed requests are refused too (s44)"
    behind["seconds"] = 0
    await world.platform.list_locations()
    await watch.check()
    await watch.check()
    assert ops_texts(world) == [said[0], CLOCK_RIGHT_TEXT]


async def test_a_clock_three_minutes_off_is_said_without_the_webhooks(world: SandboxWorld) -> None:
    spa_clock(world, lambda: -180)  # this machine three minutes behind: webhooks still within their five minutes
    watch = ClockWatch(world.copilot, scheduler.build_scheduler(world.copilot))
    await world.platform.list_locations()
    await watch.check()
    [said] = ops_texts(world)
    assert "3 min behind the spa system's" in said and "webhooks" not in said and "/spa commands" not in said


async def test_status_and_check_show_a_clock_off(world: SandboxWorld) -> None:
    spa_clock(world, lambda: TWO_HOURS)
    checks = by_name(await run_checks(world.settings, platform=world.platform, slack=world.copilot.slack))
    assert checks["clock"].status == "warning"
    assert "2 h 0 min ahead of the spa system's" in checks["clock"].detail
    status = (await answer_status(world.copilot, None, world.manager_id)).to_kwargs()  # type: ignore[arg-type]
    shown = json.dumps(status["blocks"])
    assert "2 h 0 min ahead of the spa system" in shown and "set this machine's clock (NTP)" in shown


async def test_status_and_check_say_nothing_of_a_right_clock(world: SandboxWorld) -> None:
    spa_clock(world, lambda: 3)
    checks = by_name(await run_checks(world.settings, platform=world.platform, slack=world.copilot.slack))
    assert checks["clock"].status == "ok", checks["clock"]
    status = (await answer_status(world.copilot, None, world.manager_id)).to_kwargs()  # type: ignore[arg-type]
    assert "clock" not in json.dumps(status["blocks"]).lower()


async def test_a_webhook_refused_for_its_age_logs_the_gap(
    world: SandboxWorld, caplog: pytest.LogCaptureFixture
) -> None:
    spa_clock(world, lambda: TWO_HOURS)
    await world.platform.list_locations()
    now = int(world.copilot.now().timestamp())
    body = json.dumps({"id": "evt_old", "type": "appointment.updated", "data": {}}).encode()
    with caplog.at_level(logging.WARNING, logger="spa_copilot.server"):
        response = await world.http.post(
            "/webhooks/mangomint",
            content=body,
            headers={"content-type": "application/json", **signed_headers("sandbox-webhook-secret", now - 7200, body)},
        )
    assert response.status_code == 401
    [line] = [r.getMessage() for r in caplog.records if "webhook refused" in r.getMessage()]
    assert "sent 2 h 0 min before this machine's clock" in line, line
    assert "this machine's clock is 2 h 0 min ahead of the spa system's" in line, line


@pytest.mark.parametrize(
    ("seconds", "words"),
    [
        (42, "42 s"),
        (179.4, "3 min"),
        (-7199, "2 h 0 min"),
        (7500, "2 h 5 min"),
        (86_400, "1 day"),
        (97_300, "1 day 3 h"),
    ],
)
def test_a_gap_is_said_to_the_nearest_minute(seconds: float, words: str) -> None:
    """An HTTP Date is to the second: a gap of 2:59.4 is three minutes, not two."""
    assert duration_words(seconds) == words
