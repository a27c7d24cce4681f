"""rev36a L1: when an in-time YES takes the card back while it moves on, the move's thread line names the guest the
move wrote (or, taken back meanwhile, is skipped: the reclaim's own line says what happened), never the reclaiming
guest as "Next"."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest

from spa_copilot import fill
from spa_copilot.fill import moving_on
from spa_copilot.fill._common import card_name
from spa_copilot.fill.decisions import next_candidate
from tests.fill_scene import Scene, proposed, sms_reply


def _yes_on_the_moves_redraw(scene: Scene, monkeypatch: pytest.MonkeyPatch, first: dict[str, Any],
                             sent_at: datetime) -> None:
    """Her in-time YES arrives right after the card moved (while the move redraws it), once."""
    real = moving_on._refresh_card
    delivered: list[bool] = []

    async def redraw_then_yes(copilot: Any, proposal_id: str) -> Any:
        out = await real(copilot, proposal_id)
        if not delivered:
            delivered.append(True)
            await fill.on_message_received(copilot, sms_reply(first["client_id"], "YES", sent_at, "m_reclaim"))
        return out
    monkeypatch.setattr(moving_on, "_refresh_card", redraw_then_yes)


async def test_expiry_line_skipped_when_the_card_is_taken_back(scene: Scene, monkeypatch: pytest.MonkeyPatch) -> None:
    await proposed(scene)
    first, offer = await scene.first_offer_sent()
    second = scene.candidate(1)
    expires = datetime.fromisoformat(offer["expires_at"])
    scene.clock.current = expires + timedelta(seconds=20)
    _yes_on_the_moves_redraw(scene, monkeypatch, first, expires - timedelta(seconds=30))
    await fill.expire_offers(scene.copilot)
    thread = scene.thread_text()
    assert scene.proposal["status"] == "booked"
    assert f"{card_name(second)}'s draft is set aside" in thread
    assert "Next:" not in thread and "did not answer" not in thread


async def test_next_click_line_names_no_guest_after_a_reclaim(scene: Scene, monkeypatch: pytest.MonkeyPatch) -> None:
    await proposed(scene)
    first, offer = await scene.first_offer_sent()
    second, third = scene.candidate(1), scene.candidate(2)
    expires = datetime.fromisoformat(offer["expires_at"])
    scene.clock.current = expires + timedelta(seconds=20)
    await fill.expire_offers(scene.copilot)  # moved on: the second guest's draft waits for Approve
    row = scene.proposal
    assert row["status"] == "pending" and row["current_index"] == 1
    _yes_on_the_moves_redraw(scene, monkeypatch, first, expires - timedelta(seconds=30))
    result = await next_candidate(scene.copilot, row["id"], row["revision"], user_id=scene.world.manager_id)
    assert result.ok
    thread = scene.thread_text()
    assert scene.proposal["status"] == "booked"
    assert f"{card_name(third)}'s draft is set aside" in thread
    assert f"moving on from {card_name(second)}." in thread
    assert f"Next: {card_name(first)}," not in thread and f"Next: {card_name(third)}," not in thread
