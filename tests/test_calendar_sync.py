"""Calendar sync against the sandbox through the real client: full, incremental, changes, request budget."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from datetime import UTC, date, datetime, timedelta

import httpx
import pytest

from spa_copilot.calendar_sync import horizon_days_for, sync_location
from spa_copilot.engines.calendar_diff import ChangeKind
from spa_copilot.platform.mangomint import MangomintClient
from spa_copilot.sandbox.generator import generate_spa
from spa_copilot.sandbox.server import create_sandbox_app, sandbox_state
from spa_copilot.store import Store
from tests import builders

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


@pytest.mark.filterwarnings("ignore::UserWarning")  # the sandbox serialises the off-contract status
async def test_an_off_contract_appointment_is_skipped_by_id_and_never_taken_for_a_removal(spa, caplog) -> None:
    client, store, state = spa
    caplog.set_level(logging.WARNING, logger="spa_copilot")
    location = (await client.list_locations())[0]
    await sync_location(client, store, location, now=NOW, full=True)
    odd = next(a for a in state.appointments.values() if a.location_id == location.id and a.is_active
               and a.start_at.astimezone(location.tz).date() == DAY)
    state.appointments[odd.id] = odd.model_construct(**{**dict(odd), "status": "deleted"})  # a status the contract lacks
    state._by_start = None  # noqa: SLF001 - the sandbox caches its start index
    result = await sync_location(client, store, location, now=NOW, full=True)
    assert result.changes == [], "still there, only unreadable: no removal, so no fill proposal for a busy slot"
    assert result.appointments_read > 0  # the rest of the book is read
    assert f"skipped Appointment {odd.id}: not the contract's shape (status: enum)" in caplog.text
    assert store.snapshot_row(odd.id) is not None


@pytest.mark.filterwarnings("ignore::UserWarning")  # the sandbox serialises the off-contract status
async def test_an_off_contract_appointment_newest_of_all_is_read_once_not_on_every_poll(spa, caplog) -> None:
    client, store, state = spa
    location = (await client.list_locations())[0]
    await sync_location(client, store, location, now=NOW, full=True)
    odd = next(a for a in state.appointments.values() if a.location_id == location.id and a.is_active
               and a.start_at.astimezone(location.tz).date() == DAY)
    stamp = NOW + timedelta(minutes=5)  # newer than anything else in the book
    state.appointments[odd.id] = odd.model_construct(**{**dict(odd), "status": "deleted", "updated_at": stamp})
    state._by_start = None  # noqa: SLF001 - the sandbox caches its start index
    caplog.set_level(logging.WARNING, logger="spa_copilot")
    first = await sync_location(client, store, location, now=NOW + timedelta(minutes=6))
    assert first.changes == [] and f"skipped Appointment {odd.id}" in caplog.text
    assert datetime.fromisoformat(store.sync_state(location.id)["cursor"]) == stamp
    caplog.clear()
    again = await sync_location(client, store, location, now=NOW + timedelta(minutes=7))
    assert again.appointments_read == 0 and "skipped" not in caplog.text


class ListPlatform:
    """A platform whose book is a list (every read returns all of it)."""

    def __init__(self) -> None:
        self.appointments: list = []
        self.requests = 0

    async def list_appointments(self, **_: object) -> list:
        self.requests += 1
        return list(self.appointments)


@pytest.mark.parametrize(("hours", "days"), [(48, 3), (24, 2), (12, 2), (49, 4), (72, 4)])
def test_the_sync_horizon_covers_the_fill_horizon(hours: float, days: int) -> None:
    assert horizon_days_for(hours) == days


async def test_a_cancellation_the_day_after_tomorrow_is_seen_with_the_fill_horizon(tmp_path) -> None:
    loc, store, platform = builders.location(), Store.open(tmp_path / "h.db"), ListPlatform()
    evening = builders.at(DAY, "20:00")  # Thursday 10:00 is 38 hours away: inside the 48-hour fill horizon
    thursday = builders.appointment(builders.at(DAY + timedelta(days=2), "10:00"), id="ap_thu", updated_at=evening - timedelta(hours=1))
    platform.appointments = [thursday]
    await sync_location(platform, store, loc, now=evening, full=True, horizon_days=horizon_days_for(48))
    assert "ap_thu" in store.snapshot(location_id=loc.id)
    platform.appointments = [thursday.model_copy(update={"status": "cancelled", "version": 2, "updated_at": evening})]
    result = await sync_location(platform, store, loc, now=evening, horizon_days=horizon_days_for(48))
    assert [(c.kind, c.appointment_id) for c in result.changes] == [(ChangeKind.cancelled, "ap_thu")]
    assert result.changes[0].previous is not None and platform.requests == 2


async def test_an_appointment_beyond_the_snapshot_that_arrives_cancelled_is_a_cancellation(tmp_path) -> None:
    loc, store, platform = builders.location(), Store.open(tmp_path / "u.db"), ListPlatform()
    evening = builders.at(DAY, "20:00")
    platform.appointments = [builders.appointment(builders.at(DAY, "10:00"), id="ap_tue", updated_at=evening - timedelta(hours=2))]
    await sync_location(platform, store, loc, now=evening, full=True)  # the cursor: the newest update seen
    booked_and_gone = builders.appointment(
        builders.at(DAY + timedelta(days=2), "10:00"), id="ap_thu", status="cancelled", updated_at=evening + timedelta(minutes=1)
    )
    platform.appointments = [booked_and_gone]
    result = await sync_location(platform, store, loc, now=evening + timedelta(minutes=2))
    assert [(c.kind, c.appointment_id) for c in result.changes] == [(ChangeKind.cancelled, "ap_thu")]
    again = await sync_location(platform, store, loc, now=evening + timedelta(minutes=3))
    assert again.changes == [], "seen once: the cursor moved past it"


async def test_incremental_sync_over_the_fill_horizon_still_costs_one_request_per_location(spa) -> None:
    client, store, _ = spa
    locations = await client.list_locations()
    days = horizon_days_for(48)
    for loc in locations:
        await sync_location(client, store, loc, now=NOW, full=True, horizon_days=days)
    before = client.request_count
    for loc in locations:
        result = await sync_location(client, store, loc, now=NOW, horizon_days=days)
        assert result.changes == []
    assert client.request_count - before == len(locations)


async def test_an_appointment_read_twice_is_remembered_as_its_newest_version(tmp_path) -> None:
    """A paged read during which a booking was cancelled and then reinstated lists it twice: the snapshot keeps
    the reinstated version, so the next poll sees no change and no cancellation is proposed for a live booking."""
    loc, store, platform = builders.location(), Store.open(tmp_path / "t.db"), ListPlatform()
    evening = builders.at(DAY, "08:00")
    booked = builders.appointment(builders.at(DAY, "10:00"), id="ap_1", updated_at=evening - timedelta(hours=2))
    platform.appointments = [booked]
    await sync_location(platform, store, loc, now=evening, full=True)
    cancelled = booked.model_copy(update={"status": "cancelled", "version": 2, "updated_at": evening})
    reinstated = booked.model_copy(update={"version": 3, "updated_at": evening + timedelta(minutes=1)})
    platform.appointments = [reinstated, cancelled]
    result = await sync_location(platform, store, loc, now=evening + timedelta(minutes=2))
    assert ChangeKind.cancelled not in {c.kind for c in result.changes}
    row = store.snapshot(location_id=loc.id)["ap_1"]
    assert (row.version, row.status) == (3, str(booked.status))
    assert (await sync_location(platform, store, loc, now=evening + timedelta(minutes=3))).changes == []
