"""A spa system out of reach is reported once, not at every request of every poll: the first retry and the first
give-up are warnings, then a reminder at most every OUTAGE_REMINDER_SECONDS, and one line when it answers again."""

from __future__ import annotations

import asyncio
import logging

import httpx
import pytest

from spa_copilot.platform.errors import PlatformUnavailable
from spa_copilot.platform.mangomint import OUTAGE_REMINDER_SECONDS, MangomintClient
from spa_copilot.reads import load_catalog


class Gateway:
    def __init__(self) -> None:
        self.up = False
        self.now = 1_000_000.0

    def answer(self, request: httpx.Request) -> httpx.Response:
        if not self.up:
            raise httpx.ConnectError("connection refused", request=request)
        return httpx.Response(200, json={"data": []})


async def _poll(client: MangomintClient) -> None:
    """One poll's catalogue read: four lists in parallel, each retried."""
    with pytest.raises(PlatformUnavailable):
        await load_catalog(client)


def _warnings(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]


async def test_an_outage_is_one_warning_at_its_start_a_rare_reminder_and_one_at_its_end(
    caplog: pytest.LogCaptureFixture,
) -> None:
    gateway = Gateway()

    async def no_sleep(seconds: float) -> None:
        await asyncio.sleep(0)

    http = httpx.AsyncClient(transport=httpx.MockTransport(gateway.answer))
    client = MangomintClient("http://gateway.test/v1", "k", http=http, sleep=no_sleep, clock=lambda: gateway.now)
    with caplog.at_level(logging.WARNING, logger="spa_copilot.platform.mangomint"):
        for _ in range(3):  # three polls, 30 s apart
            await _poll(client)
            gateway.now += 30
        start = _warnings(caplog)
        # the first failing request's story (its retries, a give-up): not 4 lists x 5 attempts x 3 polls
        assert len(start) <= 5 and sum("gave up after 5 attempts (ConnectError)" in line for line in start) == 1, start
        assert len({line.split(" failed")[0] for line in start if "retry" in line}) == 1, start

        caplog.clear()
        gateway.now += OUTAGE_REMINDER_SECONDS
        await _poll(client)
        await _poll(client)
        reminder = _warnings(caplog)
        assert len(reminder) == 1 and "still out of reach, for 11 min" in reminder[0], reminder

        caplog.clear()
        gateway.up = True
        await load_catalog(client)
        end = _warnings(caplog)
        assert len(end) == 1 and "answers again" in end[0] and "out of reach" in end[0], end

        caplog.clear()  # the next outage is reported again
        gateway.up = False
        await _poll(client)
        again = _warnings(caplog)
        assert 1 <= len(again) <= 5 and sum("gave up" in line for line in again) == 1, again

        caplog.clear()  # an action of another route failing during the outage is still said, once
        with pytest.raises(PlatformUnavailable):
            await client.update_waitlist_entry("wl_1", changes={"status": "offered"}, idempotency_key="fill:wl_1:offer:1")
        assert [line for line in _warnings(caplog) if "gave up" in line and "PATCH /v1/waitlist/wl_1" in line], _warnings(caplog)
    await http.aclose()


async def test_a_blip_mended_by_a_retry_still_warns_once_and_says_no_outage_ended(
    caplog: pytest.LogCaptureFixture,
) -> None:
    answers = iter([httpx.Response(503), httpx.Response(200, json={"data": []})])

    async def no_sleep(seconds: float) -> None:
        return None

    http = httpx.AsyncClient(transport=httpx.MockTransport(lambda request: next(answers)))
    client = MangomintClient("http://gateway.test/v1", "k", http=http, sleep=no_sleep)
    with caplog.at_level(logging.WARNING, logger="spa_copilot.platform.mangomint"):
        await client.list_services()
    said = _warnings(caplog)
    assert len(said) == 1 and "retry 1/4" in said[0], said
    await http.aclose()
