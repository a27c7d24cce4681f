"""Slack 429 handling: wait the whole ``Retry-After`` (asyncio.sleep, so the event loop keeps serving) and retry.

slack_sdk's built-in handler reads only ``headers[name][0]``, which is the first *character* when the header
value is a plain string (aiohttp's case): ``Retry-After: 30`` would wait 3 seconds. This one parses the value.

A caller that would rather try again later than wait long makes its calls inside
``rate_limit_wait_at_most(seconds)``: a 429 asking for a longer wait then fails at once with Slack's
``ratelimited`` error. The calendar's change handlers (alerts, fill cards) wait at most ``HANDLER_WAIT_SECONDS``,
the ops channel's reports not at all (``no_rate_limit_wait()``); what fails is done again by a later pass.

``post_once`` posts a message that stands for one piece of work (a fill card, a briefing DM, a conflict alert) so
that trying it again never posts it twice. ``chat.postMessage`` has no idempotency key, and a post whose answer was
lost (a read timeout, a connection dropped once Slack had the request, a 5xx from a proxy: ``errors.is_ambiguous``)
may have been posted. So each post carries the work's key in its message metadata
(``{"event_type": "spa_copilot_post", "event_payload": {"key": …}}``), its time is noted in the state database
before it goes (a ``processed_events`` row, dropped once Slack answers either way), and a post of a key still noted
first looks in the conversation (``conversations.history``, or ``conversations.replies`` in a thread, with
``include_all_metadata``, from a little before that time) for the bot's message with that key: found, its ``ts`` is
the delivery and nothing is posted. A token without the history scopes (an install made before manifest.yml asked
for them), or a conversation the copilot cannot name by its id, posts again as before, with a warning.
"""

from __future__ import annotations

import asyncio
import logging
import random
import re
from collections.abc import Awaitable, Callable, Iterator, Mapping
from contextlib import AbstractContextManager, contextmanager
from contextvars import ContextVar
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from slack_sdk.http_retry.async_handler import AsyncRetryHandler
from slack_sdk.http_retry.request import HttpRequest
from slack_sdk.http_retry.response import HttpResponse
from slack_sdk.http_retry.state import RetryState

from spa_copilot.slack.errors import SLACK_FAILURES, answered, is_ambiguous, is_temporary, slack_failure

if TYPE_CHECKING:
    from spa_copilot.store.db import Store

logger = logging.getLogger(__name__)

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


# ---------------------------------------------------------------------------------------------------
# A post that is never posted twice

#: The ``event_type`` of the metadata every ``post_once`` message carries; its ``event_payload`` is ``{"key": …}``.
POST_EVENT_TYPE = "spa_copilot_post"
#: How far around a noted post's time its message is looked for: before it, for the clocks of Slack and this
#: machine to differ; after it, for the longest Slack may take over a request whose answer is lost.
_LOOK_BEFORE = timedelta(minutes=2)
_LOOK_AFTER = timedelta(minutes=10)
_LOOKUP_PAGE = 100
_LOOKUP_PAGES = 5
_CHANNEL_ID = re.compile(r"^[CGD][A-Z0-9]{2,}$")
_USER_ID = re.compile(r"^[UW][A-Z0-9]{2,20}$")
_CHANNEL_PAGES = 10


def post_metadata(key: str) -> dict[str, Any]:
    """The message metadata that marks a post as the one for ``key``."""
    return {"event_type": POST_EVENT_TYPE, "event_payload": {"key": key}}


def _noted(key: str) -> str:
    """The ``processed_events`` id (and source) noting that a post of ``key`` went out and was not answered."""
    return f"slack-post:{key}"


async def post_once(slack: Any, store: Store, *, key: str, channel: str, **message: Any) -> Mapping[str, Any]:
    """``chat.postMessage`` of the work ``key`` to ``channel`` (a conversation id, a ``#name`` or a user id for the
    bot's DM; ``thread_ts`` posts in a thread), posted at most once however often it is tried: Slack's answer, or,
    when an earlier try's answer was lost and that try did post, ``{"channel": …, "ts": …}`` of its message.
    Raises what ``chat_postMessage`` raises (``SLACK_FAILURES``), and a temporary failure to look for an earlier
    try's message (posting then could post it twice: a later try looks again)."""
    noted = _noted(key)
    if store.event_seen(noted):  # a try before this one was not answered: it may have posted
        found = await _posted_before(slack, store, key=key, channel=channel, thread_ts=message.get("thread_ts"))
        if found is not None:
            store.release_event(noted)
            return found
        store.release_event(noted)  # it did not post (or cannot be looked for): this try is noted afresh
    store.claim_event(noted, source=noted)
    try:
        response = await slack.chat_postMessage(channel=channel, metadata=post_metadata(key), **message)
    except SLACK_FAILURES as exc:
        if not is_ambiguous(exc):  # Slack said it posted nothing: a later try posts without looking
            store.release_event(noted)
        raise
    # anything else (a bug, a stop cutting the call off) leaves the note: the message may be in Slack
    store.release_event(noted)
    return response


async def _posted_before(
    slack: Any, store: Store, *, key: str, channel: str, thread_ts: str | None
) -> Mapping[str, Any] | None:
    """The bot's message carrying ``key`` that a try noted in the state database posted, as ``{"channel", "ts"}``,
    or None when it is not there or cannot be looked for (no history scope, a conversation not found: the caller
    then posts as it always did). A temporary failure (the connection, a rate limit, a 5xx) raises."""
    tried_at = store.last_event_at(source=_noted(key))
    if tried_at is None:
        return None
    try:
        channel_id = await _conversation_id(slack, channel)
        if channel_id is None:
            logger.warning("could not look for an unanswered post %s: no conversation id for %s; posting it again",
                           key, channel)
            return None
        bounds = {"oldest": f"{(tried_at - _LOOK_BEFORE).timestamp():.6f}",
                  "latest": f"{(tried_at + _LOOK_AFTER).timestamp():.6f}", "inclusive": True,
                  "include_all_metadata": True, "limit": _LOOKUP_PAGE}
        cursor = None
        for _ in range(_LOOKUP_PAGES):
            if thread_ts:
                page = await slack.conversations_replies(channel=channel_id, ts=thread_ts, cursor=cursor, **bounds)
            else:
                page = await slack.conversations_history(channel=channel_id, cursor=cursor, **bounds)
            for item in page.get("messages") or ():
                metadata = item.get("metadata") or {}
                if (metadata.get("event_type") == POST_EVENT_TYPE
                        and (metadata.get("event_payload") or {}).get("key") == key and item.get("ts")):
                    logger.info("post %s was made by an earlier try whose answer was lost: kept, not posted again", key)
                    return {"ok": True, "channel": channel_id, "ts": item["ts"], "message": item}
            cursor = (page.get("response_metadata") or {}).get("next_cursor")
            if not cursor:
                return None
        logger.warning("could not look through all of %s for an unanswered post %s; posting it again", channel_id, key)
        return None
    except SLACK_FAILURES as exc:
        if is_temporary(exc):
            raise
        needed = answered(exc, "needed")
        logger.warning("could not look for an unanswered post %s in %s: %s%s; posting it again", key, channel,
                       slack_failure(exc), f" (the token lacks {needed}: reinstall the app from manifest.yml)"
                       if needed else "")
        return None


async def _conversation_id(slack: Any, channel: str) -> str | None:
    """The conversation id of what ``chat.postMessage`` was given: an id as it is, a user id's DM with the bot
    (``conversations.open``), a channel's name among those the bot can see (``conversations.list``)."""
    if _CHANNEL_ID.match(channel):
        return channel
    if _USER_ID.match(channel):
        opened = await slack.conversations_open(users=channel)
        return (opened.get("channel") or {}).get("id")
    wanted, cursor = channel.lstrip("#").lower(), None
    for _ in range(_CHANNEL_PAGES):
        page = await slack.conversations_list(types="public_channel,private_channel", limit=1000, cursor=cursor)
        for found in page.get("channels") or ():
            if str(found.get("name", "")).lower() == wanted:
                return found.get("id")
        cursor = (page.get("response_metadata") or {}).get("next_cursor")
        if not cursor:
            break
    return None
