"""A guest's "No" answers an offer only when sent after its text reached them, as a YES does.

While an approved text waits for texting hours (``TEXT_SEND_HOURS``) the guest has not got the offer: a "No" then
(to the spa's own reminder, say) changes nothing and is not posted, and the offer goes out at the opening. The same
"No" delivered only after the text went out (a webhook retried across the opening) used to decline the offer: the
card said "Christopher said no." and moved on to the next guest, while Christopher held a text offering the slot, and
his YES to it was then answered "said no earlier". Now it declines nothing and the thread says why, as for such a YES.

The scene (``tests/fill_scene.py``) is at the SoHo location (America/New_York); the clock starts at 4:15am there.
"""

from __future__ import annotations

from datetime import timedelta

import pytest

from spa_copilot import fill
from tests.conftest import FakeClock
from tests.fill_scene import Scene, sms_reply
from tests.texting_hours import NIGHT, OPENS, approved_at_night

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(NIGHT)


async def test_a_no_sent_while_the_text_waits_never_declines_the_offer_read_then_or_after_it_went_out(
    scene: Scene,
) -> None:
    row = await approved_at_night(scene)
    client_id = row["candidates"][0]["client_id"]
    offer_id = fill._common.fill_offer_id(row["id"], 0)
    at_night = NIGHT + timedelta(minutes=15)  # 4:30am

    # read at once: the offer still waits for 8:00am, nothing is posted (the guest has not got it)
    scene.clock.current = at_night
    await fill.on_message_received(scene.copilot, sms_reply(client_id, "No", at_night, "msg_night"))
    assert scene.store.fill_offer(offer_id)["status"] == "approved"
    assert scene.thread_text() == ""

    # the text goes out at 8:00am; the same guest's other "No" from 4:30am is delivered only at 8:01am
    scene.clock.current = OPENS
    assert await fill.redrive_outbox(scene.copilot) == 1
    scene.clock.current = OPENS + timedelta(minutes=1)
    await fill.on_message_received(scene.copilot, sms_reply(client_id, "No thanks", at_night, "msg_retried"))
    assert scene.store.fill_offer(offer_id)["status"] == "sent", "a No from before the text declined the offer"
    assert scene.proposal["current_index"] == 0 and scene.proposal["status"] == "sent"
    assert "said no" not in scene.thread_text()
    # the thread says why the card did not move on, once however often the webhook is retried
    note = ("texted “No thanks” at 4:30am, before this offer's text went out (at 8:00am), so it answers something "
            "else. The offer still waits for their answer.")
    assert scene.thread_text().count(note) == 1
    await fill.on_message_received(scene.copilot, sms_reply(client_id, "No thanks", at_night, "msg_retried"))
    assert scene.thread_text().count(note) == 1

    # the guest's YES to the text they got books
    scene.clock.current = OPENS + timedelta(minutes=3)
    await fill.on_message_received(scene.copilot, sms_reply(client_id, "YES", scene.clock(), "msg_yes"))
    assert scene.proposal["status"] == "booked" and len(scene.bookings_for(client_id)) == 1


async def test_a_no_sent_after_the_text_still_declines_even_by_a_spa_clock_a_little_behind(scene: Scene) -> None:
    row = await approved_at_night(scene)
    client_id = row["candidates"][0]["client_id"]
    scene.clock.current = OPENS
    assert await fill.redrive_outbox(scene.copilot) == 1
    scene.clock.current = OPENS + timedelta(minutes=1)
    # answered at once; the spa system's clock, which dates the reply, runs 20 seconds behind ours
    await fill.on_message_received(scene.copilot, sms_reply(client_id, "No", OPENS - timedelta(seconds=20), "msg_no"))
    assert scene.store.fill_offer(fill._common.fill_offer_id(row["id"], 0))["status"] == "declined"
    assert "said no" in scene.thread_text()
