"""A recorded YES is never expired: the expiry job reads its due offers once and awaits Slack and the spa system for
each, so a YES recorded meanwhile (its re-check then meeting an outage) must not be ended by the hold running out;
only the slot starting closes an offer with a YES.

Same scene as ``test_fill_flow`` (``tests/fill_scene.py``).
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from spa_copilot import fill
from spa_copilot.store import Store
from tests.conftest import NOW
from tests.fill_scene import Scene, proposed

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


async def test_a_yes_recorded_after_the_expiry_job_read_its_due_offers_is_not_expired(scene: Scene) -> None:
    await proposed(scene)
    first, offer = await scene.first_offer_sent()
    scene.clock.advance(minutes=11)
    due = scene.store.due_fill_offers(now=scene.clock())  # the job's list, read before the YES lands
    assert [o["id"] for o in due] == [offer["id"]]
    # the YES, sent within the hold, is recorded while the job awaits another offer; its re-check met an outage
    assert scene.store.record_fill_yes(offer["id"], at=scene.clock() - timedelta(minutes=2), message_id="m1",
                                       now=scene.clock())
    assert not await fill.replies._expire_one(scene.copilot, due[0])
    kept = scene.store.fill_offer(offer["id"])
    assert kept["status"] == "sent" and kept["yes_at"]
    assert scene.proposal["current_index"] == 0 and "did not answer" not in scene.thread_text()
    await fill.expire_offers(scene.copilot)  # the system answers: the YES is booked
    assert scene.proposal["status"] == "booked" and len(scene.bookings_for(first["client_id"])) == 1


async def test_the_slot_starting_still_closes_an_offer_whose_yes_was_never_checked(scene: Scene) -> None:
    await proposed(scene)
    first, offer = await scene.first_offer_sent()
    assert scene.store.record_fill_yes(offer["id"], at=scene.clock(), message_id="m1", now=scene.clock())
    scene.clock.current = scene.target.start_at + timedelta(minutes=1)
    assert await fill.replies._expire_one(scene.copilot, offer, slot_started=True)
    assert scene.store.fill_offer(offer["id"])["status"] == "expired"


@pytest.mark.parametrize(("expect_yes", "changes_without", "changes_with"),
                         [(None, True, True), (False, True, False), (True, False, True)])
def test_an_offer_update_can_require_a_yes_or_none(expect_yes: bool | None, changes_without: bool, changes_with: bool) -> None:
    store = Store.memory()
    for offer_id, yes_at in (("of_without", None), ("of_with", NOW.isoformat())):
        store.db.execute(
            "INSERT INTO offers (id, proposal_id, client_id, status, yes_at, created_at, updated_at) "
            "VALUES (?, 'fp', 'cl', 'sent', ?, ?, ?)", [offer_id, yes_at, NOW.isoformat(), NOW.isoformat()],
        )
    assert store.update_fill_offer("of_without", at=NOW, expect_status="sent", expect_yes=expect_yes,
                                   status="expired") is changes_without
    assert store.update_fill_offer("of_with", at=NOW, expect_status="sent", expect_yes=expect_yes,
                                   status="expired") is changes_with


async def test_a_yes_taken_up_before_yeses_were_recorded_is_booked_after_the_upgrade(scene: Scene) -> None:
    await proposed(scene)
    first, offer = await scene.first_offer_sent()
    # what a copilot before migration 10 left: the offer taken for its YES's re-check, no YES time recorded
    taken_at = scene.clock() + timedelta(minutes=1)
    assert scene.store.update_fill_offer(offer["id"], at=taken_at, expect_status="sent", status="accepting")
    assert scene.store.fill_offer(offer["id"])["yes_at"] is None
    scene.clock.advance(minutes=11)  # the upgraded process starts after the hold and the lease ran out
    await fill.expire_offers(scene.copilot)
    await fill.expire_offers(scene.copilot)
    kept = scene.store.fill_offer(offer["id"])
    assert kept["status"] == "booked" and kept["yes_at"] == taken_at.isoformat()
    assert scene.proposal["status"] == "booked" and len(scene.bookings_for(first["client_id"])) == 1
    assert "did not answer" not in scene.thread_text()
