"""A YES's re-check holds its offer by the time it took it: a slow re-check the expiry job handed back (after
``ACCEPTING_STALE``) and another re-check took up can no longer undo that one's work, and a re-check gives up well
before the expiry job would hand it back (``RECHECK_TIMEOUT``).

Same scene as ``test_fill_flow`` (``tests/fill_scene.py``).
"""

from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import Any

import pytest

from spa_copilot import fill
from spa_copilot.platform.errors import PlatformUnavailable
from spa_copilot.store import Store
from tests.conftest import NOW
from tests.fill_scene import Scene, down_once, proposed

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def _first_check_waits(monkeypatch: pytest.MonkeyPatch, go: asyncio.Event, error: BaseException | None) -> dict[str, int]:
    """The slot's first re-check waits for ``go``, then raises ``error`` (or answers); later ones answer at once."""
    real = fill.recheck._still_fits
    calls = {"n": 0}

    async def slow(*args: Any, **kwargs: Any) -> Any:
        calls["n"] += 1
        if calls["n"] == 1:
            await go.wait()
            if error is not None:
                raise error
        return await real(*args, **kwargs)

    monkeypatch.setattr(fill.replies, "_still_fits", slow)
    return calls


async def _slow_check_taken_over(scene: Scene, monkeypatch: pytest.MonkeyPatch, error: BaseException | None):  # noqa: ANN202
    """A YES whose first re-check stalls past ACCEPTING_STALE; the expiry job hands it back and a second re-check
    queues the booking, which meets a 503. Returns the first re-check's task, its gate and the offer's id."""
    await proposed(scene)
    first, offer = await scene.first_offer_sent()
    assert scene.store.record_fill_yes(offer["id"], at=scene.clock(), message_id="m1", now=scene.clock())
    go = asyncio.Event()
    calls = _first_check_waits(monkeypatch, go, error)
    slow = asyncio.create_task(fill.replies._take_up_yes(scene.copilot, scene.store.fill_offer(offer["id"])))
    while calls["n"] == 0:
        await asyncio.sleep(0)
    scene.clock.advance(minutes=6)
    down_once(monkeypatch, scene.copilot.platform, "book_appointment")
    await fill.expire_offers(scene.copilot)  # hands the YES back, re-checks it again, queues the booking (503)
    assert calls["n"] == 2 and scene.store.outbox_item(fill._common._booking_key(offer)) is not None
    assert scene.store.fill_offer(offer["id"])["status"] == "accepting"
    return slow, go, offer["id"], first["client_id"]


async def test_a_slow_recheck_failing_after_another_took_over_does_not_hand_the_yes_back(
    scene: Scene, monkeypatch: pytest.MonkeyPatch
) -> None:
    slow, go, offer_id, client_id = await _slow_check_taken_over(scene, monkeypatch, PlatformUnavailable("503"))
    go.set()
    with pytest.raises(PlatformUnavailable):
        await slow
    assert scene.store.fill_offer(offer_id)["status"] == "accepting", "the second re-check's booking is in flight"
    await fill.redrive_outbox(scene.copilot)
    await fill.expire_offers(scene.copilot)
    assert scene.store.fill_offer(offer_id)["status"] == "booked" and len(scene.bookings_for(client_id)) == 1
    assert "no longer free" not in scene.thread_text() and "replied YES at" not in scene.thread_text()
    assert scene.store.fill_proposal_for(f"reply:{offer_id}") is None, "no 'sorry, it's taken' to a booked guest"


async def test_a_slow_recheck_finding_the_slot_gone_after_another_booked_it_says_nothing(
    scene: Scene, monkeypatch: pytest.MonkeyPatch
) -> None:
    slow, go, offer_id, client_id = await _slow_check_taken_over(scene, monkeypatch, None)
    await fill.redrive_outbox(scene.copilot)  # the second re-check's booking goes through
    assert scene.store.fill_offer(offer_id)["status"] == "booked"
    go.set()
    await slow  # the first re-check now sees the guest's own booking in the slot
    assert scene.store.fill_offer(offer_id)["status"] == "booked" and scene.proposal["status"] == "booked"
    assert len(scene.bookings_for(client_id)) == 1
    assert "no longer free" not in scene.thread_text()
    assert scene.store.fill_proposal_for(f"reply:{offer_id}") is None


async def test_a_recheck_the_spa_system_keeps_waiting_gives_up_before_the_lease_and_keeps_the_yes(
    scene: Scene, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert fill.RECHECK_TIMEOUT < fill.ACCEPTING_STALE / 2
    usual_timeout = fill.replies.RECHECK_TIMEOUT
    monkeypatch.setattr(fill.replies, "RECHECK_TIMEOUT", timedelta(seconds=0.05))
    await proposed(scene)
    first, offer = await scene.first_offer_sent()
    assert scene.store.record_fill_yes(offer["id"], at=scene.clock(), message_id="m1", now=scene.clock())
    _first_check_waits(monkeypatch, asyncio.Event(), None)  # never answers
    with pytest.raises(PlatformUnavailable):
        await asyncio.wait_for(fill.replies._take_up_yes(scene.copilot, scene.store.fill_offer(offer["id"])), timeout=5)
    kept = scene.store.fill_offer(offer["id"])
    assert kept["status"] == "sent" and kept["yes_at"]
    assert scene.thread_text().count("replied YES at") == 1
    # the spa system answers again: the held YES is taken up with the usual wait (50 ms is too short for a real
    # re-check on a loaded machine, where it timed out too and left the proposal "sent")
    monkeypatch.setattr(fill.replies, "RECHECK_TIMEOUT", usual_timeout)
    await fill.expire_offers(scene.copilot)
    assert scene.proposal["status"] == "booked" and len(scene.bookings_for(first["client_id"])) == 1


def test_an_offer_claimed_again_is_not_the_first_holders_to_change() -> None:
    store = Store.memory()
    store.db.execute("INSERT INTO offers (id, proposal_id, client_id, status, created_at, updated_at) "
                     "VALUES ('of_1', 'fp', 'cl', 'sent', ?, ?)", [NOW.isoformat(), NOW.isoformat()])
    first, second = NOW + timedelta(minutes=1), NOW + timedelta(minutes=7)
    assert store.update_fill_offer("of_1", at=first, expect_status="sent", status="accepting")
    assert store.update_fill_offer("of_1", at=second - timedelta(seconds=1), expect_status="accepting",
                                   claimed_at=first, status="sent")  # handed back by the expiry job
    assert store.update_fill_offer("of_1", at=second, expect_status="sent", status="accepting")
    assert not store.update_fill_offer("of_1", at=second, expect_status="accepting", claimed_at=first, status="sent")
    assert store.update_fill_offer("of_1", at=second, expect_status="accepting", claimed_at=second, status="lost")
