"""Slack 429 handling: wait the whole ``Retry-After`` (asyncio.sleep, so the event loop keeps serving) and retry.

slack_sdk's built-in handler reads only ``headers[name][0]``, which is the first *character* when the header
value is a plain string (aiohttp's case): ``Retry-After: 30`` would wait 3 seconds. This one parses the value.

A caller that would rather try again later than wait long makes its calls inside
``rate_limit_wait_at_most(seconds)``: a 429 asking for a longer wait then fails at once with Slack's
``ratelimited`` error. The calendar's change handlers (alerts, fill cards) wait at most ``HANDLER_WAIT_SECONDS``,
the ops channel's reports not at all (``no_rate_limit_wait()``); what fails is done again by a later pass.
"""

from __future__ import annotations

import asyncio
import random
from collections.abc import Awaitable, Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from contextvars import ContextVar
from typing import Any

from slack_sdk.http_retry.async_handler import AsyncRetryHandler
from slack_sdk.http_retry.request import HttpRequest
from slack_sdk.http_retry.response import HttpResponse
from slack_sdk.http_retry.state import RetryState

MAX_WAIT_SECONDS = 60.0
#: The longest rate limit the calendar's change handlers (alerts, fill cards) wait out inside a poll or a webhook's
#: sync; what a longer one refuses is done again by a later pass.
HANDLER_WAIT_SECONDS = 5.0

#: The longest ``Retry-After`` the calls of this task wait out (None: any, each wait capped at MAX_WAIT_SECONDS).
_longest_wait: ContextVar[float | None] = ContextVar("spa_copilot_slack_longest_rate_limit_wait", default=None)


@contextmanager
def rate_limit_wait_at_most(seconds: float) -> Iterator[None]:
    """Slack calls made inside (by this task only) wait out a 429 only when it asks for ``seconds`` or less;
    otherwise they raise ``ratelimited`` at once."""
    token = _longest_wait.set(seconds)
    try:
        yield
    finally:
        _longest_wait.reset(token)


def no_rate_limit_wait() -> AbstractContextManager[None]:
    """Slack calls made inside (by this task only) are not retried on a 429: they raise ``ratelimited`` at once."""
    return rate_limit_wait_at_most(0)


def _asked_wait(response: HttpResponse) -> float:
    """How long a 429 asks the caller to wait (1 s when it does not say)."""
    wait = retry_after_seconds(dict(response.headers))
    return 1.0 if wait is None else wait


def response_header(headers: Any, name: str) -> str | None:
    """A Slack response header by its lower-case ``name`` in any case, its value given as a string or a list of
    strings (aiohttp's and slack_sdk's shapes), or None when it was not sent."""
    for key, value in (headers or {}).items():
        if key.lower() == name:
            return str(value[0] if isinstance(value, (list, tuple)) else value)
    return None


def retry_after_seconds(headers: dict[str, Any]) -> float | None:
    """The ``Retry-After`` header in seconds (value as a string or a list of strings), or None."""
    raw = response_header(headers, "retry-after")
    if raw is None:
        return None
    try:
        return max(0.0, float(raw.strip()))
    except ValueError:
        return None


class RetryAfterHandler(AsyncRetryHandler):
    """Retries a 429 after the server's ``Retry-After`` (plus a little jitter), at most ``max_retry_count`` times
    (inside ``rate_limit_wait_at_most(seconds)``, only when it asks for no more than that)."""

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
        if response is None or response.status_code != 429:
            return False
        longest = _longest_wait.get()
        if longest is None:
            return True
        return longest > 0 and _asked_wait(response) <= longest  # at most 0: never, not even "Retry-After: 0"

    async def prepare_for_next_attempt_async(
        self,
        *,
        state: RetryState,
        request: HttpRequest,
        response: HttpResponse | None = None,
        error: Exception | None = None,
    ) -> None:
        wait = _asked_wait(response) if response is not None else 1.0
        state.next_attempt_requested = True
        await self._sleep(min(MAX_WAIT_SECONDS, wait + random.random() * 0.25))
        state.increment_current_attempt()
