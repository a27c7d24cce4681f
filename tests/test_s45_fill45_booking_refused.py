"""A guest's YES whose booking the spa system does not make, for a reason other than the slot being taken (probe45b
HIGH): her text went out and she answered, so the card never says "their text could not be sent" or "Could not
send"; a slot still free and still to come goes to the next guest's Approve (nothing is texted without one); and the
thread asks a person to answer the guest who is waiting.
"""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta

import pytest

from spa_copilot import fill
from spa_copilot.fill import moving_on
from spa_copilot.fill.call_list import CALL_NOT_SENT
from spa_copilot.platform.errors import PlatformAnswerUnread, PlatformRejected, PlatformUnavailable
from spa_copilot.slack import ids
from tests.fill_scene import Scene, eventually, proposed

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

#: How the card marks a guest whose YES the spa system did not book (``call_list.CALL_NOT_BOOKED``).
NOT_BOOKED_MARK = "replied YES, but the copilot could not book them"


def _booking_fails(scene: Scene, monkeypatch: pytest.MonkeyPatch, error: Exception) -> None:
    async def fails(*args: object, **kwargs: object) -> object:
        raise error

    monkeypatch.setattr(scene.copilot.platform, "book_appointment", fails)


def _no_false_send_words(card: str) -> None:
    assert CALL_NOT_SENT not in card, card
    assert "Could not send" not in card, card


async def test_a_refused_booking_hours_ahead_moves_the_card_on_to_the_next_guests_approve(
    scene: Scene, monkeypatch: pytest.MonkeyPatch
) -> None:
    await proposed(scene)
    first, offer = await scene.first_offer_sent()
    _booking_fails(scene, monkeypatch, PlatformRejected("book: HTTP 422", status=422))
    await scene.reply(first["client_id"], "YES")
    await eventually(lambda: scene.proposal["status"] == "pending", timeout=5)

    row = scene.proposal
    assert row["current_index"] == 1
    assert scene.store.fill_offer(offer["id"])["status"] == "not_booked"
    card, thread = scene.card_text(), scene.thread_text()
    _no_false_send_words(card)
    assert NOT_BOOKED_MARK in card and ids.APPROVE_FILL in card
    assert "Could not book" in thread and "let them know" in thread and "waiting for an answer" in thread, thread
    assert f"Next: {scene.candidate(1)['first_name']}" in thread, thread
    # governance: the next guest waits for a manager's Approve; only the first guest's text went out
    assert [m["clientId"] for m in scene.sent()] == [first["client_id"]]


async def test_a_yes_again_after_the_refusal_books_nothing_and_keeps_the_card_on_the_next_guest(
    scene: Scene, monkeypatch: pytest.MonkeyPatch
) -> None:
    await proposed(scene)
    first, offer = await scene.first_offer_sent()
    _booking_fails(scene, monkeypatch, PlatformRejected("book: HTTP 422", status=422))
    await scene.reply(first["client_id"], "YES")
    await eventually(lambda: scene.proposal["status"] == "pending", timeout=5)
    lines = len(scene.thread_text().splitlines())
    await scene.reply(first["client_id"], "YES")
    await asyncio.sleep(0.3)
    await fill.expire_offers(scene.copilot)
    assert scene.proposal["status"] == "pending" and scene.proposal["current_index"] == 1
    assert scene.store.fill_offer(offer["id"])["status"] == "not_booked"
    assert len(scene.thread_text().splitlines()) == lines, scene.thread_text()


async def test_a_booking_out_of_reach_until_the_slot_started_says_could_not_book(
    scene: Scene, monkeypatch: pytest.MonkeyPatch
) -> None:
    await proposed(scene)
    first, offer = await scene.first_offer_sent()
    _booking_fails(scene, monkeypatch, PlatformUnavailable("book: HTTP 503", status=503))
    await scene.reply(first["client_id"], "YES")
    await asyncio.sleep(0.3)
    scene.clock.current = datetime.fromisoformat(scene.proposal["opening"]["start"]) + timedelta(minutes=1)
    await fill.expire_offers(scene.copilot)
    await fill.redrive_outbox(scene.copilot)
    await eventually(lambda: scene.proposal["status"] == "failed", timeout=5)

    assert scene.store.fill_offer(offer["id"])["status"] == "not_booked"
    card, thread = scene.card_text(), scene.thread_text()
    _no_false_send_words(card)
    assert f"Could not book {first['first_name']}" in card and "Text approved by" in card, card
    assert ids.APPROVE_FILL not in card and ids.NEXT_CANDIDATE not in card  # the slot has started: nothing to offer
    assert "let them know" in thread and "waiting for an answer" in thread, thread


async def test_the_therapist_made_inactive_after_the_text_is_said_truly(scene: Scene) -> None:
    """No monkeypatch: the desk marks the therapist inactive once the text is out; the sandbox refuses the booking."""
    await proposed(scene)
    first, offer = await scene.first_offer_sent()
    spa = scene.world.spa
    staff_id = scene.target.services[0].staff_id
    spa.staff[staff_id] = spa.staff[staff_id].model_copy(update={"active": False})
    await scene.reply(first["client_id"], "YES")
    await eventually(lambda: "Could not book" in scene.thread_text(), timeout=5)
    _no_false_send_words(scene.card_text())
    assert scene.store.fill_offer(offer["id"])["status"] == "not_booked"
    assert "let them know" in scene.thread_text()


async def test_an_unreadable_booking_answer_closes_the_card_without_moving_on(
    scene: Scene, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The booking may have been made: the card does not offer the slot to the next guest, and says "Could not book"."""
    await proposed(scene)
    first, offer = await scene.first_offer_sent()
    _booking_fails(scene, monkeypatch, PlatformAnswerUnread("book: answer not the contract's", record_id="apt_x"))
    await scene.reply(first["client_id"], "YES")
    await eventually(lambda: scene.proposal["status"] == "failed", timeout=5)
    await fill.expire_offers(scene.copilot)
    row, card = scene.proposal, scene.card_text()
    assert row["status"] == "failed" and row["current_index"] == 0
    _no_false_send_words(card)
    assert f"Could not book {first['first_name']}" in card and ids.APPROVE_FILL not in card, card
    assert "check its calendar" in scene.thread_text()


async def test_a_move_on_the_spa_system_interrupts_leaves_the_booking_settled_and_is_taken_up_later(
    scene: Scene, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The next guest's draft cannot be made (the spa system stops answering): the refused booking is not handed
    back to the outbox (a re-drive would book her after all), and the expiry job moves the card on later."""
    await proposed(scene)
    first, offer = await scene.first_offer_sent()
    _booking_fails(scene, monkeypatch, PlatformRejected("book: HTTP 422", status=422))
    real_draft, down = moving_on._draft_invitation, {"left": 1}

    async def draft(*args: object, **kwargs: object) -> object:
        if down["left"]:
            down["left"] -= 1
            raise PlatformUnavailable("clients: HTTP 503", status=503)
        return await real_draft(*args, **kwargs)

    monkeypatch.setattr(moving_on, "_draft_invitation", draft)
    await scene.reply(first["client_id"], "YES")
    await eventually(lambda: scene.store.fill_offer(offer["id"])["status"] == "not_booked", timeout=5)
    await asyncio.sleep(0.3)
    assert down["left"] == 0
    booking = scene.store.outbox_item(f"fill:{offer['proposal_id']}:book:{offer['id']}")
    assert booking is not None and booking.status == "failed", booking
    await fill.expire_offers(scene.copilot)
    await fill.redrive_outbox(scene.copilot)
    assert scene.proposal["status"] == "pending" and scene.proposal["current_index"] == 1
    assert scene.bookings_for(first["client_id"]) == []
    assert "let them know" in scene.thread_text()
