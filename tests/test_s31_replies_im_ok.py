"""A polite decline was booked (rev31a H1): "I'm ok thanks", "Thanks, I'm ok", "Ok thanks, I'm good", "No worries, I'm
ok", "I'll be ok" read as a YES, since "i'm", "be" and "good" are YES filler and "ok" a YES word. They are never a
yes: "I'm ok/good" with thanks and nothing else is a NO, the rest goes to a person."""

from __future__ import annotations

import asyncio

import pytest

from spa_copilot.fill import classify_reply
from tests.fill_scene import Scene, eventually, proposed

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

DECLINES = ["I'm ok thanks", "I'm good thanks", "I'm good, thank you", "Im ok thank you", "I'm okay thanks",
            "I'm ok ty", "Oh I'm ok thanks", "I'm fine, thanks"]
UNCLEAR = ["Thanks, I'm ok", "Ok thanks, I'm good", "No worries, I'm ok", "I'll be ok", "I'll be ok thanks", "I'm ok",
           "Im ok", "Ya I'm ok", "Ok I'm good", "I'm k", "Ok no worries", "No worries", "No worries, sure",
           "I'm ok thank you so much", "Thank you, I'm okay", "Sure, I'm good"]


@pytest.mark.parametrize("body", DECLINES)
def test_im_ok_with_thanks_is_a_no(body: str) -> None:
    assert classify_reply(body) == "no"


@pytest.mark.parametrize("body", UNCLEAR)
def test_im_ok_otherwise_is_for_a_person(body: str) -> None:
    assert classify_reply(body) == "other"


@pytest.mark.parametrize("body", DECLINES + UNCLEAR)
def test_never_a_yes_even_with_the_offers_time(body: str) -> None:
    assert classify_reply(body, offered=__import__("datetime").datetime(2026, 12, 5, 15, 0)) != "yes"


@pytest.mark.parametrize("body", ["Yes", "Ok", "Ok thanks", "Yes, I'm in", "I'm in!", "Yes I'll be there",
                                  "Sounds good", "Yes! No problem", "Yes please, I'd love to", "Ok see you then",
                                  "No worries, I'll take it!", "Yes no worries"])
def test_yeses_stay_yeses(body: str) -> None:
    assert classify_reply(body) == "yes"


@pytest.mark.parametrize("body", ["I'm ok thanks", "Ok thanks, I'm good", "No worries, I'm ok"])
async def test_a_polite_decline_books_nobody(scene: Scene, body: str) -> None:
    await proposed(scene)
    first, offer = await scene.first_offer_sent()
    await scene.reply(first["client_id"], body)
    await eventually(lambda: scene.store.fill_offer(offer["id"])["status"] != "sent" or "follow up" in scene.thread_text())
    await asyncio.sleep(0.3)
    assert scene.store.fill_offer(offer["id"])["status"] not in ("accepting", "booked")
    assert not scene.bookings_for(first["client_id"])
    assert not scene.store.text_opted_out([first["client_id"]])
