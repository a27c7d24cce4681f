"""rev41h B: her expiry's "waiting" X goes out unread after an hour of malformed reads; its answer is lost (503).
A later "booked" (Y) goes out and lands; X's unread PATCH then lands late (her entry reads "waiting": X's own status,
over Y's "booked"). X's next try reads it: superseded and landed, set aside, its line handed on to the follow-up
"X:then-booked", which the spa system refuses (403). Her entry is left "waiting" though she is booked, and NO line is
ever said. HEAD^ said the 'may have been set ... Check it in Mangomint' line (Kept.earlier had the handed-on line);
HEAD drops every handed-on line on a refusal ('whose chain's own PATCH never went out' - here it did)."""
from __future__ import annotations

from typing import Any

import pytest

from spa_copilot import fill
from spa_copilot.domain import WaitlistStatus
from spa_copilot.fill import waitlist_writes
from spa_copilot.fill._common import OUTBOX_LEASE, OUTBOX_WAITLIST
from spa_copilot.platform.errors import PlatformAuthError, PlatformUnavailable
from tests.fill_scene import Scene
from tests.test_s39_waitlist39_unreadable import _expiry_write_held
from tests.test_s41_lead_rev41e_followup_lines import paging_lister

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


async def test_followup_refused_after_the_set_aside_unread_write_landed_says_the_line(scene: Scene, monkeypatch) -> None:
    monkeypatch.setattr(waitlist_writes, "UNREADABLE_READS", 3)
    entry, key = await _expiry_write_held(scene, monkeypatch)
    platform, store, spa = scene.copilot.platform, scene.store, scene.world.spa
    real_list = platform.list_waitlist
    mode = {"list": "malformed", "patch": "down"}
    calls: list[str] = []

    async def patcher(*a: Any, **k: Any) -> Any:
        calls.append(f"{mode['patch']}:{k.get('idempotency_key')}")
        if mode["patch"] == "down":
            raise PlatformUnavailable("PATCH: timed out", status=None)
        raise PlatformAuthError("PATCH: HTTP 403", status=403)

    monkeypatch.setattr(platform, "list_waitlist", paging_lister(mode, real_list))
    monkeypatch.setattr(platform, "update_waitlist_entry", patcher)
    for _ in range(3):  # the third sends X unread; its answer is lost
        scene.clock.advance(seconds=60)
        await fill.redrive_outbox(scene.copilot)
    assert (store.outbox_item(key).result or {}).get(waitlist_writes.SENT_UNREAD)
    later = "fill:other1:later:booked"  # Y, sent meanwhile by another task, lands
    store.enqueue(later, kind=OUTBOX_WAITLIST, subject_id=entry,
                  payload={"entry_id": entry, "status": "booked", "from": ["offered", "waiting"]})
    assert store.claim_outbox(later, now=scene.copilot.now(), lease=OUTBOX_LEASE)
    spa.waitlist[entry].status = WaitlistStatus.booked
    store.mark_outbox(later, status="sent")
    spa.waitlist[entry].status = WaitlistStatus.waiting  # X's unread PATCH lands late, over Y's "booked"
    mode.update(list="real", patch="refused")
    scene.clock.advance(seconds=60)
    await fill.redrive_outbox(scene.copilot)
    assert any(":then-booked" in c for c in calls), calls
    assert store.outbox_item(key + ":then-booked").status == "failed"
    assert spa.waitlist[entry].status == WaitlistStatus.waiting  # she is booked, her entry says waiting
    assert "could not be read for" in scene.thread_text(), (calls, scene.thread_text()[-400:])
