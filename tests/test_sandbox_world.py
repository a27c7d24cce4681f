"""The embedded world's shutdown: the copilot's work still in flight finishes before the stand-ins stop."""

from __future__ import annotations

import asyncio
import time

from spa_copilot.sandbox import world as sandbox_world_module
from spa_copilot.sandbox.world import sandbox_world
from spa_copilot.settings import Settings

from .conftest import FakeClock, fresh_spa


async def test_work_in_flight_when_the_world_closes_still_reaches_the_stand_in_slack(settings: Settings) -> None:
    async with sandbox_world(settings, data=fresh_spa(settings.sandbox_seed), clock=FakeClock()) as world:
        copilot = world.copilot

        async def late_post() -> None:  # as a Bolt listener still updating a card after its ack
            await asyncio.sleep(0.2)
            await copilot.slack.chat_postMessage(channel="#front-desk", text="still on its way")

        posting = asyncio.create_task(late_post())
    assert posting.done() and posting.exception() is None
    assert [c.params.get("text") for c in world.slack.calls_to("chat.postMessage")] == ["still on its way"]


async def test_a_task_of_the_callers_own_is_not_waited_for(settings: Settings, monkeypatch) -> None:
    monkeypatch.setattr(sandbox_world_module, "SETTLE_SECONDS", 30.0)
    mine = asyncio.create_task(asyncio.sleep(60))  # started before the world: not the world's to finish
    try:
        began = time.monotonic()
        async with sandbox_world(settings, data=fresh_spa(settings.sandbox_seed), clock=FakeClock()):
            pass
        assert time.monotonic() - began < 10 and not mine.done()
    finally:
        mine.cancel()


async def test_work_that_never_ends_is_named_and_the_world_still_closes(
    settings: Settings, monkeypatch, caplog
) -> None:
    monkeypatch.setattr(sandbox_world_module, "SETTLE_SECONDS", 0.3)

    async def poll_forever() -> None:  # a loop left running, starting a short task every few milliseconds
        while True:
            asyncio.create_task(asyncio.sleep(0.01))
            await asyncio.sleep(0.005)

    started: list[asyncio.Task[None]] = []

    async def open_and_close() -> None:
        async with sandbox_world(settings, data=fresh_spa(settings.sandbox_seed), clock=FakeClock()):
            started.append(asyncio.create_task(poll_forever()))

    try:
        await asyncio.wait_for(open_and_close(), timeout=5)  # one deadline for the whole wait, not one per round
        assert "work still running" in caplog.text and "poll_forever" in caplog.text
    finally:
        for task in started:
            task.cancel()
