"""What Slack answered when a Web API call failed, in a form fit for a log line, and whether trying again helps."""

from __future__ import annotations

import asyncio
import uuid
from typing import Any

import aiohttp
from slack_sdk.errors import SlackApiError

#: A Web API call's failures that are Slack's (or the network's), not the copilot's: what a caller catches to log
#: and go on. Anything else is a bug and is left to raise, with its traceback.
SLACK_FAILURES: tuple[type[BaseException], ...] = (SlackApiError, aiohttp.ClientError, asyncio.TimeoutError)

#: Slack's error codes that a later try may not get: it is busy, or something between us is.
#: Slack's limits (the Web API's, and chat.postMessage's own per-channel ones): they pass, and say Slack is up.
_RATE_LIMIT_CODES = frozenset({"ratelimited", "rate_limited", "message_limit_exceeded"})
_TEMPORARY_CODES = _RATE_LIMIT_CODES | {"internal_error", "fatal_error", "service_unavailable", "request_timeout"}


def new_error_id() -> str:
    """A short id for a failure, logged with its traceback and shown to the person in Slack, so IT can find it."""
    return uuid.uuid4().hex[:8]


def slack_failure(exc: BaseException) -> str:
    """Slack's error code (when it sent one) and the HTTP status, e.g. ``channel_not_found (HTTP 200)`` or
    ``no error code (HTTP 503)``: a 5xx from Slack or a proxy in front of it has no error code, and the status is
    what the IT person can act on; for a failure that is not Slack's answer (the connection), its type and the
    first line of what it says (a host, never a token). Never raises, whatever the response holds."""
    if not isinstance(exc, SlackApiError):
        said = str(exc).strip().splitlines()[0][:200] if str(exc).strip() else ""
        return f"{type(exc).__name__}: {said}" if said else type(exc).__name__
    status, error = _answer(exc)
    return f"{error or 'no error code'} (HTTP {status if status is not None else 'status unknown'})"


def is_temporary(exc: BaseException) -> bool:
    """True when trying again later may work: the connection failed, Slack (or a proxy before it: a 429 without a
    code) is rate limiting, or erring (5xx)."""
    if not isinstance(exc, SlackApiError):
        return True
    status, error = _answer(exc)
    return error in _TEMPORARY_CODES or (isinstance(status, int) and (status == 429 or status >= 500))


def is_rate_limited(exc: BaseException) -> bool:
    """True when Slack (or a proxy before it: a 429 without a code) is limiting calls: up, and asking to wait."""
    if not isinstance(exc, SlackApiError):
        return False
    status, error = _answer(exc)
    return error in _RATE_LIMIT_CODES or status == 429


def is_ambiguous(exc: BaseException) -> bool:
    """True when Slack may have done what was asked although no answer came back: the connection dropped or timed
    out once the request was on its way, or Slack (or a proxy in front of it) answered 5xx. A clean answer
    (``channel_not_found``, ``ratelimited``: Slack said it did nothing) is not: trying again cannot do it twice."""
    if not isinstance(exc, SlackApiError):
        return not isinstance(exc, aiohttp.ClientConnectorError)  # never connected: nothing was sent
    status, error = _answer(exc)
    return error in ("internal_error", "fatal_error", "service_unavailable") or (isinstance(status, int) and status >= 500)


def answered(exc: BaseException, field: str = "error") -> Any:
    """A field of Slack's answer to a failed call (``error``: its code, ``channel_not_found``; ``needed``: the scope
    the token lacks), or None when the failure is no answer of Slack's (the connection) or its body is no JSON object
    (a proxy's ``text/plain`` 502, which ``SlackResponse.get`` would raise ``AttributeError`` on). Never raises."""
    if not isinstance(exc, SlackApiError):
        return None
    data = getattr(exc.response, "data", exc.response)  # a SlackResponse's body; a bare dict is read as the body itself
    return data.get(field) if isinstance(data, dict) else None


def _answer(exc: SlackApiError) -> tuple[object, str | None]:
    response = exc.response
    status = getattr(response, "status_code", None) or getattr(response, "status", None)
    return status, answered(exc)
