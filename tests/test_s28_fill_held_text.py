"""A text held up by an outage never goes out for a slot that is gone (review rev28a, HIGH 1).

The manager approves while the spa system will not send (or will not answer at all, so Approve's own re-check is
skipped): the text waits in the outbox. Meanwhile the front desk restores the cancelled booking, or books the hour by
phone for someone else. Before, the re-drive texted the guest an offer for a slot that no longer existed once the spa
system answered. Now the poll that sees the change settles the held text as not sent (the card and its thread say so,
once), a retried send re-checks the slot first, and a re-check that cannot reach the spa system keeps the text for a
later try rather than send it unchecked.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest

from spa_copilot import fill, scheduler
from spa_copilot.domain import AppointmentStatus, BookingRequest
from spa_copilot.fill import _common
from spa_copilot.platform.errors import PlatformUnavailable
from spa_copilot.slack import blocks, ids
from tests.fill_scene import Scene, eventually, proposed

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

#: What the platform is asked for the re-check (and, with ``send_message``, a whole outage).
READS = ("list_appointments", "get_appointment", "list_waitlist", "get_client")


def _down(monkeypatch: pytest.MonkeyPatch, scene: Scene, methods: tuple[str, ...]) -> dict[str, bool]:
    """The platform's ``methods`` fail with an outage while the returned switch's ``down`` is True."""
    platform = scene.copilot.platform
    state = {"down": True}
    for name in methods:
        real = getattr(platform, name)

        def make(real: Any = real, name: str = name) -> Any:
            async def flaky(*args: Any, **kwargs: Any) -> Any:
                if state["down"]:
                    raise PlatformUnavailable(f"{name}: HTTP 503 after 5 attempts", status=503)
                return await real(*args, **kwargs)
            return flaky

        monkeypatch.setattr(platform, name, make())
    return state


async def _approved_and_held(scene: Scene) -> str:
    """Approve clicked while the outage is on: the approval is kept, its text tried once and held; its outbox key."""
    await scene.click(ids.APPROVE_FILL)
    key = _common._text_key(scene.proposal)
    await eventually(lambda: (item := scene.store.outbox_item(key)) is not None and item.attempts >= 1
                     and item.status == "pending")
    assert scene.proposal["status"] == "approved"
    return key


def _restore(scene: Scene) -> None:
    """The front desk undoes the cancellation in the spa system."""
    target = scene.world.spa.appointments[scene.target.id]
    scene.world.spa.put_appointment(target.model_copy(update={
        "status": AppointmentStatus.confirmed, "cancellation": None, "version": target.version + 1,
        "updated_at": scene.clock() + timedelta(seconds=1)}))


def _book_by_hand(scene: Scene) -> str:
    """The front desk books the offered hour by phone for a walk-in (another client, same therapist and time)."""
    offered = scene.candidate(0)
    walk_in = next(c for c in sorted(scene.world.spa.clients)
                   if c not in {x["client_id"] for x in scene.proposal["candidates"]})
    made = scene.world.spa.book(BookingRequest(
        location_id=scene.target.location_id, client_id=walk_in, service_id=offered["service_id"],
        staff_id=offered["staff_id"], start_at=datetime.fromisoformat(offered["start"]),
        resource_ids=offered.get("resource_ids") or [], source="frontDesk"))
    return made.id


def _notes(scene: Scene, words: str) -> int:
    row = scene.proposal
    return sum(words in m.text for m in scene.world.slack.thread(row["channel"], row["ts"]))


async def test_a_text_held_by_a_send_outage_is_settled_when_the_booking_comes_back(
    scene: Scene, monkeypatch: pytest.MonkeyPatch
) -> None:
    await proposed(scene)
    sends = _down(monkeypatch, scene, ("send_message",))
    key = await _approved_and_held(scene)
    _restore(scene)
    scene.clock.advance(minutes=1)
    await scheduler.poll_calendar(scene.copilot)  # the poll sees the booking back: the held text is settled at once
    row = scene.proposal
    assert row["status"] == "failed" and blocks.BOOKING_BACK_TEXT in row["reason"]
    assert scene.store.outbox_item(key).status == "failed"
    assert scene.store.fill_offer(_common.fill_offer_id(row["id"], 0))["status"] == "failed"
    sends["down"] = False
    scene.clock.advance(minutes=2)
    await fill.redrive_outbox(scene.copilot)
    await fill.expire_offers(scene.copilot)
    await scheduler.poll_calendar(scene.copilot)
    assert scene.sent() == []
    assert _notes(scene, blocks.BOOKING_BACK_TEXT) == 1, scene.thread_text()  # said in the thread, once


async def test_a_retried_send_re_checks_the_slot_when_no_poll_saw_the_change(
    scene: Scene, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The retry itself re-checks: the booking is back, though no poll has seen it yet."""
    await proposed(scene)
    sends = _down(monkeypatch, scene, ("send_message",))
    key = await _approved_and_held(scene)
    _restore(scene)
    sends["down"] = False
    scene.clock.advance(minutes=2)
    assert await fill.redrive_outbox(scene.copilot) == 0
    await fill.redrive_outbox(scene.copilot)
    assert scene.sent() == []
    row = scene.proposal
    assert row["status"] == "failed" and blocks.BOOKING_BACK_TEXT in row["reason"], row["reason"]
    assert "when the spa system answered again" in row["reason"]
    assert scene.store.outbox_item(key).status == "failed"
    assert _notes(scene, blocks.BOOKING_BACK_TEXT) == 1, scene.thread_text()


async def test_approved_in_a_full_outage_then_booked_by_hand_is_never_texted(
    scene: Scene, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Approve's re-check cannot run (the spa system is down): the approval is kept. The front desk books the hour
    by phone; when the spa system answers, the poll sees it and the text is settled as not sent."""
    await proposed(scene)
    outage = _down(monkeypatch, scene, ("send_message", *READS))
    await _approved_and_held(scene)
    booked = _book_by_hand(scene)
    outage["down"] = False
    scene.clock.advance(minutes=2)
    await scheduler.poll_calendar(scene.copilot)
    await fill.redrive_outbox(scene.copilot)
    assert scene.sent() == []
    row = scene.proposal
    assert row["status"] == "failed" and blocks.BOOKED_OVER_TEXT.format(appointment_id=booked) in row["reason"]
    assert _notes(scene, booked) == 1, scene.thread_text()


async def test_booked_by_hand_in_a_full_outage_is_caught_by_the_retry_before_any_poll(
    scene: Scene, monkeypatch: pytest.MonkeyPatch
) -> None:
    await proposed(scene)
    outage = _down(monkeypatch, scene, ("send_message", *READS))
    await _approved_and_held(scene)
    _book_by_hand(scene)
    outage["down"] = False
    scene.clock.advance(minutes=2)
    assert await fill.redrive_outbox(scene.copilot) == 0
    assert scene.sent() == []
    row = scene.proposal
    assert row["status"] == "failed" and "no longer free" in row["reason"], row["reason"]


async def test_a_re_check_that_cannot_reach_the_spa_system_keeps_the_text(
    scene: Scene, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Sending works again but the book cannot be read: the text is kept (not sent unchecked); once the re-check
    answers and the slot is still free, it goes out, once."""
    await proposed(scene)
    sends = _down(monkeypatch, scene, ("send_message",))
    key = await _approved_and_held(scene)
    sends["down"] = False
    reads = _down(monkeypatch, scene, ("list_waitlist",))
    scene.clock.advance(minutes=2)
    assert await fill.redrive_outbox(scene.copilot) == 0
    assert scene.sent() == [] and scene.store.outbox_item(key).status == "pending"
    assert scene.proposal["status"] == "approved"
    reads["down"] = False
    scene.clock.advance(minutes=2)
    assert await fill.redrive_outbox(scene.copilot) == 1
    assert await fill.redrive_outbox(scene.copilot) == 0
    assert [s["clientId"] for s in scene.sent()] == [scene.candidate(0)["client_id"]]
    assert scene.proposal["status"] == "sent"


async def test_a_guest_taken_off_the_waitlist_during_the_outage_makes_way_for_the_next(
    scene: Scene, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The slot is still free but the held text's guest was removed from the waitlist: nothing goes to her, and the
    card moves on to the next guest for a manager's Approve."""
    await proposed(scene)
    first, second = scene.candidate(0), scene.candidate(1)
    sends = _down(monkeypatch, scene, ("send_message",))
    await _approved_and_held(scene)
    await scene.copilot.platform.update_waitlist_entry(first["entry_id"], changes={"status": "cancelled"},
                                                       idempotency_key="test-remove")
    sends["down"] = False
    scene.clock.advance(minutes=2)
    assert await fill.redrive_outbox(scene.copilot) == 0
    await fill.expire_offers(scene.copilot)
    assert scene.sent() == []
    row = scene.proposal
    assert row["status"] == "pending" and row["candidates"][row["current_index"]]["client_id"] == second["client_id"]
    assert "when the spa system answered again" in scene.thread_text()


async def test_a_re_check_the_spa_system_refuses_for_good_sends_nothing(
    scene: Scene, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The retry's re-check is refused (403: the key lacks a permission to read the waitlist): not an outage to wait
    out, and never a send unchecked: nothing goes, and the card says why."""
    from spa_copilot.platform.errors import PlatformAuthError

    await proposed(scene)
    sends = _down(monkeypatch, scene, ("send_message",))
    key = await _approved_and_held(scene)
    sends["down"] = False

    async def forbidden(*args: Any, **kwargs: Any) -> Any:
        raise PlatformAuthError("GET /v1/waitlist: HTTP 403", status=403)

    monkeypatch.setattr(scene.copilot.platform, "list_waitlist", forbidden)
    scene.clock.advance(minutes=2)
    assert await fill.redrive_outbox(scene.copilot) == 0
    assert scene.sent() == [] and scene.store.outbox_item(key).status == "failed"
    assert scene.proposal["status"] == "failed" and "re-check" in scene.proposal["reason"]
