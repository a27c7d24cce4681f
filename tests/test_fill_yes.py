"""A guest's YES is never lost: recorded with its time when it arrives, re-checked and booked even when that check is
cut off (a bug, the process stopping) or cannot run (the spa system down), and an offer whose slot has gone by stops
counting as open.

Same scene as ``test_fill_flow`` (``tests/fill_scene.py``).
"""

from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import Any

import pytest

from spa_copilot import fill
from spa_copilot.store import Store
from tests.conftest import NOW
from tests.fill_scene import Scene, proposed

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def _cut_once(monkeypatch: pytest.MonkeyPatch, error: BaseException) -> dict[str, int]:
    """The slot's re-check raises ``error`` on its first call only; the dict counts the calls."""
    real = fill.recheck._still_fits
    calls = {"n": 0}

    async def cut(*args: Any, **kwargs: Any) -> Any:
        calls["n"] += 1
        if calls["n"] == 1:
            raise error
        return await real(*args, **kwargs)

    monkeypatch.setattr(fill.replies, "_still_fits", cut)
    return calls


@pytest.mark.parametrize("error", [RuntimeError("a bug"), asyncio.CancelledError()])
async def test_a_yes_whose_check_is_cut_off_is_handed_back_and_booked_by_the_next_run(
    scene: Scene, monkeypatch: pytest.MonkeyPatch, error: BaseException
) -> None:
    await proposed(scene)
    first, offer = await scene.first_offer_sent()
    calls = _cut_once(monkeypatch, error)
    scene.store.record_fill_yes(offer["id"], at=scene.clock(), message_id="msg_1")
    with pytest.raises(type(error)):
        await fill.replies._take_up_yes(scene.copilot, scene.store.fill_offer(offer["id"]))
    offer = scene.store.fill_offer(offer["id"])
    assert offer["status"] == "sent" and offer["yes_at"]  # handed back with its YES, not left "accepting"
    scene.clock.advance(minutes=11)  # the hold runs out meanwhile: the YES came within it
    await fill.expire_offers(scene.copilot)
    assert calls["n"] == 2
    assert scene.proposal["status"] == "booked" and len(scene.bookings_for(first["client_id"])) == 1
    assert "did not answer" not in scene.thread_text()


async def test_a_yes_left_mid_check_by_a_stopped_process_is_taken_up_once_the_lease_runs_out(scene: Scene) -> None:
    await proposed(scene)
    first, offer = await scene.first_offer_sent()
    # What a process killed mid-check leaves: the YES recorded, the offer taken for its check, nothing booked.
    assert scene.store.record_fill_yes(offer["id"], at=scene.clock(), message_id="msg_1")
    assert scene.store.update_fill_offer(offer["id"], at=scene.clock(), expect_status="sent", status="accepting")
    await scene.reply(first["client_id"], "YES")  # the sender's retry, while the check may still be running
    await asyncio.sleep(0.1)
    await fill.expire_offers(scene.copilot)
    assert scene.store.fill_offer(offer["id"])["status"] == "accepting" and not scene.bookings_for(first["client_id"])
    scene.clock.advance(minutes=6)
    await fill.expire_offers(scene.copilot)
    await fill.expire_offers(scene.copilot)
    assert scene.store.fill_offer(offer["id"])["status"] == "booked"
    assert len(scene.bookings_for(first["client_id"])) == 1


async def test_a_yes_during_an_outage_is_noted_and_booked_when_the_system_answers_after_the_hold(
    scene: Scene, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the outage is the same with fewer, quicker tries (the copilot's and the sender's): the test need not wait them out
    monkeypatch.setattr(scene.copilot.platform, "_max_retries", 0)
    monkeypatch.setattr(scene.world.spa.webhooks, "retry_delays", (0.01, 0.01, 0.01))
    await proposed(scene)
    first = scene.candidate(0)
    await scene.approve_and_wait()
    scene.clock.advance(minutes=2)
    scene.world.spa.faults.fail_next(10_000, status=503)
    await scene.reply(first["client_id"], "YES")
    await scene.world.spa.drain_webhooks()  # every delivery meets the outage; the sender gives up
    offer = scene.store.latest_fill_offer(first["client_id"])
    assert offer["status"] == "sent" and offer["yes_at"]
    scene.clock.advance(minutes=13)  # the hold runs out during the outage: the YES is not expired
    await fill.expire_offers(scene.copilot)
    assert scene.store.fill_offer(offer["id"])["status"] == "sent" and scene.proposal["current_index"] == 0
    assert scene.thread_text().count("replied YES at") == 1  # said once, however many tries
    scene.world.spa.faults.clear_scripted()
    scene.clock.advance(seconds=30)
    await fill.expire_offers(scene.copilot)
    assert scene.proposal["status"] == "booked" and len(scene.bookings_for(first["client_id"])) == 1
    assert "did not answer" not in scene.thread_text()


async def test_a_yes_after_the_hold_is_not_recorded(scene: Scene) -> None:
    await proposed(scene)
    first, offer = await scene.first_offer_sent()
    hold_end = scene.clock() + timedelta(minutes=scene.copilot.settings.offer_hold_minutes)
    assert not scene.store.record_fill_yes(offer["id"], at=hold_end, message_id="msg_late")
    assert scene.store.record_fill_yes(offer["id"], at=hold_end - timedelta(seconds=1), message_id="msg_in_time")
    assert not scene.store.record_fill_yes(offer["id"], at=scene.clock(), message_id="msg_again")  # the first YES counts
    assert scene.store.fill_offer(offer["id"])["yes_message_id"] == "msg_in_time"


def _offer_for_slot(store: Store, *, status: str, start: Any, suffix: str) -> None:
    opening = {"start": start.isoformat(), "time_zone": "UTC"}
    store.create_fill_proposal(f"fp_{suffix}", appointment_id=f"ap_{suffix}", location_id="loc", status="sent",
                               opening=opening, candidates=[], at=NOW)
    store.db.execute(
        "INSERT INTO offers (id, proposal_id, client_id, status, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)",
        [f"of_{suffix}", f"fp_{suffix}", f"cl_{suffix}", status, NOW.isoformat(), NOW.isoformat()],
    )


@pytest.mark.parametrize("status", ["approved", "sent", "accepting"])
def test_an_open_offer_counts_until_its_slot_starts(status: str) -> None:
    store = Store.memory()
    _offer_for_slot(store, status=status, start=NOW + timedelta(hours=1), suffix="ahead")
    _offer_for_slot(store, status=status, start=NOW - timedelta(hours=1), suffix="gone")
    _offer_for_slot(store, status="declined", start=NOW + timedelta(hours=1), suffix="answered")
    assert store.clients_with_open_offers(now=NOW) == {"cl_ahead"}
    assert store.clients_with_open_offers(now=NOW + timedelta(days=1)) == set()


async def test_a_stuck_offer_stops_shutting_the_guest_out_once_its_slot_has_started(scene: Scene) -> None:
    await proposed(scene)
    first = scene.candidate(0)
    await scene.approve_and_wait()
    assert first["client_id"] in fill.offer_limits._offers_counted(scene.copilot, since=NOW)
    scene.clock.advance(hours=12)
    assert first["client_id"] not in fill.offer_limits._offers_counted(scene.copilot, since=scene.clock())


async def test_a_yes_the_outage_kept_from_booking_until_the_slot_started_is_told_to_a_person(scene: Scene) -> None:
    await proposed(scene)
    first, offer = await scene.first_offer_sent()
    assert scene.store.record_fill_yes(offer["id"], at=scene.clock(), message_id="msg_1")
    scene.world.spa.faults.fail_next(10_000, status=503)
    scene.clock.current = scene.target.start_at + timedelta(minutes=1)
    await fill.expire_offers(scene.copilot)
    assert scene.proposal["status"] == "expired" and not scene.bookings_for(first["client_id"])
    assert "did not answer before the slot started" in scene.thread_text()
