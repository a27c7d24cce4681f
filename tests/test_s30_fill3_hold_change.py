"""An approved offer's text waiting for texting hours was refused as "needs an Edit" once OFFER_HOLD_MINUTES was
raised (rev30g L1): "held for you for 10 minutes" with a 15-minute hold loses the guest nothing, yet nothing was
sent. A text promising a shorter hold than the real one now goes out; one promising a longer hold (the hold lowered)
is still refused, saying the setting changed since the Approve."""

from __future__ import annotations

import pytest

from spa_copilot import fill
from tests.fill_scene import Scene, proposed

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


async def _approved_waiting_then_hold(scene: Scene, monkeypatch: pytest.MonkeyPatch, hold: int) -> dict:
    await proposed(scene)
    row = scene.proposal
    monkeypatch.setattr(scene.copilot.settings, "text_send_hours", "09:30-21:00")
    result = await fill.approve_fill(scene.copilot, row["id"], row["revision"], user_id=scene.world.manager_id)
    assert result.ok, result.note
    assert not scene.sent()  # waiting for texting hours
    monkeypatch.setattr(scene.copilot.settings, "offer_hold_minutes", hold)
    scene.clock.advance(minutes=40)
    await fill.redrive_outbox(scene.copilot)
    return scene.store.fill_proposal(row["id"])


async def test_a_text_promising_a_shorter_hold_still_goes_out(scene: Scene, monkeypatch: pytest.MonkeyPatch) -> None:
    approved_with = scene.copilot.settings.offer_hold_minutes
    row = await _approved_waiting_then_hold(scene, monkeypatch, approved_with + 5)
    [sent] = scene.sent()
    assert f"{approved_with} minutes" in sent["body"]
    assert row["status"] == "sent", row


async def test_a_text_promising_a_longer_hold_is_refused_truly(scene: Scene, monkeypatch: pytest.MonkeyPatch) -> None:
    approved_with = scene.copilot.settings.offer_hold_minutes
    row = await _approved_waiting_then_hold(scene, monkeypatch, approved_with - 5)
    assert not scene.sent()
    reason = str(row.get("reason"))
    assert row["status"] == "failed", row
    assert f'The hold is {approved_with - 5} minutes, not "{approved_with} minutes"' in reason, reason
    assert "OFFER_HOLD_MINUTES was changed since the text was approved" in reason, reason
