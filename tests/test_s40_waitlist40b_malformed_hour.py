"""rev39m M2, rev40a M3: a waitlist write held because her entry's read met malformed pages for an hour goes out
unread, which undoes a desk's removal or phone booking made in that hour; only a log line said so. Its card's thread
now says it, once (re-drives, the expiry job), naming her as the card does."""
from __future__ import annotations

import logging
from typing import Any

import pytest

from spa_copilot import fill
from spa_copilot.domain import WaitlistStatus
from spa_copilot.fill import waitlist_writes
from spa_copilot.fill._common import card_name
from spa_copilot.fill.outbox import _waitlist_write, deliver
from spa_copilot.fill.waitlist_writes import UNREAD_WRITE_TEXT
from spa_copilot.platform.errors import PlatformProtocolError
from tests.fill_scene import Scene, down_once, proposed
from tests.test_s39_waitlist39_unreadable import _expiry_write_held

READS = 3
SAID = "could not be read for an hour"


async def test_an_hour_of_malformed_reads_sends_the_write_and_says_so_once_in_the_thread(
    scene: Scene, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(waitlist_writes, "UNREADABLE_READS", READS)
    entry, key = await _expiry_write_held(scene, monkeypatch)
    first = scene.candidate(0)

    async def malformed(*a: Any, **k: Any) -> Any:
        raise PlatformProtocolError("GET /v1/waitlist: response is not JSON", status=200)

    monkeypatch.setattr(scene.copilot.platform, "list_waitlist", malformed)
    for _ in range(READS - 1):
        scene.clock.advance(minutes=1)
        await fill.redrive_outbox(scene.copilot)
    assert scene.store.outbox_item(key).status == "pending"
    assert SAID not in scene.thread_text()  # held: nothing written yet, nothing to say
    scene.clock.advance(minutes=1)
    await fill.redrive_outbox(scene.copilot)
    assert scene.store.outbox_item(key).status == "sent"
    assert scene.world.spa.waitlist[entry].status == WaitlistStatus.waiting
    line = UNREAD_WRITE_TEXT.format(first_name=card_name(first), status="waiting")
    assert scene.thread_text().count(line) == 1
    for _ in range(3):  # further re-drives and expiry runs: said once
        scene.clock.advance(minutes=1)
        await fill.redrive_outbox(scene.copilot)
        await fill.expire_offers(scene.copilot)
    assert scene.thread_text().count(SAID) == 1
    assert scene.store.kept_notes() == []


async def test_a_superseded_write_settled_after_an_hour_of_malformed_reads_says_the_latest_sent_again(
    scene: Scene, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """Its PATCH held by an outage, then superseded by her "booked": after an hour of malformed reads it is settled
    and "booked" sent again with no read (it may have landed over it), which is what the thread is told; the log
    says the write is set aside, not that it "goes ahead unread" (rev40f L3)."""
    monkeypatch.setattr(waitlist_writes, "UNREADABLE_READS", READS)
    await proposed(scene)
    first, offer = await scene.first_offer_sent()
    entry, platform = first["entry_id"], scene.copilot.platform
    down_once(monkeypatch, platform, "update_waitlist_entry")
    key = _waitlist_write(scene.copilot, entry, WaitlistStatus.waiting, key=f"fill:{offer['id']}:lost")
    assert key is not None and not await deliver(scene.copilot, key)  # read, then its PATCH held: tried
    booked = _waitlist_write(scene.copilot, entry, WaitlistStatus.booked, key=f"fill:{offer['id']}:booked")
    assert booked is not None and await deliver(scene.copilot, booked)

    async def malformed(*a: Any, **k: Any) -> Any:
        raise PlatformProtocolError("GET /v1/waitlist: response is not JSON", status=200)

    monkeypatch.setattr(platform, "list_waitlist", malformed)
    caplog.set_level(logging.INFO, logger="spa_copilot")
    for _ in range(READS + 2):
        scene.clock.advance(minutes=1)
        await fill.redrive_outbox(scene.copilot)
    assert scene.store.outbox_item(key).last_error == "superseded"
    assert scene.store.outbox_item(f"{key}:then-booked").status == "sent"
    logged = [record.getMessage() for record in caplog.records if "unread" in record.getMessage()]
    assert not any("its write (waiting) goes ahead unread" in line for line in logged)  # "waiting" was never sent
    assert any("is set aside and the latest status goes out unread" in line for line in logged)
    line = UNREAD_WRITE_TEXT.format(first_name=card_name(first), status="booked")
    assert scene.thread_text().count(line) == 1
    assert SAID not in scene.thread_text().replace(line, "")  # the superseded "waiting" itself went nowhere
