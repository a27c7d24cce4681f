"""A first try whose read of her entry is refused (a 403) is sent unread the old way, for an entry really gone (its
PATCH fails then): logged only, no thread line about an hour of unread reads (that line is for rev39m M2's case)."""
from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest

from spa_copilot import fill
from spa_copilot.domain import WaitlistStatus
from spa_copilot.fill.waitlist_writes import UNREAD_WRITE_TEXT
from spa_copilot.platform.errors import PlatformRejected
from tests.fill_scene import Scene, proposed


async def test_a_first_try_sent_unread_for_a_refused_read_posts_no_line(
    scene: Scene, monkeypatch: pytest.MonkeyPatch
) -> None:
    await proposed(scene)
    first, offer = await scene.first_offer_sent()

    async def refused(*a: Any, **k: Any) -> Any:
        raise PlatformRejected("GET /v1/waitlist: HTTP 403", status=403)

    monkeypatch.setattr(scene.copilot.platform, "list_waitlist", refused)
    scene.clock.current = datetime.fromisoformat(offer["expires_at"]) + timedelta(seconds=20)
    await fill.expire_offers(scene.copilot)
    assert scene.store.outbox_item(f"fill:{offer['id']}:expired").status == "sent"
    assert scene.world.spa.waitlist[first["entry_id"]].status == WaitlistStatus.waiting
    await fill.expire_offers(scene.copilot)
    assert UNREAD_WRITE_TEXT.split("{", 1)[0] not in scene.thread_text()
    assert scene.store.kept_notes() == []
