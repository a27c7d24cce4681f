"""The contract's HMAC signature in either hex case: hex is case-insensitive and senders differ."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from spa_copilot.platform.errors import WebhookAuthError
from spa_copilot.platform.signing import SIGNATURE_HEADER, signature, signature_matches, signed_headers
from spa_copilot.platform.webhooks import verify_webhook

SECRET = "whsec_case"
NOW = 1_742_310_000
BODY = b'{"id":"evt_1","type":"appointment.updated","data":{}}'


def _verify(presented: str) -> None:
    headers = signed_headers(SECRET, NOW, BODY) | {SIGNATURE_HEADER: presented}
    verify_webhook(headers, BODY, {}, secret=SECRET, now=NOW)


def _hex() -> str:
    return signature(SECRET, NOW, BODY).removeprefix("v1=")


def test_an_upper_case_hex_signature_verifies() -> None:
    _verify("v1=" + _hex().upper())


def test_a_mixed_case_hex_signature_verifies_among_rotated_ones() -> None:
    mixed = "".join(c.upper() if i % 2 else c for i, c in enumerate(_hex()))
    _verify("v1=" + "0" * 64 + ", v1=" + mixed)


def test_the_lower_case_signature_still_verifies() -> None:
    _verify("v1=" + _hex())


@pytest.mark.parametrize(
    "make",
    [
        lambda h: "V1=" + h,  # the scheme tag is pinned as ``v1=``
        lambda h: "v2=" + h,
        lambda h: h,  # no scheme tag
        lambda h: "v1=" + h[:-1],
        lambda h: "v1=" + h.upper() + "0",
        lambda h: "v1=" + ("0" if h[0] != "0" else "1") + h[1:].upper(),
        lambda h: "v1= " + h,
        lambda h: "v1=é",
    ],
    ids=["upper-scheme", "other-scheme", "no-scheme", "short", "long", "wrong-digit", "inner-space", "non-ascii"],
)
def test_anything_but_the_right_digest_is_still_refused(make: Callable[[str], str]) -> None:
    with pytest.raises(WebhookAuthError, match="signature"):
        _verify(make(_hex()))


def test_signature_matches_refuses_a_non_ascii_part_without_raising() -> None:
    assert not signature_matches(SECRET, NOW, BODY, "v1=" + _hex().upper() + "é")
    assert signature_matches(SECRET, NOW, BODY, "v1=ÿ, v1=" + _hex().upper())
