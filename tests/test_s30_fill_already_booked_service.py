"""A YES that finds her "already booked" at the offered time: her own appointment then counted whatever it was for,
so her manicure that hour (while the offered massage slot was given to a walk-in) closed the card as "already booked",
marked her waitlist entry booked (her wait ended for good) and spared her the reply that the slot was taken. Now her
appointment counts only with the service offered or one her waitlist entry asks for; any other is no booking of what
she waited for, and her YES is answered as any YES to a slot gone."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest

from spa_copilot import fill
from spa_copilot.domain import Appointment, AppointmentStatus, WaitlistStatus
from tests.fill_scene import Scene, proposed
from tests.test_s29_fill_yes_to_unsent_text import _book_by_hand

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def _other_service(scene: Scene, not_these: set[str]) -> Any:
    return next(s for s in sorted(scene.world.spa.services.values(), key=lambda s: s.id) if s.id not in not_these)


def _her_appointment_then(scene: Scene, client_id: str, offered: dict[str, Any], service: Any) -> Appointment:
    """Her own appointment at the offered time, for ``service``, with another therapist (planted as the front desk's)."""
    start, end = datetime.fromisoformat(offered["start"]), datetime.fromisoformat(offered["end"])
    other_staff = next(s for s in sorted(scene.world.spa.staff, key=str) if s != offered["staff_id"])
    line = scene.target.services[0].model_copy(update={
        "id": "line_her_own", "service_id": service.id, "service_name": service.name, "staff_id": other_staff,
        "start_at": start, "end_at": end, "resource_ids": []})
    mine = scene.target.model_copy(update={
        "id": "apt_her_own", "client_id": client_id, "status": AppointmentStatus.confirmed, "start_at": start,
        "end_at": end, "services": [line], "source": "frontDesk", "version": 1, "cancellation": None})
    scene.world.spa.put_appointment(mine)
    return mine


async def _yes_after(scene: Scene, plant: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    await proposed(scene)
    first, offer = await scene.first_offer_sent()
    await fill.redrive_outbox(scene.copilot)
    plant(first)
    scene.clock.advance(minutes=2)
    await scene.reply(first["client_id"], "YES")
    await fill.redrive_outbox(scene.copilot)
    return first, offer


async def test_her_appointment_for_another_service_is_not_already_booked(scene: Scene) -> None:
    def plant(first: dict[str, Any]) -> None:
        _book_by_hand(scene, first)  # the offered hour given to a walk-in: the slot is gone
        entry = scene.world.spa.waitlist[first["entry_id"]]
        _her_appointment_then(scene, first["client_id"], first,
                              _other_service(scene, {first["service_id"], *entry.service_ids}))

    first, offer = await _yes_after(scene, plant)
    stored = scene.store.fill_offer(offer["id"])
    assert stored["status"] == "lost" and not stored.get("booked_appointment_id"), stored
    thread = scene.thread_text()
    assert "already booked" not in thread and "apt_her_own" not in thread, thread
    assert "no longer free" in thread, thread
    assert scene.world.spa.waitlist[first["entry_id"]].status == WaitlistStatus.waiting  # still waiting, not "booked"
    assert scene.store.fill_proposal_for(f"reply:{offer['id']}") is not None  # the "too late" reply is drafted


async def test_her_appointment_for_another_service_her_entry_asks_for_is_already_booked(scene: Scene) -> None:
    def plant(first: dict[str, Any]) -> None:
        _book_by_hand(scene, first)
        entry = scene.world.spa.waitlist[first["entry_id"]]
        other = _other_service(scene, {first["service_id"], *entry.service_ids})
        scene.world.spa.waitlist[entry.id] = entry.model_copy(update={"service_ids": [*entry.service_ids, other.id]})
        _her_appointment_then(scene, first["client_id"], first, other)

    first, offer = await _yes_after(scene, plant)
    assert scene.store.fill_offer(offer["id"])["booked_appointment_id"] == "apt_her_own"
    assert "is already booked at that time in the spa system (appointment apt_her_own)" in scene.thread_text()
    assert scene.world.spa.waitlist[first["entry_id"]].status == WaitlistStatus.booked
