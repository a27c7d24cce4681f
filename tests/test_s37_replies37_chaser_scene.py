"""s37 replies37 (rev36g G3): she texts YES within the hold, its delivery is delayed, and hearing nothing she chases
("No answer yet?"). Read as a NO, the chaser declined her offer within the hold, and after it marked the offer 'said no
after the hold' so her in-time YES, delivered next, booked nothing. A chaser is a question for a person: her YES books."""
from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from spa_copilot import fill
from tests.fill_scene import Scene, proposed, sms_reply


@pytest.mark.parametrize("after_the_hold", [False, True])
async def test_a_chaser_leaves_her_in_time_yes_to_book(scene: Scene, after_the_hold: bool) -> None:
    await proposed(scene)
    first, offer = await scene.first_offer_sent()
    c = scene.copilot
    expires = datetime.fromisoformat(offer["expires_at"])
    if after_the_hold:
        scene.clock.current = expires + timedelta(seconds=10)
        await fill.expire_offers(c)  # the card moves on to the next guest's draft; nobody approves it yet
        scene.clock.advance(minutes=3)
    else:
        scene.clock.current = expires - timedelta(seconds=90)
    chased_at = scene.clock.current
    await fill.on_message_received(c, sms_reply(first["client_id"], "No answer yet?", chased_at, "m_chase"))
    await fill.on_message_received(c, sms_reply(first["client_id"], "YES", expires - timedelta(seconds=120), "m_yes"))
    await fill.redrive_outbox(c)
    assert len(scene.bookings_for(first["client_id"])) == 1, scene.thread_text()
