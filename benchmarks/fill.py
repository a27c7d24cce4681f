"""Cancellation fill latency: from a cancellation to the proposal card posted in Slack.

The embedded world (sandbox spa with 50 ms injected latency per ``/v1`` request, the stand-in Slack on a loopback
port, the real copilot between them) is driven as in production:

- webhook path: the sandbox cancels an appointment and delivers its signed ``appointment.cancelled`` webhook; the
  copilot re-syncs the location, ranks the waitlist, drafts the SMS and posts the card. Goal: < 2 s.
- poll path: webhooks are off; a poller runs ``poll_calendar`` every ``--poll-seconds``; each cancellation lands at
  a random phase of the poll cycle. Goal: <= poll interval + 2 s.

    python benchmarks/fill.py [--latency-ms 50] [--runs 5] [--poll-seconds 5] [--clients 2000]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import random
import statistics
import tempfile
import time
from pathlib import Path

from spa_copilot import scheduler
from spa_copilot.demo_fill import pick_openings, wire_fill
from spa_copilot.sandbox.faults import FaultConfig
from spa_copilot.sandbox.world import SandboxWorld, sandbox_world
from spa_copilot.settings import Settings
from spa_copilot.store import Store

TIMEOUT_SECONDS = 60.0


async def _card_posted(world: SandboxWorld, appointment_id: str, since_calls: int) -> float:
    """Wall-clock time (``time.time()``) at which the proposal card for the appointment was posted."""
    deadline = time.monotonic() + TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        row = world.copilot.store.fill_proposal_for(appointment_id)
        if row and row.get("ts"):
            for call in world.slack.calls[since_calls:]:
                if call.method == "chat.postMessage" and call.ok and call.response.get("ts") == row["ts"]:
                    return call.at
        await asyncio.sleep(0.005)
    raise TimeoutError(f"no proposal card for {appointment_id}")


async def webhook_path(world: SandboxWorld, targets: list[str]) -> tuple[list[float], list[int]]:
    seconds, requests = [], []
    for appointment_id in targets:
        calls, before = len(world.slack.calls), world.platform.request_count
        started = time.time()
        await world.admin("POST", f"/sandbox/appointments/{appointment_id}/cancel", json={"reason": "benchmark"})
        seconds.append(await _card_posted(world, appointment_id, calls) - started)
        requests.append(world.platform.request_count - before)
    return seconds, requests


async def poll_path(world: SandboxWorld, targets: list[str], poll_seconds: float, rng: random.Random) -> list[float]:
    world.spa.webhooks.url = None  # the add-on is down: only the poll notices

    async def poller() -> None:
        while True:
            await scheduler.poll_calendar(world.copilot)
            await asyncio.sleep(poll_seconds)

    task = asyncio.create_task(poller())
    seconds = []
    try:
        for appointment_id in targets:
            await asyncio.sleep(rng.uniform(0, poll_seconds))
            calls = len(world.slack.calls)
            started = time.time()
            await world.admin("POST", f"/sandbox/appointments/{appointment_id}/cancel", json={"reason": "benchmark"})
            seconds.append(await _card_posted(world, appointment_id, calls) - started)
    finally:
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task  # stopped before the world closes under it
    return seconds


def _line(label: str, values: list[float], goal: float) -> str:
    verdict = "ok" if max(values) < goal else "OVER GOAL"
    return (f"  {label:<34} median {statistics.median(values) * 1000:6.0f} ms   max {max(values) * 1000:6.0f} ms   "
            f"goal < {goal:.0f} s: {verdict}")


async def main(latency_ms: float, runs: int, poll_seconds: float, clients: int) -> None:
    rng = random.Random(7)
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(_env_file=None, spa_db_path=Path(tmp) / "bench.db", poll_seconds=max(int(poll_seconds), 5))
        store = Store.open(settings.spa_db_path)
        async with sandbox_world(settings, store=store, clients=clients) as world:
            wire_fill(world)
            await scheduler.poll_calendar(world.copilot)
            openings = [a.id for a in pick_openings(world, limit=2 * runs)]
            if len(openings) < 2:
                print("not enough fillable openings in the sandbox's next 48 hours; try another --clients")
                return
            half = len(openings) // 2
            world.spa.faults.configure(FaultConfig(latency_ms=latency_ms))
            hook_seconds, hook_requests = await webhook_path(world, openings[:half])
            poll_seconds_taken = await poll_path(world, openings[half:], poll_seconds, rng)
        store.close()

    print(f"cancellation fill, sandbox latency {latency_ms:.0f} ms/request, {clients} clients, offline drafts")
    print(_line(f"webhook -> card ({len(hook_seconds)} runs)", hook_seconds, 2.0))
    print(f"  {'':<34} platform requests per proposal: {statistics.median(hook_requests):.0f} (median)")
    print(_line(f"poll every {poll_seconds:.0f} s -> card ({len(poll_seconds_taken)} runs)", poll_seconds_taken,
                poll_seconds + 2.0))


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--latency-ms", type=float, default=50.0)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--poll-seconds", type=float, default=5.0)
    parser.add_argument("--clients", type=int, default=2000)
    args = parser.parse_args()
    asyncio.run(main(args.latency_ms, args.runs, args.poll_seconds, args.clients))
