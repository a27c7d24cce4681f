"""s42 lead, after rev42d L2: a reply to her late YES, approved and held, whose send is in flight (or whose sender
stopped mid-send, its lease still running) when the desk cancels her booking: the thread says "cancelled", which the
line could not settle the reply with (it was claimed); the send's own check then settled the card "not sent: they are
booked at that hour", after the thread said cancelled. It now says what the thread says (``_too_late_to_write``)."""
from __future__ import annotations

import pytest

from spa_copilot import fill
from spa_copilot.fill._common import OUTBOX_LEASE, _text_key
from spa_copilot.fill.late_reply import BOOKED_THEN_CANCELLED_REPLY_REASON
from tests.fill_scene import Scene
from tests.test_s40_fill40_reply_after_cancel import _reply_held_over_a_desk_booking
from tests.test_s41_fill41_two_event_swap import _cancelled_by_the_desk, _webhook


async def test_a_reply_in_flight_at_the_cancellation_does_not_say_booked_after_it(
    scene: Scene, monkeypatch: pytest.MonkeyPatch
) -> None:
    first, reply, night, before, mine = await _reply_held_over_a_desk_booking(scene, monkeypatch)
    key = _text_key(scene.store.fill_proposal(reply["id"]))
    assert scene.store.claim_outbox(key, now=scene.clock(), lease=OUTBOX_LEASE)  # a sender holds it (stopped mid-send)
    await _webhook(scene, "cancelled", _cancelled_by_the_desk(scene, mine.id))
    assert f"appointment {mine.id}) was cancelled in" in scene.thread_text()
    night["on"] = False
    scene.clock.advance(seconds=OUTBOX_LEASE.total_seconds() + 1)
    await fill.redrive_outbox(scene.copilot)
    assert [s for s in scene.sent()[before:] if s.get("clientId") == first["client_id"]] == []
    row = scene.store.fill_proposal(reply["id"])
    assert row["reason"] == BOOKED_THEN_CANCELLED_REPLY_REASON.format(appointment=mine.id, since="cancelled since"), row["reason"]
