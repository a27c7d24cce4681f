"""A booking moved to the sister location and then moved back: its old location's card says it is back (session 31).

An Approve on the "moved away" card, once the booking was back at its old location and hour, was refused saying "the
cancelled appointment is booked again", and the card closed saying so, though nothing was cancelled; so did the card
closing after its guest's NO. They now say the appointment is back at its location at its hour, so there is no
opening to fill (the card reads "Closed", as when the calendar poll sees the move back first). A card whose booking
is still at the sister location is not closed as back after its guest's NO: it moves on.
"""

from __future__ import annotations

import pytest

from spa_copilot import fill, scheduler
from spa_copilot.slack import blocks, ids
from tests.fill_scene import Scene, eventually
from tests.test_s30_fill2_moved_back import _move_back, _moved_away_with_a_card

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def _back(row: dict) -> str:
    return f"the appointment is back at {row['opening']['location_name']} at its hour, so there is no opening to fill"


async def test_an_approve_after_the_move_back_says_the_appointment_is_back(scene: Scene) -> None:
    row = await _moved_away_with_a_card(scene)
    _move_back(scene)  # no poll has seen it yet: Approve's own re-check finds it
    result = await fill.approve_fill(scene.copilot, row["id"], row["revision"], user_id=scene.world.manager_id)
    assert not result.ok
    assert result.note == f"Nothing was sent: {_back(row)}. The card is closed.", result.note
    assert "cancelled" not in result.note and "booked again" not in result.note
    assert scene.sent() == []
    closed = scene.store.fill_proposal(row["id"])
    assert closed["status"] == "expired", closed["status"]
    assert "booked again" not in closed["reason"] and f"back at {row['opening']['location_name']}" in closed["reason"]
    # the appointment as the front desk looks it up, not the card's claim key (``opening_claim``: ``<id>@<location>``)
    assert f"(appointment {scene.target.id}, back at" in closed["reason"], closed["reason"]
    card = scene.card_text(scene.world.slack.message(closed["channel"], closed["ts"]))
    assert "Closed" in card and "booked again" not in card and ids.APPROVE_FILL not in card, card
    await eventually(lambda: "clicked Approve" in scene.thread_text())
    thread = scene.thread_text()
    assert f"clicked Approve, but {blocks.escape(_back(row))}" in thread and "booked again" not in thread, thread


async def test_a_no_after_the_move_back_closes_the_card_saying_it_is_back(scene: Scene) -> None:
    row = await _moved_away_with_a_card(scene)
    first, _ = await scene.first_offer_sent()
    _move_back(scene)
    scene.clock.advance(minutes=1)
    await scheduler.poll_calendar(scene.copilot)
    assert scene.store.fill_proposal(row["id"])["status"] == "sent", "the guest's hold still runs"
    await scene.reply(first["client_id"], "No thanks")
    await eventually(lambda: scene.store.fill_proposal(row["id"])["status"] != "sent")
    closed = scene.store.fill_proposal(row["id"])
    assert closed["status"] == "expired" and closed["current_index"] == 0, (closed["status"], closed.get("reason"))
    assert "booked again" not in closed["reason"], closed["reason"]
    thread = scene.thread_text()
    assert f"The proposal is closed: {blocks.escape(_back(row))}." in thread and "booked again" not in thread, thread


async def test_a_no_while_the_booking_is_still_away_moves_on(scene: Scene) -> None:
    row = await _moved_away_with_a_card(scene)
    first, _ = await scene.first_offer_sent()
    await scene.reply(first["client_id"], "No thanks")
    await eventually(lambda: scene.store.fill_proposal(row["id"])["status"] != "sent")
    moved = scene.store.fill_proposal(row["id"])
    assert "booked again" not in (moved.get("reason") or ""), moved.get("reason")
    assert moved["status"] == "pending" and moved["current_index"] == 1, (moved["status"], moved.get("reason"))
