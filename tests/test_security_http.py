"""The HTTP face as someone on the internet probes it: ``/slack/events`` never buffers an unbounded body before its
signature is checked, and a signed body Bolt cannot read is a 400, never a 500 with a traceback."""

from __future__ import annotations

import json
import time
from collections.abc import AsyncIterator

from spa_copilot.sandbox.world import SandboxWorld

CHUNK = 1_000_000


async def test_an_oversized_unsigned_slack_body_is_refused_without_reading_it_all(world: SandboxWorld) -> None:
    # Read whole before the signature check, a 50 MB POST (no Content-Length: chunked) was held in memory, then 401.
    sent = 0

    async def fifty_megabytes() -> AsyncIterator[bytes]:
        nonlocal sent
        for _ in range(50):
            sent += CHUNK
            yield b"a" * CHUNK

    response = await world.http.post(
        "/slack/events", content=fifty_megabytes(), headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 413
    assert sent < 50 * CHUNK  # the rest was never read


async def test_an_oversized_declared_slack_body_is_refused_before_reading(world: SandboxWorld) -> None:
    body = b"a" * 20_000_000
    response = await world.http.post("/slack/events", content=body, headers={"Content-Type": "application/json"})
    assert response.status_code == 413


async def test_slack_requests_of_ordinary_size_still_work(world: SandboxWorld) -> None:
    # the body read under the cap is handed on to Bolt: the handshake, a signed command, and an unsigned one refused
    assert (await world.sender.url_verification("c-123")).json() == {"challenge": "c-123"}
    command = await world.sender.slash_command("help", user_id=world.manager_id)
    assert command.status_code == 200
    stale = await world.sender.slash_command("help", user_id=world.manager_id, timestamp=int(time.time()) - 600)
    assert stale.status_code == 401


async def test_a_signed_slack_body_nested_too_deeply_is_a_400_not_a_crash(world: SandboxWorld) -> None:
    # Bolt's JSON parser gives up with a RecursionError, which reached Starlette as a 500 with its traceback.
    body = '{"type": "event_callback", "event": ' + "[" * 5000 + "]" * 5000 + "}"
    response = await world.sender.send(body, content_type="application/json")
    assert response.status_code == 400
    assert "Traceback" not in response.text and json.loads(response.text) == {"error": "unreadable request"}
