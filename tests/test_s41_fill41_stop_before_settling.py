"""rev40b L2: an approved reply to her late YES, held for texting hours, is settled when the line saying her hand
booking is cancelled is kept. The process stopping between that line's transaction and the settling left the reply to
a re-drive, which settled it "not sent: they are booked at that hour" on the card, after the thread had said the
booking was cancelled. It is settled within the line's transaction now, its card redrawn after a stop."""
from __future__ import annotations

import pytest

from spa_copilot import fill, scheduler
from spa_copilot.domain import AppointmentStatus
from spa_copilot.fill import late_reply
from spa_copilot.fill.late_reply import BOOKED_THEN_CANCELLED_REPLY_REASON, HAND_BOOKING_CANCELLED_TEXT
from spa_copilot.fill.outbox import BOOKED_REPLY_REASON
from tests.fill_scene import Scene
from tests.test_s40_fill40_reply_after_cancel import _reply_held_over_a_desk_booking


class _Stopped(BaseException):
    """The process stops (no handler catches it)."""


async def test_a_stop_after_the_line_brings_back_no_they_are_booked(
    scene: Scene, monkeypatch: pytest.MonkeyPatch
) -> None:
    first, reply, night, before, mine = await _reply_held_over_a_desk_booking(scene, monkeypatch)
    old = scene.world.spa.appointments[mine.id]  # the desk cancels it, told by the next poll
    scene.world.spa.put_appointment(old.model_copy(update={"status": AppointmentStatus.cancelled,
                                                           "version": old.version + 1, "updated_at": scene.clock()}))

    async def stop(*args: object, **kwargs: object) -> bool:
        raise _Stopped

    with monkeypatch.context() as stopping:  # the process stops right after the line's transaction
        stopping.setattr(late_reply, "_post_kept_notes", stop)
        scene.clock.advance(seconds=60)
        with pytest.raises(_Stopped):
            await scheduler.poll_calendar(scene.copilot)
    # started again: the lease on the held reply runs out, texting hours open, the jobs run
    night["on"] = False
    scene.clock.advance(minutes=10)
    await scheduler.poll_calendar(scene.copilot)
    await fill.redrive_outbox(scene.copilot)
    await fill.expire_offers(scene.copilot)
    why = BOOKED_THEN_CANCELLED_REPLY_REASON.format(appointment=mine.id, since="cancelled since")
    settled = scene.store.fill_proposal(reply["id"])
    assert (settled["status"], settled["reason"]) == ("failed", why)
    card = scene.card_text(scene.world.slack.message(reply["channel"], reply["ts"]))
    assert why in card and BOOKED_REPLY_REASON not in card
    assert [s for s in scene.sent()[before:] if s.get("clientId") == first["client_id"]] == []
    assert scene.thread_text().count(HAND_BOOKING_CANCELLED_TEXT.format(
        first_name=first["first_name"], appointment_id=mine.id, how="was cancelled in")) == 1  # kept, posted later
