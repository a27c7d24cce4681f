"""rev38a L3: a held waitlist write whose read of her entry is refused for good (a 403: not an outage) is settled as
not sent saying so, not as "not needed: the entry shows nothing" (which told IT the entry was gone)."""
from __future__ import annotations

from typing import Any

import pytest

from spa_copilot import fill
from spa_copilot.domain import WaitlistStatus
from spa_copilot.platform.errors import PlatformRejected
from tests.fill_scene import Scene
from tests.test_s39_waitlist39_unreadable import _expiry_write_held


async def test_a_read_refused_for_good_says_so(scene: Scene, monkeypatch: pytest.MonkeyPatch) -> None:
    entry, key = await _expiry_write_held(scene, monkeypatch)

    async def refused(*a: Any, **k: Any) -> Any:
        raise PlatformRejected("GET /v1/waitlist: HTTP 403", status=403)

    monkeypatch.setattr(scene.copilot.platform, "list_waitlist", refused)
    await fill.redrive_outbox(scene.copilot)
    item = scene.store.outbox_item(key)
    assert item.status == "failed" and item.last_error == "not sent: her entry could not be read (PlatformRejected)"
    assert scene.world.spa.waitlist[entry].status == WaitlistStatus.offered
