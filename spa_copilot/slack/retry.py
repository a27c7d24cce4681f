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
may have been posted. So each try is noted in the state database before it goes (a ``processed_events`` row, its
time the try's id, dropped once Slack answers either way) and its message carries the work's key and that try's id
in its metadata (``{"event_type": "spa_copilot_post", "event_payload": {"key": …, "try": …}}``). A post of a key
still noted first looks in the conversation (``conversations.history``, or ``conversations.replies`` in a thread,
with ``include_all_metadata``, from a quarter of an hour before that time) for the bot's own message (its
``bot_id`` or user, ``auth.test``'s) with that key and try: found, its ``ts`` is the delivery and nothing is
posted. A message an earlier post of the same key made (a conflict card posted again when its conflict came back)
is another try's, never taken for this one. A token without the history scopes (an install made before
manifest.yml asked for them), or a conversation the copilot cannot name by its id, posts again as before, with a
warning; a look that fails for now posts nothing (the next try looks again) until the ``MAX_FAILED_LOOKS``-th in a
row, which posts, with a warning. A second try of a key while one is on its way posts nothing (``PostInFlight``).
The client does not send a ``chat.postMessage`` again by itself after a connection error
(``ConnectionErrorRetryHandler``): such a failure reaches ``post_once``, whose next try looks first.
"""

from __future__ import annotations

import asyncio
import logging
import random
import re
import weakref
from collections.abc import Awaitable, Callable, Iterator, Mapping
from contextlib import AbstractContextManager, contextmanager
from contextvars import ContextVar
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

import aiohttp
from slack_sdk.http_retry.async_handler import AsyncRetryHandler
from slack_sdk.http_retry.builtin_async_handlers import AsyncConnectionErrorRetryHandler
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


#: Web API methods whose request is never sent again by the client itself once it may have reached Slack, when
#: ``post_once`` sends it (``_posting_once``): a second ``chat.postMessage`` is a second message, and ``post_once``
#: looks for the first one instead. Any other post (an ops report, a note with no key) is re-sent as slack_sdk does.
NOT_RESENT = frozenset({"chat.postMessage"})
_posting_once: ContextVar[bool] = ContextVar("spa_copilot_slack_posting_once", default=False)


class ConnectionErrorRetryHandler(AsyncConnectionErrorRetryHandler):
    """slack_sdk's retry of a call whose connection failed (reset, dropped, a read timeout), except for a method in
    ``NOT_RESENT`` sent by ``post_once`` once its request may have reached Slack: such a failure goes to it (it notes
    it, and its next try looks for the message before posting). A connection that was never made
    (``ClientConnectorError``: nothing was sent) is retried for every method."""

    async def _can_retry_async(
        self,
        *,
        state: RetryState,
        request: HttpRequest,
        response: HttpResponse | None = None,
        error: Exception | None = None,
    ) -> bool:
        if error is not None and _posting_once.get() and _method_of(request.url) in NOT_RESENT and not isinstance(
            error, aiohttp.ClientConnectorError
        ):
            return False
        return await super()._can_retry_async(state=state, request=request, response=response, error=error)


def _method_of(url: str) -> str:
    """The Web API method a request's URL calls (``https://slack.com/api/chat.postMessage?x=1``: chat.postMessage)."""
    return url.split("?", 1)[0].rstrip("/").rsplit("/", 1)[-1]


# ---------------------------------------------------------------------------------------------------
# A post that is never posted twice

#: The ``event_type`` of the metadata every ``post_once`` message carries; its ``event_payload`` is ``{"key": …,
#: "try": …}``, the try being the noted time of the try that posted it.
POST_EVENT_TYPE = "spa_copilot_post"
#: How far around a noted post's time its message is looked for: before it, for the clocks of Slack and this
#: machine to differ (the message is matched by its try, never by its time, so a wide window costs a page at most);
#: after it, for the longest Slack may take over a request whose answer is lost.
_LOOK_BEFORE = timedelta(minutes=15)
_LOOK_AFTER = timedelta(minutes=10)
_LOOKUP_PAGE = 100
_LOOKUP_PAGES = 5
#: How many looks for one unanswered post may fail for now (Slack's history erring, rate limited, unreachable)
#: before the post is made anyway, with a warning: a lookup down for good must not keep a DM from going out.
MAX_FAILED_LOOKS = 3
_CHANNEL_ID = re.compile(r"^[CGD][A-Z0-9]{2,}$")
_USER_ID = re.compile(r"^[UW][A-Z0-9]{2,20}$")
_CHANNEL_PAGES = 10

#: The keys each store's posts are being tried under right now, in this process (``spa-copilot run`` holds its
#: database alone): a second try of one key while the first is on its way posts nothing.
_in_flight: weakref.WeakKeyDictionary[Any, set[str]] = weakref.WeakKeyDictionary()
#: The bot's own ids (``auth.test``'s ``user_id`` and ``bot_id``), by the client that asked, once per client.
_own_ids: weakref.WeakKeyDictionary[Any, tuple[str | None, str | None]] = weakref.WeakKeyDictionary()


class PostInFlight(aiohttp.ClientError):
    """Another try of the same post is on its way: this one posts nothing (a temporary failure, ``is_temporary``:
    the caller tries again later, and then finds that post's message or posts it)."""


def post_metadata(key: str, tried: str | None = None) -> dict[str, Any]:
    """The message metadata that marks a post as the one for ``key`` made by the try noted at ``tried``."""
    payload = {"key": key} if tried is None else {"key": key, "try": tried}
    return {"event_type": POST_EVENT_TYPE, "event_payload": payload}


def _noted(key: str) -> str:
    """The ``processed_events`` id (and source) noting that a post of ``key`` went out and was not answered."""
    return f"slack-post:{key}"


def _failed_look(key: str, n: int) -> str:
    """The ``processed_events`` id noting that the ``n``-th look for the unanswered post of ``key`` failed for now."""
    return f"slack-post-look-failed:{n}:{key}"


def _try_id(tried_at: datetime) -> str:
    """A try's id in its message's metadata: when it was noted, in seconds (as a Slack ``ts`` reads)."""
    return f"{tried_at.timestamp():.6f}"


async def post_once(slack: Any, store: Store, *, key: str, channel: str, **message: Any) -> Mapping[str, Any]:
    """``chat.postMessage`` of the work ``key`` to ``channel`` (a conversation id, a ``#name`` or a user id for the
    bot's DM; ``thread_ts`` posts in a thread), posted at most once however often it is tried: Slack's answer, or,
    when an earlier try's answer was lost and that try did post, ``{"channel": …, "ts": …}`` of its message.
    Raises what ``chat_postMessage`` raises (``SLACK_FAILURES``), ``PostInFlight`` while another try of ``key`` is
    on its way, and a temporary failure to look for an earlier try's message (posting then could post it twice: a
    later try looks again; after ``MAX_FAILED_LOOKS`` such failures in a row it posts, with a warning)."""
    trying = _in_flight.setdefault(store, set())
    if key in trying:
        logger.info("post %s is being tried already; this try posts nothing", key)
        raise PostInFlight(f"post {key} is being tried already")
    trying.add(key)
    try:
        return await _post_once(slack, store, key=key, channel=channel, **message)
    finally:
        trying.discard(key)


async def _post_once(slack: Any, store: Store, *, key: str, channel: str, **message: Any) -> Mapping[str, Any]:
    noted = _noted(key)
    if store.event_seen(noted):  # a try before this one was not answered: it may have posted
        found = await _posted_before(slack, store, key=key, channel=channel, thread_ts=message.get("thread_ts"))
        _forget(store, key)
        if found is not None:
            return found
        # it did not post (or cannot be looked for): this try is noted afresh
    if not store.claim_event(noted, source=noted):  # another try took the note meanwhile: it may be posting
        raise PostInFlight(f"post {key} is being tried already")
    tried_at = store.last_event_at(source=noted)
    posting = _posting_once.set(True)
    try:
        response = await slack.chat_postMessage(
            channel=channel, metadata=post_metadata(key, _try_id(tried_at) if tried_at else None), **message
        )
    except SLACK_FAILURES as exc:
        if not is_ambiguous(exc):  # Slack said it posted nothing: a later try posts without looking
            store.release_event(noted)
        raise
    finally:
        _posting_once.reset(posting)
    # anything else (a bug, a stop cutting the call off) leaves the note: the message may be in Slack
    store.release_event(noted)
    return response


async def posted_before(slack: Any, store: Store, *, key: str, channel: str) -> bool:
    """Whether a try of ``key`` whose answer never came (a stop, a crash) posted its message, looked for in
    ``channel`` as ``post_once`` looks before posting again; False when no such try is noted (none was made, or Slack
    answered it) or it cannot be looked for. For work that will not be posted under ``key`` again (a DM told afresh
    under a newer key): the note is dropped once looked. Raises ``PostInFlight`` while a try of ``key`` is on its way
    in this process, and a temporary failure of the look (the caller asks again later)."""
    if key in _in_flight.get(store, ()):
        raise PostInFlight(f"post {key} is being tried already")
    if not store.event_seen(_noted(key)):
        return False
    found = await _posted_before(slack, store, key=key, channel=channel, thread_ts=None)
    _forget(store, key)
    return found is not None


def _forget(store: Store, key: str) -> None:
    """Drop the note of an unanswered post of ``key`` and the count of failed looks for it."""
    store.release_event(_noted(key))
    for n in range(1, MAX_FAILED_LOOKS + 1):
        store.release_event(_failed_look(key, n))


def _look_failed(store: Store, key: str) -> bool:
    """Count a look for ``key``'s unanswered post that failed for now; True when it is the ``MAX_FAILED_LOOKS``-th
    in a row (the post is then made without finding out)."""
    for n in range(1, MAX_FAILED_LOOKS):
        if store.claim_event(_failed_look(key, n), source=_noted(key) + ":look-failed"):
            return False
    return True


async def _own_message_ids(slack: Any) -> tuple[str | None, str | None]:
    """The bot's user id and bot id (``auth.test``), asked once per client."""
    try:
        return _own_ids[slack]
    except (KeyError, TypeError):
        pass
    me = await slack.auth_test()
    ids = (me.get("user_id"), me.get("bot_id"))
    try:
        _own_ids[slack] = ids
    except TypeError:  # a client that cannot be weakly referred to: asked each time
        pass
    return ids


def _is_post(item: Mapping[str, Any], *, key: str, tried: str, own: tuple[str | None, str | None]) -> bool:
    """Whether ``item`` (a message of a history page) is the bot's post of ``key`` by the try noted at ``tried``."""
    metadata = item.get("metadata") or {}
    payload = metadata.get("event_payload") or {}
    if metadata.get("event_type") != POST_EVENT_TYPE or payload.get("key") != key or payload.get("try") != tried:
        return False
    user_id, bot_id = own
    if not (user_id or bot_id):  # Slack did not say who the bot is: the key and the try alone
        return bool(item.get("ts"))
    return bool(item.get("ts")) and (
        (bot_id is not None and item.get("bot_id") == bot_id) or (user_id is not None and item.get("user") == user_id)
    )


async def _posted_before(
    slack: Any, store: Store, *, key: str, channel: str, thread_ts: str | None
) -> Mapping[str, Any] | None:
    """The bot's message carrying ``key`` that a try noted in the state database posted, as ``{"channel", "ts"}``,
    or None when it is not there or cannot be looked for (no history scope, a conversation not found, the
    ``MAX_FAILED_LOOKS``-th look failing for now: the caller then posts as it always did). A temporary failure (the
    connection, a rate limit, a 5xx) raises, and is counted."""
    tried_at = store.last_event_at(source=_noted(key))
    if tried_at is None:
        return None
    try:
        channel_id = await _conversation_id(slack, channel)
        if channel_id is None:
            logger.warning("could not look for an unanswered post %s: no conversation id for %s; posting it again",
                           key, channel)
            return None
        own = await _own_message_ids(slack)
        tried = _try_id(tried_at)
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
                if _is_post(item, key=key, tried=tried, own=own):
                    logger.info("post %s was made by an earlier try whose answer was lost: kept, not posted again", key)
                    return {"ok": True, "channel": channel_id, "ts": item["ts"], "message": item}
            cursor = (page.get("response_metadata") or {}).get("next_cursor")
            if not cursor:
                return None
        logger.warning("could not look through all of %s for an unanswered post %s; posting it again", channel_id, key)
        return None
    except SLACK_FAILURES as exc:
        if is_temporary(exc):
            if _look_failed(store, key):
                logger.warning("could not look for an unanswered post %s in %s %d times (%s); posting it again",
                               key, channel, MAX_FAILED_LOOKS, slack_failure(exc))
                return None
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
