"""30 morning briefings through the real ChatOpenAI against the stub model answering in 1 s.

    python benchmarks/briefings.py [--delay 1.0] [--count 30] [--skip-sequential]

Prints the wall time with ``LLM_CONCURRENCY`` parallel calls (goal < 5 s) and the most requests the stub had
in flight, the same 30 again (served by the cache: goal ~0 model calls), the same batch at concurrency 8 (the
old default), and the ratio against a sequential baseline (concurrency 1) in the same process.
"""

from __future__ import annotations

import argparse
import asyncio
import time
from datetime import date
from typing import Any

from spa_copilot.ai import BriefingInput, MemoryCache, build_ai, extract_profile_offline
from spa_copilot.sandbox.llm_stub import LlmStub, StubServer
from spa_copilot.settings import Settings

NOTES = (
    "Prefers firm pressure but light on the shoulders. Allergic to almond oil.",
    "No longer pregnant. Deep tissue, focus on upper back. Lavender.",
    "On warfarin: gentle pressure only. Runs cold, extra blanket. No music.",
    "Not allergic to latex. Likes medium pressure and ocean sounds.",
    "Uses tretinoin nightly. Quiet session please. Eucalyptus.",
)
#: The day the notes are read on (the reader's day is required; these notes hold no dates, so any day reads them alike).
DAY = date.today()
SERVICES = ("Swedish Massage", "Deep Tissue Massage", "Signature Facial", "Hot Stone Massage", "Prenatal Massage")


def briefing_reply(body: dict[str, Any]) -> dict[str, str]:
    # Who and how only: a summary that speaks of safety is refused (the record's cautions are added in the offline
    # engine's words), and a benchmark of refused answers would time only fallbacks.
    return {"text": "A returning guest for a massage; firm pressure suits her."}


def guests(count: int) -> list[BriefingInput]:
    return [
        BriefingInput(
            first_name=f"Guest{i}",
            service_names=[SERVICES[i % len(SERVICES)]],
            starts_at=f"{9 + i // 4:02d}:{(i % 4) * 15:02d}",
            visits=i % 7,
            profile=extract_profile_offline(NOTES[i % len(NOTES)], today=DAY),
        )
        for i in range(count)
    ]


async def run(settings: Settings, batch: list[BriefingInput], cache: MemoryCache) -> tuple[float, int, int]:
    """(seconds, model calls, fallbacks) for one batch."""
    async with build_ai(settings, cache=cache) as ai:
        started = time.perf_counter()
        results = await asyncio.gather(*(ai.briefing_summary(g, today=DAY) for g in batch))
        return time.perf_counter() - started, ai.model_calls, sum(r.fallback for r in results)


async def main_async(delay: float, count: int, sequential: bool) -> None:
    stub = LlmStub(delay=delay, responder=briefing_reply)
    with StubServer(stub) as server:
        base = Settings(  # type: ignore[call-arg]
            _env_file=None, llm_base_url=server.base_url, llm_api_key="bench", llm_model="stub-model",
            llm_max_retries=0, llm_timeout_seconds=30,
        )
        batch = guests(count)
        cache = MemoryCache()
        wall, calls, fallbacks = await run(base, batch, cache)
        print(f"{count} briefings, stub answering in {delay:.1f} s, concurrency {base.llm_concurrency}:")
        print(f"  first run : {wall:6.2f} s wall, {calls} model calls, {fallbacks} fallbacks  (goal < 5 s)")
        print(f"              at most {stub.peak_in_flight} requests in flight at once")
        if fallbacks:
            raise SystemExit(f"{fallbacks} of {count} summaries fell back: the figures would not time the model path")
        wall2, calls2, _ = await run(base, batch, cache)
        print(f"  same again: {wall2:6.3f} s wall, {calls2} model calls (cache hits {cache.hits})  (goal ~0 calls)")
        eight = base.model_copy(update={"llm_concurrency": 8})
        wall8, calls8, _ = await run(eight, batch, MemoryCache())
        print(f"  concurrency 8 (the old default): {wall8:6.2f} s wall, {calls8} model calls, no cache")
        if sequential:
            one = base.model_copy(update={"llm_concurrency": 1})
            wall_seq, calls_seq, _ = await run(one, batch, MemoryCache())
            print(f"  sequential: {wall_seq:6.2f} s wall, {calls_seq} model calls (concurrency 1, no cache)")
            print(f"  speed-up  : {wall_seq / wall:.1f}x faster than sequential")
        print(f"  stub saw {len(stub.requests)} requests in total")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--delay", type=float, default=1.0)
    parser.add_argument("--count", type=int, default=30)
    parser.add_argument("--skip-sequential", action="store_true", help="skip the (slow) sequential baseline")
    args = parser.parse_args()
    asyncio.run(main_async(args.delay, args.count, not args.skip_sequential))


if __name__ == "__main__":
    main()
