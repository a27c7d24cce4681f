"""A booking moved between the spa's two locations while their syncs overlap (each location syncs under its own
lock, and the calendar snapshot holds each appointment once, by id, wherever it was last saved).

- An older copy read at one location never replaces a newer row another location's sync saved meanwhile, and does
  not hand that location a "moved away" change (``calendar_sync._superseded``): the desk's move to the sister
  location and straight back, read by the sister before the home location saved the move back, leaves the sister
  nothing, as the two moves seen in order do (no "Fill the … opening" card there).
- A newer copy read at a location whose row moved elsewhere during the read tells that other location of the move.
- A full read forgets only its own location's rows: one the sister's sync saved meanwhile (the booking moved there)
  stays (``Store.save_snapshot``'s ``location_id``).
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from datetime import timedelta
from pathlib import Path

from spa_copilot import scheduler
from spa_copilot.calendar_sync import SyncResult, horizon_days_for, sync_location
from spa_copilot.domain import Appointment, AppointmentStatus, Location
from spa_copilot.store import SnapshotRow, Store
from tests.fill_scene import Scene
from tests.scenes import moved_away_claim


def _home_and_sister(scene: Scene) -> tuple[Location, Location]:
    locations = scene.world.data.locations
    home = next(location for location in locations if location.id == scene.target.location_id)
    sister = next(location for location in locations if location.id != scene.target.location_id)
    return home, sister


def _at_sister(scene: Scene, appointment: Appointment, sister: Location, *, version: int, seconds: int) -> Appointment:
    """The appointment moved to the sister location at the same hour, onto one of its therapists."""
    therapist = next(
        s
        for s in sorted(scene.world.spa.staff.values(), key=lambda s: s.id)
        if s.location_id == sister.id and s.active and s.role in ("therapist", "esthetician")
    )
    lines = [line.model_copy(update={"staff_id": therapist.id, "resource_ids": []}) for line in appointment.services]
    return appointment.model_copy(
        update={
            "status": AppointmentStatus.confirmed,
            "location_id": sister.id,
            "services": lines,
            "version": version,
            "updated_at": scene.clock() + timedelta(seconds=seconds),
        }
    )


def _during_the_read_of(
    scene: Scene, monkeypatch, location: Location, meanwhile: Callable[[], Awaitable[None]]
) -> Callable[[], None]:
    """``meanwhile`` runs once, after the platform answered the next read of ``location``'s book, before its sync
    goes on with the answer; the function returned puts the platform's own read back."""
    platform = scene.copilot.platform
    real_list = platform.list_appointments
    done: list[bool] = []

    async def list_then(*args, **kwargs):
        listing = await real_list(*args, **kwargs)
        if kwargs.get("location_id") == location.id and not done:
            done.append(True)
            await meanwhile()
        return listing

    monkeypatch.setattr(platform, "list_appointments", list_then)
    return lambda: monkeypatch.setattr(platform, "list_appointments", real_list)


async def _stale_sister_read(scene: Scene, monkeypatch) -> tuple[Location, Location, Appointment, SyncResult | None]:
    """The desk moves the booking to the sister (v+1) and straight back (v+2); the sister's sync read it there, and
    before it goes on the home location's sync saves the move back."""
    spa = scene.world.spa
    home, sister = _home_and_sister(scene)
    v1 = spa.appointments[scene.target.id]
    back = v1.model_copy(update={"version": v1.version + 2, "updated_at": scene.clock() + timedelta(seconds=20)})
    spa.put_appointment(_at_sister(scene, v1, sister, version=v1.version + 1, seconds=1))
    scene.clock.advance(minutes=1)

    async def moved_back_and_seen_at_home() -> None:
        spa.put_appointment(back)
        await scheduler.sync_and_process(scene.copilot, home, full=False)
        assert scene.store.snapshot_row(back.id).version == back.version  # the move back is saved

    restore = _during_the_read_of(scene, monkeypatch, sister, moved_back_and_seen_at_home)
    result = await scheduler.sync_and_process(scene.copilot, sister, full=False)
    restore()
    return home, sister, back, result


async def test_an_older_read_at_the_sister_leaves_the_home_row_and_hands_nothing(scene: Scene, monkeypatch) -> None:
    home, sister, back, result = await _stale_sister_read(scene, monkeypatch)
    assert result is not None
    assert [c.appointment_id for c in result.changes if c.appointment_id == back.id] == []
    assert result.moved_from == []
    row = scene.store.snapshot_row(back.id)
    assert (row.location_id, row.version) == (home.id, back.version)
    assert [s for s in scene.store.pending_steps(home.id) if s.appointment_id == back.id] == []


async def test_no_card_at_the_sister_for_an_hour_it_held_between_two_reads(scene: Scene, monkeypatch) -> None:
    home, sister, back, _ = await _stale_sister_read(scene, monkeypatch)
    scene.clock.advance(minutes=1)
    await scheduler.poll_calendar(scene.copilot)
    assert scene.store.fill_proposal_claimed(moved_away_claim(back.id, sister.id)) is None
    assert scene.store.fill_proposal_claimed(moved_away_claim(back.id, home.id)) is None
    row = scene.store.snapshot_row(back.id)
    assert (row.location_id, row.version) == (home.id, back.version)


async def test_a_newer_read_tells_the_location_that_saved_it_meanwhile_that_it_moved(scene: Scene, monkeypatch) -> None:
    """Home's read starts; meanwhile the booking moves to the sister, whose sync saves it there, and moves back home;
    home's read answers with the move back. The sister's row is replaced, so the sister hears of the move."""
    copilot, spa = scene.copilot, scene.world.spa
    home, sister = _home_and_sister(scene)
    days = horizon_days_for(copilot.settings.fill_horizon_hours)
    v1 = spa.appointments[scene.target.id]
    there = _at_sister(scene, v1, sister, version=v1.version + 1, seconds=1)
    back = v1.model_copy(update={"version": v1.version + 2, "updated_at": scene.clock() + timedelta(seconds=20)})
    scene.clock.advance(minutes=1)
    platform, real_list = copilot.platform, copilot.platform.list_appointments

    async def moved_there_and_back(*args, **kwargs):
        if kwargs.get("location_id") == home.id and spa.appointments[v1.id].version == v1.version:
            spa.put_appointment(there)
            await sync_location(
                platform, copilot.store, sister, now=copilot.now(), horizon_days=days, record_pending=True
            )
            assert copilot.store.snapshot_row(v1.id).location_id == sister.id
            spa.put_appointment(back)
        return await real_list(*args, **kwargs)

    monkeypatch.setattr(platform, "list_appointments", moved_there_and_back)
    result = await sync_location(
        platform, copilot.store, home, now=copilot.now(), horizon_days=days, record_pending=True
    )
    monkeypatch.setattr(platform, "list_appointments", real_list)
    assert result.moved_from == [sister.id]
    told = [
        s
        for s in copilot.store.pending_steps(sister.id)
        if s.appointment_id == v1.id and s.handed is not None and s.handed.location_id == home.id
    ]
    assert [s.handed.version for s in told] == [back.version]
    row = copilot.store.snapshot_row(v1.id)
    assert (row.location_id, row.version) == (home.id, back.version)


async def test_a_full_read_of_home_leaves_the_sister_the_booking_it_holds_now(scene: Scene, monkeypatch) -> None:
    """The sister's webhook sync (its own lock) saves the moved booking while a full read of home asks whether the
    booking it no longer lists is gone: the full read forgets home's row, not the sister's."""
    copilot, spa = scene.copilot, scene.world.spa
    home, sister = _home_and_sister(scene)
    v1 = spa.appointments[scene.target.id]
    spa.put_appointment(_at_sister(scene, v1, sister, version=v1.version + 1, seconds=1))
    scene.clock.advance(minutes=1)
    platform, real_get = copilot.platform, copilot.platform.get_appointment
    webhook: list[asyncio.Task] = []

    async def get_while_the_sister_saves(appointment_id, *args, **kwargs):
        if appointment_id == v1.id and not webhook:
            webhook.append(asyncio.ensure_future(scheduler.sync_and_process(copilot, sister, full=False)))
            for _ in range(2000):
                row = copilot.store.snapshot_row(v1.id)
                if row is not None and row.location_id == sister.id:
                    break
                await asyncio.sleep(0.002)
        return await real_get(appointment_id, *args, **kwargs)

    monkeypatch.setattr(platform, "get_appointment", get_while_the_sister_saves)
    await scheduler.sync_and_process(copilot, home, full=True)
    assert webhook, "the full read asked whether the booking was gone"
    await asyncio.wait_for(webhook[0], 30)
    monkeypatch.setattr(platform, "get_appointment", real_get)
    row = copilot.store.snapshot_row(v1.id)
    assert row is not None and (row.location_id, row.version) == (sister.id, v1.version + 1)
    assert v1.id in copilot.store.snapshot(location_id=sister.id)


def _row(appointment_id: str, location_id: str, version: int) -> SnapshotRow:
    return SnapshotRow(
        appointment_id,
        location_id,
        "cl_1",
        "confirmed",
        "2026-11-24T10:00:00-05:00",
        "2026-11-24T11:00:00-05:00",
        ("st_1",),
        (),
        ("sv_1",),
        version,
    )


def test_forgetting_at_a_location_deletes_only_the_rows_it_holds(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "s.db")
    store.save_snapshot([_row("ap_moved", "loc_sister", 2), _row("ap_own", "loc_home", 1)])
    # the same save records a step for another location (a move away), as a sync's does
    elsewhere_step = ("loc_sister", "ap_other", "updated", _row("ap_other", "loc_sister", 1))
    store.save_snapshot([], forget=["ap_moved", "ap_own"], forget_at="loc_home", pending=[elsewhere_step])
    assert store.snapshot_row("ap_own") is None
    assert store.snapshot(location_id="loc_sister") == {"ap_moved": _row("ap_moved", "loc_sister", 2)}


async def test_a_move_with_no_version_is_seen_at_the_sister_by_its_update_time(scene: Scene) -> None:
    # rev42e M: a gateway that sends no version (read as 1 on every copy): the booking moved to the sister under the
    # same id was left to home as "as new" (equal versions), and the cursor moved past it: the sister never held it
    spa = scene.world.spa
    home, sister = _home_and_sister(scene)
    v1 = spa.appointments[scene.target.id]
    assert v1.version == 1
    spa.put_appointment(_at_sister(scene, v1, sister, version=1, seconds=1))
    scene.clock.advance(seconds=30)
    await scheduler.poll_calendar(scene.copilot)
    row = scene.store.snapshot_row(v1.id)
    assert row is not None and row.location_id == sister.id, row
