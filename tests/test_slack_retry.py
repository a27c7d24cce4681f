"""Slack 429s: waited out by default, only short ones inside ``rate_limit_wait_at_most``, none inside
``no_rate_limit_wait`` (not even ``Retry-After: 0``)."""

from __future__ import annotations

from contextlib import AbstractContextManager, nullcontext

import pytest
from slack_sdk.http_retry.request import HttpRequest
from slack_sdk.http_retry.response import HttpResponse
from slack_sdk.http_retry.state import RetryState

from spa_copilot.slack.retry import RetryAfterHandler, no_rate_limit_wait, rate_limit_wait_at_most


async def retried(retry_after: str | None, within: AbstractContextManager[None], status: int = 429) -> bool:
    handler = RetryAfterHandler()
    request = HttpRequest(method="POST", url="https://slack.com/api/chat.postMessage", headers={})
    headers = {"Retry-After": retry_after} if retry_after is not None else {}
    with within:
        return await handler._can_retry_async(  # noqa: SLF001 - the decision under test
            state=RetryState(), request=request, response=HttpResponse(status_code=status, headers=headers)
        )


@pytest.mark.parametrize(
    ("retry_after", "within", "expected"),
    [
        ("30", nullcontext(), True),  # by default the whole Retry-After is waited out
        ("5", rate_limit_wait_at_most(5), True),
        ("30", rate_limit_wait_at_most(5), False),
        (None, rate_limit_wait_at_most(5), True),  # no header: a second, which is short
        ("0", no_rate_limit_wait(), False),
        ("1", no_rate_limit_wait(), False),
    ],
)
async def test_which_429s_are_waited_out(retry_after: str | None, within: AbstractContextManager[None], expected: bool) -> None:
    assert await retried(retry_after, within) is expected


async def test_only_a_429_is_retried_and_the_limit_ends_with_its_block() -> None:
    assert await retried("1", nullcontext(), status=500) is False
    with rate_limit_wait_at_most(5):
        pass
    assert await retried("30", nullcontext()) is True
