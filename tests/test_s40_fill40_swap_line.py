"""rev39i L2: the desk swaps her hand booking (X cancelled, Y booked at the same hour): the thread line named only X
and told the desk it could put her back on the waitlist, a guest booked again at that hour. It names Y now, without
that advice; her offer records Y, so Y's own cancellation is said in turn, and her entry stays booked."""
from __future__ import annotations

from spa_copilot import fill, scheduler
from spa_copilot.domain import AppointmentStatus, WaitlistStatus
from spa_copilot.fill.late_reply import HAND_BOOKING_CANCELLED_TEXT, HAND_BOOKING_SWAPPED_TEXT
from tests.fill_scene import Scene
from tests.test_s39_fill39_entry_booked_by_poll import _booked_by_the_desk, _late_yes_then_booked


async def test_a_swap_names_the_booking_she_holds_and_gives_no_advice_to_put_her_back(scene: Scene) -> None:
    first, offer, mine = await _late_yes_then_booked(scene)
    old = scene.world.spa.appointments[mine.id]
    scene.clock.advance(seconds=10)
    scene.world.spa.put_appointment(old.model_copy(update={"status": AppointmentStatus.cancelled,
                                                           "version": old.version + 1, "updated_at": scene.clock()}))
    other = _booked_by_the_desk(scene, first)
    for _ in range(2):  # a second poll says nothing more
        scene.clock.advance(seconds=60)
        await scheduler.poll_calendar(scene.copilot)
        await fill.redrive_outbox(scene.copilot)
    name = first["first_name"]
    thread = scene.thread_text()
    assert thread.count(HAND_BOOKING_SWAPPED_TEXT.format(first_name=name, appointment_id=mine.id, other_id=other.id,
                                                         how="was cancelled in")) == 1
    assert "put them back" not in thread
    assert scene.store.fill_offer(offer["id"])["booked_appointment_id"] == other.id
    assert scene.world.spa.waitlist[first["entry_id"]].status == WaitlistStatus.booked
    await scene.world.admin("POST", f"/sandbox/appointments/{other.id}/cancel", json={"reason": "changed mind"})
    scene.clock.advance(seconds=60)
    await scheduler.poll_calendar(scene.copilot)
    assert HAND_BOOKING_CANCELLED_TEXT.format(first_name=name, appointment_id=other.id,
                                              how="was cancelled in") in scene.thread_text()
