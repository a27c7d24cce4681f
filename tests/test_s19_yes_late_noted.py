"""A YES that says the guest may be a few minutes late books as a YES, and the card's thread says so in the guest's
words: the booking's note quotes no reply, so "Yes - running 5 min late" reached nobody at the spa."""

from __future__ import annotations

import pytest

from spa_copilot.fill.reply_intent import says_a_few_minutes_late
from tests.fill_scene import Scene, eventually, proposed

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


@pytest.mark.parametrize(
    ("body", "late"),
    [("Yes - running 5 min late", True), ("Yes, I'll be 10 mins late", True), ("yes im running a few minutes late", True),
     ("Yes", False), ("Yes I can come", False), ("> running 5 min late\nYes", False)],
)
def test_which_replies_say_a_few_minutes_late(body: str, late: bool) -> None:
    assert says_a_few_minutes_late(body) is late


@pytest.mark.parametrize(("body", "noted"), [("Yes - running 5 min late", True), ("Yes!", False)])
async def test_the_thread_says_the_guest_may_be_late(scene: Scene, body: str, noted: bool) -> None:
    await proposed(scene)
    first, _ = await scene.first_offer_sent()
    scene.clock.advance(minutes=1)
    await scene.reply(first["client_id"], body)
    await eventually(lambda: scene.proposal["status"] == "booked")
    thread = scene.thread_text()
    assert ("may be a few minutes late: “Yes - running 5 min late”" in thread) is noted, thread
    assert thread.count("may be a few minutes late") == (1 if noted else 0)
