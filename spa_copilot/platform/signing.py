"""HMAC signing of webhooks, the contract's style: ``v1=hex(HMAC-SHA256(secret, f"{timestamp}.{body}"))``.

Used by the sandbox to sign what it delivers and by ``webhooks.py`` to verify what arrives.
"""

from __future__ import annotations

import hashlib
import hmac

SIGNATURE_HEADER = "X-Webhook-Signature"
TIMESTAMP_HEADER = "X-Webhook-Timestamp"
SECRET_HEADER = "X-Webhook-Secret"


def signature(secret: str, timestamp: int | str, body: bytes) -> str:
    """The ``v1=…`` signature of a body sent at ``timestamp`` (unix seconds)."""
    digest = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
    return f"v1={digest}"


def in_milliseconds(sent_at: int, now: float, tolerance_seconds: float) -> bool:
    """Whether a timestamp off by more than the tolerance is unix *milliseconds* of about now (JavaScript's
    ``Date.now()``): the header takes seconds, and the sender, not a clock, is to be told."""
    if not 0 < sent_at < 10**15:  # no millisecond of these centuries (and "1" with 400 zeros reaches no float)
        return False
    return abs(sent_at / 1000 - now) <= tolerance_seconds < abs(sent_at - now)


def signed_headers(secret: str, timestamp: int, body: bytes) -> dict[str, str]:
    """Headers that make ``body`` a correctly signed webhook."""
    return {
        "Content-Type": "application/json",
        TIMESTAMP_HEADER: str(timestamp),
        SIGNATURE_HEADER: signature(secret, timestamp, body),
    }


def signature_matches(secret: str, timestamp: int | str, body: bytes, presented: str) -> bool:
    """Constant-time check of a presented signature (several ``v1=`` values may be comma-separated).

    The hex digest is compared case-insensitively (hex is; some senders write ``A-F``): each presented digest is
    lower-cased before the constant-time comparison. The ``v1=`` scheme tag must be exactly that; a non-ASCII
    value never matches.
    """
    expected = signature(secret, timestamp, body)
    return any(_same_signature(expected, part) for part in presented.split(","))


def _same_signature(expected: str, part: str) -> bool:
    scheme, separator, digest = part.strip().partition("=")
    if not separator or not part.isascii():
        return False
    return hmac.compare_digest(expected, f"{scheme}={digest.lower()}")
