"""rev50g: a booking moved after its prep DM (its therapist also booked at Venice): the update's line names only
this book's clashes, so the update handler does not read Venice's book (it had waited OTHER_BOOKS_SECONDS inside
SoHo's sync lock for nothing, and a kept update held back a whole prep run the same way)."""
from __future__ import annotations

import asyncio
import json
import time
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from spa_copilot import briefings
from spa_copilot.sandbox.world import SandboxWorld
from spa_copilot.scheduler import poll_calendar, sync_and_process
from tests.conftest import float_staff

LA, NY = ZoneInfo("America/Los_Angeles"), ZoneInfo("America/New_York")


class Hanging:
    def __init__(self, inner, location_id):
        self.inner, self.location_id = inner, location_id
    def __getattr__(self, name):
        return getattr(self.inner, name)
    async def list_appointments(self, **query):
        if query.get("location_id") == self.location_id:
            await asyncio.Event().wait()
        return await self.inner.list_appointments(**query)


async def test_a_moved_bookings_update_does_not_wait_on_the_other_sites_book(
    world: SandboxWorld, monkeypatch: pytest.MonkeyPatch, clock
) -> None:
    float_staff(world, "st_ana_reyes", "loc_venice", datetime(2026, 11, 24, 7, 0, tzinfo=LA), "ap_float1")
    await poll_calendar(world.copilot)
    wei = next(a for a in world.spa.appointments.values() if a.location_id == "loc_soho" and a.is_active
               and "st_ana_reyes" in a.staff_ids
               and a.start_at.astimezone(NY).strftime("%Y-%m-%d %H:%M") == "2026-11-24 09:00")
    catalog = await world.copilot.catalog()
    soho = next(loc for loc in catalog.locations if loc.id == "loc_soho")
    await briefings.prepare_appointment(world.copilot, catalog, soho, wei.id, now=world.copilot.clock())
    briefings.register_handler(world.copilot)
    before = len(world.slack.messages(world.slack_id("st_ana_reyes")))
    assert before >= 1

    monkeypatch.setattr(briefings, "OTHER_BOOKS_SECONDS", 2.0, raising=False)
    clock.current = clock.current + timedelta(minutes=1)
    world.spa.move(wei.id, start_at=wei.start_at + timedelta(minutes=15))
    clock.current = clock.current + timedelta(minutes=1)
    # Venice's book hangs for the briefings' reads only (the alerts check reads it on its own path)
    real_load_day = briefings.load_day

    async def load_day(platform, location, day, *a, **k):
        if location.id == "loc_venice":
            await asyncio.Event().wait()
        return await real_load_day(platform, location, day, *a, **k)

    monkeypatch.setattr(briefings, "load_day", load_day)
    began = time.monotonic()
    task = asyncio.ensure_future(sync_and_process(world.copilot, soho))
    done, _ = await asyncio.wait({task}, timeout=8)
    if not done:
        coro = task.get_coro()
        while coro is not None:
            f = getattr(coro, "cr_frame", None) or getattr(coro, "gi_frame", None)
            if f is not None:
                print("CHAIN", f.f_code.co_filename, f.f_lineno, f.f_code.co_name)
            coro = getattr(coro, "cr_await", None) or getattr(coro, "gi_yieldfrom", None)
        for t in asyncio.all_tasks():
            c = t.get_coro()
            while c is not None:
                f = getattr(c, "cr_frame", None) or getattr(c, "gi_frame", None)
                if f is not None:
                    print("T", t.get_name(), f.f_code.co_filename.split('/')[-1], f.f_lineno, f.f_code.co_name)
                c = getattr(c, "cr_await", None) or getattr(c, "gi_yieldfrom", None)
        task.cancel()
        raise AssertionError("sync hung")
    took = time.monotonic() - began
    dms = [m.text + json.dumps(m.blocks) for m in world.slack.messages(world.slack_id("st_ana_reyes"))][before:]
    assert dms and "moved" in dms[-1], dms
    assert "Venice" not in dms[-1]  # the update never names the other site's booking anyway
    assert took < 1.5, f"the SoHo sync's update waited {took:.1f}s on Venice's book it never uses"
