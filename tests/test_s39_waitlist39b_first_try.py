"""rev39c B, C, D: a "waiting" read first on its first try (``_read_first``) is left alone only when the read SHOWS her
entry changed; a read refused then, or one that does not list her, sends it unread as before reads were asked (settled
"not sent" it left her "offered", out of every ranking, for good). A NO's "waiting" is not read first (decided within
her hold). A never-tried write superseded since is set aside, never taken for landed (which re-sent the latest over
the desk)."""
from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest

from spa_copilot import fill
from spa_copilot.domain import WaitlistStatus
from spa_copilot.fill.outbox import _waitlist_write, deliver
from spa_copilot.fill.waitlist_writes import _read_first
from spa_copilot.platform.errors import PlatformAuthError
from tests.fill_scene import Scene, proposed


async def _expire_with(scene: Scene, monkeypatch: pytest.MonkeyPatch, reads: int, blip: str) -> tuple[str, str]:
    """The first offer's hold runs out while the first ``reads`` reads of the waitlist are refused (``blip`` "403")
    or do not list her ("skipped"); her entry and the expiry write's key."""
    await proposed(scene)
    first, offer = await scene.first_offer_sent()
    platform = scene.copilot.platform
    real = platform.list_waitlist
    calls = {"n": 0}

    async def blipping(*a: Any, **k: Any) -> Any:
        calls["n"] += 1
        if calls["n"] <= reads and blip == "403":
            raise PlatformAuthError("GET /v1/waitlist: HTTP 403: blocked by the gateway", status=403)
        entries = await real(*a, **k)
        return [e for e in entries if e.id != first["entry_id"]] if calls["n"] <= reads else entries

    monkeypatch.setattr(platform, "list_waitlist", blipping)
    scene.clock.current = datetime.fromisoformat(offer["expires_at"]) + timedelta(seconds=20)
    await fill.expire_offers(scene.copilot)
    return first["entry_id"], f"fill:{offer['id']}:expired"


@pytest.mark.parametrize("blip", ["403", "skipped"])
async def test_a_first_try_whose_read_fails_her_is_sent_unread(
    scene: Scene, monkeypatch: pytest.MonkeyPatch, blip: str
) -> None:
    entry, key = await _expire_with(scene, monkeypatch, 2, blip)  # the location's list, then the whole one
    item = scene.store.outbox_item(key)
    assert item.status == "sent", (item.status, item.last_error)
    assert scene.world.spa.waitlist[entry].status == WaitlistStatus.waiting  # back in the rankings


async def test_a_first_try_for_an_entry_really_gone_fails_at_its_write(
    scene: Scene, monkeypatch: pytest.MonkeyPatch
) -> None:
    await proposed(scene)
    first, offer = await scene.first_offer_sent()
    del scene.world.spa.waitlist[first["entry_id"]]  # erased in the spa system during the hold
    scene.clock.current = datetime.fromisoformat(offer["expires_at"]) + timedelta(seconds=20)
    await fill.expire_offers(scene.copilot)
    item = scene.store.outbox_item(f"fill:{offer['id']}:expired")
    assert item.status == "failed" and item.last_error == "PlatformNotFound"  # the PATCH's 404, as before reads


def test_a_no_s_waiting_is_not_read_first() -> None:
    assert not _read_first("fill:o1:declined", {"status": "waiting"})
    assert _read_first("fill:o1:expired", {"status": "waiting"})  # the hold's own write still is
    assert _read_first("fill:o1:lost", {"status": "waiting"})


async def test_a_no_costs_no_read_of_the_waitlist(scene: Scene, monkeypatch: pytest.MonkeyPatch) -> None:
    await proposed(scene)
    first, _ = await scene.first_offer_sent()
    platform = scene.copilot.platform
    real = platform.list_waitlist
    asked: list[Any] = []

    async def counting(*a: Any, **k: Any) -> Any:
        asked.append(k.get("location_id"))
        return await real(*a, **k)

    monkeypatch.setattr(platform, "list_waitlist", counting)
    await scene.reply(first["client_id"], "No thanks")
    assert scene.world.spa.waitlist[first["entry_id"]].status == WaitlistStatus.waiting
    assert asked == []


async def test_a_never_tried_superseded_write_does_not_resend_the_latest(scene: Scene) -> None:
    spa = scene.world.spa
    entry = next(e for e in spa.waitlist.values() if e.status == WaitlistStatus.waiting).id
    spa.waitlist[entry] = spa.waitlist[entry].model_copy(update={"status": WaitlistStatus.offered})
    # the expiry's "waiting" recorded, its process stopped before deliver: pending, never tried
    _waitlist_write(scene.copilot, entry, WaitlistStatus.waiting, key="fill:o1:expired")
    booked = _waitlist_write(scene.copilot, entry, WaitlistStatus.booked, key="fill:o1:booked")
    assert booked is not None and await deliver(scene.copilot, booked)
    # she cancelled that booking: the desk set her entry back to waiting
    spa.waitlist[entry] = spa.waitlist[entry].model_copy(update={"status": WaitlistStatus.waiting})
    scene.clock.advance(minutes=1)
    await fill.redrive_outbox(scene.copilot)
    item = scene.store.outbox_item("fill:o1:expired")
    assert item.status == "failed" and item.last_error == "superseded"
    assert scene.store.outbox_item("fill:o1:expired:then-booked") is None
    assert spa.waitlist[entry].status == WaitlistStatus.waiting
