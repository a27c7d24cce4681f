"""A guest's YES whose booking the spa system does not make, for a reason other than the slot being taken (probe45b
HIGH): her text went out and she answered, so the card never says "their text could not be sent" or "Could not
send" but "Could not book"; the card closes (never down the list: rev45a H1, H2), and the thread asks a person to
check the calendar and answer her, true whether or not she was booked after all (rev45a M3).
"""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta
from typing import Any

import pytest

from spa_copilot import fill
from spa_copilot.domain import WaitlistStatus
from spa_copilot.fill.call_list import CALL_NOT_SENT
from spa_copilot.platform.errors import (
    PlatformAnswerUnread,
    PlatformAuthError,
    PlatformProtocolError,
    PlatformRejected,
    PlatformUnavailable,
)
from spa_copilot.slack import ids
from tests.fill_scene import Scene, eventually, proposed

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

#: How the card marks a guest whose YES the spa system did not book (``call_list.CALL_NOT_BOOKED``).
NOT_BOOKED_MARK = "replied YES, but the copilot could not book them"


def _booking_fails(scene: Scene, monkeypatch: pytest.MonkeyPatch, error: Exception) -> None:
    async def fails(*args: object, **kwargs: object) -> object:
        raise error

    monkeypatch.setattr(scene.copilot.platform, "book_appointment", fails)


async def _yes_refused(
    scene: Scene, monkeypatch: pytest.MonkeyPatch, error: Exception | None = None
) -> tuple[dict[str, Any], dict[str, Any]]:
    """The card's first guest texted and her YES refused by the spa system (``error``, a 422 unless given): her
    candidate and her offer once the card is closed and the thread says so."""
    await proposed(scene)
    first, offer = await scene.first_offer_sent()
    _booking_fails(scene, monkeypatch, error or PlatformRejected("book: HTTP 422", status=422))
    await scene.reply(first["client_id"], "YES")
    await eventually(
        lambda: scene.proposal["status"] == "failed" and "Could not book" in scene.thread_text(), timeout=5
    )
    return first, offer


def _no_false_send_words(card: str) -> None:
    assert CALL_NOT_SENT not in card, card
    assert "Could not send" not in card, card


def _says_no_answer_yet(thread: str) -> None:
    """The thread's words hold whether or not she was booked after all: look, then answer her (rev45a M3)."""
    assert "has had no answer" in thread and "check the calendar in Mangomint" in thread, thread
    assert "waiting for an answer" not in thread, thread


async def test_a_refused_booking_hours_ahead_closes_the_card_and_texts_nobody_else(
    scene: Scene, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A refusal may hold for every guest (a 403, the therapist made inactive): the offer never goes down the list
    (rev45a H1, H2)."""
    first, offer = await _yes_refused(scene, monkeypatch)
    await fill.expire_offers(scene.copilot)

    row = scene.proposal
    assert row["status"] == "failed" and row["current_index"] == 0
    assert scene.store.fill_offer(offer["id"])["status"] == "not_booked"
    card, thread = scene.card_text(), scene.thread_text()
    _no_false_send_words(card)
    assert f"Could not book {first['first_name']}" in card and "Text approved by" in card, card
    assert ids.APPROVE_FILL not in card and ids.NEXT_CANDIDATE not in card, card
    assert NOT_BOOKED_MARK in card, card
    assert "Could not book" in thread and "let them know" in thread, thread
    _says_no_answer_yet(thread)
    assert "Next:" not in thread, thread
    assert [m["clientId"] for m in scene.sent()] == [first["client_id"]]


async def test_a_yes_again_after_the_refusal_books_nothing_and_leaves_the_card_closed(
    scene: Scene, monkeypatch: pytest.MonkeyPatch
) -> None:
    first, offer = await _yes_refused(scene, monkeypatch)
    lines = len(scene.thread_text().splitlines())
    await scene.reply(first["client_id"], "YES")
    await asyncio.sleep(0.3)
    await fill.expire_offers(scene.copilot)
    assert scene.proposal["status"] == "failed" and scene.proposal["current_index"] == 0
    assert scene.store.fill_offer(offer["id"])["status"] == "not_booked"
    assert len(scene.thread_text().splitlines()) == lines, scene.thread_text()
    assert [m["clientId"] for m in scene.sent()] == [first["client_id"]]


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
    _says_no_answer_yet(thread)


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
    assert scene.proposal["status"] == "failed" and ids.APPROVE_FILL not in scene.card_text()


async def test_an_unreadable_booking_answer_closes_the_card_without_moving_on(
    scene: Scene, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The booking may have been made: the card does not offer the slot to the next guest, and says "Could not book"."""
    first, offer = await _yes_refused(
        scene, monkeypatch, PlatformAnswerUnread("book: answer not the contract's", record_id="apt_x")
    )
    await fill.expire_offers(scene.copilot)
    row, card = scene.proposal, scene.card_text()
    assert row["status"] == "failed" and row["current_index"] == 0
    _no_false_send_words(card)
    assert f"Could not book {first['first_name']}" in card and ids.APPROVE_FILL not in card, card
    assert "check its calendar" in scene.thread_text()


async def test_a_systemic_refusal_closes_the_card_at_the_first_guest(
    scene: Scene, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A 403 (the API key lacks the booking permission) would refuse every guest's YES alike (rev45a H1)."""
    first, _ = await _yes_refused(scene, monkeypatch, PlatformAuthError("book: HTTP 403", status=403))
    await fill.expire_offers(scene.copilot)
    assert scene.proposal["status"] == "failed" and scene.proposal["current_index"] == 0
    assert [m["clientId"] for m in scene.sent()] == [first["client_id"]]


async def test_a_booking_made_with_an_answer_naming_none_is_not_said_refused_nor_her_entry_put_back(
    scene: Scene, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A 2xx not the contract's shape, with no id (``PlatformProtocolError``): she may be booked, so her waitlist
    entry is left as it is and the thread does not say the spa system refused it (rev45a M3)."""
    await proposed(scene)
    first, offer = await scene.first_offer_sent()
    real = scene.copilot.platform.book_appointment

    async def book(*args: object, **kwargs: object) -> object:
        await real(*args, **kwargs)
        raise PlatformProtocolError("book: 201 body not the contract's shape")

    monkeypatch.setattr(scene.copilot.platform, "book_appointment", book)
    await scene.reply(first["client_id"], "YES")
    await eventually(lambda: "Could not book" in scene.thread_text(), timeout=5)
    await asyncio.sleep(0.3)
    thread = scene.thread_text()
    assert "refused" not in thread and "not understood" in thread, thread
    _says_no_answer_yet(thread)
    assert scene.world.spa.waitlist[first["entry_id"]].status != WaitlistStatus.waiting
    assert scene.proposal["status"] == "failed" and scene.store.fill_offer(offer["id"])["status"] == "not_booked"


async def test_a_no_after_the_refused_yes_is_quoted_in_the_thread(
    scene: Scene, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Staff were asked to answer her: her "No" after it reaches them, however short (rev45a L5)."""
    first, _ = await _yes_refused(scene, monkeypatch)
    scene.clock.advance(minutes=3)
    await scene.reply(first["client_id"], "No thanks")
    await eventually(lambda: "“No thanks”" in scene.thread_text(), timeout=5)
    assert f"{first['first_name']} replied: “No thanks”" in scene.thread_text()


@pytest.mark.parametrize("later", ["No thanks", "Stop texting me"])
async def test_a_reply_after_the_refusal_is_not_quoted_once_the_guest_is_forgotten(
    scene: Scene, monkeypatch: pytest.MonkeyPatch, later: str
) -> None:
    """Erased on request after her refused YES: her later words reach no thread (rev45d)."""
    from spa_copilot.store.forget import forget_client

    first, _ = await _yes_refused(scene, monkeypatch)
    forget_client(scene.store, first["client_id"], by="U_admin")
    scene.clock.advance(minutes=3)
    await scene.reply(first["client_id"], later)
    await asyncio.sleep(0.5)
    assert later not in scene.thread_text()


async def test_a_refused_yes_still_counts_against_the_daily_cap(scene: Scene, monkeypatch: pytest.MonkeyPatch) -> None:
    """Her text went out and the desk is to call her about her YES: another card may not text her a second offer that
    day (rev45k; a fresh card for the same opening passes over her too, the thread having asked to call her)."""
    from zoneinfo import ZoneInfo

    from spa_copilot.fill.offer_limits import _cap_day_start, _offers_counted

    first, _ = await _yes_refused(scene, monkeypatch)
    day_start = _cap_day_start(scene.copilot, ZoneInfo(scene.proposal["opening"]["time_zone"]))
    counted = _offers_counted(scene.copilot, since=day_start)
    assert counted.get(first["client_id"], 0) >= scene.copilot.settings.offer_daily_cap, counted
