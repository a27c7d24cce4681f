"""``check`` with the spa system out of reach says what to look at (MANGOMINT_API_URL, the gateway running), as the
model's line does, not only the client's error."""

from __future__ import annotations

import httpx

from spa_copilot.platform.mangomint import MangomintClient
from spa_copilot.preflight import _spa_system
from spa_copilot.settings import Settings

NOWHERE = "http://127.0.0.1:1/v1"  # nothing listens on port 1


async def test_nothing_answering_hints_at_the_address_and_the_gateway(settings: Settings) -> None:
    settings = settings.model_copy(update={"mangomint_api_url": NOWHERE})
    async with MangomintClient(NOWHERE, "k", max_retries=1, backoff_base=0.001) as client:
        _, check = await _spa_system(settings, client)
    assert check.status == "failed"
    assert "nothing answers at that address" in check.detail, check.detail
    assert "is MANGOMINT_API_URL the gateway's address, and is the gateway running" in check.detail, check.detail
    assert "PlatformUnavailable" not in check.detail


async def test_a_gateway_answering_5xx_is_said_to_answer_and_where_to_look(settings: Settings) -> None:
    settings = settings.model_copy(update={"mangomint_api_url": "http://gateway.test/v1"})
    http = httpx.AsyncClient(transport=httpx.MockTransport(lambda request: httpx.Response(503)))
    async with MangomintClient("http://gateway.test/v1", "k", http=http, max_retries=0) as client:
        _, check = await _spa_system(settings, client)
    await http.aclose()
    assert check.status == "failed"
    assert "the gateway answers, but with HTTP 503" in check.detail and "its logs" in check.detail, check.detail
