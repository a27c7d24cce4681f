"""A read made for a person waiting (a ``/spa`` command, a click, the App Home) gives up within a small budget when
the spa system hangs; the poll and every write keep their full retries (probe43b M2: the first command in a hang was
answered after five timeouts, about 54 s, with the defaults)."""

from __future__ import annotations

import asyncio
import json
import logging
import random
import time
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from spa_copilot.domain import MessageChannel, MessagePurpose, OutboundMessage
from spa_copilot.platform import mangomint
from spa_copilot.platform.errors import PlatformUnavailable
from spa_copilot.platform.mangomint import MangomintClient, reads_for_a_person
from spa_copilot.sandbox.faults import FaultConfig
from spa_copilot.sandbox.world import FRONT_DESK_USER, SandboxWorld
from spa_copilot.scheduler import poll_calendar
from spa_copilot.slack import ids

#: How long each hung request of the sandbox hangs before it answers 504: one attempt's worth of a person's wait.
HANG = 1.0
#: The budget the tests give a person's reads, so a hang is seen in seconds (the default is the same rule, longer).
BUDGET = 2.5
#: What the event loop, the stand-in Slack and the answer's drawing may add to the budget.
MARGIN = 1.5


def _hang_every_request(world: SandboxWorld) -> None:
    world.spa.faults.configure(FaultConfig(timeout_seconds=HANG))
    world.spa.faults.timeout_next(200)


async def _ask(world: SandboxWorld, text: str) -> tuple[float, str]:
    """``/spa <text>`` from the front desk through Slack: how long until the answer was posted, and its text."""
    before = len(world.slack.responses)
    started = time.monotonic()
    assert (await world.sender.slash_command(text, user_id=FRONT_DESK_USER)).status_code == 200
    await world.slack.wait_for(lambda s: len(s.responses) > before, timeout=60)
    return time.monotonic() - started, world.slack.responses[before].text


async def test_the_first_command_in_a_hang_is_told_within_the_budget(
    world: SandboxWorld, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(mangomint, "PERSON_WAITING_READ_SECONDS", BUDGET)
    attempts = world.settings.mangomint_max_retries + 1
    assert attempts * HANG > BUDGET + MARGIN  # every retry would make the desk wait longer than the test allows
    _hang_every_request(world)
    waited, text = await _ask(world, "client Nora Long")
    world.spa.faults.clear_scripted()
    assert "not answering" in text
    assert waited < BUDGET + MARGIN, f"the desk heard nothing for {waited:.1f} s"


async def test_a_poll_during_the_same_hang_still_retries_every_read(
    world: SandboxWorld, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """A command asked while a poll runs is answered within its budget; the poll, in its own task, is not cut short by
    it: each of its reads is given up only after every attempt."""
    monkeypatch.setattr(mangomint, "PERSON_WAITING_READ_SECONDS", BUDGET)
    attempts = world.settings.mangomint_max_retries + 1
    world.copilot._catalog = None  # the poll reads the catalogue now, as a first poll does
    _hang_every_request(world)
    caplog.set_level(logging.DEBUG, logger="spa_copilot.platform.mangomint")
    poll = asyncio.ensure_future(poll_calendar(world.copilot))
    await asyncio.sleep(0.1)  # the poll's reads are under way before the command
    waited, text = await _ask(world, "client Nora Long")
    assert "not answering" in text
    assert waited < BUDGET + MARGIN, f"the desk heard nothing for {waited:.1f} s"
    await asyncio.wait_for(poll, timeout=60)
    world.spa.faults.clear_scripted()
    gave_up = [r.getMessage() for r in caplog.records if "gave up after" in r.getMessage()]
    # the command's read is its client search; every other read is the poll's, whichever of its routes was under way
    poll_gave_up = [line for line in gave_up if "/v1/clients" not in line]
    assert poll_gave_up, gave_up
    assert all(f"after {attempts} attempts" in line for line in poll_gave_up), poll_gave_up


# ---- the client's rule, on a fake clock -------------------------------------------------------------


class _Timed:
    """A client on a fake clock that its sleeps advance; each request answers ``answer`` and costs ``cost`` seconds."""

    def __init__(self, answer: httpx.Response, *, cost: float = 0.0, max_retries: int = 4) -> None:
        self.now = 1_000.0
        self.attempts: list[str] = []
        self.started: list[float] = []
        self.delays: list[float] = []

        def handler(request: httpx.Request) -> httpx.Response:
            self.attempts.append(request.method)
            self.started.append(self.now - 1_000.0)
            self.now += cost
            return httpx.Response(answer.status_code, headers=answer.headers, json={"error": {"message": "busy"}})

        async def sleep(seconds: float) -> None:
            self.delays.append(seconds)
            self.now += seconds

        self.client = MangomintClient(
            "https://partner.example/",
            "k",
            http=httpx.AsyncClient(transport=httpx.MockTransport(handler)),
            max_retries=max_retries,
            sleep=sleep,
            clock=lambda: self.now,
            rng=random.Random(0),
        )


async def test_a_retry_after_longer_than_the_budget_is_not_waited_for_a_person() -> None:
    timed = _Timed(httpx.Response(429, headers={"Retry-After": "5"}))
    with reads_for_a_person(3.0), pytest.raises(PlatformUnavailable):
        await timed.client.list_services()
    assert (timed.attempts, timed.delays) == (["GET"], [])
    # the poll (no person waiting) waits each 5 s out, as before
    timed.attempts.clear()
    with pytest.raises(PlatformUnavailable):
        await timed.client.list_services()
    assert (len(timed.attempts), timed.delays) == (5, [5.0] * 4)


async def test_quick_failures_are_retried_while_the_budget_lasts() -> None:
    timed = _Timed(httpx.Response(503), cost=1.0)
    with reads_for_a_person(3.5), pytest.raises(PlatformUnavailable, match="after 3 attempts"):
        await timed.client.list_services()
    # 1 s each, with backoff: each begun with time left, and no fourth, whose backoff would end past 3.5 s
    assert len(timed.attempts) == 3 and max(timed.started) < 3.5, timed.started


async def test_a_write_made_for_a_person_keeps_every_retry() -> None:
    timed = _Timed(httpx.Response(503), cost=2.0)
    message = OutboundMessage(
        channel=MessageChannel.sms, purpose=MessagePurpose.transactional, body="Hi", approved_by="U1"
    )
    with reads_for_a_person(1.0), pytest.raises(PlatformUnavailable, match="after 5 attempts"):
        await timed.client.send_message("cl_1", message, idempotency_key="fill:fp_1:sms:0")
    assert timed.attempts == ["POST"] * 5


async def test_a_hung_gateway_is_given_up_on_within_the_budget_over_a_real_socket() -> None:
    """A server that accepts and never answers: each attempt would wait the full timeout."""

    async def never_answer(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await asyncio.sleep(3600)

    server = await asyncio.start_server(never_answer, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    options: dict[str, Any] = {"timeout": 1.0, "max_retries": 4, "backoff_base": 0.01}
    async with server, MangomintClient(f"http://127.0.0.1:{port}/v1", "k", **options) as client:
        started = time.monotonic()
        with reads_for_a_person(0.4), pytest.raises(PlatformUnavailable):
            await client.search_clients("Nora Long")
        # one timeout (1 s: a first attempt is never cut before it, rev43d); every retry would be 5 s
        assert time.monotonic() - started < 1.6
        server.close()


async def test_the_home_tab_opened_in_a_hang_is_published_within_the_budget(
    world: SandboxWorld, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(mangomint, "PERSON_WAITING_READ_SECONDS", BUDGET)
    _hang_every_request(world)
    started = time.monotonic()
    assert (await world.sender.app_home_opened(FRONT_DESK_USER)).status_code == 200
    await world.slack.wait_for(lambda s: FRONT_DESK_USER in s.home_views, timeout=60)
    waited = time.monotonic() - started
    world.spa.faults.clear_scripted()
    assert waited < BUDGET + MARGIN, f"the Home tab stayed empty for {waited:.1f} s"
    assert "could not be read" in json.dumps(world.slack.home_views[FRONT_DESK_USER])


async def test_a_click_in_a_hang_is_answered_within_the_budget(
    world: SandboxWorld, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The Home tab's Refresh (a click, guarded as every button is) reads the spa system's book afresh."""
    monkeypatch.setattr(mangomint, "PERSON_WAITING_READ_SECONDS", BUDGET)
    assert (await world.sender.app_home_opened(FRONT_DESK_USER)).status_code == 200
    await world.slack.wait_for(lambda s: FRONT_DESK_USER in s.home_views, timeout=30)
    drawn = world.slack.home_views[FRONT_DESK_USER]
    _hang_every_request(world)
    started = time.monotonic()
    await world.sender.click_in_view(drawn, ids.HOME_REFRESH, user_id=FRONT_DESK_USER)
    await world.slack.wait_for(lambda s: s.home_views[FRONT_DESK_USER] is not drawn, timeout=60)
    waited = time.monotonic() - started
    world.spa.faults.clear_scripted()
    assert waited < BUDGET + MARGIN, f"the click went unanswered for {waited:.1f} s"
    assert "could not be read" in json.dumps(world.slack.home_views[FRONT_DESK_USER])


def _client_answering(answer: Callable[[httpx.Request], httpx.Response], sent: list[str]) -> MangomintClient:
    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(request.url.path)
        return answer(request)

    async def no_wait(seconds: float) -> None:
        return None

    return MangomintClient(
        "https://partner.example/",
        "k",
        http=httpx.AsyncClient(transport=httpx.MockTransport(handler)),
        max_retries=1,
        sleep=no_wait,
        rng=random.Random(0),
    )


async def test_once_a_read_for_a_person_met_no_answer_their_next_reads_are_not_sent() -> None:
    def refused(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("connection refused", request=request)

    sent: list[str] = []
    client = _client_answering(refused, sent)
    with reads_for_a_person(5.0):
        with pytest.raises(PlatformUnavailable):
            await client.list_services()
        with pytest.raises(PlatformUnavailable, match="not asked"):
            await client.list_staff()
    assert sent == ["/v1/services", "/v1/services"]
    with reads_for_a_person(5.0), pytest.raises(PlatformUnavailable):  # the next person's wait asks again
        await client.list_staff()
    assert sent[2:] == ["/v1/staff", "/v1/staff"]


async def test_a_route_answering_5xx_does_not_stop_a_persons_other_reads() -> None:
    sent: list[str] = []
    client = _client_answering(lambda request: httpx.Response(503), sent)
    with reads_for_a_person(5.0):
        for read in (client.list_services, client.list_staff):
            with pytest.raises(PlatformUnavailable, match="503"):
                await read()
    assert sent == ["/v1/services"] * 2 + ["/v1/staff"] * 2
