"""A booking moved to the sister location KEEPING its therapist at the same hour opened a fill card at the old
location for an hour that therapist is not free (rev30g M2): every Approve was refused, or the therapist was
double-booked. No card now when the slot's therapist moved with the booking at an overlapping time; a move to another
therapist there still opens one (tests/test_s30_fill_moved_to_sister_location.py)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from spa_copilot import fill, scheduler
from tests.fill_scene import Scene

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def _move_keeping_the_therapist(scene: Scene, *, shift: timedelta = timedelta(0)) -> None:
    target = scene.world.spa.appointments[scene.target.id]
    sister = next(loc for loc in scene.world.data.locations if loc.id != target.location_id)
    lines = [line.model_copy(update={"resource_ids": [], "start_at": line.start_at + shift,
                                     "end_at": line.end_at + shift}) for line in target.services]
    moved = target.model_copy(update={"location_id": sister.id, "services": lines, "version": target.version + 1,
                                      "start_at": target.start_at + shift, "end_at": target.end_at + shift,
                                      "updated_at": scene.clock() + timedelta(seconds=1)})
    scene.world.spa.put_appointment(moved)
    scene.moved_away()


@pytest.mark.parametrize("shift", [timedelta(0), timedelta(minutes=30)])
async def test_no_card_when_the_therapist_moved_with_the_booking(scene: Scene, shift: timedelta) -> None:
    _move_keeping_the_therapist(scene, shift=shift)
    scene.clock.advance(seconds=30)
    await scheduler.poll_calendar(scene.copilot)
    for _ in range(2):  # nor later, from the retry of an opening kept back
        scene.clock.advance(minutes=1)
        await scheduler.poll_calendar(scene.copilot)
        await fill.expire_offers(scene.copilot)
    assert scene.store.fill_proposals(statuses=("pending", "approved", "sent")) == []
    assert not scene.sent()


async def test_a_card_when_she_moved_to_a_later_hour_not_overlapping(scene: Scene) -> None:
    length = scene.target.end_at - scene.target.start_at
    _move_keeping_the_therapist(scene, shift=length + timedelta(hours=1))
    scene.clock.advance(seconds=30)
    await scheduler.poll_calendar(scene.copilot)
    row = scene.proposal
    assert row["status"] == "pending" and row["opening"].get("moved_to"), row
