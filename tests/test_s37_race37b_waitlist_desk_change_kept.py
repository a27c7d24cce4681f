"""rev37b M2: a superseded waitlist write tried before (the offer's "offered" landed, the process stopped before its
answer; her NO's "waiting" had gone through) is followed by the latest status only while her entry in the spa system
still shows the stale one. A desk that removed her entry (or booked her by hand) while the copilot was down is left
alone: before, the restart's re-drive sent "waiting" and put a removed entry back in every ranking."""
from __future__ import annotations

import asyncio
import contextlib
from typing import Any

import pytest

from spa_copilot import fill, scheduler
from spa_copilot.domain import WaitlistStatus
from tests.fill_scene import Scene, down_once, proposed, sms_reply


async def _offered_lands_unanswered_after_no(scene: Scene, monkeypatch: pytest.MonkeyPatch) -> tuple[str, list[Any]]:
    """The offer's "offered" lands after her NO's "waiting" and is never answered (the process stops there); the
    restarted process is installed. Her entry's id and the hung calls (to cancel)."""
    await proposed(scene)
    platform = scene.copilot.platform
    real = platform.update_waitlist_entry
    release, landed = asyncio.Event(), asyncio.Event()
    hung: list[Any] = []

    async def update(entry_id: str, *a: Any, **k: Any) -> Any:
        if k["changes"]["status"] == "offered" and not landed.is_set():
            await asyncio.wait_for(release.wait(), 5)
            await real(entry_id, *a, **k)
            landed.set()
            hung.append(asyncio.current_task())
            await asyncio.Event().wait()  # the process stops here: never answered
        return await real(entry_id, *a, **k)

    monkeypatch.setattr(platform, "update_waitlist_entry", update)
    first, _ = await scene.first_offer_sent()
    scene.clock.advance(minutes=2)
    await fill.on_message_received(scene.copilot, sms_reply(first["client_id"], "No thanks", scene.clock(), "m_no"))
    release.set()
    await asyncio.wait_for(landed.wait(), 5)
    monkeypatch.setattr(platform, "update_waitlist_entry", real)
    scene.clock.advance(hours=2)  # the copilot was down for a while
    fill.install(scene.copilot, scheduler.AsyncIOScheduler(timezone="UTC"))  # the restarted process
    return first["entry_id"], hung


async def _stop(hung: list[Any]) -> None:
    for task in hung:
        task.cancel()
        with contextlib.suppress(BaseException):
            await task


@pytest.mark.parametrize("desk", [WaitlistStatus.cancelled, WaitlistStatus.booked])
async def test_a_desk_change_during_the_downtime_is_not_undone_at_the_restart(
    scene: Scene, monkeypatch: pytest.MonkeyPatch, desk: WaitlistStatus
) -> None:
    entry, hung = await _offered_lands_unanswered_after_no(scene, monkeypatch)
    spa = scene.world.spa
    assert spa.waitlist[entry].status == WaitlistStatus.offered  # the stale "offered" landed last
    spa.waitlist[entry] = spa.waitlist[entry].model_copy(update={"status": desk})  # the desk, meanwhile
    await fill.redrive_outbox(scene.copilot)
    await _stop(hung)
    assert spa.waitlist[entry].status == desk
    assert not _then_keys(scene)  # no follow-up recorded
    assert await fill.redrive_outbox(scene.copilot) == 0


async def test_an_entry_gone_from_the_spa_system_gets_no_write(scene: Scene, monkeypatch: pytest.MonkeyPatch) -> None:
    entry, hung = await _offered_lands_unanswered_after_no(scene, monkeypatch)
    del scene.world.spa.waitlist[entry]  # erased at her request while the copilot was down
    await fill.redrive_outbox(scene.copilot)
    await _stop(hung)
    assert entry not in scene.world.spa.waitlist and not _then_keys(scene)


async def test_a_read_out_of_reach_is_tried_again_and_the_stale_status_then_put_right(
    scene: Scene, monkeypatch: pytest.MonkeyPatch
) -> None:
    entry, hung = await _offered_lands_unanswered_after_no(scene, monkeypatch)
    reads = down_once(monkeypatch, scene.copilot.platform, "list_waitlist")
    await fill.redrive_outbox(scene.copilot)
    assert reads["n"] == 1 and scene.world.spa.waitlist[entry].status == WaitlistStatus.offered  # kept for later
    scene.clock.advance(minutes=1)
    await fill.redrive_outbox(scene.copilot)
    await _stop(hung)
    assert reads["n"] == 2 and scene.world.spa.waitlist[entry].status == WaitlistStatus.waiting  # the latest again
    assert len(_then_keys(scene)) == 1 and await fill.redrive_outbox(scene.copilot) == 0


def _then_keys(scene: Scene) -> list[str]:
    """The follow-up writes recorded ("…:then-<status>")."""
    rows = scene.store.db.query("SELECT key FROM outbox WHERE key LIKE '%:then-%'")
    return [row["key"] for row in rows]
