"""rev40f L3: a superseded "waiting" settled after an hour of malformed reads logged that "its write (waiting) goes
ahead unread", though "waiting" is set aside and only the latest ("booked") is sent again: the log says that now."""
from __future__ import annotations

import logging
from typing import Any

import pytest

from spa_copilot import fill
from spa_copilot.domain import WaitlistStatus
from spa_copilot.fill import waitlist_writes
from spa_copilot.fill.outbox import _waitlist_write, deliver
from spa_copilot.platform.errors import PlatformProtocolError
from tests.fill_scene import Scene, down_once, proposed

READS = 3


async def test_a_superseded_write_set_aside_unread_is_not_logged_as_gone_ahead(scene: Scene, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    monkeypatch.setattr(waitlist_writes, "UNREADABLE_READS", READS)
    await proposed(scene)
    first, offer = await scene.first_offer_sent()
    entry, platform = first["entry_id"], scene.copilot.platform
    down_once(monkeypatch, platform, "update_waitlist_entry")
    key = _waitlist_write(scene.copilot, entry, WaitlistStatus.waiting, key=f"fill:{offer['id']}:lost")
    assert key is not None and not await deliver(scene.copilot, key)
    booked = _waitlist_write(scene.copilot, entry, WaitlistStatus.booked, key=f"fill:{offer['id']}:booked")
    assert booked is not None and await deliver(scene.copilot, booked)

    async def malformed(*a: Any, **k: Any) -> Any:
        raise PlatformProtocolError("GET /v1/waitlist: response is not JSON", status=200)

    monkeypatch.setattr(platform, "list_waitlist", malformed)
    caplog.set_level(logging.INFO, logger="spa_copilot")
    for _ in range(READS + 2):
        scene.clock.advance(minutes=1)
        await fill.redrive_outbox(scene.copilot)
    lines = [r.getMessage() for r in caplog.records if "unread" in r.getMessage()]
    assert scene.store.outbox_item(key).last_error == "superseded"
    assert not any("its write (waiting) goes ahead unread" in m for m in lines)  # "waiting" was never sent
    assert any("is set aside and the latest status goes out unread" in m for m in lines)
