"""rev40g H1: a staff ``/spa texts <id> stop`` after her YES was kept on an approved offer whose send the spa system
had not confirmed (its answer lost; she has the text): the text's re-send, which only confirms it, was refused for the
opt-out and her YES was lost. It is booked when the spa system answers now."""
from __future__ import annotations

import pytest

from tests.fill_scene import Scene
from tests.test_s22_yes_send_unconfirmed import _recover, _yes_kept
from tests.test_slack_payloads import shown, slash

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


async def test_a_staff_stop_keeps_a_yes_to_a_text_whose_send_was_unconfirmed(scene: Scene, monkeypatch: pytest.MonkeyPatch) -> None:
    first, state = await _yes_kept(scene, monkeypatch, reaches=True)  # she got the text; its send is unconfirmed
    offer = scene.store.latest_fill_offer(first["client_id"])
    assert offer["status"] == "approved" and offer["yes_at"], offer
    # she phones: "book me, but please stop texting me" -> the desk records it
    answer = shown(await slash(scene.world, f"texts {first['client_id']} stop"))
    assert "Recorded" in answer, answer[:300]
    await _recover(scene, scene.copilot, state)
    row = scene.store.fill_offer(offer["id"])
    assert row["status"] == "booked"
    assert len(scene.bookings_for(first["client_id"])) == 1, "her kept YES was thrown away by the staff stop"
