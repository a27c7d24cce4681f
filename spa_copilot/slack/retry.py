"""Slack 429 handling: wait the whole ``Retry-After`` (asyncio.sleep, so the event loop keeps serving) and retry.

slack_sdk's built-in handler reads only ``headers[name][0]``, which is the first *character* when the header
value is a plain string (aiohttp's case): ``Retry-After: 30`` would wait 3 seconds. This one parses the value.

A caller that would rather try again later than wait (the ops channel's reports, made by the calendar poll)
makes its calls inside ``no_rate_limit_wait()``: a 429 then fails at once with Slack's ``ratelimited`` error.
"""

from __future__ import annotations

import asyncio
import random
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from slack_sdk.http_retry.async_handler import AsyncRetryHandler
from slack_sdk.http_retry.request import HttpRequest
from slack_sdk.http_retry.response import HttpResponse
from slack_sdk.http_retry.state import RetryState

MAX_WAIT_SECONDS = 60.0

_wait_on_rate_limit: ContextVar[bool] = ContextVar("spa_copilot_slack_wait_on_rate_limit", default=True)


@contextmanager
def no_rate_limit_wait() -> Iterator[None]:
    """Slack calls made inside (by this task only) are not retried on a 429: they raise ``ratelimited`` at once."""
    token = _wait_on_rate_limit.set(False)
    try:
        yield
    finally:
        _wait_on_rate_limit.reset(token)


def retry_after_seconds(headers: dict[str, Any]) -> float | None:
    """The ``Retry-After`` header in seconds (value as a string or a list of strings), or None."""
    for name, value in headers.items():
        if name.lower() == "retry-after":
            raw = value[0] if isinstance(value, (list, tuple)) else value
            try:
                return max(0.0, float(str(raw).strip()))
            except ValueError:
                return None
    return None


class RetryAfterHandler(AsyncRetryHandler):
    """Retries a 429 after the server's ``Retry-After`` (plus a little jitter), at most ``max_retry_count`` times
    (not at all inside ``no_rate_limit_wait()``)."""

    def __init__(self, max_retry_count: int = 3, *, sleep: Callable[[float], Awaitable[Any]] = asyncio.sleep) -> None:
        super().__init__(max_retry_count=max_retry_count)
        self._sleep = sleep

    async def _can_retry_async(
        self,
        *,
        state: RetryState,
        request: HttpRequest,
        response: HttpResponse | None = None,
        error: Exception | None = None,
    ) -> bool:
        return response is not None and response.status_code == 429 and _wait_on_rate_limit.get()

    async def prepare_for_next_attempt_async(
        self,
        *,
        state: RetryState,
        request: HttpRequest,
        response: HttpResponse | None = None,
        error: Exception | None = None,
    ) -> None:
        wait = retry_after_seconds(dict(response.headers)) if response is not None else None
        state.next_attempt_requested = True
        await self._sleep(min(MAX_WAIT_SECONDS, (1.0 if wait is None else wait) + random.random() * 0.25))
        state.increment_current_attempt()
