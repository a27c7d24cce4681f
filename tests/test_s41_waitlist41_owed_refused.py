"""rev40h L1: the thread line owed by a waitlist write sent unread after an hour of malformed reads, whose PATCH's
answer was lost, was lost in turn when the next try's read was refused for good (a 403 on the waitlist): the write is
settled "not sent" and no later try reads it again, so nothing ever told the desk that its removal of her may have
been undone. It is said once, as the write settles."""

from __future__ import annotations

from typing import Any

import pytest

from spa_copilot.domain import WaitlistStatus
from spa_copilot.fill.waitlist_writes import (
    EntryRead,
    Kept,
    Read,
    Settle,
    Unsent,
    WriteFacts,
    waitlist_write_action,
    what_it_keeps,
)
from spa_copilot.platform.errors import PlatformRejected, PlatformUnavailable
from tests.fill_scene import Scene
from tests.test_s39_waitlist39_unreadable import _expiry_write_held
from tests.test_s40_waitlist40b_owed_line import SAID, _an_hour_unread, _landed_then, _redrives


async def _read_refused(*a: Any, **k: Any) -> Any:
    raise PlatformRejected("GET /v1/waitlist: HTTP 403", status=403)


async def test_a_line_owed_is_said_once_when_the_next_read_is_refused(
    scene: Scene, monkeypatch: pytest.MonkeyPatch
) -> None:
    entry, key = await _an_hour_unread(scene, monkeypatch, _landed_then(PlatformUnavailable))
    assert scene.store.outbox_item(key).result.get("sentUnread") == "malformed"  # owed: its answer was lost
    assert SAID not in scene.thread_text()
    monkeypatch.setattr(scene.copilot.platform, "list_waitlist", _read_refused)  # the key loses its permission
    await _redrives(scene)
    item = scene.store.outbox_item(key)
    assert item.status == "failed" and item.last_error.startswith("not sent: her entry could not be read")
    assert scene.world.spa.waitlist[entry].status == WaitlistStatus.waiting  # her removal undone, unread
    assert scene.thread_text().count(SAID) == 1  # the desk is told, once


async def test_a_refused_read_with_no_line_owed_says_none(scene: Scene, monkeypatch: pytest.MonkeyPatch) -> None:
    _, key = await _expiry_write_held(scene, monkeypatch)  # held by an outage, never sent unread: nothing owed
    monkeypatch.setattr(scene.copilot.platform, "list_waitlist", _read_refused)
    await _redrives(scene)
    assert scene.store.outbox_item(key).status == "failed"
    assert SAID not in scene.thread_text()


@pytest.mark.parametrize(("owed", "say"), [(Read.MALFORMED, Read.MALFORMED), (None, None)])
def test_a_refused_read_says_the_line_owed_as_it_settles(owed: Read | None, say: Read | None) -> None:
    facts = WriteFacts(
        status="waiting", expected=("offered",), tried=True, owed=owed, read=EntryRead(Read.REFUSED, "PlatformRejected")
    )
    action = waitlist_write_action(facts)
    assert action == Settle(Unsent.NOT_READ, "PlatformRejected")
    assert what_it_keeps(facts, action) == Kept(owed=owed, say=say, owed_sent=owed is not None)
