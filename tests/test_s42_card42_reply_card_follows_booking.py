"""rev42b: a reply card to her late YES settled as not sent for her booking at that hour names the booking that
stands now, or says it was cancelled, as the thread's last line on it does: after a swap seen in one poll that
follows a two-event swap (M1), after the outbox settled it at texting hours and the desk then cancelled (M2), and
after a cancellation undone (L1); so too a reply card closed before its approval because the desk booked her."""

from __future__ import annotations

from typing import Any

import pytest

from spa_copilot import fill, scheduler
from spa_copilot.domain import AppointmentStatus
from spa_copilot.fill.late_reply import (
    BOOKED_THEN_CANCELLED_REPLY_REASON,
    HAND_BOOKING_RESTORED_TEXT,
    REPLY_BOOKED_AGAIN_REASON,
    REPLY_BOOKED_REASON,
)
from spa_copilot.fill.outbox import BOOKED_REPLY_REASON
from tests.fill_scene import Scene
from tests.test_s39_fill39_entry_booked_by_poll import _booked_by_the_desk, _late_yes_then_booked
from tests.test_s40_fill40_reply_after_cancel import _reply_held_over_a_desk_booking
from tests.test_s41_fill41_two_event_swap import _cancelled_by_the_desk, _webhook


def _reason(scene: Scene, reply: dict[str, Any]) -> str:
    return scene.store.fill_proposal(reply["id"])["reason"]


def _card(scene: Scene, reply: dict[str, Any]) -> str:
    """The reply card as Slack shows it now (its earlier versions left out)."""
    message = scene.world.slack.message(reply["channel"], reply["ts"])
    return repr((message.text, message.blocks))


async def test_a_swap_in_one_poll_after_a_two_event_swap_names_the_new_booking(
    scene: Scene, monkeypatch: pytest.MonkeyPatch
) -> None:
    first, reply, _night, _before, mine = await _reply_held_over_a_desk_booking(scene, monkeypatch)
    await _webhook(scene, "cancelled", _cancelled_by_the_desk(scene, mine.id))
    y = _booked_by_the_desk(scene, first)
    await _webhook(scene, "created", y)
    assert _reason(scene, reply) == REPLY_BOOKED_AGAIN_REASON.format(appointment=y.id)
    _cancelled_by_the_desk(scene, y.id)  # the desk swaps Y for Z; one poll sees both
    z = _booked_by_the_desk(scene, first)
    scene.clock.advance(seconds=60)
    await scheduler.poll_calendar(scene.copilot)
    offer_id = scene.store.fill_proposal(reply["id"])["appointment_id"].removeprefix("reply:")
    assert scene.store.fill_offer(offer_id)["booked_appointment_id"] == z.id
    assert f"under appointment {z.id}" in scene.thread_text()
    assert _reason(scene, reply) == REPLY_BOOKED_AGAIN_REASON.format(appointment=z.id)
    assert f"appointment {z.id})" in _card(scene, reply) and f"appointment {y.id})" not in _card(scene, reply)


async def test_a_reply_settled_at_texting_hours_says_cancelled_once_the_desk_cancels(
    scene: Scene, monkeypatch: pytest.MonkeyPatch
) -> None:
    _first, reply, night, _before, mine = await _reply_held_over_a_desk_booking(scene, monkeypatch)
    night["on"] = False  # texting hours open: the outbox settles the held reply ("they are booked")
    scene.clock.advance(seconds=60)
    await fill.redrive_outbox(scene.copilot)
    row = scene.store.fill_proposal(reply["id"])
    assert (row["status"], row["reason"]) == ("failed", BOOKED_REPLY_REASON)
    await _webhook(scene, "cancelled", _cancelled_by_the_desk(scene, mine.id))
    assert f"appointment {mine.id}) was cancelled in" in scene.thread_text()
    cancelled = BOOKED_THEN_CANCELLED_REPLY_REASON.format(appointment=mine.id, since="cancelled since")
    assert _reason(scene, reply) == cancelled
    assert "they are booked at that hour" not in _card(scene, reply)
    assert "cancelled since" in _card(scene, reply)


async def test_a_cancellation_undone_names_the_booking_again_on_the_card(
    scene: Scene, monkeypatch: pytest.MonkeyPatch
) -> None:
    first, reply, _night, _before, mine = await _reply_held_over_a_desk_booking(scene, monkeypatch)
    await _webhook(scene, "cancelled", _cancelled_by_the_desk(scene, mine.id))
    assert _reason(scene, reply) == BOOKED_THEN_CANCELLED_REPLY_REASON.format(
        appointment=mine.id, since="cancelled since"
    )
    old = scene.world.spa.appointments[mine.id]
    scene.clock.advance(seconds=10)
    back = old.model_copy(
        update={"status": AppointmentStatus.confirmed, "version": old.version + 1, "updated_at": scene.clock()}
    )
    scene.world.spa.put_appointment(back)
    await _webhook(scene, "updated", back)
    restored = HAND_BOOKING_RESTORED_TEXT.format(first_name=first["first_name"], appointment_id=mine.id)
    assert restored in scene.thread_text()
    assert _reason(scene, reply) == REPLY_BOOKED_AGAIN_REASON.format(appointment=mine.id)
    assert "cancelled since" not in _card(scene, reply)
    # cancelled again: the card follows the thread again
    await _webhook(scene, "cancelled", _cancelled_by_the_desk(scene, mine.id))
    assert _reason(scene, reply) == BOOKED_THEN_CANCELLED_REPLY_REASON.format(
        appointment=mine.id, since="cancelled since"
    )


async def test_a_reply_card_closed_before_its_approval_says_cancelled_once_the_desk_cancels(scene: Scene) -> None:
    first, offer, mine = await _late_yes_then_booked(scene)
    reply = scene.store.fill_proposal_for(f"reply:{offer['id']}")
    booked = REPLY_BOOKED_REASON.format(first_name=first["first_name"], appointment=mine.id)
    assert (reply["status"], reply["reason"]) == ("expired", booked)
    await _webhook(scene, "cancelled", _cancelled_by_the_desk(scene, mine.id))
    assert f"appointment {mine.id}) was cancelled in" in scene.thread_text()
    cancelled = BOOKED_THEN_CANCELLED_REPLY_REASON.format(appointment=mine.id, since="cancelled since")
    assert (scene.store.fill_proposal(reply["id"])["status"], _reason(scene, reply)) == ("expired", cancelled)
    assert f"{first['first_name']} is booked at that hour" not in _card(scene, reply)
    assert "cancelled since" in _card(scene, reply)
