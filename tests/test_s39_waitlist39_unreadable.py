"""rev38h L2: a gateway flapping between malformed pages and 503s (the read of her entry) no longer restarts the count
of malformed reads at each outage, so the held write still goes out after UNREADABLE_READS of them, and each kind of
cause is warned of once, not at every switch."""
from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import Any

import pytest

from spa_copilot import fill
from spa_copilot.domain import WaitlistStatus
from spa_copilot.fill.waitlist_writes import UNREADABLE_READS, _bad_reads
from spa_copilot.platform.errors import PlatformProtocolError, PlatformUnavailable
from tests.fill_scene import Scene, down_once, proposed


async def _expiry_write_held(scene: Scene, monkeypatch: pytest.MonkeyPatch) -> tuple[str, str]:
    """The first offer's hold runs out and its "waiting" meets one outage: held. Her entry and the write's key."""
    await proposed(scene)
    first, offer = await scene.first_offer_sent()
    down_once(monkeypatch, scene.copilot.platform, "update_waitlist_entry")
    scene.clock.current = datetime.fromisoformat(offer["expires_at"]) + timedelta(seconds=20)
    await fill.expire_offers(scene.copilot)
    key = f"fill:{offer['id']}:expired"
    assert scene.store.outbox_item(key).status == "pending"
    return first["entry_id"], key


def test_malformed_reads_are_counted_through_an_outage_between_them() -> None:
    assert [_bad_reads(held) for held in (
        "PlatformUnavailable (unreadable 3)", "unreadable 4 (PlatformUnavailable)", "PlatformAuthError (unreadable 7, "
        "PlatformUnavailable)", "PlatformUnavailable (PlatformAuthError)")] == [3, 4, 7, 0]


def test_the_kinds_of_cause_already_said_are_carried_from_try_to_try() -> None:
    from spa_copilot.fill.waitlist_writes import _causes_said

    assert _causes_said("PlatformUnavailable (unreadable 3)") == {"PlatformUnavailable", "unreadable"}
    assert _causes_said("unreadable 4 (PlatformAuthError, PlatformUnavailable)") == {
        "unreadable", "PlatformAuthError", "PlatformUnavailable"}
    assert _causes_said("interrupted") == _causes_said(None) == _causes_said("unreadable x") == set()


async def test_a_flapping_read_still_sends_the_write_and_warns_once_per_kind(
    scene: Scene, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    entry, key = await _expiry_write_held(scene, monkeypatch)
    tries = {"n": 0}

    async def flapping(*a: Any, **k: Any) -> Any:  # a malformed page, then a 503, then a malformed page, ...
        tries["n"] += 1
        if tries["n"] % 2 == 0:
            raise PlatformUnavailable("GET /v1/waitlist: HTTP 503", status=503)
        raise PlatformProtocolError("GET /v1/waitlist: response is not JSON", status=200)

    monkeypatch.setattr(scene.copilot.platform, "list_waitlist", flapping)
    caplog.set_level(logging.WARNING, logger="spa_copilot")
    caplog.clear()  # the first try's outage was said at the expiry
    for _ in range(2 * UNREADABLE_READS - 2):  # one malformed read short
        scene.clock.advance(minutes=1)
        await fill.redrive_outbox(scene.copilot)
    item = scene.store.outbox_item(key)
    assert item.status == "pending" and item.last_error == f"PlatformUnavailable (unreadable {UNREADABLE_READS - 1})"
    assert scene.world.spa.waitlist[entry].status == WaitlistStatus.offered
    held = [r for r in caplog.records if "the outbox will try again" in r.getMessage()]
    assert len(held) == 1 and "could not be read (unreadable 1)" in held[0].getMessage()  # the 503's was said before
    scene.clock.advance(minutes=1)
    await fill.redrive_outbox(scene.copilot)
    assert scene.store.outbox_item(key).status == "sent"
    assert scene.world.spa.waitlist[entry].status == WaitlistStatus.waiting
