"""G2: a 'No' she sent BEFORE the offer's text reached her (an answer to the spa's reminder), delivered only after
her hold ran out (the same webhook delay), marks the offer 'said no after the hold'; her in-time YES is then not
booked and the thread says she replied No after the hold. On a 'sent' offer the same No is known to answer something
else (_sent_before_the_text)."""
from __future__ import annotations

from datetime import timedelta

import pytest

from spa_copilot import fill
from tests.fill_scene import Scene, proposed, sms_reply


async def test_no_to_the_reminder_before_the_offer_blocks_her_in_time_yes(scene: Scene, monkeypatch: pytest.MonkeyPatch) -> None:
    await proposed(scene)
    first, offer, expires = await scene.first_hold_given_up(seconds_after=10)  # the next guest's draft waits
    c = scene.copilot
    sent_at = expires - timedelta(minutes=10)
    scene.clock.advance(minutes=2)
    # "No thanks" sent 20 min before the offer text (to the spa's own reminder), delivered late
    await fill.on_message_received(c, sms_reply(first["client_id"], "No thanks", sent_at - timedelta(minutes=20), "m_no_old"))
    await fill.on_message_received(c, sms_reply(first["client_id"], "YES", expires - timedelta(seconds=60), "m_yes"))
    await fill.redrive_outbox(c)
    assert len(scene.bookings_for(first["client_id"])) == 1, "her in-time YES was not booked"


async def test_control_without_the_old_no(scene: Scene) -> None:
    await proposed(scene)
    first, offer, expires = await scene.first_hold_given_up(seconds_after=10)
    c = scene.copilot
    scene.clock.advance(minutes=2)
    await fill.on_message_received(c, sms_reply(first["client_id"], "YES", expires - timedelta(seconds=60), "m_yes"))
    await fill.redrive_outbox(c)
    assert len(scene.bookings_for(first["client_id"])) == 1
