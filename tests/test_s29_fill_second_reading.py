"""An unclear reply is read a second time once the offer is known, so that the offer's own time said back ("Yes, 11
works") is no doubt. That second reading took the offer's time out of the body before the quoted offer was set
aside, so a question above a pasted offer ("How much is it?" over "Replying to … 11:00am … Reply YES to claim. Reply
STOP to opt out") became the guest's STOP: the card said she replied STOP and moved on, while no opt-out was
recorded (the bookkeeping had read the first reading). And "start at 11?" became a START, dropped without a word.
Only a yes is now taken from the second reading; anything else stays unclear, for a person to follow up."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from spa_copilot.fill.reply_intent import classify_reply
from tests.fill_scene import Scene, proposed

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def _clock_words(start: datetime) -> str:
    hour, half = start.hour % 12 or 12, "am" if start.hour < 12 else "pm"
    return f"{hour}:{start.minute:02d}{half}"


async def _offered(scene: Scene) -> tuple[dict, dict, str]:
    await proposed(scene)
    first, offer = await scene.first_offer_sent()
    tz = ZoneInfo(scene.proposal["opening"]["time_zone"])
    return first, offer, _clock_words(datetime.fromisoformat(first["start"]).astimezone(tz))


async def test_a_question_over_a_pasted_offer_is_not_a_stop(scene: Scene) -> None:
    first, offer, at = await _offered(scene)
    body = (f"How much is it?\nReplying to Hi {first['first_name']}, a {at} spot opened. Reply YES to claim. "
            "Reply STOP to opt out")
    assert classify_reply(body) == "other"  # the reading the STOP bookkeeping goes by
    await scene.reply(first["client_id"], body)
    thread = scene.thread_text()
    assert "replied STOP" not in thread, thread
    assert "please follow up" in thread and "How much is it?" in thread, thread
    assert scene.store.fill_offer(offer["id"])["status"] == "sent"  # the offer still waits for her answer
    assert scene.proposal["current_index"] == 0
    assert not scene.store.text_opted_out([first["client_id"]])


async def test_a_question_naming_start_and_the_offer_s_time_is_followed_up(scene: Scene) -> None:
    first, offer, at = await _offered(scene)
    body = f"start at {at}?"
    await scene.reply(first["client_id"], body)
    thread = scene.thread_text()
    assert "please follow up" in thread and body in thread, thread
    assert scene.store.fill_offer(offer["id"])["status"] == "sent"


async def test_the_offer_s_own_time_said_back_is_still_a_yes(scene: Scene) -> None:
    first, offer, at = await _offered(scene)
    await scene.reply(first["client_id"], f"Yes, {at} works")
    assert scene.store.fill_offer(offer["id"])["status"] in ("accepting", "booked")
