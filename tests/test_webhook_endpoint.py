"""The copilot's ``/webhooks/mangomint``: each event processed once even when copies overlap; failures are retried.

Driven through the real HTTP face (``create_http_app``) with a signed contract-style webhook and the real add-on's
shared-secret style.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from typing import Any

import pytest

from spa_copilot.platform.errors import PlatformUnavailable
from spa_copilot.platform.signing import signed_headers
from spa_copilot.sandbox.world import SandboxWorld
from spa_copilot.server import RedactSecrets
from tests.fixture_loader import fixture_bytes

SECRET = "sandbox-webhook-secret"


def _signed(world: SandboxWorld, body: bytes) -> dict[str, str]:
    return signed_headers(SECRET, int(world.copilot.now().timestamp()), body)


async def _post(world: SandboxWorld, body: bytes, headers: dict[str, str] | None = None, query: str = "") -> Any:
    return await world.http.post(
        f"/webhooks/mangomint{query}", content=body, headers={"Content-Type": "application/json", **(headers or {})}
    )


async def test_two_overlapping_copies_of_one_webhook_are_processed_once(world: SandboxWorld) -> None:
    calls: list[str] = []

    async def slow_handler(event: Any) -> None:
        calls.append(event.id)
        await asyncio.sleep(0.2)

    world.copilot.on_webhook("test.ping", slow_handler)
    body = json.dumps({"id": "evt_overlap_1", "type": "test.ping", "createdAt": "2026-11-24T09:00:00Z", "data": {}}).encode()
    first, second = await asyncio.gather(_post(world, body, _signed(world, body)), _post(world, body, _signed(world, body)))
    assert sorted(r.json()["duplicate"] for r in (first, second)) == [False, True]
    assert calls == ["evt_overlap_1"]


async def test_a_webhook_that_met_an_outage_is_processed_when_retried(world: SandboxWorld) -> None:
    outcomes = iter([PlatformUnavailable("down"), RuntimeError("a bug"), None])
    done: list[str] = []

    async def flaky(event: Any) -> None:
        outcome = next(outcomes)
        if outcome is not None:
            raise outcome
        done.append(event.id)

    world.copilot.on_webhook("test.ping", flaky)
    body = json.dumps({"id": "evt_retry_1", "type": "test.ping", "createdAt": "2026-11-24T09:00:00Z", "data": {}}).encode()
    assert (await _post(world, body, _signed(world, body))).status_code == 503
    crashed = await _post(world, body, _signed(world, body))
    assert crashed.status_code == 500 and "Traceback" not in crashed.text and crashed.json()["errorId"]
    assert (await _post(world, body, _signed(world, body))).json() == {"ok": True, "duplicate": False}
    assert done == ["evt_retry_1"]


async def test_a_redelivery_while_the_first_copy_fails_is_not_acknowledged_so_the_event_is_not_lost(
    world: SandboxWorld,
) -> None:
    # The sender times out on a slow first copy and redelivers; the first copy then meets an outage. The redelivery
    # was answered 200 "duplicate" at once, so the sender stopped, and the first copy's 503 reached nobody.
    outcomes = iter([PlatformUnavailable("down"), None])
    done: list[str] = []

    async def slow_then_flaky(event: Any) -> None:
        await asyncio.sleep(0.2)
        outcome = next(outcomes)
        if outcome is not None:
            raise outcome
        done.append(event.id)

    world.copilot.on_webhook("test.ping", slow_then_flaky)
    body = json.dumps({"id": "evt_redelivered", "type": "test.ping", "data": {}}).encode()
    first = asyncio.create_task(_post(world, body, _signed(world, body)))
    await asyncio.sleep(0.05)  # the first copy is being processed
    redelivery = await _post(world, body, _signed(world, body))
    assert (await first).status_code == 503
    assert redelivery.status_code == 503  # not a 200: the sender keeps the event and retries it
    assert done == []
    assert (await _post(world, body, _signed(world, body))).json() == {"ok": True, "duplicate": False}
    assert (await _post(world, body, _signed(world, body))).json() == {"ok": True, "duplicate": True}
    assert done == ["evt_redelivered"]


async def test_a_webhook_whose_handling_was_cut_short_is_processed_when_redelivered(world: SandboxWorld) -> None:
    # The server stopping mid-way (a deploy) cancels the handling: the event was already marked as processed, so
    # the sender's redelivery was taken for a duplicate and the event (a guest's YES) was never handled.
    started = asyncio.Event()
    done: list[str] = []

    async def handler(event: Any) -> None:
        if not started.is_set():
            started.set()
            await asyncio.sleep(3600)
        done.append(event.id)

    world.copilot.on_webhook("test.ping", handler)
    body = json.dumps({"id": "evt_cut_short", "type": "test.ping", "data": {}}).encode()
    cut = asyncio.create_task(_post(world, body, _signed(world, body)))
    await started.wait()
    cut.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await cut
    assert (await _post(world, body, _signed(world, body))).json() == {"ok": True, "duplicate": False}
    assert done == ["evt_cut_short"]


async def test_the_real_add_on_payload_with_the_shared_secret_is_deduplicated(world: SandboxWorld) -> None:
    body = fixture_bytes("mangomint/appointment_created_real.json")
    first = await _post(world, body, query=f"?key={SECRET}")
    again = await _post(world, body, headers={"X-Webhook-Secret": SECRET})
    assert first.status_code == again.status_code == 200
    assert (first.json()["duplicate"], again.json()["duplicate"]) == (False, True)
    assert (await _post(world, body, query="?key=wrong")).status_code in (401, 403)


def test_the_webhook_secret_never_reaches_the_access_log() -> None:
    record = logging.LogRecord(
        "uvicorn.access", logging.INFO, __file__, 1, '%s - "%s %s HTTP/%s" %d',
        ("10.0.0.1:5000", "POST", f"/webhooks/mangomint?key={SECRET}&x=1", "1.1", 200), None,
    )
    assert RedactSecrets().filter(record)
    assert SECRET not in record.getMessage() and "key=***&x=1" in record.getMessage()


@pytest.mark.parametrize("name", ["%6Bey", "%6bey", "k%65y", "%6B%65%79"])
async def test_a_percent_encoded_key_name_is_the_secret_and_masked_in_the_access_log(world: SandboxWorld, name: str) -> None:
    body = fixture_bytes("mangomint/appointment_created_real.json")
    assert (await _post(world, body, query=f"?{name}={SECRET}")).status_code == 200, "Starlette reads it as key"
    record = logging.LogRecord(
        "uvicorn.access", logging.INFO, __file__, 1, '%s - "%s %s HTTP/%s" %d',
        ("10.0.0.1:5000", "POST", f"/webhooks/mangomint?{name}={SECRET}", "1.1", 200), None,
    )
    assert RedactSecrets().filter(record)
    assert SECRET not in record.getMessage()


async def test_an_oversized_or_absurdly_nested_body_is_refused_before_any_work(world: SandboxWorld) -> None:
    claims = world.copilot.store.db.execute("SELECT COUNT(*) FROM processed_events").fetchone()[0]
    huge = b'{"pad": "' + b"x" * 1_100_000 + b'"}'
    assert (await _post(world, huge, _signed(world, huge))).status_code == 413
    async def in_parts() -> Any:
        yield huge[:600_000]
        yield huge[600_000:]

    chunked = await world.http.post(  # no Content-Length: the cap holds while reading
        "/webhooks/mangomint", content=in_parts(),
        headers={"Content-Type": "application/json", **_signed(world, huge)},
    )
    assert chunked.status_code == 413
    nested = b"[" * 100_000 + b"]" * 100_000
    response = await _post(world, nested, _signed(world, nested))
    assert response.status_code == 400 and "not JSON" in response.json()["error"]
    assert world.copilot.store.db.execute("SELECT COUNT(*) FROM processed_events").fetchone()[0] == claims


async def test_a_body_with_half_an_emoji_is_processed_once_and_never_logged(
    world: SandboxWorld, caplog: Any
) -> None:
    # A real add-on body whose client name ends in one half of a surrogate pair (an emoji cut by truncation):
    # it was a 500 whose traceback quoted the whole body, email and phone included.
    body = (
        b'{"appointment": {"id": 48213907, "dateTime": "2025-03-18T10:30:00-07:00", "clientInfo": {"id": 5520117,'
        b' "firstName": "Jordan \\ud83d", "lastName": "Example", "email": "jordan@example.com",'
        b' "phone": "+15555550142"}}}'
    )
    seen: list[str] = []

    async def record(event: Any) -> None:
        seen.append(event.id)

    world.copilot.on_webhook("appointment.updated", record)
    with caplog.at_level(logging.DEBUG):
        first = await _post(world, body, headers={"X-Webhook-Secret": SECRET})
        again = await _post(world, body, headers={"X-Webhook-Secret": SECRET})
    assert (first.status_code, again.status_code) == (200, 200)
    assert (first.json()["duplicate"], again.json()["duplicate"]) == (False, True)
    assert len(seen) == 1
    assert not any(secret in caplog.text for secret in ("Example", "jordan@example.com", "5555550142"))
