"""A store error at the webhook's duplicate look-up (a disk I/O error, the store closed at shutdown) is a short JSON
``503`` the sender retries (probe46b L1): it escaped the handler as Starlette's plain-text 500 and a traceback."""

from __future__ import annotations

import json
import sqlite3

import httpx
import pytest

from spa_copilot.platform.signing import signed_headers
from spa_copilot.sandbox.world import SandboxWorld

SECRET = "sandbox-webhook-secret"


async def test_a_store_error_at_the_dedupe_lookup_is_a_short_json_503(
    world: SandboxWorld, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def broken(*_args: object, **_kwargs: object) -> bool:
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(world.copilot.store, "event_seen", broken)
    body = json.dumps({"id": "evt_l1", "type": "ping", "data": {}}).encode()
    headers = {"Content-Type": "application/json", **signed_headers(SECRET, int(world.copilot.now().timestamp()), body)}
    transport = httpx.ASGITransport(app=world.http_app, raise_app_exceptions=False)  # as uvicorn answers
    async with httpx.AsyncClient(transport=transport, base_url="http://copilot.local") as http:
        response = await http.post("/webhooks/mangomint", content=body, headers=headers)
    assert response.status_code == 503, response.text
    assert response.json() == {"ok": False, "error": "state store unavailable, retry later"}
    assert "Traceback" not in caplog.text and "OperationalError" in caplog.text
