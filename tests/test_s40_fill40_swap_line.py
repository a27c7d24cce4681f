"""rev39i L2: the desk swaps her hand booking (X cancelled, Y booked at the same hour): the thread line named only X
and told the desk it could put her back on the waitlist, a guest booked again at that hour. It names Y now, without
that advice; her offer records Y, so Y's own cancellation is said in turn, and her entry stays booked."""
from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest

from spa_copilot import fill, scheduler
from spa_copilot.domain import AppointmentStatus, BookingRequest, WaitlistStatus
from spa_copilot.fill.late_reply import _ENTRY_BACK_TO_WAITING, HAND_BOOKING_CANCELLED_TEXT, HAND_BOOKING_SWAPPED_TEXT
from spa_copilot.sandbox.state import ApiError
from tests.fill_scene import Scene
from tests.test_s39_fill39_entry_booked_by_poll import _booked_by_the_desk, _late_yes, _late_yes_then_booked
from tests.test_s39_fill39_hand_booking_cancelled import _waitlist_writes_down


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


async def test_a_swap_to_another_service_lets_no_held_booked_land_on_her_entry(
    scene: Scene, monkeypatch: pytest.MonkeyPatch
) -> None:
    """rev40b M1: X (what she waits for) booked by hand while the waitlist's writes are down, so her entry's "booked"
    is held; the desk swaps X for Y, another service at the slot's start. Y is hers over the hour (named, recorded),
    but no booking of what she waits for: the held "booked" must not land (she would drop off the list she waits
    on); her "waiting" is written back and the line says so."""
    first, offer = await _late_yes(scene)
    down = _waitlist_writes_down(scene, monkeypatch, on=True)
    mine = _booked_by_the_desk(scene, first)
    scene.clock.advance(seconds=60)
    await scheduler.poll_calendar(scene.copilot)
    old = scene.world.spa.appointments[mine.id]
    scene.clock.advance(seconds=10)
    scene.world.spa.put_appointment(old.model_copy(update={"status": AppointmentStatus.cancelled,
                                                           "version": old.version + 1, "updated_at": scene.clock()}))
    other = _another_service_at_the_start(scene, first)
    scene.clock.advance(seconds=60)
    await scheduler.poll_calendar(scene.copilot)
    down["on"] = False
    scene.clock.advance(seconds=600)
    await fill.redrive_outbox(scene.copilot)
    assert scene.store.fill_offer(offer["id"])["booked_appointment_id"] == other.id
    assert scene.world.spa.waitlist[first["entry_id"]].status == WaitlistStatus.waiting
    line = HAND_BOOKING_SWAPPED_TEXT.format(first_name=first["first_name"], appointment_id=mine.id, other_id=other.id,
                                            how="was cancelled in")
    assert scene.thread_text().count(line + _ENTRY_BACK_TO_WAITING) == 1


def _another_service_at_the_start(scene: Scene, first: dict[str, Any]) -> Any:
    """The desk books her at the card's start with a service she does not wait for (the first the sandbox takes)."""
    for service in sorted(scene.world.data.services, key=lambda sv: sv.id):
        if service.id == first["service_id"]:
            continue
        for staff in sorted((s for s in scene.world.data.staff if s.location_id == scene.target.location_id),
                            key=lambda s: s.id):
            try:
                return scene.world.spa.book(BookingRequest(
                    location_id=scene.target.location_id, client_id=first["client_id"], service_id=service.id,
                    staff_id=staff.id, start_at=datetime.fromisoformat(first["start"]), resource_ids=[],
                    source="frontDesk"))
            except ApiError:  # that staff member or room is busy, or not skilled for it
                continue
    raise AssertionError("the sandbox took no other booking at the card's start")


async def test_a_swap_into_what_she_waits_for_tells_the_desk_to_mark_her_entry(scene: Scene) -> None:
    """rev40f M2: X (another service at the slot's start: her entry not marked booked) swapped for Y (what she waits
    for): the line said nothing of her entry, which stayed "waiting". Writing "booked" unread undid a desk's removal
    and, in read-only mode, left her "offered" (rev40h M1, M2): the line tells the desk instead."""
    from spa_copilot.fill.late_reply import _ENTRY_UNMARKED

    first, offer = await _late_yes(scene)
    x = _another_service_at_the_start(scene, first)
    scene.clock.advance(seconds=60)
    await scheduler.poll_calendar(scene.copilot)
    await fill.redrive_outbox(scene.copilot)
    assert scene.store.outbox_item(f"fill:{offer['id']}:booked") is None  # X is not what she waits for
    old = scene.world.spa.appointments[x.id]
    scene.clock.advance(seconds=10)
    scene.world.spa.put_appointment(old.model_copy(update={"status": AppointmentStatus.cancelled,
                                                           "version": old.version + 1, "updated_at": scene.clock()}))
    y = _booked_by_the_desk(scene, first)  # the service she waits for, at the same hour
    scene.clock.advance(seconds=60)
    await scheduler.poll_calendar(scene.copilot)
    await fill.redrive_outbox(scene.copilot)
    assert scene.store.fill_offer(offer["id"])["booked_appointment_id"] == y.id
    line = HAND_BOOKING_SWAPPED_TEXT.format(first_name=first["first_name"], appointment_id=x.id, other_id=y.id,
                                            how="was cancelled in")
    assert scene.thread_text().count(line + _ENTRY_UNMARKED) == 1
    assert scene.store.outbox_item(f"fill:{offer['id']}:booked") is None  # nothing written unread
