"""A booking moved to the sister location and then back over its old hour closes the card its move opened, whatever
the card offers (session 32): the calendar poll's close looked at the first candidate's therapist and time only, so a
card offering the hour with another therapist stayed open with an Approve its own re-check refuses, and a card posted
with nobody to offer the hour to kept saying "Nothing to offer" for an hour that is booked again. Both now close with
the words the card's other closes use: the appointment is back at its location at its hour."""

from __future__ import annotations

import pytest

from spa_copilot import scheduler
from spa_copilot.domain import WaitlistStatus
from spa_copilot.slack import blocks, ids
from tests.fill_scene import Scene
from tests.test_s30_fill2_moved_back import _move_back, _moved_away_with_a_card
from tests.test_s30_fill_moved_to_sister_location import _move_to_the_sister_location
from tests.test_s31_fill_moved_back_other_hour import _back_later

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def _back_reason(scene: Scene, row: dict) -> str:
    back = f"{scene.target.id}, back at {row['opening']['location_name']} at its hour"
    return blocks.BOOKED_OVER_TEXT.format(appointment_id=back)


async def _wanting_a_colleague(scene: Scene) -> str:
    """A colleague of the booking's therapist works the same shifts, free at the booking's hour, and the scene's
    waiting guests ask for them: the card offers the hour with the colleague, not with the therapist the move freed.
    The booking's therapist's id."""
    spa, own = scene.world.spa, scene.target.services[0].staff_id
    colleague = next(s for s in sorted(spa.staff.values(), key=lambda s: s.id)
                     if s.location_id == scene.target.location_id and s.active and s.id != own
                     and s.role == "therapist" and s.has_skill("massage")
                     and not any(a.is_active and a.start_at < scene.target.end_at and scene.target.start_at < a.end_at
                                 and any(line.staff_id == s.id for line in a.services)
                                 for a in spa.appointments.values()))
    spa.staff[colleague.id] = colleague.model_copy(update={"shifts": spa.staff[own].shifts})
    await scene.copilot.catalog(refresh=True)
    for entry_id in scene.entries:
        spa.waitlist[entry_id] = spa.waitlist[entry_id].model_copy(update={"staff_ids": [colleague.id]})
    return own


async def _poll(scene: Scene) -> None:
    scene.clock.advance(minutes=1)
    await scheduler.poll_calendar(scene.copilot)


async def test_a_card_offering_the_hour_with_another_therapist_closes_when_the_booking_is_back(scene: Scene) -> None:
    own = await _wanting_a_colleague(scene)
    row = await _moved_away_with_a_card(scene)
    assert row["candidates"][0]["staff_id"] != own, row["candidates"][0]
    _move_back(scene)
    await _poll(scene)
    closed = scene.store.fill_proposal(row["id"])
    assert closed["status"] == "expired", (closed["status"], closed.get("reason"))
    assert closed["reason"] == _back_reason(scene, row), closed["reason"]
    card = scene.card_text(scene.world.slack.message(closed["channel"], closed["ts"]))
    assert "Closed" in card and ids.APPROVE_FILL not in card, card
    guest = scene.world.spa.clients[scene.target.client_id]
    assert guest.first_name not in card


async def _moved_away_with_nobody(scene: Scene) -> dict:
    for entry_id in scene.entries:
        entry = scene.world.spa.waitlist[entry_id]
        scene.world.spa.waitlist[entry_id] = entry.model_copy(update={"status": WaitlistStatus.cancelled})
    _move_to_the_sister_location(scene)
    await _poll(scene)
    row = scene.proposal
    assert row["status"] == "expired" and not row["candidates"] and row["opening"].get("moved_to"), row
    assert "Nothing to offer" in scene.card_text()
    return row


async def test_a_card_with_nobody_to_offer_the_hour_to_closes_when_the_booking_is_back(scene: Scene) -> None:
    row = await _moved_away_with_nobody(scene)
    _move_back(scene)
    await _poll(scene)
    closed = scene.store.fill_proposal(row["id"])
    assert closed["status"] == "expired" and closed["reason"] == _back_reason(scene, row), closed.get("reason")
    card = scene.card_text(scene.world.slack.message(closed["channel"], closed["ts"]))
    assert "Closed" in card and "Nothing to offer" not in card, card
    [audit] = scene.store.recent_audit(5, action_prefix="fill.closed")
    assert audit.subject_id == row["id"] and audit.details.get("appointmentId") == scene.target.id
    for _ in range(2):  # later polls change nothing more
        await _poll(scene)
    assert scene.store.fill_proposal(row["id"])["updated_at"] == closed["updated_at"]
    assert len(scene.store.recent_audit(5, action_prefix="fill.closed")) == 1


async def test_a_card_with_nobody_stays_as_it_was_when_the_booking_is_back_at_another_hour(scene: Scene) -> None:
    row = await _moved_away_with_nobody(scene)
    _back_later(scene, 3)
    await _poll(scene)
    kept = scene.store.fill_proposal(row["id"])
    assert kept["reason"] == row["reason"], kept["reason"]
    assert "Nothing to offer" in scene.card_text(scene.world.slack.message(kept["channel"], kept["ts"]))
