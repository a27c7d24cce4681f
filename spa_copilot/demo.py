"""``spa-copilot demo``: a spa morning end to end, on the embedded defaults (sandbox spa, stand-in Slack, offline AI)."""

from __future__ import annotations

import sys
import time
from typing import TextIO

from spa_copilot.cli import _book_table
from spa_copilot.reads import load_catalog, load_day_book
from spa_copilot.settings import Settings
from spa_copilot.world import default_day, open_platform, sandbox_today, start_sandbox


class Narrator:
    """Prints the demo's steps readably."""

    def __init__(self, out: TextIO = sys.stdout) -> None:
        self.out = out
        self.step = 0

    def section(self, title: str) -> None:
        self.step += 1
        print(f"\n━━ {self.step}. {title} " + "━" * max(0, 70 - len(title)), file=self.out)

    def say(self, text: str = "") -> None:
        print(text, file=self.out)


async def run_demo(settings: Settings, *, out: TextIO = sys.stdout) -> int:
    """Run the demo on the sandbox spa; returns the process exit code."""
    narrator = Narrator(out)
    settings = settings.model_copy(update={"mangomint_api_url": None})
    started = time.perf_counter()

    narrator.section("The sandbox spa")
    sandbox = start_sandbox(settings, today=sandbox_today())
    data = sandbox.data
    narrator.say(
        f"Generated from seed {settings.sandbox_seed}: {len(data.locations)} locations, {len(data.staff)} staff, "
        f"{len(data.resources)} rooms and equipment, {len(data.services)} services, {len(data.clients)} clients, "
        f"{len(data.appointments)} appointments, {len(data.waitlist)} waitlist entries."
    )
    for location in data.locations:
        narrator.say(f"  • {location.name} ({location.time_zone})")

    async with open_platform(settings, sandbox=sandbox) as platform:
        narrator.section("Today's book, read through the Mangomint client")
        catalog = await load_catalog(platform)
        for location in catalog.locations:
            book = await load_day_book(platform, catalog, location, default_day(settings, location))
            narrator.say(_book_table(book))
            narrator.say()

    narrator.say(f"Demo finished in {time.perf_counter() - started:.1f} s.")
    return 0
