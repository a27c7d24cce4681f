"""Calendar sync cost: HTTP requests and wall time of a full and an incremental sync of a 2-location week.

The sandbox spa runs in-process behind ``httpx.ASGITransport`` with 50 ms injected latency per request, and the
real ``MangomintClient`` does the reading. An incremental sync with no changes must cost at most one request per
location; the full sync is the baseline the incremental one is compared with.

    python benchmarks/sync.py [--latency-ms 50] [--days 7]
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
import time
from datetime import UTC, date, datetime
from pathlib import Path

import httpx

from spa_copilot.calendar_sync import sync_location
from spa_copilot.platform.mangomint import MangomintClient
from spa_copilot.sandbox.faults import FaultConfig
from spa_copilot.sandbox.generator import generate_spa
from spa_copilot.sandbox.server import create_sandbox_app
from spa_copilot.store import Store

TODAY = date(2026, 11, 24)


async def main(latency_ms: float, days: int) -> None:
    data = generate_spa(7, today=TODAY, clients=600, history_months=1)
    app = create_sandbox_app(data, api_key="bench", faults=FaultConfig(latency_ms=latency_ms))
    http = httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://sandbox.local/")
    client = MangomintClient("http://sandbox.local/", "bench", http=http)
    now = datetime(TODAY.year, TODAY.month, TODAY.day, 12, tzinfo=UTC)
    with tempfile.TemporaryDirectory() as tmp:
        store = Store.open(Path(tmp) / "bench.db")
        locations = await client.list_locations()

        async def run(full: bool) -> tuple[int, float, int, int]:
            before = client.request_count
            started = time.perf_counter()
            read = changes = 0
            for location in locations:
                result = await sync_location(client, store, location, now=now, full=full, horizon_days=days)
                read += result.appointments_read
                changes += len(result.changes)
            return client.request_count - before, time.perf_counter() - started, read, changes

        full_requests, full_seconds, full_read, full_changes = await run(True)
        inc_requests, inc_seconds, inc_read, inc_changes = await run(False)
        store.close()
    await http.aclose()

    print(f"calendar sync, {len(locations)} locations x {days} days, sandbox latency {latency_ms:.0f} ms/request")
    print(f"  full sync:        {full_requests:3d} requests  {full_seconds * 1000:7.0f} ms  "
          f"({full_read} appointments read, {full_changes} changes)")
    print(f"  incremental sync: {inc_requests:3d} requests  {inc_seconds * 1000:7.0f} ms  "
          f"({inc_read} appointments read, {inc_changes} changes)")
    print(f"  incremental/full time ratio: {inc_seconds / full_seconds:.2f}  "
          f"(requests per location, incremental: {inc_requests / len(locations):.1f}; goal <= 1)")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--latency-ms", type=float, default=50.0)
    parser.add_argument("--days", type=int, default=7)
    args = parser.parse_args()
    asyncio.run(main(args.latency_ms, args.days))
