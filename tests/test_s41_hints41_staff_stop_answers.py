"""rev41a: what ``/spa texts <client> stop`` answers about a YES kept on the guest's offer is what then happens.

- A YES kept on an offer whose text's send was never confirmed ("yes_unsent"): the answer said "not sent again … the
  card moves on … book it by hand in Mangomint" even while the outbox was re-sending that text at that very moment
  (the consent read just before the stop): the text went out, the copilot booked her itself, and a desk following
  the answer double-booked her. The text is now settled as not sent before the answer (so it truly is not sent
  again), or, being sent at that moment, the answer says so and to check the card.
- After the offered slot has begun, nothing is sent or booked and the card closes: the answer no longer says the card
  moves on or to book the slot by hand.
- A YES kept through an outage on an offer she had ("yes_kept") is re-checked before it is booked: the answer says
  "if the slot is still free", and, the calendar showing the slot booked since, that nothing is booked for her.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest

from spa_copilot import fill, scheduler
from spa_copilot.fill.outbox import redrive_outbox
from tests.fill_scene import Scene
from tests.test_s22_yes_send_unconfirmed import _recover, _yes_kept
from tests.test_s28_fill_yes_slot_taken import _book_by_hand
from tests.test_s40_optout40_yes_kept import _yes_kept_through_an_outage
from tests.test_slack_payloads import shown, slash

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

BY_HAND = "book it by hand"


async def _stop(scene: Scene, client_id: str) -> str:
    return shown(await slash(scene.world, f"texts {client_id} stop"))


async def test_a_stop_while_the_unconfirmed_text_is_being_sent_says_so(
    scene: Scene, monkeypatch: pytest.MonkeyPatch
) -> None:
    first, state = await _yes_kept(scene, monkeypatch, reaches=True)
    platform = scene.copilot.platform
    real_send = platform.send_message
    answers: list[str] = []

    async def send_while_staff_stop(*a: Any, **k: Any) -> Any:
        if not answers:  # the staff stop lands while the re-send is on its way (its consent read before the stop)
            answers.append(await _stop(scene, first["client_id"]))
        return await real_send(*a, **k)

    monkeypatch.setattr(platform, "send_message", send_while_staff_stop)
    await _recover(scene, scene.copilot, state)
    assert len(answers) == 1
    assert BY_HAND not in answers[0] and "being sent" in answers[0], answers[0]
    # the text went out: the copilot books her itself, once, as the answer allowed for
    assert len(scene.bookings_for(first["client_id"])) == 1, scene.thread_text()[-800:]


@pytest.mark.parametrize("reaches", [True, False])
async def test_a_stop_settles_the_unconfirmed_text_before_saying_book_by_hand(
    scene: Scene, monkeypatch: pytest.MonkeyPatch, reaches: bool
) -> None:
    first, state = await _yes_kept(scene, monkeypatch, reaches=reaches)
    offer = scene.store.latest_fill_offer(first["client_id"])
    answer = await _stop(scene, first["client_id"])  # the spa system still not answering
    assert BY_HAND in answer, answer
    # what the answer says is already so: the text is settled as not sent, and nobody can send it any more
    assert scene.store.outbox_item(offer["outbox_key"]).status == "failed"
    assert scene.store.fill_offer(offer["id"])["status"] == "failed"
    sent_before = len(scene.sent())
    await _recover(scene, scene.copilot, state)
    assert len(scene.sent()) == sent_before
    assert scene.bookings_for(first["client_id"]) == []
    assert scene.proposal["current_index"] != 0 or scene.proposal["status"] == "expired", scene.proposal["status"]


async def test_a_stop_after_the_slot_began_says_nothing_more_happens(
    scene: Scene, monkeypatch: pytest.MonkeyPatch
) -> None:
    first, state = await _yes_kept(scene, monkeypatch, reaches=True)
    start = datetime.fromisoformat(scene.proposal["opening"]["start"])
    scene.clock.advance(minutes=int((start - scene.clock()).total_seconds() // 60) + 5)
    await fill.expire_offers(scene.copilot)
    answer = await _stop(scene, first["client_id"])
    assert BY_HAND not in answer and "moves on" not in answer, answer
    assert "has begun" in answer, answer
    await _recover(scene, scene.copilot, state)
    assert scene.bookings_for(first["client_id"]) == []
    assert scene.proposal["status"] == "expired"


async def test_a_stop_after_a_yes_kept_through_an_outage_says_it_is_booked_if_the_slot_is_still_free(
    scene: Scene, monkeypatch: pytest.MonkeyPatch
) -> None:
    first, _ = await _yes_kept_through_an_outage(scene, monkeypatch)
    answer = await _stop(scene, first["client_id"])
    assert "if the slot is still free" in answer, answer
    await fill.expire_offers(scene.copilot)
    assert len(scene.bookings_for(first["client_id"])) == 1


async def test_a_stop_after_a_yes_kept_says_nothing_is_booked_once_the_slot_is_seen_taken(
    scene: Scene, monkeypatch: pytest.MonkeyPatch
) -> None:
    first, offer = await _yes_kept_through_an_outage(scene, monkeypatch)
    _book_by_hand(scene, first)  # the desk gave the slot to a walk-in meanwhile
    await scheduler.poll_calendar(scene.copilot)
    assert scene.store.fill_offer(offer["id"])["status"] == "sent"
    answer = await _stop(scene, first["client_id"])
    assert "booked when it answers" not in answer and "booked since" in answer, answer
    await fill.expire_offers(scene.copilot)
    await redrive_outbox(scene.copilot)
    assert scene.bookings_for(first["client_id"]) == []


async def test_a_stop_after_a_yes_kept_once_the_slot_began_says_nothing_is_booked(
    scene: Scene, monkeypatch: pytest.MonkeyPatch
) -> None:
    first, _ = await _yes_kept_through_an_outage(scene, monkeypatch)
    start = datetime.fromisoformat(scene.proposal["opening"]["start"])
    scene.clock.advance(minutes=int((start - scene.clock()).total_seconds() // 60) + 1)
    answer = await _stop(scene, first["client_id"])
    assert "booked when it answers" not in answer and "has begun" in answer, answer
    await fill.expire_offers(scene.copilot)
    assert scene.bookings_for(first["client_id"]) == []
