"""A fill card closed because its slot left the book says plainly why, first, and shows nothing to act on: before, a
moved-away card closed by its booking's move back still said "This booking moved to …, so its time here is open", and
every closed card still listed its candidates (the arrow on the one "up next") and a "Draft SMS to" with the text, under
a "Fill the … opening" header. The proposal's id stays on the card, and the ranking and the draft stay in its audit."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from spa_copilot import scheduler
from spa_copilot.domain import AppointmentStatus
from spa_copilot.fill.card import MOVED_TO_TEXT
from tests.fill_scene import Scene, proposed
from tests.test_s30_fill2_moved_back import _move_back, _moved_away_with_a_card

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


async def _poll(scene: Scene) -> dict:
    scene.clock.advance(minutes=1)
    await scheduler.poll_calendar(scene.copilot)
    row = scene.proposal
    assert row["status"] == "expired", (row["status"], row.get("reason"))
    return row


def _assert_plainly_closed(scene: Scene, row: dict) -> None:
    card = scene.world.slack.message(row["channel"], row["ts"])
    assert card is not None
    shown = json.dumps(card.blocks, ensure_ascii=False)
    first, second = card.blocks[0], card.blocks[1]
    assert first["text"]["text"].startswith("Closed: the "), first
    assert second["text"]["text"].startswith(":lock: Closed at "), second  # why, before anything else
    assert "closed," in card.text and "(expired)" not in card.text, card.text
    assert "Draft SMS to" not in shown and "Candidates" not in shown and ":arrow_right:" not in shown, shown
    for candidate in row["candidates"]:
        assert candidate["first_name"] not in shown + card.text, candidate["first_name"]
    assert row["draft"] and row["draft"][:30] not in shown
    assert MOVED_TO_TEXT.split("{", 1)[0] not in shown
    assert "button" not in shown
    assert f"proposal `{row['id']}`" in shown
    proposed_audit = scene.store.recent_audit(50, action_prefix="fill.proposed")
    kept = [r for r in proposed_audit if r.subject_id == row["id"]]
    assert kept and kept[0].details["candidates"] and kept[0].details["draft"] == row["draft"]


async def test_a_moved_away_card_closed_by_the_move_back_says_why_and_offers_nothing(scene: Scene) -> None:
    await _moved_away_with_a_card(scene)
    _move_back(scene)
    _assert_plainly_closed(scene, await _poll(scene))


async def test_a_card_closed_by_its_cancellation_undone_says_why_and_offers_nothing(scene: Scene) -> None:
    await proposed(scene)
    spa, now = scene.world.spa, scene.world.spa.appointments[scene.target.id]
    spa.put_appointment(now.model_copy(update={
        "status": AppointmentStatus.confirmed, "cancellation": None, "version": now.version + 1,
        "updated_at": scene.clock() + timedelta(seconds=1)}))
    _assert_plainly_closed(scene, await _poll(scene))
