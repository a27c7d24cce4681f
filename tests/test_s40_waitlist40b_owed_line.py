"""rev40f M1, rev40h M3 M4 L2: the thread line owed by a waitlist write sent unread after an hour of malformed reads,
when its PATCH's answer is lost, is said once when a later read shows the write landed, and never when it did not.

- its answer lost (a timeout: held, then read again; an off-shape answer: settled failed): said once (rev40f M1);
- the process killed during the PATCH: the line was recorded only by a hold or a caught error (rev40h M4);
- a PATCH that never landed (a 503 before it reached the spa system), sent checked later, undid nothing (rev40h M3);
- a write and its follow-up (a later write for her entry in flight) each said it (rev40h L2).
"""
from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest

from spa_copilot import fill
from spa_copilot.domain import WaitlistStatus
from spa_copilot.fill import waitlist_writes
from spa_copilot.fill._common import OUTBOX_LEASE, OUTBOX_WAITLIST
from spa_copilot.platform.errors import PlatformProtocolError, PlatformUnavailable
from tests.fill_scene import Scene
from tests.test_s39_waitlist39_unreadable import _expiry_write_held

READS = 3
SAID = "could not be read for an hour"


async def _an_hour_unread(
    scene: Scene, monkeypatch: pytest.MonkeyPatch, patch: Callable[[Callable[..., Awaitable[Any]]], Any], *,
    removed: bool = True,
) -> tuple[str, str]:
    """The expiry's "waiting" held, the desk's removal of her made (``removed``), then READS re-drives whose reads meet
    malformed pages while the PATCH does as ``patch`` (given the real one) says; the spa system mended after. Her
    entry and the write's key."""
    monkeypatch.setattr(waitlist_writes, "UNREADABLE_READS", READS)
    entry, key = await _expiry_write_held(scene, monkeypatch)
    platform = scene.copilot.platform
    real_list, real_patch = platform.list_waitlist, platform.update_waitlist_entry
    if removed:
        scene.world.spa.waitlist[entry].status = WaitlistStatus.cancelled  # at her request, in the hour

    async def malformed(*a: Any, **k: Any) -> Any:
        raise PlatformProtocolError("GET /v1/waitlist: response is not JSON", status=200)

    monkeypatch.setattr(platform, "list_waitlist", malformed)
    monkeypatch.setattr(platform, "update_waitlist_entry", patch(real_patch))
    for _ in range(READS):
        scene.clock.advance(minutes=1)
        try:
            await fill.redrive_outbox(scene.copilot)
        except _Killed:
            break
    monkeypatch.setattr(platform, "list_waitlist", real_list)  # the spa system mends
    monkeypatch.setattr(platform, "update_waitlist_entry", real_patch)
    return entry, key


class _Killed(BaseException):
    """Stands in for the process dying during the PATCH (nothing after it runs: the item is left "sending")."""


def _landed_then(error: type[BaseException]) -> Callable[[Callable[..., Awaitable[Any]]], Any]:
    def patch(real: Callable[..., Awaitable[Any]]) -> Any:
        async def landed(*a: Any, **k: Any) -> Any:
            await real(*a, **k)
            raise error("PATCH /v1/waitlist: answer lost", status=200 if error is PlatformProtocolError else 503)
        return landed
    return patch


async def _redrives(scene: Scene, n: int = 3) -> None:
    for _ in range(n):
        scene.clock.advance(minutes=1)
        await fill.redrive_outbox(scene.copilot)
        await fill.expire_offers(scene.copilot)


@pytest.mark.parametrize("lost", [PlatformUnavailable, PlatformProtocolError])
async def test_an_unread_write_whose_answer_was_lost_is_said_once(
    scene: Scene, monkeypatch: pytest.MonkeyPatch, lost: type[Exception]
) -> None:
    entry, _ = await _an_hour_unread(scene, monkeypatch, _landed_then(lost))
    await _redrives(scene)
    assert scene.world.spa.waitlist[entry].status == WaitlistStatus.waiting  # her removal undone, unread
    assert scene.thread_text().count(SAID) == 1  # the desk is told, once, to set her removal again


async def test_the_line_owed_survives_a_process_killed_mid_patch(scene: Scene, monkeypatch: pytest.MonkeyPatch) -> None:
    store, left = scene.store, dict[str, Any]()
    columns = "status, result, last_error, attempts, lease_until"

    def killed(real: Callable[..., Awaitable[Any]]) -> Any:
        async def landed(*a: Any, **k: Any) -> Any:
            await real(*a, **k)
            key = k["idempotency_key"]
            left[key] = store.db.execute(f"SELECT {columns} FROM outbox WHERE key = ?", [key]).fetchone()  # noqa: S608
            raise _Killed
        return landed

    entry, key = await _an_hour_unread(scene, monkeypatch, killed)
    # the row as the dead process left it (a caught stop would have settled it "pending")
    store.db.execute("UPDATE outbox SET status = ?, result = ?, last_error = ?, attempts = ?, lease_until = ? "
                     "WHERE key = ?", [*left[key], key])
    assert store.outbox_item(key).status == "sending"
    scene.clock.advance(seconds=OUTBOX_LEASE.total_seconds() + 60)  # the restart: its lease runs out
    await _redrives(scene)
    assert scene.store.outbox_item(key).status == "sent"
    assert scene.world.spa.waitlist[entry].status == WaitlistStatus.waiting
    assert scene.thread_text().count(SAID) == 1


async def test_an_unread_try_that_never_landed_owes_no_line(scene: Scene, monkeypatch: pytest.MonkeyPatch) -> None:
    def not_reached(real: Any) -> Any:  # the gateway's 503: the PATCH never reached the spa system
        async def refused(*a: Any, **k: Any) -> Any:
            raise PlatformUnavailable("PATCH /v1/waitlist: HTTP 503", status=503)
        return refused

    entry, key = await _an_hour_unread(scene, monkeypatch, not_reached, removed=False)
    assert scene.world.spa.waitlist[entry].status == WaitlistStatus.offered  # nothing landed
    await _redrives(scene, 1)  # read: "offered" (as expected): sent, checked
    assert scene.store.outbox_item(key).status == "sent"
    assert scene.world.spa.waitlist[entry].status == WaitlistStatus.waiting
    assert SAID not in scene.thread_text()  # a write checked before it landed undid nothing


async def test_a_landed_unread_write_and_its_follow_up_say_the_line_once(
    scene: Scene, monkeypatch: pytest.MonkeyPatch
) -> None:
    entry, key = await _an_hour_unread(scene, monkeypatch, _landed_then(PlatformUnavailable))
    assert scene.store.outbox_item(key).result.get("sentUnread") == "malformed"
    store = scene.store
    later = "fill:other:later:booked"  # a later write for her entry, being sent right now by another task
    store.enqueue(later, kind=OUTBOX_WAITLIST, subject_id=entry,
                  payload={"entry_id": entry, "status": "booked", "from": ["offered", "waiting"]})
    assert store.claim_outbox(later, now=scene.copilot.now(), lease=OUTBOX_LEASE)
    await _redrives(scene, 1)
    assert [line for line in scene.thread_text().splitlines() if SAID in line].__len__() == 1
