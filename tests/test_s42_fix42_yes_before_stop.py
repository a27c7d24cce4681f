"""A YES she sent within the hold before the STOP that declined her offer, delivered after it (webhooks are retried,
never in order: DESIGN), books nothing: her STOP ("Cancel", "STOP no" or "Stop texting me, I can't come" alike) is
her latest word, no reply card is drafted to her (she opted out), and the thread says the true order in one line."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from spa_copilot.domain import BookingRequest
from spa_copilot.fill import replies
from tests.fill_scene import Scene, down_once, proposed
from tests.test_s42_order42_replies_order import _post, _reply


def _told_true_order(thread: str) -> bool:
    return "before their STOP" in thread and "(delivered late)" in thread and "said no earlier" not in thread


@pytest.mark.parametrize("body", ["STOP", "Cancel", "STOP no", "Stop texting me, I can't come anymore"])
async def test_a_yes_sent_before_her_stop_books_nothing(scene: Scene, body: str) -> None:
    await proposed(scene)
    first, _ = await scene.first_offer_sent()
    sent = scene.copilot.now()
    scene.clock.advance(minutes=3)
    await _reply(scene, "stop", first["client_id"], body, sent + timedelta(minutes=2))
    await _reply(scene, "yes", first["client_id"], "Yes!", sent + timedelta(minutes=1))
    thread = scene.thread_text()
    assert scene.bookings_for(first["client_id"]) == [], f"booked against her later {body!r}"
    assert _told_true_order(thread)
    assert "not booked and will not be texted again" in thread and "phone them" in thread


async def test_once_the_next_guest_was_texted_nothing_says_nobody_else_was(scene: Scene) -> None:
    await proposed(scene)
    first, _ = await scene.first_offer_sent()
    sent = scene.copilot.now()
    scene.clock.advance(minutes=3)
    await _reply(scene, "stop", first["client_id"], "STOP", sent + timedelta(minutes=2))
    await scene.approve_and_wait()  # the next guest is texted the slot, and says no
    second = scene.candidate(scene.proposal["current_index"])
    scene.clock.advance(minutes=1)
    await _reply(scene, "no2", second["client_id"], "No thanks", scene.copilot.now())
    await _reply(scene, "yes", first["client_id"], "Yes!", sent + timedelta(minutes=1))
    thread = scene.thread_text()
    assert "Nobody else was texted the offer" not in thread
    assert _told_true_order(thread)
    assert scene.bookings_for(first["client_id"]) == []


async def test_no_reply_card_is_drafted_to_her_when_the_desk_took_the_slot(scene: Scene) -> None:
    await proposed(scene)
    first, offer = await scene.first_offer_sent()
    sent = scene.copilot.now()
    scene.clock.advance(minutes=3)
    await _reply(scene, "stop", first["client_id"], "STOP", sent + timedelta(minutes=2))
    other = next(c.id for c in scene.world.data.clients if c.id != first["client_id"])
    scene.world.spa.book(
        BookingRequest(
            location_id=scene.target.location_id,
            client_id=other,
            service_id=first["service_id"],
            staff_id=first["staff_id"],
            start_at=datetime.fromisoformat(first["start"]),
            resource_ids=first.get("resource_ids") or [],
            source="frontDesk",
        )
    )
    texts_before = len(scene.sent())
    await _reply(scene, "yes", first["client_id"], "Yes!", sent + timedelta(minutes=1))
    assert scene.store.fill_proposal_for(f"reply:{offer['id']}") is None, "a reply card to a guest who said STOP"
    assert [t for t in scene.sent()[texts_before:] if t.get("clientId") == first["client_id"]] == []
    assert _told_true_order(scene.thread_text())


async def test_the_stop_is_known_to_have_declined_it_after_an_outage_cut_its_move_on(
    scene: Scene, monkeypatch: pytest.MonkeyPatch
) -> None:
    await proposed(scene)
    first, _ = await scene.first_offer_sent()
    sent = scene.copilot.now()
    scene.clock.advance(minutes=3)
    down_once(monkeypatch, replies, "_move_on_after_answer")  # the spa system times out while moving on
    assert (await _post(scene, "stop", first["client_id"], "STOP", sent + timedelta(minutes=2))).status_code == 503
    await _reply(scene, "stop", first["client_id"], "STOP", sent + timedelta(minutes=2))  # the sender retries
    await _reply(scene, "yes", first["client_id"], "Yes!", sent + timedelta(minutes=1))
    assert _told_true_order(scene.thread_text())


async def test_the_stop_is_known_to_have_declined_it_while_it_moves_on(
    scene: Scene, monkeypatch: pytest.MonkeyPatch
) -> None:
    await proposed(scene)
    first, _ = await scene.first_offer_sent()
    sent = scene.copilot.now()
    scene.clock.advance(minutes=3)
    real = replies._move_on_after_answer
    landed: list[bool] = []

    async def move_on_meanwhile_her_yes_lands(*args: object, **kwargs: object) -> object:
        if not landed:  # her YES webhook lands while the STOP's move on awaits (drafting the next text)
            landed.append(True)
            await _reply(scene, "yes", first["client_id"], "Yes!", sent + timedelta(minutes=1))
        return await real(*args, **kwargs)

    monkeypatch.setattr(replies, "_move_on_after_answer", move_on_meanwhile_her_yes_lands)
    await _reply(scene, "stop", first["client_id"], "STOP", sent + timedelta(minutes=2))
    assert landed
    assert _told_true_order(scene.thread_text())
    assert scene.bookings_for(first["client_id"]) == []


async def test_a_yes_sent_before_her_stop_by_a_spa_clock_ahead_of_ours_is_told_in_its_true_order(scene: Scene) -> None:
    # rev42g L3: her YES and STOP compared by stamps capped at our clock read in delivery order when the spa system's
    # clock runs ahead: the thread said "said no earlier and has now replied YES … offer it to them again by hand"
    await proposed(scene)
    first, _ = await scene.first_offer_sent()
    sent, ahead = scene.copilot.now(), timedelta(minutes=3)
    scene.clock.advance(minutes=2, seconds=10)  # her STOP (sent at +2) delivered at once
    await _reply(scene, "stop", first["client_id"], "STOP", sent + timedelta(minutes=2) + ahead)
    scene.clock.advance(seconds=50)  # her YES (sent at +1) delivered late
    await _reply(scene, "yes", first["client_id"], "Yes!", sent + timedelta(minutes=1) + ahead)
    thread = scene.thread_text()
    assert scene.bookings_for(first["client_id"]) == []
    assert "said no earlier" not in thread and _told_true_order(thread), thread[-600:]
