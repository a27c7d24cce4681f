"""docs/mangomint-contract.md: the client keeps each response's ``X-Request-Id`` "in its logs". It was logged only at
debug level; the retry and give-up warnings (the lines an operator sees during an outage) now name it, as one token:
a header with spaces or line breaks is shown as ``{id}``, never forging a log line."""

from __future__ import annotations

import logging
import random

import httpx
import pytest

from spa_copilot.platform.errors import PlatformUnavailable
from spa_copilot.platform.mangomint import MangomintClient


def _client(*request_ids: str | None) -> MangomintClient:
    answers = iter(request_ids)

    def answer(request: httpx.Request) -> httpx.Response:
        request_id = next(answers)
        return httpx.Response(503, headers={"X-Request-Id": request_id} if request_id else {})

    async def no_sleep(seconds: float) -> None:
        return None

    http = httpx.AsyncClient(transport=httpx.MockTransport(answer))
    return MangomintClient("https://partner.example/", "k", http=http, sleep=no_sleep, max_retries=1, rng=random.Random(0))


def _warnings(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]


async def test_the_retry_and_give_up_warnings_name_the_request_id(caplog: pytest.LogCaptureFixture) -> None:
    client = _client("req_1a2b", "9f1c2e3d-0000-4a4a-8b8b-123456789abc")
    with caplog.at_level(logging.WARNING, logger="spa_copilot.platform.mangomint"), pytest.raises(PlatformUnavailable):
        await client.update_waitlist_entry("wl_0031", changes={"status": "offered"}, idempotency_key="fill:wl_0031:offer:1")
    retry, gave_up = _warnings(caplog)
    assert retry.endswith("(request req_1a2b, key fill:wl_0031:offer:1)"), retry
    assert gave_up.endswith("gave up after 2 attempts (HTTP 503; request 9f1c2e3d-0000-4a4a-8b8b-123456789abc)"), gave_up


async def test_no_request_id_is_named_when_none_came(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="spa_copilot.platform.mangomint"), pytest.raises(PlatformUnavailable):
        await _client(None, None).get_client("cl_0001")
    retry, gave_up = _warnings(caplog)
    assert "request" not in retry and retry.endswith("s"), retry  # "... retry 1/1 in 0.xxs", no empty parentheses
    assert gave_up.endswith("gave up after 2 attempts (HTTP 503)"), gave_up


async def test_a_request_id_that_is_not_one_token_is_not_copied_into_the_log(caplog: pytest.LogCaptureFixture) -> None:
    forged = "x\nERROR spa_copilot: Jane Okonkwo"
    with caplog.at_level(logging.WARNING, logger="spa_copilot.platform.mangomint"), pytest.raises(PlatformUnavailable):
        await _client(forged, "a b").get_client("cl_0001")
    assert "Okonkwo" not in caplog.text and "\nERROR" not in caplog.text
    assert all("(HTTP 503" in line and "request {id}" in line for line in _warnings(caplog))
