"""Calendar sync against the sandbox through the real client: full, incremental, changes, request budget."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, date, datetime, timedelta

import httpx
import pytest

from spa_copilot.calendar_sync import sync_location
from spa_copilot.engines.calendar_diff import ChangeKind
from spa_copilot.platform.mangomint import MangomintClient
from spa_copilot.sandbox.generator import generate_spa
from spa_copilot.sandbox.server import create_sandbox_app, sandbox_state
from spa_copilot.store import Store

DAY = date(2026, 11, 24)
NOW = datetime(2026, 11, 24, 14, 0, tzinfo=UTC)


@pytest.fixture
async def spa(tmp_path) -> AsyncIterator[tuple[MangomintClient, Store, object]]:
    clock = {"now": NOW}
    app = create_sandbox_app(generate_spa(7, today=DAY, clients=150, history_months=1), api_key="k", clock=lambda: clock["now"])
    http = httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://sandbox.local/")
    client = MangomintClient("http://sandbox.local/", "k", http=http, sleep=_no_sleep)
    yield client, Store.open(tmp_path / "s.db"), sandbox_state(app)
    await http.aclose()


async def _no_sleep(_: float) -> None:
    return None


async def test_incremental_sync_without_changes_costs_one_request_per_location(spa) -> None:
    client, store, _ = spa
    locations = await client.list_locations()
    for location in locations:
        full = await sync_location(client, store, location, now=NOW, full=True)
        assert full.full and {c.kind for c in full.changes} == {ChangeKind.created}
    before = client.request_count
    for location in locations:
        result = await sync_location(client, store, location, now=NOW)
        assert not result.full and result.changes == []
    assert client.request_count - before == len(locations)


async def test_changes_are_seen_once(spa) -> None:
    client, store, state = spa
    location = (await client.list_locations())[0]
    await sync_location(client, store, location, now=NOW, full=True)
    booked = [a for a in state.appointments.values() if a.location_id == location.id and a.is_active
              and a.start_at.astimezone(location.tz).date() == DAY]
    target, moved = booked[0], booked[1]
    state.cancel(target.id, reason="flu", by="client")
    moved_copy = moved.model_copy(update={
        "start_at": moved.start_at + timedelta(minutes=30), "end_at": moved.end_at + timedelta(minutes=30),
        "services": [line.model_copy(update={"start_at": line.start_at + timedelta(minutes=30),
                                             "end_at": line.end_at + timedelta(minutes=30)}) for line in moved.services],
        "version": moved.version + 1,
        "updated_at": NOW + timedelta(seconds=5),
    })
    state.put_appointment(moved_copy)
    result = await sync_location(client, store, location, now=NOW)
    assert {(c.kind, c.appointment_id) for c in result.changes} == {
        (ChangeKind.cancelled, target.id), (ChangeKind.rescheduled, moved.id)
    }
    again = await sync_location(client, store, location, now=NOW)
    assert again.changes == []


async def test_full_resync_notices_vanished_appointments_and_survives_restart(spa, tmp_path) -> None:
    client, store, state = spa
    location = (await client.list_locations())[0]
    await sync_location(client, store, location, now=NOW, full=True)
    gone = next(a for a in state.appointments.values() if a.location_id == location.id and a.is_active
                and a.start_at.astimezone(location.tz).date() == DAY)
    del state.appointments[gone.id]
    state._by_start = None  # noqa: SLF001 - the sandbox caches its start index
    reopened = Store.open(tmp_path / "s.db")
    result = await sync_location(client, reopened, location, now=NOW, full=True)
    assert [(c.kind, c.appointment_id) for c in result.changes] == [(ChangeKind.removed, gone.id)]
