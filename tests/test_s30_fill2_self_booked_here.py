"""A waitlisted guest who, after the offer, booked herself (by phone) at the same location and hour with ANOTHER
therapist: the offered therapist's hour is still free. Her YES (or her text waiting for texting hours) used to take
the slot as gone ("no_fit"): the card closed, or failed, and the freed hour was never offered to the next guest. Now
she is busy then, as a guest booked at another location is: the card moves on to the next guest. Her booking of the
service offered (or one her entry asks for) is still her being "already booked" (her entry marked booked); one the
front desk made with the offered therapist is the slot itself booked: the card closes as before."""

from __future__ import annotations

from typing import Any

import pytest

from spa_copilot import fill
from spa_copilot.domain import WaitlistStatus
from tests.fill_scene import Scene, proposed
from tests.test_s30_fill_already_booked_service import _her_appointment_then, _other_service

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def _another_service(scene: Scene, first: dict[str, Any]) -> Any:
    entry = scene.world.spa.waitlist[first["entry_id"]]
    return _other_service(scene, {first["service_id"], *entry.service_ids})


def _offered_service(scene: Scene, first: dict[str, Any]) -> Any:
    return scene.world.spa.services[first["service_id"]]


def _offered_hour_booked(scene: Scene) -> bool:
    target = scene.target
    return any(a.is_active and a.start_at < target.end_at and target.start_at < a.end_at
               and set(a.staff_ids) & set(target.staff_ids) for a in scene.world.spa.appointments.values())


async def _yes_after_booking(scene: Scene, service_of: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    await proposed(scene)
    first, offer = await scene.first_offer_sent()
    await fill.redrive_outbox(scene.copilot)
    _her_appointment_then(scene, first["client_id"], first, service_of(scene, first))
    scene.clock.advance(minutes=2)
    await scene.reply(first["client_id"], "YES")
    await fill.redrive_outbox(scene.copilot)
    return first, offer


async def test_yes_from_a_guest_busy_here_with_another_therapist_moves_the_card_on(scene: Scene) -> None:
    first, offer = await _yes_after_booking(scene, _another_service)
    row = scene.proposal
    assert row["status"] == "pending" and row["current_index"] == 1, (row["status"], row.get("reason"))
    assert not _offered_hour_booked(scene)  # the freed hour is still free: offered to the next guest
    assert scene.store.fill_offer(offer["id"])["status"] == "declined"
    thread = scene.thread_text()
    assert "already booked at that time here, with another therapist (appointment apt_her_own)" in thread, thread
    assert "no longer free" not in thread and "in the spa system" not in thread, thread
    assert scene.store.fill_proposal_for(f"reply:{offer['id']}") is None  # no false "too late" reply drafted
    assert scene.world.spa.waitlist[first["entry_id"]].status == WaitlistStatus.waiting  # her wait goes on


async def test_yes_from_a_guest_booked_here_for_the_offered_service_is_already_booked_and_the_card_moves_on(
    scene: Scene,
) -> None:
    first, offer = await _yes_after_booking(scene, _offered_service)
    row = scene.proposal
    assert row["status"] == "pending" and row["current_index"] == 1, (row["status"], row.get("reason"))
    assert scene.store.fill_offer(offer["id"])["booked_appointment_id"] == "apt_her_own"
    thread = scene.thread_text()
    assert "is already booked at that time in the spa system (appointment apt_her_own)" in thread, thread
    assert "The slot is still free" in thread, thread
    assert scene.world.spa.waitlist[first["entry_id"]].status == WaitlistStatus.booked
    assert scene.store.fill_proposal_for(f"reply:{offer['id']}") is None


async def test_her_booking_with_the_offered_therapist_is_the_slot_booked_and_closes_the_card(scene: Scene) -> None:
    await proposed(scene)
    first, offer = await scene.first_offer_sent()
    await fill.redrive_outbox(scene.copilot)
    mine = _her_appointment_then(scene, first["client_id"], first, _offered_service(scene, first))
    line = mine.services[0].model_copy(update={"staff_id": first["staff_id"]})
    scene.world.spa.put_appointment(mine.model_copy(update={"services": [line]}))
    scene.clock.advance(minutes=2)
    await scene.reply(first["client_id"], "YES")
    await fill.redrive_outbox(scene.copilot)
    assert scene.proposal["status"] == "expired"
    assert "is already booked at that time in the spa system (appointment apt_her_own)" in scene.thread_text()


async def test_a_text_waiting_for_texting_hours_for_a_guest_busy_here_moves_the_card_on(
    scene: Scene, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(scene.copilot.settings, "text_send_hours", "09:30-21:00")  # 9:00am now: the text waits
    await proposed(scene)
    first = scene.candidate(0)
    row = scene.proposal
    result = await fill.approve_fill(scene.copilot, row["id"], row["revision"], user_id=scene.world.manager_id)
    assert result.ok and scene.proposal["status"] == "approved" and not scene.sent()
    _her_appointment_then(scene, first["client_id"], first, _another_service(scene, first))
    scene.clock.advance(minutes=31)
    await fill.redrive_outbox(scene.copilot)
    await fill.expire_offers(scene.copilot)
    row = scene.proposal
    assert row["status"] == "pending" and row["current_index"] == 1, (row["status"], row.get("reason"))
    assert not scene.sent()
    thread = scene.thread_text()
    assert "Nothing was sent to" in thread and "with another therapist (appointment apt_her_own)" in thread, thread
    assert "no longer free" not in thread, thread
