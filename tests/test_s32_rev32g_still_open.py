"""rev32g M1, mended (these failed before): a freed hour booked again in two halves, or by one booking five minutes
early (made since the cancellation), got a card for an opening nobody can take; one booking over the whole hour too."""

from __future__ import annotations

from datetime import timedelta

import pytest

from spa_copilot import scheduler
from spa_copilot.domain import AppointmentStatus

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


async def _run(scene, pieces):
    world, spa, target = scene.world, scene.world.spa, scene.target
    spa.cancel(target.id, reason="sick")
    line = spa.appointments[target.id].services[0]
    now = world.copilot.now()
    for i, (start, end) in enumerate(pieces(line)):
        spa.put_appointment(spa.appointments[target.id].model_copy(update={
            "id": f"ap_new{i}", "client_id": "cl_0001", "status": AppointmentStatus.confirmed, "cancellation": None,
            "created_at": now, "updated_at": now, "version": 1, "start_at": start, "end_at": end,
            "services": [line.model_copy(update={"id": f"sl_new{i}", "start_at": start, "end_at": end})]}))
    await scheduler.poll_calendar(scene.copilot)
    row = scene.copilot.store.fill_proposal_for(target.id)
    return row


def halves(line):
    mid = line.start_at + (line.end_at - line.start_at) / 2
    return [(line.start_at, mid), (mid, line.end_at)]


def early_by_5(line):
    return [(line.start_at - timedelta(minutes=5), line.end_at - timedelta(minutes=5))]


def whole(line):
    return [(line.start_at, line.end_at)]


@pytest.mark.parametrize("pieces", [whole, halves, early_by_5])
async def test_a_fully_rebooked_hour_gets_no_card(scene, pieces):
    row = await _run(scene, pieces)
    assert row is None or not row["candidates"], "a card offers an hour the desk has booked again"
