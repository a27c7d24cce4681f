"""A list of guests to call (its slot too soon for a text) whose hour is booked again closes (session 32, rev32d
F-H1): a moved-away card turned into a list to call kept "Guests to call" after its booking moved back over its hour,
and so did a cancellation's list to call when the cancellation was undone; the front desk phoned waiting guests about
an hour already booked. Now the card says it is closed and why, with nobody to call, audited once."""

from __future__ import annotations

from datetime import timedelta

import pytest

from spa_copilot import fill, scheduler
from spa_copilot.slack import blocks
from tests.fill_scene import Scene
from tests.test_s28_fill_card_restored import _restore
from tests.test_s30_fill2_moved_back import _move_back, _moved_away_with_a_card

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


async def _poll(scene: Scene) -> None:
    scene.clock.advance(seconds=30)
    await scheduler.poll_calendar(scene.copilot)


def _assert_closed_once(scene: Scene, row: dict, reason: str) -> dict:
    closed = scene.store.fill_proposal(row["id"])
    assert closed["status"] == "expired" and closed["reason"] == reason, closed["reason"]
    card = scene.card_text(scene.world.slack.message(closed["channel"], closed["ts"]))
    assert "Closed" in card, card
    assert "call a guest" not in card.lower() and "Guests to call" not in card, card
    [audit] = _closes_for_the_booking(scene)
    assert audit.subject_id == row["id"]
    return closed


def _closes_for_the_booking(scene: Scene) -> list:
    """The card's "fill.closed" audits for its hour booked again (not the one that made it a list to call)."""
    return [a for a in scene.store.recent_audit(10, action_prefix="fill.closed")
            if a.details.get("reason") in ("movedBack", blocks.BOOKING_BACK_TEXT)]


async def test_a_moved_away_list_to_call_closes_when_the_booking_is_back_at_its_hour(scene: Scene) -> None:
    start = scene.target.start_at
    scene.clock.current = start - timedelta(minutes=20)
    row = await _moved_away_with_a_card(scene)
    scene.clock.current = start - timedelta(minutes=9)
    await fill.expire_offers(scene.copilot)
    listed = scene.store.fill_proposal(row["id"])
    assert listed["status"] == "expired" and listed["reason"].startswith(blocks.CALL_LIST), listed["reason"]
    assert "Guests to call" in scene.card_text(scene.world.slack.message(listed["channel"], listed["ts"]))
    _move_back(scene)
    await _poll(scene)
    back = f"{scene.target.id}, back at {row['opening']['location_name']} at its hour"
    closed = _assert_closed_once(scene, listed, blocks.BOOKED_OVER_TEXT.format(appointment_id=back))
    assert _closes_for_the_booking(scene)[0].details.get("appointmentId") == scene.target.id
    for _ in range(2):  # later polls and sweeps change nothing more, and never make it a list to call again
        await _poll(scene)
        await fill.expire_offers(scene.copilot)
    assert scene.store.fill_proposal(row["id"])["reason"] == closed["reason"]
    assert len(_closes_for_the_booking(scene)) == 1


async def test_a_cancellations_list_to_call_closes_when_the_cancellation_is_undone(scene: Scene) -> None:
    scene.clock.current = scene.target.start_at - timedelta(minutes=8)
    await scene.cancel()
    row = scene.proposal
    assert row["status"] == "expired" and row["reason"].startswith(blocks.CALL_LIST), row["reason"]
    _restore(scene)
    await _poll(scene)
    closed = _assert_closed_once(scene, row, blocks.BOOKING_BACK_TEXT)
    for _ in range(2):
        await _poll(scene)
        await fill.expire_offers(scene.copilot)
    assert scene.store.fill_proposal(row["id"])["reason"] == closed["reason"]
    assert len(_closes_for_the_booking(scene)) == 1
