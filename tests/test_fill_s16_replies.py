"""A reply that is neither yes nor no, sent before the offer reached the guest, answers something else, as such a
YES or "No" does: the thread says so (the guest's words shown, for a person to follow up), once per message; it
used to say "That is not a yes or no; please follow up" as if it answered the offer the guest had not got.

The scene (``tests/fill_scene.py``) is at the SoHo location (America/New_York); the clock starts at 4:15am there."""

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


async def test_a_question_before_the_text_went_out_answers_something_else_and_is_shown_once(scene: Scene) -> None:
    row = await approved_at_night(scene)
    client_id = row["candidates"][0]["client_id"]
    name = fill.card_name(row["candidates"][0])
    at_night = NIGHT + timedelta(minutes=15)  # 4:30am, the text waiting for 8:00am
    scene.clock.current = at_night
    for _ in range(2):  # a retried webhook says nothing more
        await fill.on_message_received(scene.copilot, sms_reply(client_id, "how much is it?", at_night, "msg_q"))
    waits = (f"{name} texted “how much is it?” at 4:30am, before this offer's text went out (it waits for texting "
             "hours), so it answers something else; please follow up. The offer still waits for their answer.")
    assert scene.thread_text() == waits
    assert scene.store.fill_offer(fill._common.fill_offer_id(row["id"], 0))["status"] == "approved"

    # the text goes out at 8:00am; another question of theirs from 4:31am is delivered only at 8:01am
    scene.clock.current = OPENS
    assert await fill.redrive_outbox(scene.copilot) == 1
    scene.clock.current = OPENS + timedelta(minutes=1)
    early = at_night + timedelta(minutes=1)
    await fill.on_message_received(scene.copilot, sms_reply(client_id, "is parking free?", early, "msg_p"))
    assert (f"{name} texted “is parking free?” at 4:31am, before this offer's text went out (at 8:00am), so it "
            "answers something else; please follow up. The offer still waits for their answer.") in scene.thread_text()
    assert "That is not a yes or no" not in scene.thread_text()

    # one sent after the text reached them asks about the offer: for a person to follow up, as before
    await fill.on_message_received(scene.copilot, sms_reply(client_id, "is it with Ana?", scene.clock(), "msg_a"))
    assert f"{name} replied: “is it with Ana?”. That is not a yes or no; please follow up." in scene.thread_text()
    assert scene.store.fill_offer(fill._common.fill_offer_id(row["id"], 0))["status"] == "sent"
