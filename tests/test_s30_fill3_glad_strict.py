"""A glad word is a YES only with thanks or "sounds" beside it (rev30g H1): "Great thanks, I'll see", a sarcastic
"Oh great 🙄", "Oh great, thanks a lot", "Amazing 😂" or "Great..." booked the guest since ad85465. They go to a
person; "Sounds great", "Great thanks", "Deal", "Lovely, thank you", "Siii", "Okk" stay a YES."""

from __future__ import annotations

import asyncio
from datetime import datetime

import pytest

from spa_copilot.fill import classify_reply
from tests.fill_scene import Scene, eventually, proposed

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

OFFERED = datetime(2026, 12, 5, 15, 0)

NOT_A_CLEAR_YES = [
    "Great thanks, I'll see", "Great, thanks, I'll see", "lovely i'll see", "Lovely, I will see then", "Awesome I'll see",
    "great thanks will see", "Amazing, ty I'll see", "Oh great 🙄", "Great 🙄", "Great 😒", "Amazing 😂", "Great...",
    "Great…", "Oh great, thanks a lot", "Great, thanks a lot", "Great, thanks haha", "great lol", "Lovely, just lovely",
    "Great, I would love to, really", "That would be lovely", "Great deal", "Great, thanks x", "Great :)",
    "Great thanks for letting me know", "Wonderful 😐", "Great 🤔",
]


@pytest.mark.parametrize("body", NOT_A_CLEAR_YES)
def test_glad_words_with_anything_else_go_to_a_person(body: str) -> None:
    assert classify_reply(body) == "other"
    assert classify_reply(body, offered=OFFERED) == "other"


@pytest.mark.parametrize("body", [
    "Sounds great", "Sounds great!", "sounds lovely", "Great thanks", "Great, thanks!", "Great", "Awesome!", "Deal",
    "Deal!", "Lovely, thank you", "Thanks, lovely", "Thx great", "Great 👍", "Great 👍🏽", "Lovely 😊", "Amazing ❤️",
    "Wonderful 🙏", "Deal ✅", "Great 🙂", "Great.", "Siii", "Okk", "kk", "okayyy", "Okk thanks", "siii gracias",
    "Great thanks, I'll see you then",  # rev32: "see you then" is a yes in other words, no hedge
])
def test_the_clear_glad_yeses_stay_a_yes(body: str) -> None:
    assert classify_reply(body) == "yes"
    assert classify_reply(body, offered=OFFERED) == "yes"


@pytest.mark.parametrize("body", ["Great thanks, I'll see", "Oh great 🙄"])
async def test_a_glad_word_that_is_no_clear_yes_books_nobody(scene: Scene, body: str) -> None:
    await proposed(scene)
    first, _offer = await scene.first_offer_sent()
    await scene.reply(first["client_id"], body)
    await eventually(lambda: "follow up" in scene.thread_text())
    await asyncio.sleep(0.2)
    assert not scene.bookings_for(first["client_id"])
    assert scene.proposal["status"] != "booked"
