"""rev36a H1 (2): the hold ends during a spa-system outage, so the expiry job marks the offer expired but cannot move
the card on (the next guest's draft reads the spa system). The guest's YES, sent within her hold and re-delivered once
the system answers, arrives before the next expiry run: it books, as the docs promise for "the reply webhook retried
after an outage", and the waitlist write the outage held back does not undo her entry's "booked"."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest

from spa_copilot import fill
from spa_copilot.platform.errors import PlatformUnavailable
from tests.fill_scene import Scene, proposed, sms_reply


async def test_in_time_yes_redelivered_after_an_outage_books(scene: Scene, monkeypatch: pytest.MonkeyPatch) -> None:
    await proposed(scene)
    first, offer = await scene.first_offer_sent()
    c = scene.copilot
    p = c.platform
    saved = {n: getattr(p, n) for n in ("get_client", "update_waitlist_entry", "list_waitlist", "list_appointments")}
    for name in saved:
        async def down(*a: Any, _n: str = name, **k: Any) -> Any:
            raise PlatformUnavailable(f"{_n}: HTTP 503 after 5 attempts", status=503)
        monkeypatch.setattr(p, name, down)
    expires = datetime.fromisoformat(offer["expires_at"])
    scene.clock.current = expires + timedelta(seconds=10)
    await fill.expire_offers(c)  # the hold ends in the outage: the offer expired, the move on waits
    assert (c.store.fill_offer(offer["id"]) or {}).get("status") == "expired"
    assert scene.proposal["status"] == "sent" and scene.proposal["current_index"] == 0
    for name, f in saved.items():  # the system answers again
        monkeypatch.setattr(p, name, f)
    scene.clock.advance(seconds=20)
    # her YES, sent a minute before the hold ended, re-delivered now, before the next expiry run
    await fill.on_message_received(c, sms_reply(first["client_id"], "YES", expires - timedelta(minutes=1), "m_retry"))
    await fill.expire_offers(c)
    await fill.redrive_outbox(c)
    row = scene.proposal
    assert len(scene.sent()) == 1, "nobody else was texted"
    assert len(scene.bookings_for(first["client_id"])) == 1
    assert row["status"] == "booked" and row["current_index"] == 0
    assert [r for r in scene.store.fill_proposals(statuses=("pending", "info")) if r["kind"] == "reply"] == []
    thread = scene.thread_text()
    assert "within the hold, but it reached the copilot only after the hold had been given up" in thread
    assert "did not answer" not in thread
    assert scene.world.spa.waitlist[scene.entries[0]].status.value == "booked"
