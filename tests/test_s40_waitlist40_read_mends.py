"""rev40c L1, L4: a held waitlist write whose record keeps a time it never wrote is still read and held, not stuck;
a first try set aside as superseded during its read says nothing went out unread."""
from __future__ import annotations

import logging
from typing import Any

import pytest

from spa_copilot import fill
from spa_copilot.domain import WaitlistStatus
from spa_copilot.fill._common import OUTBOX_LEASE
from spa_copilot.fill.waitlist_writes import UNREADABLE_AT, _waitlist_write
from spa_copilot.platform.errors import PlatformAuthError, PlatformProtocolError
from tests.fill_scene import Scene, proposed
from tests.test_s39_waitlist39_unreadable import _expiry_write_held


async def test_a_malformed_read_with_an_unreadable_time_on_record_is_held_and_counted(
    scene: Scene, monkeypatch: pytest.MonkeyPatch
) -> None:
    _, key = await _expiry_write_held(scene, monkeypatch)
    item = scene.store.outbox_item(key)
    # a time the copilot never wrote (an older row, one edited by hand), and no malformed read counted
    assert scene.store.claim_outbox(key, now=scene.clock(), lease=OUTBOX_LEASE)
    assert scene.store.mark_outbox(key, status="pending", error=item.last_error,
                                   result={**(item.result or {}), UNREADABLE_AT: "not a time"})

    async def bad(*a: Any, **k: Any) -> Any:
        raise PlatformProtocolError("GET /v1/waitlist: response is not JSON", status=200)

    monkeypatch.setattr(scene.copilot.platform, "list_waitlist", bad)
    scene.clock.advance(minutes=1)
    await fill.redrive_outbox(scene.copilot)
    held = scene.store.outbox_item(key)
    assert (held.status, held.last_error) == ("pending", "unreadable 1 (PlatformUnavailable)")


async def test_a_first_try_superseded_during_its_refused_read_is_not_said_sent(
    scene: Scene, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    await proposed(scene)
    first, offer = await scene.first_offer_sent()
    key = f"fill:{offer['id']}:late-test"
    _waitlist_write(scene.copilot, first["entry_id"], WaitlistStatus.waiting, key=key)

    async def refused_and_overtaken(*a: Any, **k: Any) -> Any:
        # while her entry is read, a later write for it goes out
        later = f"{key}:later"
        if _waitlist_write(scene.copilot, first["entry_id"], WaitlistStatus.booked, key=later):  # once (two reads)
            if scene.store.claim_outbox(later, now=scene.clock(), lease=OUTBOX_LEASE):
                scene.store.mark_outbox(later, status="sent")
        raise PlatformAuthError("GET /v1/waitlist: HTTP 403", status=403)

    monkeypatch.setattr(scene.copilot.platform, "list_waitlist", refused_and_overtaken)
    with caplog.at_level(logging.INFO, logger="spa_copilot"):
        await fill.deliver(scene.copilot, key)
    assert scene.store.outbox_item(f"{key}:later").status == "sent"
    assert scene.store.outbox_item(key).last_error == "superseded"
    assert not any("sent unread" in record.getMessage() for record in caplog.records)
