"""rev32f R3, mended (these tests failed before): a cancellation undone AT ANOTHER HOUR (the desk reinstates the guest's booking and moves it to 3pm in one go)
closes the card for the original hour, which is still open: _close_restored (fill/proposing.py) closes on any restore,
without the hour/therapist test (_over_the_opening) that the moved-back path and the Approve re-check use."""
from datetime import timedelta

import pytest

from spa_copilot import scheduler

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def _restore(spa, target, *, shift=timedelta(0), staff_id=None):
    cur = spa.appointments[target.id]
    spa.put_appointment(cur.model_copy(update={
        "status": target.status, "cancellation": None, "version": cur.version + 1, "updated_at": spa._stamp(),
        "start_at": target.start_at + shift, "end_at": target.end_at + shift,
        "services": [s.model_copy(update={"start_at": s.start_at + shift, "end_at": s.end_at + shift,
                                          **({"staff_id": staff_id} if staff_id else {})}) for s in target.services]}))


async def _card(scene):
    spa, target = scene.world.spa, scene.target
    spa.cancel(target.id, reason="sick")
    await scheduler.poll_calendar(scene.copilot)
    row = scene.copilot.store.fill_proposal_for(target.id)
    assert row is not None and row["status"] == "pending", row
    return row


async def test_control_restored_at_its_hour_closes(scene):
    await _card(scene)
    _restore(scene.world.spa, scene.target)
    await scheduler.poll_calendar(scene.copilot)
    row = scene.copilot.store.fill_proposal_for(scene.target.id)
    assert row["status"] != "pending"


async def test_restored_four_hours_later_leaves_the_card_for_the_open_hour(scene):
    await _card(scene)
    _restore(scene.world.spa, scene.target, shift=timedelta(hours=4))
    await scheduler.poll_calendar(scene.copilot)
    row = scene.copilot.store.fill_proposal_for(scene.target.id)
    assert row["status"] == "pending", "CARD CLOSED though its hour is still open: " + str(row.get("reason"))


async def test_restored_with_another_therapist_leaves_the_card_for_the_free_therapist(scene):
    await _card(scene)
    world, target = scene.world, scene.target
    other = next(s for s in world.data.staff if s.id != target.services[0].staff_id
                 and s.location_id == target.location_id and s.active and s.role in ("therapist", "esthetician"))
    _restore(world.spa, target, staff_id=other.id)
    await scheduler.poll_calendar(scene.copilot)
    row = scene.copilot.store.fill_proposal_for(target.id)
    assert row["status"] == "pending", "CARD CLOSED though its therapist is still free: " + str(row.get("reason"))


async def test_call_list_kept_when_the_cancellation_is_undone_at_another_hour(scene):
    """H3 through 3058a31: the desk's list of guests to call for the 8-minutes-away hour is closed ("nobody to call")
    though the guest was reinstated 4 hours later and the hour is still open."""
    from spa_copilot.slack import blocks
    scene.clock.current = scene.target.start_at - timedelta(minutes=8)
    await scene.cancel()
    row = scene.proposal
    assert row["status"] == "expired" and row["reason"].startswith(blocks.CALL_LIST), row["reason"]
    _restore(scene.world.spa, scene.target, shift=timedelta(hours=4))
    scene.clock.advance(seconds=30)
    await scheduler.poll_calendar(scene.copilot)
    after = scene.store.fill_proposal(row["id"])
    card = scene.card_text(scene.world.slack.message(after["channel"], after["ts"]))
    assert after["reason"].startswith(blocks.CALL_LIST), "LIST TO CALL WIPED: " + after["reason"]
    assert "Guests to call" in card, "the card still lists its guests to call"
