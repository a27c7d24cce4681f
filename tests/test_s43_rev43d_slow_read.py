"""A spa system answering slowly but within the client's own timeout (9 s of 10 s with the defaults; scaled here by
0.1, the person's 8 s budget alike) is answering: a read made for a person waiting is never cut before that timeout
(rev43d, after the budget of 6d0ed3d6 cut it at 8 s): the desk got "not answering", every later read of the click
was refused unsent, and Approve's text waited for the re-drive under a false "not answering" line."""
from __future__ import annotations

import asyncio
import contextlib
import random
import time

import httpx

from spa_copilot.platform import mangomint
from spa_copilot.platform.mangomint import MangomintClient
from spa_copilot.slack import ids
from tests.fill_scene import Scene, proposed

#: A person's budget, the client's own timeout, and an answer slower than the one, within the other (as 8 s, 10 s and
#: 9 s with the defaults; shortened so the test takes a second or two).
BUDGET, TIMEOUT, SLOW = 0.3, 1.0, 0.45


def _client(sent: list[str]) -> MangomintClient:
    async def handler(request: httpx.Request) -> httpx.Response:
        sent.append(request.url.path)
        await asyncio.sleep(SLOW)  # slow, but inside the client's own timeout
        return httpx.Response(200, json={"data": [], "nextCursor": None})

    return MangomintClient("https://partner.example/", "k", http=httpx.AsyncClient(transport=httpx.MockTransport(handler)),
                           timeout=TIMEOUT, rng=random.Random(0))


async def test_a_slow_but_answering_spa_system_still_answers_the_desk(monkeypatch) -> None:
    monkeypatch.setattr(mangomint, "PERSON_WAITING_READ_SECONDS", BUDGET, raising=False)
    person = getattr(mangomint, "reads_for_a_person", contextlib.nullcontext)
    sent: list[str] = []
    client = _client(sent)
    with person():  # as /spa, a guarded click (Approve's slot re-check) or the Home tab run it
        await client.list_services()   # slower than the budget: answered
        await client.list_locations()  # and the next read still sent
    assert sent == ["/v1/services", "/v1/locations"]


async def test_approve_on_a_slow_but_answering_spa_system_sends_the_text(scene: Scene, monkeypatch) -> None:
    await proposed(scene)
    monkeypatch.setattr(mangomint, "PERSON_WAITING_READ_SECONDS", BUDGET, raising=False)
    platform = scene.world.copilot.platform
    monkeypatch.setattr(platform, "_timeout", TIMEOUT)
    scene.world.spa.faults.config.latency_ms = SLOW * 1000  # slow, inside the timeout
    before = len(scene.sent())
    started = time.monotonic()
    await scene.click(ids.APPROVE_FILL)
    while time.monotonic() - started < 20 and not (len(scene.sent()) > before and scene.proposal["status"] == "sent"):
        await asyncio.sleep(0.2)
    thread = scene.thread_text()
    assert len(scene.sent()) > before, f"no text sent at Approve; thread: {thread[-400:]}"
    assert "not answering" not in thread
