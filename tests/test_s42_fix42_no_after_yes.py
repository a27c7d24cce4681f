"""A "No" she sent after her YES is read as after it even when the spa system's clock runs a little behind ours (her
YES, timed just before the approval, is recorded at it): the thread quotes it with "cancel the booking", never
"their YES is their latest answer". Only a reply surely sent before her YES is said to be."""

from __future__ import annotations

from datetime import timedelta

from tests.fill_scene import Scene, eventually, proposed
from tests.test_s42_order42_replies_order import _reply


async def test_a_no_after_her_yes_with_the_spa_clock_behind_is_read_in_order(scene: Scene) -> None:
    await proposed(scene)
    first, _ = await scene.first_offer_sent()
    approved = scene.copilot.now()
    scene.clock.advance(seconds=20)
    await _reply(scene, "yes", first["client_id"], "Yes!", approved - timedelta(seconds=15))  # spa clock behind
    await eventually(lambda: scene.bookings_for(first["client_id"]) != [])
    scene.clock.advance(seconds=30)
    await _reply(scene, "no", first["client_id"], "Oh no wait, I can't make it, sorry", approved - timedelta(seconds=5))
    thread = scene.thread_text()
    assert "sent before their YES" not in thread and "latest answer" not in thread
    assert "cancel the booking" in thread and "I can't make it" in thread
