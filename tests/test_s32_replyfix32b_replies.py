"""What the card's thread shows of a guest's replies, after the review of session 32 (rev32c LOW).

- A booked guest's short STOP ("Cancelar", "Cancel") was not quoted (3 words or fewer): the thread said only "replied
  STOP", though her word may mean "cancel my booking". After a booking it is quoted, whatever its length.
- An unclear reply after the offered slot was shown once per offer: "hello??" then "Can I rebook tomorrow?" lost the
  question. Each is shown once now, up to ``AFTER_THE_SLOT_NOTES`` per offer; a retried webhook adds nothing.
"""

from __future__ import annotations

import asyncio
from datetime import datetime

import pytest

from spa_copilot import fill
from spa_copilot.fill.replies import AFTER_THE_SLOT_NOTES
from tests.fill_scene import Scene, eventually, proposed, sms_reply

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


async def test_a_booked_guests_short_stop_is_quoted(scene: Scene) -> None:
    await proposed(scene)
    first, _ = await scene.first_offer_sent()
    await scene.reply(first["client_id"], "Sí")
    await eventually(lambda: scene.proposal["status"] == "booked")
    await scene.reply(first["client_id"], "Cancelar")
    await eventually(lambda: "replied STOP" in scene.thread_text())
    assert "“Cancelar”" in scene.thread_text()
    assert len(scene.bookings_for(first["client_id"])) == 1  # nothing cancelled by the copilot


async def test_a_short_stop_before_any_booking_is_still_not_quoted(scene: Scene) -> None:
    await proposed(scene)
    first, _ = await scene.first_offer_sent()
    await scene.reply(first["client_id"], "Stop")
    await eventually(lambda: "replied STOP" in scene.thread_text())
    assert "“Stop”" not in scene.thread_text()


async def test_each_unclear_reply_after_the_slot_is_shown_once_up_to_a_few(scene: Scene) -> None:
    await proposed(scene)
    first, offer = await scene.first_offer_sent()
    end = datetime.fromisoformat(scene.proposal["opening"]["end"])
    scene.clock.advance(seconds=(end - scene.clock()).total_seconds() + 30 * 60)
    await fill.expire_offers(scene.copilot)
    client = first["client_id"]
    bodies = ["hello??", "Can I rebook tomorrow?", "Is anyone there?", "Helloooo?"]
    for n, body in enumerate(bodies):
        event = sms_reply(client, body, scene.clock(), message_id=f"msg_after_{n}")
        await fill.on_message_received(scene.copilot, event)
        await fill.on_message_received(scene.copilot, event)  # a retried webhook
    await asyncio.sleep(0.2)
    thread = scene.thread_text()
    for body in bodies[:AFTER_THE_SLOT_NOTES]:
        assert thread.count(f"“{body}”") == 1
    assert "Helloooo?" not in thread  # past the few shown per offer
    assert thread.count("after the offered slot had passed") == AFTER_THE_SLOT_NOTES
    assert scene.store.fill_offer(offer["id"])["status"] != "sent"
