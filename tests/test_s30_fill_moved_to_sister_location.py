"""A booking moved to the sister location under the same id frees its hour at the old location, but the fill flow
heard of it only as an update (the old location's handlers get the change the move recorded for them: the row before
at the old location, the appointment now elsewhere), so the opening got no card. Now it is an opening at the old
location, as a cancellation is: one card, once, offering its hour there, saying the booking moved to the other
location and naming no guest (as a cancellation's card names none)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from spa_copilot import fill, scheduler
from spa_copilot.domain import Appointment
from spa_copilot.slack import blocks
from tests.fill_scene import Scene, down_once
from tests.scenes import moved_away_card

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def _move_to_the_sister_location(scene: Scene) -> tuple[Appointment, str]:
    """The front desk rebooks the scene's target at the other location, same id and time, with a therapist there."""
    target = scene.world.spa.appointments[scene.target.id]
    sister = next(loc for loc in scene.world.data.locations if loc.id != target.location_id)
    therapist = next(s for s in sorted(scene.world.spa.staff.values(), key=lambda s: s.id)
                     if s.location_id == sister.id and s.active and s.role in ("therapist", "esthetician"))
    lines = [line.model_copy(update={"staff_id": therapist.id, "resource_ids": []}) for line in target.services]
    moved = target.model_copy(update={"location_id": sister.id, "services": lines, "version": target.version + 1,
                                      "updated_at": scene.clock() + timedelta(seconds=1)})
    scene.world.spa.put_appointment(moved)
    scene.moved_away()
    return moved, sister.name


async def test_the_old_location_gets_one_card_for_the_hour_the_move_freed(scene: Scene) -> None:
    old = scene.target
    moved, sister_name = _move_to_the_sister_location(scene)
    scene.clock.advance(seconds=30)
    await scheduler.poll_calendar(scene.copilot)

    row = scene.proposal
    assert row["location_id"] == old.location_id and row["status"] == "pending", row
    assert row["opening"]["start"] == old.start_at.isoformat() and row["opening"]["end"] == old.end_at.isoformat()
    assert row["opening"]["staff_ids"] == [line.staff_id for line in old.services if line.staff_id]
    assert row["opening"]["moved_to"] == sister_name and row["candidates"], row
    card = scene.card_text()
    assert f"This booking moved to {blocks.escape(sister_name)}, so its time here is open" in card, card
    guest = scene.world.spa.clients[old.client_id]
    assert guest.first_name not in card and guest.last_name not in card  # no guest named, as a cancellation's card
    [audit] = scene.store.recent_audit(5, action_prefix="fill.proposed")
    assert audit.details.get("movedTo") == sister_name

    for _ in range(3):  # once: later polls (and the replay, should it come again) add no second card
        scene.clock.advance(minutes=1)
        await scheduler.poll_calendar(scene.copilot)
        await fill.expire_offers(scene.copilot)
    cards = [m for m in scene.world.slack.messages(row["channel"]) if "Fill proposal" in m.text]
    assert len(cards) == 1, [m.text for m in cards]
    assert moved_away_card(scene.store, old.id, old.location_id)["id"] == row["id"]


async def test_a_card_approved_for_the_moved_bookings_hour_books_it_at_the_old_location(scene: Scene) -> None:
    old = scene.target
    _move_to_the_sister_location(scene)
    scene.clock.advance(seconds=30)
    await scheduler.poll_calendar(scene.copilot)
    first = scene.candidate(0)
    await scene.approve_and_wait()
    await scene.reply(first["client_id"], "YES")
    await fill.redrive_outbox(scene.copilot)
    assert scene.proposal["status"] == "booked", scene.thread_text()
    [booked] = scene.bookings_for(first["client_id"])
    assert booked.location_id == old.location_id and booked.start_at == old.start_at


async def test_a_booking_only_rescheduled_at_its_own_location_gets_no_card(scene: Scene) -> None:
    target = scene.world.spa.appointments[scene.target.id]
    later = [line.model_copy(update={"start_at": line.start_at + timedelta(hours=1),
                                     "end_at": line.end_at + timedelta(hours=1)}) for line in target.services]
    scene.world.spa.put_appointment(target.model_copy(update={
        "start_at": target.start_at + timedelta(hours=1), "end_at": target.end_at + timedelta(hours=1),
        "services": later, "version": target.version + 1, "updated_at": scene.clock() + timedelta(seconds=1)}))
    scene.clock.advance(seconds=30)
    await scheduler.poll_calendar(scene.copilot)
    assert scene.store.fill_proposal_for(target.id) is None
    assert moved_away_card(scene.store, target.id, target.location_id) is None


async def test_a_moved_bookings_opening_kept_for_a_retry_still_says_where_it_went(
    scene: Scene, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The spa system down while the card is made (the waitlist unreadable): the opening is kept for the expiry job,
    whose card still says the booking moved."""
    _, sister_name = _move_to_the_sister_location(scene)
    down_once(monkeypatch, scene.copilot.platform, "list_waitlist")
    scene.clock.advance(seconds=30)
    await scheduler.poll_calendar(scene.copilot)
    assert scene.proposal["status"] == "abandoned"
    await fill.expire_offers(scene.copilot)
    assert scene.proposal["status"] == "pending"
    assert f"This booking moved to {blocks.escape(sister_name)}" in scene.card_text()
