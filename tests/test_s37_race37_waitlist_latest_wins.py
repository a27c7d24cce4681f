"""rev36d L1: the latest status intended for a waitlist entry wins, whatever order the writes land in. The expiry's
"waiting" slow to land (the spa system retrying) while her in-time YES takes the slot back and books her must not
leave her entry "waiting" while she is booked (a later opening would offer her the slot again)."""
from __future__ import annotations

import asyncio
import contextlib
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from spa_copilot import fill, scheduler
from spa_copilot.domain import WaitlistStatus
from spa_copilot.store import Store
from tests.fill_scene import Scene, proposed, sms_reply


def test_the_latest_write_about_an_entry(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "state.db")
    store.enqueue("w:offered", kind="fill.waitlist", subject_id="wl_1", payload={"status": "offered"})
    store.enqueue("w:other", kind="fill.waitlist", subject_id="wl_2", payload={"status": "waiting"})
    store.enqueue("w:waiting", kind="fill.waitlist", subject_id="wl_1", payload={"status": "waiting"})
    assert store.latest_about("w:offered").key == "w:waiting"
    assert store.latest_about("w:waiting").key == "w:waiting" and store.latest_about("w:other").key == "w:other"
    assert store.latest_about("w:none") is None


def _slow_waiting(scene: Scene, monkeypatch: pytest.MonkeyPatch, *, dies: bool = False) -> dict[str, Any]:
    """The expiry's "waiting" lands only after the booking's "booked" (``dies``: and the process stops before its
    answer is read). What landed, in order, and the events that order the race."""
    real = scene.copilot.platform.update_waitlist_entry
    state: dict[str, Any] = {"order": [], "entered": asyncio.Event(), "booked": asyncio.Event(),
                             "landed": asyncio.Event()}

    async def update(entry_id: str, *a: Any, **k: Any) -> Any:
        status = k["changes"]["status"]
        if status == "waiting" and not state["landed"].is_set():
            state["entered"].set()
            await asyncio.wait_for(state["booked"].wait(), 5)
        answer = await real(entry_id, *a, **k)
        state["order"].append(status)
        if status == "booked":
            state["booked"].set()
        elif status == "waiting" and not state["landed"].is_set():
            state["landed"].set()
            if dies:
                await asyncio.Event().wait()  # never answered: the process is stopped here
        return answer

    monkeypatch.setattr(scene.copilot.platform, "update_waitlist_entry", update)
    return state


async def _yes_in_time_once(scene: Scene, state: dict[str, Any], client_id: str, expires: datetime) -> None:
    await asyncio.wait_for(state["entered"].wait(), 5)
    await fill.on_message_received(scene.copilot, sms_reply(client_id, "YES", expires - timedelta(seconds=30), "m1"))


async def test_a_waiting_that_lands_after_booked_is_put_right(scene: Scene, monkeypatch: pytest.MonkeyPatch) -> None:
    await proposed(scene)
    first, offer = await scene.first_offer_sent()
    state = _slow_waiting(scene, monkeypatch)
    expires = datetime.fromisoformat(offer["expires_at"])
    scene.clock.current = expires + timedelta(seconds=20)
    await asyncio.gather(fill.expire_offers(scene.copilot),
                         _yes_in_time_once(scene, state, first["client_id"], expires))
    assert state["order"][:2] == ["booked", "waiting"]  # the race happened: "waiting" landed last...
    assert state["order"][2:] == ["booked"]  # ...and the latest, "booked", went again
    assert scene.world.spa.waitlist[first["entry_id"]].status == WaitlistStatus.booked
    assert len(scene.bookings_for(first["client_id"])) == 1 and scene.proposal["status"] == "booked"
    assert await fill.redrive_outbox(scene.copilot) == 0  # nothing left over, nothing sent twice more
    assert scene.world.spa.waitlist[first["entry_id"]].status == WaitlistStatus.booked


async def test_a_waiting_landed_by_a_process_stopped_mid_send_is_put_right_at_the_restart(
    scene: Scene, monkeypatch: pytest.MonkeyPatch
) -> None:
    await proposed(scene)
    first, offer = await scene.first_offer_sent()
    state = _slow_waiting(scene, monkeypatch, dies=True)
    expires = datetime.fromisoformat(offer["expires_at"])
    scene.clock.current = expires + timedelta(seconds=20)
    stopped = asyncio.create_task(fill.expire_offers(scene.copilot))
    await _yes_in_time_once(scene, state, first["client_id"], expires)
    await asyncio.wait_for(state["landed"].wait(), 5)
    assert scene.world.spa.waitlist[first["entry_id"]].status == WaitlistStatus.waiting  # landed after "booked"
    fill.install(scene.copilot, scheduler.AsyncIOScheduler(timezone="UTC"))  # the restarted process
    await fill.redrive_outbox(scene.copilot)
    assert scene.world.spa.waitlist[first["entry_id"]].status == WaitlistStatus.booked
    assert len(scene.bookings_for(first["client_id"])) == 1
    stopped.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await stopped
    assert scene.world.spa.waitlist[first["entry_id"]].status == WaitlistStatus.booked
