"""Clear yeses read as unclear ("Sounds great", "Siii", "Okk", "Deal", "Great thanks"): a person had to follow up
while the guest's hold ran. Now they are a YES, unless a no, a question, a condition, another time or a doubt mark
stands beside them."""

from __future__ import annotations

from datetime import datetime

import pytest

from spa_copilot.fill import classify_reply
from tests.fill_scene import Scene, eventually, proposed

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

OFFERED = datetime(2026, 12, 5, 15, 0)


@pytest.mark.parametrize("body", [
    "Sounds great", "Sounds great!", "Sounds lovely", "Siii", "Síí", "siii gracias", "Okk", "Okkk", "Okk thanks", "kk",
    "Deal", "Deal!", "Great thanks", "Great, thanks!", "Great", "Awesome",
])
def test_a_clear_yes_is_a_yes(body: str) -> None:
    assert classify_reply(body) == "yes"
    assert classify_reply(body, offered=OFFERED) == "yes"


@pytest.mark.parametrize(("body", "intent"), [
    ("Sounds great, can I do 4?", "other"),
    ("Deal, but at 4pm?", "other"),
    ("Great thanks, but tomorrow?", "other"),
    ("Okk what time", "other"),
    ("Siii a las 4", "other"),
    ("Great, for my wife", "other"),
    ("Great, another time", "other"),
    ("Great 🤔", "other"),
    ("Sounds great see you later", "other"),  # glad words beside anything but thanks, "see you then/soon" or "I'll be
    # there": for a person (rev30g H1; "Sounds great see you then" is a yes, rev30j)
    ("deal breaker", "other"),
    ("thanks", "other"),
    ("No deal", "no"),
    ("great, no thanks", "no"),
])
def test_not_when_something_else_follows(body: str, intent: str) -> None:
    assert classify_reply(body) == intent


async def test_sounds_great_books_the_slot(scene: Scene) -> None:
    await proposed(scene)
    first, offer = await scene.first_offer_sent()
    await scene.reply(first["client_id"], "Sounds great, thanks!")
    await eventually(lambda: scene.proposal["status"] == "booked")
    assert scene.bookings_for(first["client_id"])
    assert "please follow up" not in scene.thread_text()
