"""rev41b M1, L2, L3: the thread line of a waitlist write sent unread after an hour of reads that could not be made
(``UNREAD_WRITE_TEXT``), and the count that ends that hour.

- M1: said when the write's landing was never seen (settled by a refused read; its PATCH answered off-shape), the line
  said it "was set", while the spa system may still show the desk's removal: it now says it may have been set, not
  confirmed, and asks the desk to check (``UNCONFIRMED_WRITE_TEXT``); a landing seen keeps the plain line;
- L2: a PATCH stopped mid-way (a task cancelled) dropped the malformed reads counted and their time: another hour;
- L3: a follow-up handed the line by a set-aside write lost it when its own PATCH met an outage.
"""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from spa_copilot import fill
from spa_copilot.domain import WaitlistStatus
from spa_copilot.fill import waitlist_writes
from spa_copilot.fill._common import OUTBOX_LEASE, OUTBOX_WAITLIST
from spa_copilot.fill.waitlist_writes import (
    UNCONFIRMED_WRITE_TEXT,
    UNREAD_WRITE_TEXT,
    UNREADABLE_AT,
    _bad_reads,
    unread_write_text,
)
from spa_copilot.platform.errors import PlatformProtocolError, PlatformRejected, PlatformUnavailable
from tests.fill_scene import Scene
from tests.test_s39_waitlist39_unreadable import _expiry_write_held
from tests.test_s40_waitlist40b_owed_line import READS, SAID, _an_hour_unread, _landed_then, _redrives
from tests.test_s41_waitlist41_count_across_hold import _malformed, _never_reached


def _tail(template: str, status: str) -> str:
    """The line after her name, as ``template`` says it for ``status``."""
    return template.split("{first_name}", 1)[1].format(status=status)


async def _refused(*a: Any, **k: Any) -> Any:
    raise PlatformRejected("GET /v1/waitlist: HTTP 403", status=403)


def test_the_unconfirmed_line_says_it_may_have_been_set_and_asks_to_check() -> None:
    assert UNCONFIRMED_WRITE_TEXT == unread_write_text(waitlist_writes.UNREADABLE_FOR, confirmed=False)
    assert UNCONFIRMED_WRITE_TEXT != UNREAD_WRITE_TEXT
    said = _tail(UNCONFIRMED_WRITE_TEXT, "waiting")
    assert 'may have been set to "waiting"' in said and "did not confirm" in said and "Check it in Mangomint" in said
    assert 'was set to "waiting"' not in said


async def test_a_refused_read_after_a_patch_that_never_landed_says_it_may_have_been_set(
    scene: Scene, monkeypatch: pytest.MonkeyPatch
) -> None:
    entry, key = await _an_hour_unread(scene, monkeypatch, _never_reached)
    monkeypatch.setattr(scene.copilot.platform, "list_waitlist", _refused)
    await _redrives(scene)
    assert scene.store.outbox_item(key).status == "failed"  # settled: never read again
    assert scene.world.spa.waitlist[entry].status == WaitlistStatus.cancelled  # the desk's removal stands
    thread = scene.thread_text()
    assert _tail(UNREAD_WRITE_TEXT, "waiting") not in thread  # no false "was set"
    assert thread.count(_tail(UNCONFIRMED_WRITE_TEXT, "waiting")) == 1  # the desk is asked to check, once


async def test_an_off_shape_answer_to_the_unread_patch_says_it_may_have_been_set(
    scene: Scene, monkeypatch: pytest.MonkeyPatch
) -> None:
    entry, key = await _an_hour_unread(scene, monkeypatch, _landed_then(PlatformProtocolError))
    await _redrives(scene)
    assert scene.store.outbox_item(key).status == "failed"
    thread = scene.thread_text()
    assert _tail(UNREAD_WRITE_TEXT, "waiting") not in thread
    assert thread.count(_tail(UNCONFIRMED_WRITE_TEXT, "waiting")) == 1


async def test_a_landing_seen_keeps_the_plain_line(scene: Scene, monkeypatch: pytest.MonkeyPatch) -> None:
    entry, key = await _an_hour_unread(scene, monkeypatch, _landed_then(PlatformUnavailable))
    await _redrives(scene)
    assert scene.world.spa.waitlist[entry].status == WaitlistStatus.waiting  # read back: it landed
    thread = scene.thread_text()
    assert thread.count(_tail(UNREAD_WRITE_TEXT, "waiting")) == 1
    assert _tail(UNCONFIRMED_WRITE_TEXT, "waiting") not in thread


async def test_a_patch_stopped_midway_keeps_the_count_as_an_outage_does(
    scene: Scene, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(waitlist_writes, "UNREADABLE_READS", READS)
    entry, key = await _expiry_write_held(scene, monkeypatch)
    platform = scene.copilot.platform
    real_patch = platform.update_waitlist_entry
    monkeypatch.setattr(platform, "list_waitlist", _malformed)

    async def cut_off(*a: Any, **k: Any) -> Any:  # a deploy cancels the task during the unread PATCH
        raise asyncio.CancelledError

    monkeypatch.setattr(platform, "update_waitlist_entry", cut_off)
    for _ in range(READS):
        scene.clock.advance(minutes=1)
        try:
            await fill.redrive_outbox(scene.copilot)
        except asyncio.CancelledError:
            break
    item = scene.store.outbox_item(key)
    assert item.status == "pending" and item.last_error.startswith("interrupted")
    assert _bad_reads(item.last_error) == READS  # the hour's count kept
    assert item.result[UNREADABLE_AT] == scene.copilot.now().isoformat()  # and when its last bad page was met
    assert item.result["sentUnread"] == "malformed"  # the line owed kept too
    monkeypatch.setattr(platform, "update_waitlist_entry", real_patch)
    scene.clock.advance(minutes=1)
    await fill.redrive_outbox(scene.copilot)  # the gateway still pages: sent again at once, not another hour
    assert scene.store.outbox_item(key).status == "sent"
    assert scene.world.spa.waitlist[entry].status == WaitlistStatus.waiting


async def test_a_follow_up_whose_patch_is_held_still_says_the_line_handed_on(
    scene: Scene, monkeypatch: pytest.MonkeyPatch
) -> None:
    entry, key = await _an_hour_unread(scene, monkeypatch, _landed_then(PlatformUnavailable))
    store = scene.store
    later = "fill:other:later:booked"
    store.enqueue(
        later,
        kind=OUTBOX_WAITLIST,
        subject_id=entry,
        payload={"entry_id": entry, "status": "booked", "from": ["offered", "waiting"]},
    )
    assert store.claim_outbox(later, now=scene.copilot.now(), lease=OUTBOX_LEASE)
    store.mark_outbox(later, status="sent")  # went out (its PATCH lost behind the unread "waiting" landing)
    real = scene.copilot.platform.update_waitlist_entry

    async def follow_up_down(*a: Any, **k: Any) -> Any:
        if ":then-" in k.get("idempotency_key", ""):
            raise PlatformUnavailable("PATCH /v1/waitlist: HTTP 503", status=503)
        return await real(*a, **k)

    monkeypatch.setattr(scene.copilot.platform, "update_waitlist_entry", follow_up_down)
    await _redrives(scene, 1)
    assert store.outbox_item(key).status == "failed"  # set aside; the latest sent again, unread
    assert store.outbox_item(f"{key}:then-booked").status == "pending"  # held by the outage
    assert SAID not in scene.thread_text()  # not said before it is answered
    monkeypatch.setattr(scene.copilot.platform, "update_waitlist_entry", real)
    await _redrives(scene, 3)
    assert store.outbox_item(f"{key}:then-booked").status == "sent"
    assert scene.world.spa.waitlist[entry].status == WaitlistStatus.booked
    assert scene.thread_text().count(_tail(UNREAD_WRITE_TEXT, "booked")) == 1  # said once, as sent
