"""A booking moved to the sister location under the same id, then moved BACK to its old location and hour: the fill
card the move opened at the old location stayed open, offering an hour the booking holds again. Now it closes as a
card whose slot was booked over closes (no buttons, "the slot was booked in Mangomint since this card was drawn",
no guest named); an approved text still waiting is not sent."""

from __future__ import annotations

from datetime import timedelta

import pytest

from spa_copilot import fill, scheduler
from spa_copilot.slack import blocks
from tests.fill_scene import Scene
from tests.test_s30_fill_moved_to_sister_location import _move_to_the_sister_location

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def _move_back(scene: Scene) -> None:
    """The front desk moves the booking back to its old location, time and therapist (same id)."""
    old = scene.target
    now_at = scene.world.spa.appointments[old.id]
    scene.world.spa.put_appointment(old.model_copy(update={
        "version": now_at.version + 1, "updated_at": scene.clock() + timedelta(seconds=1)}))


async def _moved_away_with_a_card(scene: Scene) -> dict:
    _move_to_the_sister_location(scene)
    scene.clock.advance(seconds=30)
    await scheduler.poll_calendar(scene.copilot)
    row = scene.proposal
    assert row["status"] == "pending" and row["opening"].get("moved_to"), row
    return row


async def test_a_booking_moved_back_closes_the_card_its_move_opened(scene: Scene) -> None:
    row = await _moved_away_with_a_card(scene)
    _move_back(scene)
    scene.clock.advance(minutes=1)
    await scheduler.poll_calendar(scene.copilot)
    row = scene.store.fill_proposal(row["id"])
    assert row["status"] == "expired", (row["status"], row.get("reason"))
    # the words of the card's other closes for the same move back (a NO, an Approve): back at its location, at its hour
    back = f"{scene.target.id}, back at {row['opening']['location_name']} at its hour"
    assert row["reason"] == blocks.BOOKED_OVER_TEXT.format(appointment_id=back), row["reason"]
    card = scene.card_text(scene.world.slack.message(row["channel"], row["ts"]))
    assert "Closed" in card and "Approve" not in card, card
    guest = scene.world.spa.clients[scene.target.client_id]
    assert guest.first_name not in card
    for _ in range(2):  # later polls leave it closed, and open no second card at the old location
        scene.clock.advance(minutes=1)
        await scheduler.poll_calendar(scene.copilot)
        await fill.expire_offers(scene.copilot)
    assert scene.store.fill_proposal(row["id"])["status"] == "expired"
    here = [r for r in scene.store.fill_proposals(statuses=("pending", "approved", "sent"))
            if r["location_id"] == scene.target.location_id]
    assert here == [], here


async def test_an_approved_text_waiting_is_not_sent_after_the_move_back(
    scene: Scene, monkeypatch: pytest.MonkeyPatch
) -> None:
    row = await _moved_away_with_a_card(scene)
    monkeypatch.setattr(scene.copilot.settings, "text_send_hours", "09:30-21:00")  # 9:00am now: the text waits
    result = await fill.approve_fill(scene.copilot, row["id"], row["revision"], user_id=scene.world.manager_id)
    assert result.ok, result.note
    assert scene.store.fill_proposal(row["id"])["status"] == "approved"
    _move_back(scene)
    scene.clock.advance(minutes=1)
    await scheduler.poll_calendar(scene.copilot)
    row = scene.store.fill_proposal(row["id"])
    assert row["status"] == "failed" and "booked in Mangomint" in row["reason"], (row["status"], row.get("reason"))
    assert scene.sent() == []
