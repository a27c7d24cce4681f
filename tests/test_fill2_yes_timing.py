"""A guest's YES answers an offer only when it was sent while that offer stood: never before the offer was approved
(a "Yes" to the spa's own reminder, delivered late by a webhook retry), never after its hold, never in the future.

Same scene as ``test_fill_flow`` (``tests/fill_scene.py``) for the flow; the store's rule on its own below.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from spa_copilot import fill
from spa_copilot.store import Store
from tests.conftest import NOW
from tests.fill_scene import Scene, proposed, sms_reply

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

HOLD = timedelta(minutes=10)


async def test_a_yes_sent_before_the_offer_was_approved_books_nothing_and_the_offer_keeps_waiting(scene: Scene) -> None:
    await proposed(scene)
    first = scene.candidate(0)
    before_offer = scene.clock() - timedelta(hours=2)  # a "Yes" to the spa's reminder, its delivery retried late
    await scene.approve_and_wait()
    offer = scene.store.latest_fill_offer(first["client_id"])
    for _ in range(2):  # the same webhook delivered twice: said once
        await fill.on_message_received(scene.copilot, sms_reply(first["client_id"], "Yes", before_offer))
    await fill.expire_offers(scene.copilot)
    offer = scene.store.fill_offer(offer["id"])
    assert offer["status"] == "sent" and offer["yes_at"] is None, "a YES from before the offer decided it"
    assert not scene.bookings_for(first["client_id"])
    assert scene.thread_text().count("before this offer was approved") == 1
    assert "The offer still waits for their answer" in scene.thread_text()
    assert scene.store.fill_proposal_for(f"reply:{offer['id']}") is None, "no 'too late' reply drafted"
    # the guest's real answer to the offer still books
    await fill.on_message_received(scene.copilot, sms_reply(first["client_id"], "YES", scene.clock(), message_id="msg_now"))
    assert scene.proposal["status"] == "booked" and len(scene.bookings_for(first["client_id"])) == 1


async def test_a_quick_yes_timed_by_a_spa_clock_a_little_behind_ours_books(scene: Scene) -> None:
    await proposed(scene)
    first, offer = await scene.first_offer_sent()
    approved = datetime.fromisoformat(offer["created_at"])
    # the guest answered at once; the spa system's clock, which dates the reply, runs 20 seconds behind ours
    await fill.on_message_received(scene.copilot, sms_reply(first["client_id"], "Yes!", approved - timedelta(seconds=20)))
    assert scene.proposal["status"] == "booked" and len(scene.bookings_for(first["client_id"])) == 1
    assert "before this offer was approved" not in scene.thread_text()


async def test_a_yes_from_before_an_offer_that_has_ended_says_so_without_saying_it_waits(scene: Scene) -> None:
    await proposed(scene)
    first = scene.candidate(0)
    before_offer = scene.clock() - timedelta(hours=2)
    await scene.approve_and_wait()
    offer = scene.store.latest_fill_offer(first["client_id"])
    scene.clock.advance(minutes=11)
    await fill.expire_offers(scene.copilot)
    assert scene.store.fill_offer(offer["id"])["status"] == "expired"
    await fill.on_message_received(scene.copilot, sms_reply(first["client_id"], "Yes", before_offer))
    assert "before this offer was approved" in scene.thread_text()
    assert "still waits" not in scene.thread_text()
    assert scene.store.fill_proposal_for(f"reply:{offer['id']}") is None, "no 'too late' reply to an early YES"


def _sent_offer(store: Store, *, approved_at: datetime, sent_at: datetime) -> str:
    """An offer approved at ``approved_at`` whose text was confirmed sent at ``sent_at`` (hold: 10 minutes from then)."""
    store.create_fill_proposal("fp_1", appointment_id="ap_1", location_id="loc_1", status="pending",
                               opening={"start": (NOW + timedelta(hours=3)).isoformat(), "time_zone": "UTC"},
                               candidates=[], at=approved_at)
    offer = {"id": "of_1", "client_id": "cl_1", "waitlist_entry_id": "wl_1"}
    assert store.record_fill_approval("fp_1", revision=0, approved_by="U_MGR", at=approved_at, outbox_key="k",
                                      outbox_kind="fill.sms", payload={}, offer=offer)
    assert store.update_fill_offer("of_1", at=sent_at, expect_status="approved", status="sent",
                                   sent_at=sent_at.isoformat(), expires_at=(sent_at + HOLD).isoformat())
    return "of_1"


@pytest.mark.parametrize(
    ("yes_after_approval", "counts"),
    [
        (timedelta(seconds=-1), False),  # before the offer existed: answers something else
        (timedelta(hours=-2), False),
        (timedelta(0), True),
        (timedelta(seconds=30), True),  # before the send was confirmed (the confirmation lost): the text had gone out
        (timedelta(minutes=2) + HOLD - timedelta(seconds=1), True),
        (timedelta(minutes=2) + HOLD, False),  # the hold ran out
    ],
)
def test_a_yes_counts_from_the_approval_to_the_end_of_the_hold(yes_after_approval: timedelta, counts: bool) -> None:
    store = Store.memory()
    offer_id = _sent_offer(store, approved_at=NOW, sent_at=NOW + timedelta(minutes=2))
    now = NOW + timedelta(hours=1)
    assert store.record_fill_yes(offer_id, at=NOW + yes_after_approval, message_id="m", now=now) is counts
    assert (store.fill_offer(offer_id)["yes_at"] is not None) is counts


def test_a_yes_dated_after_now_is_refused_and_a_recorded_one_is_stamped_now() -> None:
    store = Store.memory()
    offer_id = _sent_offer(store, approved_at=NOW, sent_at=NOW)
    now = NOW + timedelta(minutes=5)
    assert not store.record_fill_yes(offer_id, at=now + timedelta(seconds=1), message_id="m_future", now=now)
    assert store.record_fill_yes(offer_id, at=NOW + timedelta(minutes=1), message_id="m", now=now)
    offer = store.fill_offer(offer_id)
    assert datetime.fromisoformat(offer["yes_at"]) == NOW + timedelta(minutes=1)
    assert datetime.fromisoformat(offer["updated_at"]) == now, "the row changed now, not when the guest sent it"
