"""A booking moved to the sister location, then back to its old location at ANOTHER hour (session 31, rev31b M1).

The card the move opened at the old location offers the hour the booking left, which is still free: Approve's
re-check, and the card moving on after the guest's NO, took the booking's return to that location, at any hour, for
"the appointment is back at its hour" and closed the card, losing the free hour. Only a return over the card's hour
closes it now."""

from __future__ import annotations

from datetime import timedelta

import pytest

from spa_copilot import fill, scheduler
from tests.fill_scene import Scene, eventually
from tests.test_s30_fill2_moved_back import _moved_away_with_a_card

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def _back_later(scene: Scene, hours: int) -> None:
    old = scene.target
    now_at = scene.world.spa.appointments[old.id]
    shift = timedelta(hours=hours)
    lines = [line.model_copy(update={"start_at": line.start_at + shift, "end_at": line.end_at + shift})
             for line in old.services]
    scene.world.spa.put_appointment(old.model_copy(update={
        "services": lines, "start_at": old.start_at + shift, "end_at": old.end_at + shift,
        "version": now_at.version + 1, "updated_at": scene.clock() + timedelta(seconds=1)}))


@pytest.mark.parametrize("poll_first", [False, True])
async def test_an_approve_after_the_booking_came_back_at_another_hour_sends_the_text(scene: Scene, poll_first: bool) -> None:
    row = await _moved_away_with_a_card(scene)
    _back_later(scene, 3)
    if poll_first:
        scene.clock.advance(minutes=1)
        await scheduler.poll_calendar(scene.copilot)
    row = scene.store.fill_proposal(row["id"])
    assert row["status"] == "pending", (row["status"], row.get("reason"))
    result = await fill.approve_fill(scene.copilot, row["id"], row["revision"], user_id=scene.world.manager_id)
    assert result.ok, result.note
    assert len(scene.sent()) == 1


async def test_a_no_after_the_booking_came_back_at_another_hour_moves_on(scene: Scene) -> None:
    row = await _moved_away_with_a_card(scene)
    first, _ = await scene.first_offer_sent()
    _back_later(scene, 3)
    scene.clock.advance(minutes=1)
    await scheduler.poll_calendar(scene.copilot)
    await scene.reply(first["client_id"], "No thanks")
    await eventually(lambda: scene.store.fill_proposal(row["id"])["status"] != "sent")
    moved = scene.store.fill_proposal(row["id"])
    assert moved["status"] == "pending" and moved["current_index"] == 1, (moved["status"], moved.get("reason"))
