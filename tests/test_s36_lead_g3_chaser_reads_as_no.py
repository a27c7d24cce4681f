"""G3: she texted YES within the hold (delivery delayed); after the hold, hearing nothing, she chases: "No answer
yet?" / "no confirmation yet?" / "no hurry". classify_reply reads these as "no"; reaching the expired offer, they now
mark it 'said no after the hold' (c4bcc0e), and her in-time YES, delivered next, books nothing ("ask them which they
meant"). Before c4bcc0e the chaser changed nothing and the in-time YES booked her."""
from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from spa_copilot import fill
from tests.fill_scene import Scene, proposed, sms_reply


@pytest.mark.parametrize("chaser", ["No answer yet?", "no confirmation yet?"])
async def test_chaser_after_the_hold_blocks_her_in_time_yes(scene: Scene, chaser: str) -> None:
    await proposed(scene)
    first, offer = await scene.first_offer_sent()
    c = scene.copilot
    expires = datetime.fromisoformat(offer["expires_at"])
    scene.clock.current = expires + timedelta(seconds=10)
    await fill.expire_offers(c)  # the card moves on to the next guest's draft; nobody approves it yet
    scene.clock.advance(minutes=3)
    await fill.on_message_received(c, sms_reply(first["client_id"], chaser, expires + timedelta(minutes=3), "m_chase"))
    await fill.on_message_received(c, sms_reply(first["client_id"], "YES", expires - timedelta(seconds=60), "m_yes"))
    await fill.redrive_outbox(c)
    assert len(scene.bookings_for(first["client_id"])) == 1, "her in-time YES was not booked"
