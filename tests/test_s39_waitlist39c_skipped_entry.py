"""rev39e R2, rev39h H1, R3: her waitlist entry listed but skipped as off-contract (the desk's removal in a status word
the contract does not list) leaves the write alone, as a desk's change the copilot can read does, never "not listed":
on a first try the expiry's "waiting" was sent unread over the desk's removal; held as a malformed page, it was sent
unread over it after an hour of reads.
And a refused first-try read no longer warns "nothing is sent to it" before sending."""
from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import Any

import pytest

from spa_copilot import fill
from spa_copilot.domain import WaitlistStatus
from spa_copilot.fill.waitlist_writes import OFF_CONTRACT
from spa_copilot.platform.errors import PlatformAuthError
from tests.fill_scene import Scene, down_once, proposed


def _spelled_removed(scene: Scene, monkeypatch: pytest.MonkeyPatch, entry: str) -> None:
    """The spa system's waitlist shows her entry with a status the contract does not list ("removed")."""
    platform = scene.copilot.platform
    real_request = platform._request

    async def spelled(method: str, path: str, **kw: Any) -> Any:
        body = await real_request(method, path, **kw)
        if method == "GET" and path == "/v1/waitlist" and isinstance(body, dict):
            for item in body.get("data", []):
                if item.get("id") == entry:
                    item["status"] = "removed"
        return body

    monkeypatch.setattr(platform, "_request", spelled)


async def test_a_skipped_entry_is_not_overwritten_on_a_first_try(scene: Scene, monkeypatch: pytest.MonkeyPatch) -> None:
    await proposed(scene)
    first, offer = await scene.first_offer_sent()
    entry, spa = first["entry_id"], scene.world.spa
    spa.waitlist[entry] = spa.waitlist[entry].model_copy(update={"status": WaitlistStatus.cancelled})  # the desk
    _spelled_removed(scene, monkeypatch, entry)
    scene.clock.current = datetime.fromisoformat(offer["expires_at"]) + timedelta(seconds=20)
    await fill.expire_offers(scene.copilot)
    item = scene.store.outbox_item(f"fill:{offer['id']}:expired")
    assert spa.waitlist[entry].status == WaitlistStatus.cancelled
    assert item.status == "failed" and item.last_error == f"not needed: the entry shows {OFF_CONTRACT}"


async def test_a_skipped_entry_leaves_a_tried_write_alone(
    scene: Scene, monkeypatch: pytest.MonkeyPatch
) -> None:
    await proposed(scene)
    first, offer = await scene.first_offer_sent()
    entry = first["entry_id"]
    down_once(monkeypatch, scene.copilot.platform, "update_waitlist_entry")
    scene.clock.current = datetime.fromisoformat(offer["expires_at"]) + timedelta(seconds=20)
    await fill.expire_offers(scene.copilot)
    key = f"fill:{offer['id']}:expired"
    assert scene.store.outbox_item(key).status == "pending"  # its PATCH held by an outage
    _spelled_removed(scene, monkeypatch, entry)
    scene.clock.advance(minutes=1)
    await fill.redrive_outbox(scene.copilot)
    item = scene.store.outbox_item(key)
    assert item.status == "failed" and item.last_error == f"not needed: the entry shows {OFF_CONTRACT}", item.last_error


async def test_a_refused_first_try_read_says_it_is_sent_unread(
    scene: Scene, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    await proposed(scene)
    first, offer = await scene.first_offer_sent()

    async def refused(*a: Any, **k: Any) -> Any:
        raise PlatformAuthError("GET /v1/waitlist: HTTP 403", status=403)

    monkeypatch.setattr(scene.copilot.platform, "list_waitlist", refused)
    caplog.set_level(logging.INFO, logger="spa_copilot")
    scene.clock.current = datetime.fromisoformat(offer["expires_at"]) + timedelta(seconds=20)
    await fill.expire_offers(scene.copilot)
    assert scene.store.outbox_item(f"fill:{offer['id']}:expired").status == "sent"
    warnings = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING and first["entry_id"] in
                r.getMessage()]
    assert not any("nothing is sent" in line for line in warnings), warnings
    assert any("could not be read (PlatformAuthError)" in line and "sent unread on its first try" in line
               for line in warnings), warnings


async def test_a_skipped_entry_is_never_written_over_however_many_reads(
    scene: Scene, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """Not held and counted as a malformed page (which goes out unread after UNREADABLE_READS): settled at once, with a
    warning, and her entry as the desk left it (rev39h H1)."""
    await proposed(scene)
    first, offer = await scene.first_offer_sent()
    entry, spa = first["entry_id"], scene.world.spa
    spa.waitlist[entry] = spa.waitlist[entry].model_copy(update={"status": WaitlistStatus.cancelled})  # the desk
    _spelled_removed(scene, monkeypatch, entry)  # her entry skipped at every read
    caplog.set_level(logging.INFO, logger="spa_copilot")
    scene.clock.current = datetime.fromisoformat(offer["expires_at"]) + timedelta(seconds=20)
    await fill.expire_offers(scene.copilot)
    key = f"fill:{offer['id']}:expired"
    for _ in range(3):  # the re-drives find nothing left to send
        scene.clock.advance(minutes=1)
        await fill.redrive_outbox(scene.copilot)
    item = scene.store.outbox_item(key)
    warnings = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING and entry in r.getMessage()]
    assert (item.status, item.attempts) == ("failed", 1), (item.status, item.last_error)
    assert spa.waitlist[entry].status == WaitlistStatus.cancelled
    assert any(OFF_CONTRACT in line for line in warnings), warnings
