"""A waitlist write whose reads met malformed pages for an hour goes out unread; when that PATCH then meets an outage
(held, its answer never came), the count of malformed reads started again from nothing: the next malformed read was
the first of another hour, and her entry stayed "offered", out of every ranking, an hour longer. The count now carries
across the PATCH's hold, as it carries across an outage of the read (rule 2): the next malformed read sends it."""

from __future__ import annotations

from typing import Any

import pytest

from spa_copilot import fill
from spa_copilot.domain import WaitlistStatus
from spa_copilot.fill import waitlist_writes
from spa_copilot.fill.waitlist_writes import UNREADABLE_GAP, EntryRead, Read, Send, WriteFacts, what_it_keeps
from spa_copilot.platform.errors import PlatformProtocolError, PlatformUnavailable
from tests.fill_scene import Scene
from tests.test_s40_waitlist40b_owed_line import READS, SAID, _an_hour_unread


def _never_reached(real: Any) -> Any:  # the gateway's 503: the PATCH never reached the spa system
    async def unavailable(*a: Any, **k: Any) -> Any:
        raise PlatformUnavailable("PATCH /v1/waitlist: HTTP 503", status=503)

    return unavailable


async def _malformed(*a: Any, **k: Any) -> Any:
    raise PlatformProtocolError("GET /v1/waitlist: response is not JSON", status=200)


async def test_the_malformed_count_carries_across_a_patch_held_by_an_outage(
    scene: Scene, monkeypatch: pytest.MonkeyPatch
) -> None:
    entry, key = await _an_hour_unread(scene, monkeypatch, _never_reached)
    item = scene.store.outbox_item(key)
    assert item.status == "pending" and item.last_error == f"PlatformUnavailable (unreadable {READS})"
    monkeypatch.setattr(scene.copilot.platform, "list_waitlist", _malformed)  # the gateway still pages
    scene.clock.advance(minutes=1)
    await fill.redrive_outbox(scene.copilot)
    assert scene.store.outbox_item(key).status == "sent"  # not another hour of reads
    assert scene.world.spa.waitlist[entry].status == WaitlistStatus.waiting
    assert scene.thread_text().count(SAID) == 1


async def test_a_patch_outage_longer_than_the_gap_starts_the_count_again(
    scene: Scene, monkeypatch: pytest.MonkeyPatch
) -> None:
    _, key = await _an_hour_unread(scene, monkeypatch, _never_reached, removed=False)
    monkeypatch.setattr(scene.copilot.platform, "list_waitlist", _malformed)
    scene.clock.advance(
        seconds=2 * UNREADABLE_GAP.total_seconds()
    )  # down all afternoon: one gateway page is not Friday's count
    await fill.redrive_outbox(scene.copilot)
    item = scene.store.outbox_item(key)
    assert item.status == "pending" and item.last_error.startswith("unreadable 1")


@pytest.mark.parametrize(
    ("read", "bad_reads", "kept"),
    [
        (EntryRead(Read.MALFORMED, "PlatformProtocolError"), 2, 3),  # this read counted: the hour it completed
        (EntryRead(Read.SHOWN, "offered"), 2, 0),  # a read that worked starts the count again
        (EntryRead(), 0, 0),  # not read
    ],
)
def test_a_send_keeps_the_malformed_count_its_read_left(
    monkeypatch: pytest.MonkeyPatch, read: EntryRead, bad_reads: int, kept: int
) -> None:
    monkeypatch.setattr(waitlist_writes, "UNREADABLE_READS", READS)
    facts = WriteFacts(status="offered", expected=("waiting",), tried=True, read=read, bad_reads=bad_reads)
    action = waitlist_writes.waitlist_write_action(facts)
    assert isinstance(action, Send)
    assert what_it_keeps(facts, action).bad_reads == kept
