"""rev39i L4: her hand booking, said cancelled in the card's thread, is booked again in Mangomint (the cancellation
undone): the thread's last word stayed "was cancelled … the desk can put them back". One line says it is booked
again, once however many polls bring it; a second cancellation is said again."""
from __future__ import annotations

from spa_copilot import scheduler
from spa_copilot.domain import AppointmentStatus
from spa_copilot.fill.late_reply import HAND_BOOKING_CANCELLED_TEXT, HAND_BOOKING_RESTORED_TEXT
from tests.fill_scene import Scene
from tests.test_s39_fill39_entry_booked_by_poll import _late_yes_then_booked


async def test_a_cancellation_undone_is_said_once_and_a_second_one_again(scene: Scene) -> None:
    first, offer, mine = await _late_yes_then_booked(scene)
    before = len(scene.sent())
    await scene.world.admin("POST", f"/sandbox/appointments/{mine.id}/cancel", json={"reason": "changed mind"})
    scene.clock.advance(seconds=60)
    await scheduler.poll_calendar(scene.copilot)
    now = scene.world.spa.appointments[mine.id]
    scene.world.spa.put_appointment(now.model_copy(update={
        "status": AppointmentStatus.confirmed, "cancellation": None, "version": now.version + 1,
        "updated_at": scene.clock()}))
    for _ in range(2):  # a second poll says nothing more
        scene.clock.advance(seconds=60)
        await scheduler.poll_calendar(scene.copilot)
    back = HAND_BOOKING_RESTORED_TEXT.format(first_name=first["first_name"], appointment_id=mine.id)
    cancelled = HAND_BOOKING_CANCELLED_TEXT.format(first_name=first["first_name"], appointment_id=mine.id,
                                                   how="was cancelled in")
    thread = scene.thread_text()
    assert thread.count(back) == 1 and thread.rindex(back) > thread.rindex(cancelled)
    await scene.world.admin("POST", f"/sandbox/appointments/{mine.id}/cancel", json={"reason": "again"})
    scene.clock.advance(seconds=60)
    await scheduler.poll_calendar(scene.copilot)
    thread = scene.thread_text()
    assert thread.count(cancelled) == 2 and thread.rindex(cancelled) > thread.rindex(back)
    assert [s for s in scene.sent()[before:] if s.get("clientId") == first["client_id"]] == []
