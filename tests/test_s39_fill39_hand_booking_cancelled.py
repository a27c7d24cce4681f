"""rev38k K1: the booking the desk made a guest whose hold ran out (recorded on her offer by the poll that found it) is
cancelled in Mangomint: her offer stops counting her booked (a later YES was told "already booked", an approved reply
held back) and the thread says so, once, her reply card staying closed (reopened, it could text stale words) and her
waitlist entry left for the desk."""
from __future__ import annotations

from spa_copilot import scheduler
from spa_copilot.domain import WaitlistStatus
from spa_copilot.fill.late_reply import HAND_BOOKING_CANCELLED_TEXT, REPLY_BOOKED_REASON, REPLY_STAYS_CLOSED_TEXT
from spa_copilot.fill.outbox import booked_by_hand
from tests.fill_scene import Scene
from tests.test_s39_fill39_entry_booked_by_poll import _late_yes_then_booked


async def test_her_hand_booking_cancelled_is_said_once_and_her_offer_forgets_it(scene: Scene) -> None:
    first, offer, mine = await _late_yes_then_booked(scene)
    reply = scene.store.fill_proposal_for(f"reply:{offer['id']}")
    assert reply["reason"] == REPLY_BOOKED_REASON.format(first_name=first["first_name"], appointment=mine.id)
    await scene.world.admin("POST", f"/sandbox/appointments/{mine.id}/cancel", json={"reason": "changed mind"})
    line = HAND_BOOKING_CANCELLED_TEXT.format(first_name=first["first_name"], appointment_id=mine.id, how="cancelled",
                                              reply=REPLY_STAYS_CLOSED_TEXT)
    for _ in range(2):  # a second poll says nothing more
        scene.clock.advance(seconds=60)
        await scheduler.poll_calendar(scene.copilot)
    assert scene.thread_text().count(line) == 1
    now = scene.store.fill_offer(offer["id"])
    assert (now["status"], now["booked_appointment_id"], booked_by_hand(now)) == ("expired", None, False)
    # her reply card stays closed, and her entry is left as the poll that found her booked wrote it
    assert scene.store.fill_proposal_for(f"reply:{offer['id']}")["status"] == "expired"
    assert scene.world.spa.waitlist[first["entry_id"]].status == WaitlistStatus.booked
