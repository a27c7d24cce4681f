"""A booking moved to the sister location under the same id and then cancelled there (review 30f): the hour it left
and the hour it held there are two openings, at two locations, and each gets its own card, once. The moved-away
opening is claimed as ``<appointment id>@<location id>`` (``fill.proposing.opening_claim``), a cancellation under the
appointment's id, as before."""

from __future__ import annotations

import asyncio
import json
import sqlite3
from pathlib import Path
from typing import Any

from spa_copilot import scheduler
from spa_copilot.engines.calendar_diff import CalendarChange, ChangeKind, snapshot_of
from spa_copilot.fill import proposing
from spa_copilot.sandbox.world import SandboxWorld
from spa_copilot.store import MIGRATIONS, Store
from tests.conftest import FakeClock
from tests.scenes import a_booking_to_cancel, fill_cards, install


async def _poll(world: SandboxWorld, clock: FakeClock, times: int = 1) -> None:
    for _ in range(times):
        clock.advance(minutes=1)
        await scheduler.poll_calendar(world.copilot)
    await asyncio.sleep(0.1)


def _moved_to_venice(world: SandboxWorld, appointment: Any) -> Any:
    kai = next(s for s in world.data.staff if s.location_id == "loc_venice" and s.active
               and s.role in ("therapist", "esthetician"))
    room = next(r for r in world.data.resources if r.location_id == "loc_venice" and r.type == "room")
    line = appointment.services[0].model_copy(update={"staff_id": kai.id, "resource_ids": [room.id]})
    moved = appointment.model_copy(update={
        "location_id": "loc_venice", "services": [line], "updated_at": world.spa._stamp(),
        "version": appointment.version + 1})
    world.spa.put_appointment(moved)
    return moved


def _proposals(world: SandboxWorld) -> list[tuple[str, str, str]]:
    return [tuple(row) for row in world.copilot.store.db.execute(
        "SELECT appointment_id, location_id, status FROM proposals ORDER BY created_at").fetchall()]


async def test_moved_to_venice_then_cancelled_there_gets_a_card_at_each_location_once(
    world: SandboxWorld, clock: FakeClock
) -> None:
    install(world.copilot)
    world.spa.webhooks.emit = lambda *args, **kwargs: None  # poll only
    await scheduler.poll_calendar(world.copilot)
    appointment = a_booking_to_cancel(world)
    _moved_to_venice(world, appointment)
    await _poll(world, clock)
    cards = fill_cards(world)
    assert [c.text for c in cards if "SoHo" in c.text], [c.text for c in cards]
    assert [row[1:] for row in _proposals(world)] == [("loc_soho", "pending")]
    world.spa.cancel(appointment.id, reason="sick")
    await _poll(world, clock, times=3)  # the cancellation, and polls that see nothing new
    new = [c.text for c in fill_cards(world)[len(cards):]]
    assert len(new) == 1 and "Venice" in new[0], new
    rows = _proposals(world)
    assert len(rows) == 2, rows
    assert rows[0] == (f"{appointment.id}@loc_soho", "loc_soho", "pending")  # SoHo's hour is still on offer
    assert rows[1][:2] == (appointment.id, "loc_venice")
    assert world.copilot.store.fill_proposal_for(appointment.id)["location_id"] == "loc_venice"  # type: ignore[index]


async def test_the_moved_away_opening_seen_again_opens_no_second_card(world: SandboxWorld, clock: FakeClock) -> None:
    """Its move handed again (as a replay after a stop hands it) claims the same opening: no second card."""
    install(world.copilot)
    world.spa.webhooks.emit = lambda *args, **kwargs: None
    await scheduler.poll_calendar(world.copilot)
    appointment = a_booking_to_cancel(world)
    _moved_to_venice(world, appointment)
    await _poll(world, clock)
    cards = len(fill_cards(world))
    assert world.copilot.store.pending_changes("loc_soho") == []  # handled
    soho = next(loc for loc in world.data.locations if loc.id == "loc_soho")
    again = CalendarChange(kind=ChangeKind.updated, appointment_id=appointment.id, location_id="loc_soho",
                           previous=snapshot_of(appointment), appointment=world.spa.appointment(appointment.id))
    await proposing.on_calendar_changes(world.copilot, soho, [again])
    await asyncio.sleep(0.1)
    assert len(fill_cards(world)) == cards
    assert len(_proposals(world)) == 1


def test_migration_17_rekeys_a_moved_away_card_of_an_older_version(tmp_path: Path) -> None:
    path = tmp_path / "v16.db"
    conn = sqlite3.connect(path)
    for number, script in enumerate(MIGRATIONS[:16], start=1):
        conn.executescript(script)
        conn.execute(f"PRAGMA user_version = {number}")
    stamp = "2026-12-05T10:00:00+00:00"
    rows = [
        ("fp_moved", "ap_1", "loc_soho", {"appointment_id": "ap_1", "moved_to": "Juniper & Salt Venice"}),
        ("fp_cancel", "ap_2", "loc_soho", {"appointment_id": "ap_2"}),
        ("fp_old", "ap_3#fp_old", "loc_soho", {"appointment_id": "ap_3", "moved_to": "Juniper & Salt Venice"}),
    ]
    for proposal_id, claim, location_id, opening in rows:
        conn.execute(
            "INSERT INTO proposals (id, appointment_id, location_id, status, opening, candidates, created_at, updated_at)"
            " VALUES (?, ?, ?, 'pending', ?, '[]', ?, ?)", [proposal_id, claim, location_id, json.dumps(opening), stamp, stamp])
    conn.commit()
    conn.close()
    store = Store.open(path)
    assert store.schema_version == len(MIGRATIONS) >= 17
    claims = dict(store.db.execute("SELECT id, appointment_id FROM proposals").fetchall())
    assert claims == {"fp_moved": "ap_1@loc_soho", "fp_cancel": "ap_2", "fp_old": "ap_3#fp_old"}
