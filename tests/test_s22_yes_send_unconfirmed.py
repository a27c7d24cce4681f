"""A guest's YES to an approved text whose send the spa system has not confirmed (its answer lost, 502 after the
work, and it still does not answer) is kept, not asked again (reliability review, 4 December): the webhook was
answered 503, the sender gave up after its retries, and once the send was confirmed the hold started afresh, ran out
and the card moved on to the next guest: the guest who said YES was never booked. A YES sent before the text went
out (its first try never reached the spa system) still answers something else."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import Any

import pytest

from spa_copilot import fill
from spa_copilot.fill.outbox import redrive_outbox
from spa_copilot.platform.errors import PlatformUnavailable
from spa_copilot.slack import ids
from tests.fill_scene import Scene, eventually, proposed
from tests.test_resilience_probe import restarted


def _send_unconfirmed(scene: Scene, monkeypatch: pytest.MonkeyPatch, *, reaches: bool) -> dict[str, bool]:
    """The spa system's send: while ``down``, it does the work and loses the answer (``reaches``) or never gets it."""
    real_send = scene.copilot.platform.send_message
    state = {"down": True}

    async def lossy(client_id: str, message: Any, *, idempotency_key: str | None = None) -> Any:
        if state["down"] and not reaches:
            raise PlatformUnavailable("POST /v1/clients/{id}/messages: ConnectError after 4 attempts")
        result = await real_send(client_id, message, idempotency_key=idempotency_key)
        if state["down"]:
            raise PlatformUnavailable("POST /v1/clients/{id}/messages: HTTP 502 after 4 attempts", status=502)
        return result

    monkeypatch.setattr(scene.copilot.platform, "send_message", lossy)
    return state


async def _yes_kept(
    scene: Scene, monkeypatch: pytest.MonkeyPatch, *, reaches: bool
) -> tuple[dict[str, Any], dict[str, bool]]:
    """Approve while the send is unconfirmed (``_send_unconfirmed``), then the first guest's YES two minutes later,
    kept: the guest and the switch that brings the spa system back."""
    await proposed(scene)
    first = scene.candidate(0)
    state = _send_unconfirmed(scene, monkeypatch, reaches=reaches)
    await scene.click(ids.APPROVE_FILL)
    await eventually(lambda: scene.proposal["status"] == "approved" and len(scene.sent()) == int(reaches))
    scene.clock.advance(minutes=2)
    await scene.reply(first["client_id"], "YES")
    await eventually(lambda: "has not confirmed the text went out yet" in scene.thread_text())
    return first, state


async def _recover(scene: Scene, copilot: Any, state: dict[str, bool]) -> None:
    state["down"] = False
    for _ in range(3):
        scene.clock.advance(minutes=1)
        await scene.world.spa.drain_webhooks()
        await redrive_outbox(copilot)
        await fill.expire_offers(copilot)
    await asyncio.sleep(0.2)


@pytest.mark.parametrize("restart", [False, True])
async def test_a_yes_while_the_send_is_unconfirmed_is_kept_and_booked_once_it_is(
    scene: Scene, monkeypatch: pytest.MonkeyPatch, restart: bool
) -> None:
    first, state = await _yes_kept(scene, monkeypatch, reaches=True)  # she got the text; it is not confirmed yet
    deliveries = [d for d in scene.world.spa.webhooks.deliveries if d.type == "message.received"]
    assert [d.history for d in deliveries] == [[200]], "answered at once: a sender's retries run out"
    offer = scene.store.latest_fill_offer(first["client_id"])
    assert offer["status"] == "approved" and offer["yes_at"], offer
    copilot = scene.copilot
    if restart:
        copilot, store = restarted(scene.world, scene.clock)
        store.reclaim_outbox(now=scene.clock())
        monkeypatch.setattr(copilot.platform, "send_message", scene.copilot.platform.send_message)
    await _recover(scene, copilot, state)
    assert len(scene.sent()) == 1  # never twice
    assert len(scene.bookings_for(first["client_id"])) == 1, scene.thread_text()
    assert copilot.store.fill_proposal(scene.proposal["id"])["status"] == "booked"
    assert scene.thread_text().count("replied YES") == 2  # kept, then booked: said once each


async def test_a_yes_sent_before_the_text_went_out_books_nothing(scene: Scene, monkeypatch: pytest.MonkeyPatch) -> None:
    first, state = await _yes_kept(scene, monkeypatch, reaches=False)  # the first tries never reach the spa system:
    # her "Yes" answers something else
    scene.clock.advance(minutes=5)
    await _recover(scene, scene.copilot, state)
    assert len(scene.sent()) == 1 and not scene.bookings_for(first["client_id"]), scene.thread_text()
    offer = scene.store.latest_fill_offer(first["client_id"])
    assert offer["status"] == "sent" and not offer["yes_at"], offer  # the offer waits for their answer
    assert "before this offer's text went out" in scene.thread_text() and "The offer still waits" in scene.thread_text()


async def test_a_no_after_a_kept_yes_sets_the_yes_aside(scene: Scene, monkeypatch: pytest.MonkeyPatch) -> None:
    """The latest answer wins: a NO after the kept YES was dropped (the offer was not 'sent' yet) and the YES booked
    her once the send was confirmed (a review of 318cced)."""
    first, state = await _yes_kept(scene, monkeypatch, reaches=True)
    scene.clock.advance(minutes=1)
    await scene.reply(first["client_id"], "No sorry, I can't make it after all")
    await eventually(lambda: "after their YES, so nothing will be booked" in scene.thread_text())
    await _recover(scene, scene.copilot, state)
    assert not scene.bookings_for(first["client_id"]), scene.thread_text()
    assert not scene.store.latest_fill_offer(first["client_id"])["yes_at"]


async def test_a_kept_yes_is_booked_though_the_send_is_confirmed_close_to_the_slot(
    scene: Scene, monkeypatch: pytest.MonkeyPatch
) -> None:
    """She has the text and said YES: no hold needs to end before the slot, so a send confirmed 5 minutes before it
    books her; it failed as "nothing was sent …: the slot starts before a 10-minute hold would end" (a review)."""
    first, state = await _yes_kept(scene, monkeypatch, reaches=True)
    await redrive_outbox(scene.copilot)  # a try while still down: the item has been tried
    scene.clock.current = scene.target.start_at - timedelta(minutes=5)
    state["down"] = False
    await redrive_outbox(scene.copilot)
    await fill.expire_offers(scene.copilot)
    assert len(scene.bookings_for(first["client_id"])) == 1, scene.thread_text()
    assert "nothing was sent" not in scene.thread_text()


async def test_a_kept_yes_whose_send_is_confirmed_only_after_the_slot_started_asks_a_person_to_tell_her(
    scene: Scene, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The spa system answered again only after the slot started: the kept YES was dropped with the card's "the slot
    has started" alone (a review); a person is asked to let her know, as for a YES never re-checked."""
    first, state = await _yes_kept(scene, monkeypatch, reaches=True)
    scene.clock.current = scene.target.start_at + timedelta(minutes=1)
    await fill.expire_offers(scene.copilot)
    state["down"] = False
    await redrive_outbox(scene.copilot)
    await fill.expire_offers(scene.copilot)
    assert not scene.bookings_for(first["client_id"])
    assert scene.thread_text().count("so nothing was booked. Please let them know.") == 1, scene.thread_text()
