"""A booking moved to the sister location and back at its hour with ANOTHER therapist leaves the therapist its move
freed free then (session 32, rev32d F-M1): the card offering her hour closed at the poll, and an Approve before the
poll refused ("back at … at its hour"), though nobody had taken her hour. "Back over the card's hour" now needs the
booking to take one of the opening's therapists too; back with her, the card still closes."""

from __future__ import annotations

from datetime import timedelta

import pytest

from spa_copilot import scheduler
from spa_copilot.slack import ids
from tests.fill_scene import Scene, eventually
from tests.test_s30_fill2_moved_back import _moved_away_with_a_card

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def _back_with_a_colleague(scene: Scene) -> str:
    """The desk moves the booking back to its old location and hour, with a colleague free then (and no room, so the
    freed therapist's room stays free too). The colleague's id."""
    spa, old = scene.world.spa, scene.target
    own = old.services[0].staff_id
    colleague = next(s.id for s in sorted(spa.staff.values(), key=lambda s: s.id)
                     if s.location_id == old.location_id and s.active and s.id != own
                     and s.role in ("therapist", "esthetician")
                     and not any(a.is_active and a.start_at < old.end_at and old.start_at < a.end_at
                                 and any(line.staff_id == s.id for line in a.services)
                                 for a in spa.appointments.values()))
    lines = [line.model_copy(update={"staff_id": colleague, "resource_ids": []}) for line in old.services]
    spa.put_appointment(old.model_copy(update={
        "services": lines, "version": spa.appointments[old.id].version + 1,
        "updated_at": scene.clock() + timedelta(seconds=1)}))
    return colleague


async def test_back_at_its_hour_with_another_therapist_keeps_the_card_offering_the_freed_therapist(scene: Scene) -> None:
    row = await _moved_away_with_a_card(scene)
    assert row["candidates"][0]["staff_id"] == scene.target.services[0].staff_id
    _back_with_a_colleague(scene)
    scene.clock.advance(minutes=1)
    await scheduler.poll_calendar(scene.copilot)
    kept = scene.store.fill_proposal(row["id"])
    assert kept["status"] == "pending", (kept["status"], kept.get("reason"))
    assert "Closed" not in scene.card_text(scene.world.slack.message(kept["channel"], kept["ts"]))
    assert not scene.store.recent_audit(5, action_prefix="fill.closed")


async def test_approve_after_the_booking_is_back_with_another_therapist_offers_the_freed_hour(scene: Scene) -> None:
    row = await _moved_away_with_a_card(scene)
    _back_with_a_colleague(scene)
    await scene.world.sender.click(scene.card, ids.APPROVE_FILL, user_id=scene.world.manager_id)
    await eventually(lambda: scene.store.fill_proposal(row["id"])["status"] == "sent")
    assert len(scene.sent()) == 1
    assert "back at" not in scene.thread_text()
