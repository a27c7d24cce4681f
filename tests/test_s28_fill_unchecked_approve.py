"""An Approve whose slot re-check could not reach the spa system never sends unchecked (session 28).

The book could not be read at Approve (the spa system's reads failing) while its texts endpoint still answered: the
approval was kept and its first send went out at once, unchecked, so a booking restored or an hour booked by hand
meanwhile could still be offered. That first send now re-checks the slot as a retried one does, and keeps the text
while the book cannot be read.
"""

from __future__ import annotations

import pytest

from spa_copilot import fill
from spa_copilot.fill import _common
from spa_copilot.slack import blocks, ids
from tests.fill_scene import Scene, eventually, proposed
from tests.test_s28_fill_held_text import _down, _restore

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

#: The book's reads (the slot re-check); the guest's record and the texts endpoint keep answering.
BOOK_READS = ("list_appointments", "get_appointment", "list_waitlist")


async def _approved_unchecked(scene: Scene, monkeypatch: pytest.MonkeyPatch) -> tuple[str, dict[str, bool]]:
    reads = _down(monkeypatch, scene, BOOK_READS)
    await scene.click(ids.APPROVE_FILL)
    key = _common._text_key(scene.proposal)
    await eventually(lambda: (item := scene.store.outbox_item(key)) is not None and item.attempts >= 1)
    return key, reads


async def test_an_unchecked_approve_keeps_its_text_until_the_book_can_be_read(
    scene: Scene, monkeypatch: pytest.MonkeyPatch
) -> None:
    await proposed(scene)
    key, reads = await _approved_unchecked(scene, monkeypatch)
    assert scene.sent() == []  # not sent unchecked, though the texts endpoint answers
    assert scene.store.outbox_item(key).status == "pending" and scene.proposal["status"] == "approved"
    reads["down"] = False
    scene.clock.advance(minutes=2)
    assert await fill.redrive_outbox(scene.copilot) == 1  # the slot is still free: it goes out, once
    assert await fill.redrive_outbox(scene.copilot) == 0
    assert [s["clientId"] for s in scene.sent()] == [scene.candidate(0)["client_id"]]


async def test_an_unchecked_approve_sends_nothing_once_the_booking_is_back(
    scene: Scene, monkeypatch: pytest.MonkeyPatch
) -> None:
    await proposed(scene)
    key, reads = await _approved_unchecked(scene, monkeypatch)
    _restore(scene)
    reads["down"] = False
    scene.clock.advance(minutes=2)
    await fill.redrive_outbox(scene.copilot)
    assert scene.sent() == []
    row = scene.proposal
    assert row["status"] == "failed" and blocks.BOOKING_BACK_TEXT in row["reason"], row["reason"]
    assert scene.store.outbox_item(key).status == "failed"
