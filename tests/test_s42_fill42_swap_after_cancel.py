"""s42 fill42: the desk's swap (X cancelled, Y booked for the same guest over the same hour) heard as two events.

1. An approved reply to her late YES, held for texting hours, was settled by X's cancellation line as "not sent: they
   were booked … (appointment X, cancelled since)". Y's line then said she is booked again under Y, and her offer
   records Y, but her reply card kept saying X was cancelled: it now names the booking that stands, in the words the
   swap heard in one poll leaves ("they are booked at that hour"), and says Y cancelled in turn when Y is.
2. ``_hand_booking_again`` ignored whether its compare-and-set on her offer took: an offer another path changed
   meanwhile (her in-time YES taking it back) still got Y's line, marks and writes. It now acts only when it won."""

from __future__ import annotations

from typing import Any

import pytest

from spa_copilot.fill import late_reply
from spa_copilot.fill.late_reply import (
    BOOKED_THEN_CANCELLED_REPLY_REASON,
    HAND_BOOKING_AGAIN_TEXT,
    REPLY_BOOKED_AGAIN_REASON,
    hand_booking_said_off,
)
from tests.fill_scene import Scene
from tests.test_s39_fill39_entry_booked_by_poll import _booked_by_the_desk, _late_yes_then_booked
from tests.test_s40_fill40_reply_after_cancel import _reply_held_over_a_desk_booking
from tests.test_s41_fill41_two_event_swap import _cancelled_by_the_desk, _webhook


def _card(scene: Scene, reply: dict[str, Any]) -> str:
    return scene.card_text(scene.world.slack.message(reply["channel"], reply["ts"]))


async def test_the_settled_reply_card_names_the_booking_that_stands_after_the_swap(
    scene: Scene, monkeypatch: pytest.MonkeyPatch
) -> None:
    first, reply, night, before, mine = await _reply_held_over_a_desk_booking(scene, monkeypatch)
    await _webhook(scene, "cancelled", _cancelled_by_the_desk(scene, mine.id))
    cancelled = BOOKED_THEN_CANCELLED_REPLY_REASON.format(appointment=mine.id, since="cancelled since")
    assert scene.store.fill_proposal(reply["id"])["reason"] == cancelled  # as the thread said, at X's line
    other = _booked_by_the_desk(scene, first)
    await _webhook(scene, "created", other)
    stands = REPLY_BOOKED_AGAIN_REASON.format(appointment=other.id)
    row = scene.store.fill_proposal(reply["id"])
    assert (row["status"], row["reason"]) == ("failed", stands)
    card = _card(scene, reply)
    assert stands in card and cancelled not in card  # redrawn with the line naming Y
    assert [s for s in scene.sent()[before:] if s.get("clientId") == first["client_id"]] == []
    # Y cancelled in turn: the card says so, as after the swap heard in one poll
    await _webhook(scene, "cancelled", _cancelled_by_the_desk(scene, other.id))
    again = BOOKED_THEN_CANCELLED_REPLY_REASON.format(appointment=other.id, since="cancelled since")
    assert scene.store.fill_proposal(reply["id"])["reason"] == again
    assert again in _card(scene, reply)


async def test_a_swap_line_is_said_only_when_its_offer_update_took(
    scene: Scene, monkeypatch: pytest.MonkeyPatch
) -> None:
    first, offer, mine = await _late_yes_then_booked(scene)
    await _webhook(scene, "cancelled", _cancelled_by_the_desk(scene, mine.id))
    real = late_reply._books_what_she_waits_for

    async def taken_back_meanwhile(copilot: Any, row: Any, seen: Any, *args: Any) -> bool:
        # while Y is read, another path changes her offer (her in-time YES taking it back)
        assert copilot.store.update_fill_offer(seen["id"], at=copilot.now(), expect_status="expired", status="sent")
        return await real(copilot, row, seen, *args)

    monkeypatch.setattr(late_reply, "_books_what_she_waits_for", taken_back_meanwhile)
    other = _booked_by_the_desk(scene, first)
    await _webhook(scene, "created", other)
    now = scene.store.fill_offer(offer["id"])
    assert now["booked_appointment_id"] == mine.id  # Y never recorded over the other path's change
    assert hand_booking_said_off(scene.copilot, now) == "cancelled since"  # X's mark kept
    line = HAND_BOOKING_AGAIN_TEXT.format(first_name=first["first_name"], appointment_id=mine.id, other_id=other.id)
    assert line not in scene.thread_text()
    assert scene.store.outbox_item(f"fill:{offer['id']}:booked:{other.id}") is None
    assert [
        e
        for e in scene.store.recent_audit(50, action_prefix="fill.booked_by_hand")
        if (e.details or {}).get("after") == mine.id
    ] == []
