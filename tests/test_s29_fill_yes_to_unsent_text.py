"""A YES to a text the copilot settled as "not sent" after an outage (the send tried, its answer lost, then given up
when the retry's re-check found the slot gone or the guest unable to take it): the text may have reached her all
the same. Her YES was ignored without a word (only a sent offer is taken up). Now it is put in front of the managers
in the card's thread, once: what she said, that the copilot had taken the text as not sent, and what to do (the
slot still free, held for the next guest texted, or gone: book her by hand in Mangomint or let her know). Nothing
is booked and nothing is texted on its own. A text never tried, or refused outright, says nothing of the kind."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest

from spa_copilot import fill
from spa_copilot.domain import BookingRequest, WaitlistStatus
from spa_copilot.fill import _common
from spa_copilot.platform.errors import PlatformRejected, PlatformUnavailable
from spa_copilot.slack import ids
from tests.fill_scene import Scene, eventually, proposed

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

MAY_HAVE_REACHED = "may have reached them after all"


def _answer_lost(monkeypatch: pytest.MonkeyPatch, scene: Scene) -> dict[str, bool]:
    """The spa system sends the text but its answer is lost while ``lost`` is True (an outage on the way back)."""
    platform = scene.copilot.platform
    real = platform.send_message
    state = {"lost": True}

    async def lossy(*args: Any, **kwargs: Any) -> Any:
        sent = await real(*args, **kwargs)
        if state["lost"]:
            raise PlatformUnavailable("POST /v1/messages: HTTP 502 after 5 attempts", status=502)
        return sent

    monkeypatch.setattr(platform, "send_message", lossy)
    return state


async def _sent_but_unconfirmed(scene: Scene, monkeypatch: pytest.MonkeyPatch) -> tuple[dict[str, Any], str]:
    """Approve clicked; the text reaches the first guest but the copilot never hears so: its item waits for a retry."""
    await proposed(scene)
    first = scene.candidate(0)
    state = _answer_lost(monkeypatch, scene)
    await scene.click(ids.APPROVE_FILL)
    key = _common._text_key(scene.proposal)
    await eventually(lambda: (item := scene.store.outbox_item(key)) is not None and item.attempts >= 1
                     and item.status == "pending")
    assert [m["clientId"] for m in scene.sent()] == [first["client_id"]]  # it did reach her
    state["lost"] = False
    return first, key


def _book_by_hand(scene: Scene, offered: dict[str, Any]) -> str:
    """The front desk books the offered hour by phone for a walk-in (another client, same therapist and time)."""
    walk_in = next(c for c in sorted(scene.world.spa.clients)
                   if c not in {x["client_id"] for x in scene.proposal["candidates"]})
    made = scene.world.spa.book(BookingRequest(
        location_id=scene.target.location_id, client_id=walk_in, service_id=offered["service_id"],
        staff_id=offered["staff_id"], start_at=datetime.fromisoformat(offered["start"]),
        resource_ids=offered.get("resource_ids") or [], source="frontDesk"))
    return made.id


def _unsent_notes(scene: Scene) -> list[str]:
    row = scene.proposal
    return [m.text for m in scene.world.slack.thread(row["channel"], row["ts"]) if MAY_HAVE_REACHED in m.text]


async def test_a_yes_after_the_slot_was_taken_is_told_to_a_person_once(
    scene: Scene, monkeypatch: pytest.MonkeyPatch
) -> None:
    first, key = await _sent_but_unconfirmed(scene, monkeypatch)
    _book_by_hand(scene, first)
    scene.clock.advance(minutes=2)
    await fill.redrive_outbox(scene.copilot)  # the retry re-checks the slot: gone, so the text is settled not sent
    offer = scene.store.latest_fill_offer(first["client_id"])
    assert scene.store.outbox_item(key).status == "failed" and offer["status"] == "failed"
    texts_before = len(scene.sent())

    scene.clock.advance(minutes=1)
    await scene.reply(first["client_id"], "Yes please!")
    await scene.reply(first["client_id"], "YES")  # again: said once
    await fill.expire_offers(scene.copilot)
    await fill.redrive_outbox(scene.copilot)

    [note] = _unsent_notes(scene)
    assert f"{first['first_name']} replied YES at" in note and "“Yes please!”" in note, note
    assert "taken this offer's text as not sent" in note and "Nothing was booked and nothing was texted" in note
    assert "can no longer be booked for them" in note and "let them know by hand" in note, note
    assert scene.bookings_for(first["client_id"]) == []
    assert len(scene.sent()) == texts_before  # nothing texted on its own
    assert scene.store.fill_proposal_for(f"reply:{offer['id']}") is None  # no reply card drafted to her either


async def test_a_yes_while_the_slot_is_still_free_says_to_book_her_by_hand(
    scene: Scene, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The retry finds her unable to take it (her waitlist entry removed meanwhile): the card moved on to the next
    guest, whose draft waits for Approve; the slot is still free."""
    first, key = await _sent_but_unconfirmed(scene, monkeypatch)
    entry = scene.world.spa.waitlist[first["entry_id"]]
    scene.world.spa.waitlist[entry.id] = entry.model_copy(update={"status": WaitlistStatus.cancelled})
    scene.clock.advance(minutes=2)
    await fill.redrive_outbox(scene.copilot)
    assert scene.store.outbox_item(key).status == "failed"
    row = scene.proposal
    assert row["status"] == "pending" and row["current_index"] == 1

    await scene.reply(first["client_id"], "YES")
    [note] = _unsent_notes(scene)
    assert "The slot is still free" in note and "book it by hand in Mangomint" in note, note
    assert "text them yourself" in note
    assert scene.bookings_for(first["client_id"]) == []
    assert scene.proposal["status"] == "pending" and scene.proposal["current_index"] == 1  # the card is untouched


async def test_a_yes_once_the_next_guest_was_texted_says_the_slot_is_held_for_them(
    scene: Scene, monkeypatch: pytest.MonkeyPatch
) -> None:
    first, _ = await _sent_but_unconfirmed(scene, monkeypatch)
    entry = scene.world.spa.waitlist[first["entry_id"]]
    scene.world.spa.waitlist[entry.id] = entry.model_copy(update={"status": WaitlistStatus.cancelled})
    scene.clock.advance(minutes=2)
    await fill.redrive_outbox(scene.copilot)
    second = scene.candidate(1)
    await scene.approve_and_wait()

    await scene.reply(first["client_id"], "YES")
    [note] = _unsent_notes(scene)
    assert f"The slot is held for {second['first_name']}" in note, note
    assert scene.bookings_for(first["client_id"]) == [] and scene.proposal["status"] == "sent"
    assert scene.store.latest_fill_offer(second["client_id"])["status"] == "sent"  # her YES took nothing from them


async def test_a_text_refused_outright_never_reached_her_and_says_nothing_of_the_kind(
    scene: Scene, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Refused at its one try (no mobile number): it cannot have reached her; a "Yes" from her answers something else."""
    await proposed(scene)
    first = scene.candidate(0)

    async def refused(*args: Any, **kwargs: Any) -> Any:
        raise PlatformRejected("POST /v1/messages: HTTP 422 no mobile number", status=422)

    monkeypatch.setattr(scene.copilot.platform, "send_message", refused)
    await scene.click(ids.APPROVE_FILL)
    await eventually(lambda: (scene.store.latest_fill_offer(first["client_id"]) or {}).get("status") == "failed")
    await scene.reply(first["client_id"], "YES")
    assert _unsent_notes(scene) == []
    assert scene.bookings_for(first["client_id"]) == []
