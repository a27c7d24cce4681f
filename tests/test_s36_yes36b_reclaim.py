"""rev36d's findings on the in-time YES that wins the slot back (``replies._reclaim_in_time_yes``): the "too late"
reply card it leaves (H1), a guest forgotten after her hold ran out (M1), her later NO dropped (M2), and the thread's
promise made before the re-check (L2)."""
from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest

from spa_copilot import fill
from spa_copilot.fill._common import fill_offer_id
from spa_copilot.fill.call_list import _is_call_list
from spa_copilot.platform.errors import PlatformUnavailable
from spa_copilot.store.forget import forget_client
from tests.fill_scene import Scene, proposed, sms_reply

DOWN = ("get_client", "update_waitlist_entry", "list_waitlist", "list_appointments")


def _take_down(scene: Scene, monkeypatch: pytest.MonkeyPatch, names: tuple[str, ...] = DOWN) -> dict[str, Any]:
    p = scene.copilot.platform
    saved = {n: getattr(p, n) for n in names if hasattr(p, n)}
    for name in saved:
        async def down(*a: Any, _n: str = name, **k: Any) -> Any:
            raise PlatformUnavailable(f"{_n}: HTTP 503", status=503)
        monkeypatch.setattr(p, name, down)
    return saved


def _bring_back(scene: Scene, monkeypatch: pytest.MonkeyPatch, saved: dict[str, Any]) -> None:
    for name, f in saved.items():
        monkeypatch.setattr(scene.copilot.platform, name, f)


async def _expired_in_outage(scene: Scene, monkeypatch: pytest.MonkeyPatch) -> tuple[dict[str, Any], datetime]:
    """Her hold ends in an outage: the card stays 'sent' at her offer, its move on held up."""
    await proposed(scene)
    first, offer = await scene.first_offer_sent()
    saved = _take_down(scene, monkeypatch)
    expires = datetime.fromisoformat(offer["expires_at"])
    scene.clock.current = expires + timedelta(seconds=10)
    await fill.expire_offers(scene.copilot)
    assert scene.proposal["status"] == "sent"
    _bring_back(scene, monkeypatch, saved)
    scene.clock.advance(minutes=2)
    return first, expires


def _reply_cards(scene: Scene, statuses: tuple[str, ...] = ("pending",)) -> list[dict[str, Any]]:
    return [r for r in scene.copilot.store.fill_proposals(statuses=statuses) if r["kind"] == "reply"]


# -- H1 -------------------------------------------------------------------------------------------------------------


async def test_reclaim_closes_the_too_late_reply_card(scene: Scene, monkeypatch: pytest.MonkeyPatch) -> None:
    """Her late "YES" came first (a reply card "the hold ran out"), then her in-time "Yes": she is booked, the reply
    card is closed, and a click on its stale Approve sends her nothing."""
    first, expires = await _expired_in_outage(scene, monkeypatch)
    c = scene.copilot
    await fill.on_message_received(c, sms_reply(first["client_id"], "YES", expires + timedelta(seconds=90), "m_late"))
    (reply,) = _reply_cards(scene)
    await fill.on_message_received(c, sms_reply(first["client_id"], "Yes", expires - timedelta(seconds=30), "m_in_time"))
    await fill.redrive_outbox(c)
    assert len(scene.bookings_for(first["client_id"])) == 1
    assert _reply_cards(scene) == []
    closed = c.store.fill_proposal(reply["id"])
    assert closed["status"] == "expired" and "being booked" in closed["reason"]
    before = len(scene.sent())
    result = await fill.approve_fill(c, reply["id"], reply["revision"], user_id=scene.world.manager_id)
    assert not result.ok and len(scene.sent()) == before


async def test_reclaim_after_the_too_late_reply_went_out_tells_the_desk(scene: Scene, monkeypatch: pytest.MonkeyPatch) -> None:
    """The reply "the hold ran out" was approved and sent before her in-time YES came: she is booked, and the thread
    asks the desk to let her know she IS booked (never booked silently)."""
    first, expires = await _expired_in_outage(scene, monkeypatch)
    c = scene.copilot
    await fill.on_message_received(c, sms_reply(first["client_id"], "YES", expires + timedelta(seconds=90), "m_late"))
    (reply,) = _reply_cards(scene)
    assert (await fill.approve_fill(c, reply["id"], reply["revision"], user_id=scene.world.manager_id)).ok
    scene.clock.advance(minutes=1)
    await fill.on_message_received(c, sms_reply(first["client_id"], "Yes", expires - timedelta(seconds=30), "m_in_time"))
    await fill.redrive_outbox(c)
    assert len(scene.bookings_for(first["client_id"])) == 1
    assert "let them know they ARE booked" in scene.thread_text()


async def test_pending_next_draft_reclaim_closes_the_reply_card(scene: Scene) -> None:
    """The same while the card waits for Approve on the next guest's draft (the state reclaimed before yes36)."""
    await proposed(scene)
    first, offer, expires = await scene.first_hold_given_up(seconds_after=10)
    c = scene.copilot
    assert scene.proposal["status"] == "pending"
    scene.clock.advance(minutes=2)
    await fill.on_message_received(c, sms_reply(first["client_id"], "YES", expires + timedelta(seconds=90), "m_late"))
    assert len(_reply_cards(scene)) == 1
    await fill.on_message_received(c, sms_reply(first["client_id"], "Yes", expires - timedelta(seconds=30), "m_in_time"))
    await fill.redrive_outbox(c)
    assert len(scene.bookings_for(first["client_id"])) == 1
    assert _reply_cards(scene) == []


async def test_approve_on_a_reply_card_refuses_once_her_offer_is_booked(scene: Scene, monkeypatch: pytest.MonkeyPatch) -> None:
    """A reply card still pending for an offer since booked (however it got there): Approve refuses, saying why."""
    first, expires = await _expired_in_outage(scene, monkeypatch)
    c = scene.copilot
    await fill.on_message_received(c, sms_reply(first["client_id"], "YES", expires + timedelta(seconds=90), "m_late"))
    (reply,) = _reply_cards(scene)
    offer_id = reply["appointment_id"].removeprefix("reply:")
    assert c.store.update_fill_offer(offer_id, at=c.now(), expect_status="expired", status="booked")
    before = len(scene.sent())
    result = await fill.approve_fill(c, reply["id"], reply["revision"], user_id=scene.world.manager_id)
    assert not result.ok and "was booked" in result.note and "hold ran out" in result.note
    assert len(scene.sent()) == before
    assert c.store.fill_proposal(reply["id"])["status"] == "pending"


# -- M1 -------------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("state", ["outage_sent", "call_list", "pending_next"])
async def test_forgotten_after_her_hold_ran_out_is_not_booked(scene: Scene, monkeypatch: pytest.MonkeyPatch, state: str) -> None:
    await proposed(scene)
    c = scene.copilot
    if state == "call_list":
        start = datetime.fromisoformat(scene.proposal["opening"]["start"])
        scene.clock.current = start - timedelta(minutes=16)
    first, offer = await scene.first_offer_sent()
    expires = datetime.fromisoformat(offer["expires_at"])
    saved = _take_down(scene, monkeypatch) if state == "outage_sent" else {}
    scene.clock.current = expires + timedelta(seconds=10)
    await fill.expire_offers(c)
    _bring_back(scene, monkeypatch, saved)
    assert c.store.fill_offer(offer["id"])["status"] == "expired"
    forget_client(c.store, first["client_id"], by="Dana")
    scene.clock.advance(seconds=30)
    await fill.on_message_received(c, sms_reply(first["client_id"], "YES", expires - timedelta(seconds=40), "m"))
    await fill.redrive_outbox(c)
    assert len(scene.bookings_for(first["client_id"])) == 0
    assert c.store.fill_offer(offer["id"])["status"] == "expired"


# -- M2 -------------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("no_body", ["No sorry, can't make it after all", "STOP"])
async def test_later_no_delivered_first_then_in_time_yes(scene: Scene, no_body: str) -> None:
    """YES (T-60 s) then NO or STOP (T-30 s), both delivered after the hold was given up, the NO first: nothing is
    booked, and the thread puts the pair in front of a person."""
    await proposed(scene)
    first, offer, expires = await scene.first_hold_given_up()
    c = scene.copilot
    scene.clock.advance(seconds=30)
    await fill.on_message_received(c, sms_reply(first["client_id"], no_body, expires - timedelta(seconds=30), "m_no"))
    await fill.on_message_received(c, sms_reply(first["client_id"], "YES", expires - timedelta(seconds=60), "m_yes"))
    await fill.redrive_outbox(c)
    assert len(scene.bookings_for(first["client_id"])) == 0
    assert "ask them which they meant" in scene.thread_text()
    assert _reply_cards(scene) == []


async def test_call_list_later_no_delivered_first_then_in_time_yes(scene: Scene) -> None:
    """The same on the card closed as a list to call; her "No" is quoted in the thread."""
    await proposed(scene)
    first, offer, expires = await scene.first_hold_given_up(minutes_before_slot=16)
    c = scene.copilot
    assert _is_call_list(scene.proposal)
    scene.clock.advance(seconds=20)
    await fill.on_message_received(c, sms_reply(first["client_id"], "No sorry, can't make it after all", expires - timedelta(seconds=30), "m_no"))
    await fill.on_message_received(c, sms_reply(first["client_id"], "YES", expires - timedelta(seconds=60), "m_yes"))
    await fill.redrive_outbox(c)
    thread = scene.thread_text()
    assert "can't make it" in thread
    assert len(scene.bookings_for(first["client_id"])) == 0


# -- L2 -------------------------------------------------------------------------------------------------------------


async def test_call_list_reclaimed_in_an_outage_does_not_stop_the_calls(scene: Scene, monkeypatch: pytest.MonkeyPatch) -> None:
    """The card closed as a list to call; her in-time YES is reclaimed while the spa system does not answer: the
    thread never tells the desk that nobody needs calling, nor that the slot is hers before the re-check."""
    await proposed(scene)
    first, offer, expires = await scene.first_hold_given_up(minutes_before_slot=16)
    c = scene.copilot
    assert _is_call_list(scene.proposal)
    _take_down(scene, monkeypatch, ("get_client", "list_waitlist", "list_appointments", "get_appointment"))
    scene.clock.advance(seconds=20)
    try:
        await fill.on_message_received(c, sms_reply(first["client_id"], "YES", expires - timedelta(seconds=40), "m"))
    except PlatformUnavailable:
        pass  # the webhook is retried
    thread = scene.thread_text()
    assert "within the hold" in thread  # the reclaim happened
    assert "nobody needs calling" not in thread
    assert "Keep the list to call until this thread says they are booked." in thread
    assert "so it is" not in thread and "the booking is being made" not in thread
    assert "not offered to anyone else" not in thread and "may keep calling the list" in thread


# -- M3 -------------------------------------------------------------------------------------------------------------


async def test_pending_then_call_list_at_the_next_guest_then_in_time_yes(scene: Scene) -> None:
    """Her hold ends, the card moves on to the next guest's draft, nobody approves it, and the card closes as a list
    to call at the NEXT guest's place: her in-time YES, delivered now, wins the slot back (nobody else was texted)."""
    await proposed(scene)
    first, offer, expires = await scene.first_hold_given_up(minutes_before_slot=30)
    c = scene.copilot
    start = datetime.fromisoformat(scene.proposal["opening"]["start"])
    assert scene.proposal["status"] == "pending" and scene.proposal["current_index"] == 1
    scene.clock.current = start - timedelta(minutes=9)  # nobody approved: too soon for a text now
    await fill.expire_offers(c)
    assert _is_call_list(scene.proposal) and scene.proposal["current_index"] == 1
    await fill.on_message_received(c, sms_reply(first["client_id"], "YES", expires - timedelta(seconds=60), "m"))
    await fill.redrive_outbox(c)
    assert len(scene.sent()) == 1
    assert len(scene.bookings_for(first["client_id"])) == 1
    assert _reply_cards(scene, ("pending", "info")) == []
    assert "Keep the list to call until this thread says they are booked." in scene.thread_text()


async def test_call_list_at_a_guest_texted_after_her_is_not_reclaimed(scene: Scene) -> None:
    """The next guest WAS texted (her hold ran out too), then the card closed as a list to call at her place: the
    first guest's delayed in-time YES books nothing (another guest was texted the offer after her)."""
    await proposed(scene)
    first, offer, expires = await scene.first_hold_given_up(minutes_before_slot=40)
    c = scene.copilot
    start = datetime.fromisoformat(scene.proposal["opening"]["start"])
    row = scene.proposal
    assert row["status"] == "pending" and row["current_index"] == 1
    assert (await fill.approve_fill(c, row["id"], row["revision"], user_id=scene.world.manager_id)).ok
    second = c.store.fill_offer(fill_offer_id(row["id"], 1))
    assert second is not None and second["status"] == "sent"
    scene.clock.current = datetime.fromisoformat(second["expires_at"]) + timedelta(seconds=20)
    await fill.expire_offers(c)  # her hold ran out too: the card moves on to a third guest's draft
    scene.clock.current = start - timedelta(minutes=9)  # nobody approved it: too soon for a text now
    await fill.expire_offers(c)
    assert _is_call_list(scene.proposal) and scene.proposal["current_index"] >= 1
    await fill.on_message_received(c, sms_reply(first["client_id"], "YES", expires - timedelta(seconds=60), "m"))
    await fill.redrive_outbox(c)
    assert len(scene.sent()) == 2
    assert len(scene.bookings_for(first["client_id"])) == 0


async def test_reclaim_while_the_late_yes_reply_card_is_drawn(scene: Scene, monkeypatch: pytest.MonkeyPatch) -> None:
    """Her late "YES" is being given a reply card (the slot re-checked for it) when her in-time "Yes" wins the slot
    back: no "too late" reply card is left for a guest being booked."""
    from spa_copilot.fill import late_reply

    first, expires = await _expired_in_outage(scene, monkeypatch)
    c = scene.copilot
    original = late_reply._still_free_for
    calls: list[int] = []

    async def in_time_yes_meanwhile(*a: Any, **k: Any) -> Any:
        if not calls:
            calls.append(1)
            await fill.on_message_received(
                c, sms_reply(first["client_id"], "Yes", expires - timedelta(seconds=30), "m_in_time"))
        return await original(*a, **k)

    monkeypatch.setattr(late_reply, "_still_free_for", in_time_yes_meanwhile)
    await fill.on_message_received(c, sms_reply(first["client_id"], "YES", expires + timedelta(seconds=90), "m_late"))
    await fill.redrive_outbox(c)
    assert calls == [1]
    assert len(scene.bookings_for(first["client_id"])) == 1
    assert _reply_cards(scene, ("pending", "info")) == []


async def test_an_approved_too_late_reply_held_up_never_goes_out_once_she_is_booked(
    scene: Scene, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The reply "the hold ran out" was approved but its text held up (the spa system not taking texts just then);
    her in-time YES then takes the slot back: when texts go again, the reply is not sent (it went out before: a
    booked guest told she lost the slot), and its card says why."""
    first, expires = await _expired_in_outage(scene, monkeypatch)
    c = scene.copilot
    await fill.on_message_received(c, sms_reply(first["client_id"], "YES", expires + timedelta(seconds=90), "m_late"))
    (reply,) = _reply_cards(scene)
    saved = _take_down(scene, monkeypatch, ("send_message",))
    assert (await fill.approve_fill(c, reply["id"], reply["revision"], user_id=scene.world.manager_id)).ok
    assert c.store.fill_proposal(reply["id"])["status"] == "approved"  # held up: not sent
    _bring_back(scene, monkeypatch, saved)
    scene.clock.advance(minutes=1)
    await fill.on_message_received(c, sms_reply(first["client_id"], "Yes", expires - timedelta(seconds=30), "m_in_time"))
    await fill.redrive_outbox(c)
    assert len(scene.bookings_for(first["client_id"])) == 1
    assert not [s for s in scene.sent() if s["body"] == reply["draft"]], "the too-late reply went out"
    closed = c.store.fill_proposal(reply["id"])
    assert closed["status"] == "failed" and "came in after all" in closed["reason"], closed
    assert "its text is stopped if it has not gone out" in scene.thread_text()
