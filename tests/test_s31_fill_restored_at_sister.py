"""A cancelled booking restored at the SISTER location at the same hour (session 31, rev31f M1).

The card's hour at the old location is free again: Approve's re-check (which reads the old location's book) lets
the text go, but after the guest's NO the card moving on (moving_on._booking_back: a cancellation card's booking
active at any location) closed it as "booked again" instead of offering the hour to the next guest. Only the
booking back at the card's own location, over its hour, closes it now."""
from __future__ import annotations

from datetime import timedelta

import pytest

from spa_copilot import fill, scheduler
from spa_copilot.domain import AppointmentStatus
from tests.fill_scene import Scene, eventually, proposed

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def _restore_at_sister(scene: Scene) -> None:
    target = scene.world.spa.appointments[scene.target.id]
    sister = next(loc for loc in scene.world.data.locations if loc.id != target.location_id)
    therapist = next(s for s in sorted(scene.world.spa.staff.values(), key=lambda s: s.id)
                     if s.location_id == sister.id and s.active and s.role in ("therapist", "esthetician"))
    lines = [line.model_copy(update={"staff_id": therapist.id, "resource_ids": []}) for line in target.services]
    scene.world.spa.put_appointment(target.model_copy(update={
        "status": AppointmentStatus.confirmed, "cancellation": None, "location_id": sister.id, "services": lines,
        "version": target.version + 1, "updated_at": scene.clock() + timedelta(seconds=1)}))


async def test_no_after_restored_at_sister_moves_on(scene: Scene) -> None:
    await proposed(scene)
    first, _ = await scene.first_offer_sent()
    _restore_at_sister(scene)
    scene.clock.advance(minutes=1)
    await scheduler.poll_calendar(scene.copilot)
    await scene.reply(first["client_id"], "No thanks")
    await eventually(lambda: scene.proposal["status"] != "sent")
    row = scene.proposal
    assert row["status"] == "pending" and row["current_index"] == 1, (row["status"], row.get("reason"))


async def test_approve_after_restored_at_sister(scene: Scene) -> None:
    await proposed(scene)
    _restore_at_sister(scene)
    scene.clock.advance(minutes=1)
    await scheduler.poll_calendar(scene.copilot)
    row = scene.proposal
    assert row["status"] == "pending", (row["status"], row.get("reason"))
    result = await fill.approve_fill(scene.copilot, row["id"], row["revision"], user_id=scene.world.manager_id)
    assert result.ok and len(scene.sent()) == 1, result.note


async def test_hold_runs_out_after_restored_at_sister_moves_on(scene: Scene) -> None:
    await proposed(scene)
    await scene.first_offer_sent()
    _restore_at_sister(scene)
    scene.clock.advance(minutes=1)
    await scheduler.poll_calendar(scene.copilot)
    scene.clock.advance(minutes=11)
    await fill.expire_offers(scene.copilot)
    row = scene.proposal
    assert row["status"] == "pending" and row["current_index"] == 1, (row["status"], row.get("reason"))
