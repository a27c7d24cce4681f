"""Errors raised by the platform boundary. Nothing outside ``spa_copilot.platform`` sees httpx errors.

    PlatformError                 base: anything that went wrong talking to the spa platform
    ├── PlatformUnavailable       outage: timeouts, connection errors, 5xx or 429 after every retry; at once, a TLS
    │                             handshake that cannot succeed (certificate refused, no TLS at an https:// address)
    ├── PlatformAuthError         401/403: the API key is wrong or lacks a scope
    ├── PlatformNotFound          404: the id does not exist
    ├── PlatformConflict          409: the write conflicts with the current state (e.g. slot taken)
    ├── PlatformRejected          other 4xx: the request was invalid (the platform's message is kept)
    └── PlatformProtocolError     a 2xx whose body is not the contract's shape (malformed JSON, bad fields)
        └── PlatformAnswerUnread  such an answer to a write that still names its record: taken, not refused

    WebhookError                  base for webhook verification and parsing (the HTTP face answers 4xx)
    ├── WebhookAuthError          missing/bad signature or secret, stale timestamp → 401
    └── WebhookPayloadError       not JSON or not a shape we know → 400
"""

from __future__ import annotations

from datetime import datetime
from typing import Any


class PlatformError(Exception):
    """Base class for every failure at the spa platform boundary."""

    def __init__(
        self,
        message: str,
        *,
        status: int | None = None,
        request_id: str | None = None,
        server_message: str = "",
        answer: object = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.request_id = request_id
        #: what the spa system said about a refusal it may have filled with the request's own words (a search's
        #: name or phone): kept out of the message, which tracebacks and logs carry (``mangomint._status_error``)
        self.server_message = server_message
        #: the refusal's HTTP answer (its request with it), for ``check`` to say where it was asked and where a
        #: redirect points: kept aside, not chained, as httpx's own error names the whole URL, a search's words in it
        self.answer = answer


class PlatformUnavailable(PlatformError):
    """The platform could not be reached or kept failing after every retry."""


class PlatformAuthError(PlatformError):
    """The platform refused our credentials (401/403)."""


class PlatformNotFound(PlatformError):
    """The requested object does not exist (404)."""


class PlatformConflict(PlatformError):
    """The write conflicts with the platform's current state (409)."""


class PlatformRejected(PlatformError):
    """The platform rejected the request as invalid (4xx other than 401/403/404/409/429)."""


class PlatformProtocolError(PlatformError):
    """The platform answered 2xx with a body that is not the contract's shape."""


class PlatformAnswerUnread(PlatformProtocolError):
    """The platform took a write (it answered 2xx with a JSON object naming the record it made, an ``id``), but the
    rest is not the contract's shape (a field missing or of another type): the text went out, the booking was made;
    only what the answer says is not all known. A caller records the write as done (or looks for what it made), never
    as refused. ``body``: the answer; ``record_id`` and ``sent_at``: what the client could still read of it (its id,
    its ``sentAt``, None when not given as the contract writes them). An answer naming no record is
    ``PlatformUnavailable`` instead (``MangomintClient._write``)."""

    def __init__(
        self, message: str, *, body: object = None, record_id: str | None = None, sent_at: datetime | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(message, **kwargs)
        self.body = body
        self.record_id = record_id
        self.sent_at = sent_at


class WebhookError(Exception):
    """Base class for webhook verification and parsing failures."""

    status_code = 400


class WebhookAuthError(WebhookError):
    """The webhook's signature, shared secret or timestamp did not verify."""

    status_code = 401


class WebhookPayloadError(WebhookError):
    """The webhook body is not JSON or not a shape we understand."""

    status_code = 400
