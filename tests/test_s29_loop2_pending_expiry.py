"""Pending changes no longer live for ever (review 29e, item 4): one whose appointment cannot be read is warned of
once, not at every poll; the housekeeping drops those older than ``PENDING_CHANGE_MAX_AGE`` (logged once); a
location whose removal is confirmed has its pending changes dropped."""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

import pytest

from spa_copilot import scheduler
from spa_copilot.platform.errors import PlatformProtocolError
from spa_copilot.sandbox.world import SandboxWorld
from tests.conftest import FakeClock
from tests.scenes import a_booking_to_cancel, install


def record_pending(world: SandboxWorld, appointment: Any, location_id: str = "loc_soho") -> None:
    row = world.copilot.store.snapshot_row(appointment.id)
    world.copilot.store.save_snapshot([], pending=[(location_id, appointment.id, "updated", row)])


def unreadable(world: SandboxWorld, monkeypatch: pytest.MonkeyPatch, appointment_id: str) -> None:
    real = world.copilot.platform.get_appointment

    async def broken(wanted: str) -> Any:
        if wanted == appointment_id:
            raise PlatformProtocolError("not the contract's shape")
        return await real(wanted)

    monkeypatch.setattr(world.copilot.platform, "get_appointment", broken)


def warnings_of(caplog: pytest.LogCaptureFixture, words: str) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING and words in r.getMessage()]


async def test_an_unreadable_pending_change_is_warned_of_once(
    world: SandboxWorld, clock: FakeClock, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    copilot = world.copilot
    install(copilot)
    await scheduler.poll_calendar(copilot)
    appointment = a_booking_to_cancel(world)
    record_pending(world, appointment)
    unreadable(world, monkeypatch, appointment.id)
    caplog.set_level(logging.INFO)
    for _ in range(10):
        clock.advance(minutes=1)
        await scheduler.poll_calendar(copilot)
    assert len(warnings_of(caplog, "pending change")) == 1
    assert [p[0] for p in copilot.store.pending_changes("loc_soho")] == [appointment.id], "kept for the next sync"


async def test_the_housekeeping_drops_pending_changes_older_than_a_day_and_says_so_once(
    world: SandboxWorld, clock: FakeClock, caplog: pytest.LogCaptureFixture
) -> None:
    copilot = world.copilot
    await scheduler.poll_calendar(copilot)
    old, recent = [a for a in world.spa.find_appointments(location_id="loc_soho")][:2]
    record_pending(world, old)
    record_pending(world, recent)
    now = copilot.now()
    for appointment, age in ((old, scheduler.PENDING_CHANGE_MAX_AGE + timedelta(hours=1)), (recent, timedelta(hours=1))):
        copilot.store.db.execute(
            "UPDATE pending_changes SET recorded_at = ? WHERE appointment_id = ?", [(now - age).isoformat(), appointment.id]
        )
    caplog.set_level(logging.INFO)
    await scheduler.housekeeping(copilot)
    assert [p[0] for p in copilot.store.pending_changes("loc_soho")] == [recent.id]
    said = warnings_of(caplog, "pending change(s) older than")
    assert len(said) == 1 and old.id in said[0]
    await scheduler.housekeeping(copilot)
    assert len(warnings_of(caplog, "pending change(s) older than")) == 1, "once"


async def test_a_removed_locations_pending_changes_are_dropped(world: SandboxWorld, clock: FakeClock) -> None:
    copilot = world.copilot
    await scheduler.poll_calendar(copilot)
    appointment = next(iter(world.spa.find_appointments(location_id="loc_venice")))
    record_pending(world, appointment, "loc_venice")
    del world.spa.locations["loc_venice"]  # Venice closes
    await copilot.catalog(refresh=True)
    await scheduler.poll_calendar(copilot)  # one read without it is not its removal
    assert [p[0] for p in copilot.store.pending_changes("loc_venice")] == [appointment.id]
    clock.advance(seconds=scheduler.LOCATION_REMOVAL_CONFIRM.total_seconds())
    await copilot.catalog(refresh=True)
    await scheduler.poll_calendar(copilot)
    assert copilot.store.pending_changes("loc_venice") == []


async def test_a_pending_change_no_sync_has_tried_yet_is_kept_however_old(world: SandboxWorld, clock: FakeClock) -> None:
    """A stop cut a cancellation's handlers off, the copilot stayed down for days and the spa system did not answer
    its first polls since (review 29f): no sync has tried to replay the change, so the housekeeping keeps it for
    the replay (dropping it lost the fill card for good: the snapshot already says cancelled)."""
    copilot = world.copilot
    await scheduler.poll_calendar(copilot)
    [appointment] = world.spa.find_appointments(location_id="loc_soho")[:1]
    record_pending(world, appointment)
    last_poll = copilot.store.sync_state("loc_soho")["last_poll_at"]
    recorded = scheduler.datetime.fromisoformat(last_poll) + timedelta(seconds=1)  # the cut-off sync's own row
    copilot.store.db.execute("UPDATE pending_changes SET recorded_at = ?", [recorded.isoformat()])
    clock.advance(hours=30)
    await scheduler.housekeeping(copilot)
    assert [p[0] for p in copilot.store.pending_changes("loc_soho")] == [appointment.id]
