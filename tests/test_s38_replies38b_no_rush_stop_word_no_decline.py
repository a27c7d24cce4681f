"""s38 replies38b (rev38d M2): a reply whose only "no" is "no rush", ending on a stop word of its sentence ("Can't
wait! No rush, you're my first stop", "No rush, I can make a quick stop"), is no decline: it goes to a person (it was a
NO: her offer given away, the slot moved on), and no opt-out. A real decline beside it stays a NO."""
from __future__ import annotations

import pytest

from spa_copilot.fill.reply_intent import classify_reply, stop_said_apart


@pytest.mark.parametrize("body", [
    "Can't wait! No rush, you're my first stop", "Yay, no rush, you're my next stop",
    "Amazing, No rush at all - I will make it my next stop", "Love it, no rush, the spa is my next stop",
    "Sounds great, no rush, I'll make it a quick stop", "Lovely, no rush. You're my first stop",
    "Great no rush, I'm at the bus stop", "Thanks no rush! I'll swing by, it's a quick stop",
    "No rush, I can make a quick stop", "Great, no rush, I'll quit",
])
def test_an_eager_reply_ending_on_a_stop_of_its_sentence_is_for_a_person(body: str) -> None:
    assert classify_reply(body) == "other"
    assert not stop_said_apart(body)


@pytest.mark.parametrize("body", ["No thanks, I'm at the bus stop", "Not today, my last stop",
                                  "No rush, not today, my last stop", "Sorry I can't, I need to make a quick stop"])
def test_a_real_decline_beside_it_stays_a_no(body: str) -> None:
    assert classify_reply(body) == "no"
