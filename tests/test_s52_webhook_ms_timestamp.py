"""A gateway signing with unix *milliseconds* (JavaScript's ``Date.now()``) was refused as "in the future" and the
log blamed the clocks ("sent 20760801 days 18 h after this machine's clock"): the refusal now names the slip, and a
timestamp off for any other reason is told as before."""

from __future__ import annotations

import json
import logging

import pytest

from spa_copilot.platform.signing import in_milliseconds, signed_headers


@pytest.mark.parametrize(("sent_at", "said"), [
    (1_764_000_000_000, True),  # now, in milliseconds
    (1_764_000_200_000, True),  # 200 s ahead, in milliseconds: still the slip
    (1_764_000_000, False),  # now, in seconds: no slip
    (1_764_010_000, False),  # seconds, 10,000 s ahead: a clock, not milliseconds
    (1_764_010_000_000, False),  # milliseconds of a time 10,000 s ahead: a clock too
])
def test_milliseconds_of_about_now_are_told_apart(sent_at, said) -> None:
    assert in_milliseconds(sent_at, 1_764_000_000.0, 300) is said


async def test_a_millisecond_timestamp_is_refused_with_the_slip_named(world, caplog) -> None:
    """Guards the whole path: 401, and the log names the header's unit, not a clock to set."""
    caplog.set_level(logging.WARNING)
    body = json.dumps({"id": "ms1", "type": "ping"}).encode()
    secret = world.settings.mangomint_webhook_secret.get_secret_value()
    ms = int(world.copilot.now().timestamp() * 1000)
    answer = await world.http.post("/webhooks/mangomint", content=body, headers=signed_headers(secret, ms, body))
    assert answer.status_code == 401
    line = next(rec.getMessage() for rec in caplog.records if "webhook refused" in rec.getMessage())
    assert "X-Webhook-Timestamp is in milliseconds; it takes unix seconds" in line, line
    assert "this machine's clock" not in line, line
