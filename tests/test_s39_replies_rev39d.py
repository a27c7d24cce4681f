"""rev39d: the s39 opt-out readings (a STOP closing a question, "make it stop", "I want out") took replies that ask
something else, or joke, for a permanent opt-out: a question in capitals ("WHEN DOES THE SALE STOP?"), the keyword
asked about ("What happens if I STOP?"), her pain or the weather ("I have a migraine, make it stop"), delight ("Your
texts never stop! I love it"), a stop of another sense beside "I want out". None is her opt-out."""
from __future__ import annotations

import pytest

from spa_copilot.fill.reply_intent import classify_reply, stop_said_apart


def _opted_out(body: str) -> bool:
    return classify_reply(body) in ("stop", "yes_stop") or stop_said_apart(body)


@pytest.mark.parametrize("body", [
    "WHAT TIME DO YOU STOP?", "WHERE DOES THE SHUTTLE STOP?", "WHEN DOES THE SALE STOP?", "WHEN DOES THE OFFER STOP?",
    "DOES THE PAIN STOP?", "WHY WOULD I STOP?",
    "Will I lose my waitlist spot if I STOP?", "What happens if I STOP?", "Should I STOP?", "Can I STOP?",
    "Omg my back. Please make it stop! Is 3 still open?", "I have a migraine, make it stop. Do you have anything at 2?",
    "It's pouring. Make it stop. What about 5pm?", "I have a migraine, make it stop.",
    "Your texts never stop! I love it", "Your texts never stop 😍", "I told you to stop! Just kidding, 3pm please",
    "I want out of here! Can I stop by tomorrow instead?", "I want out. I just quit my job so spa day sounds perfect!",
])
def test_a_reply_asking_something_else_is_no_opt_out(body: str) -> None:
    assert not _opted_out(body), (classify_reply(body), stop_said_apart(body))


@pytest.mark.parametrize(("hers", "not_hers"), [
    ("Who is this STOP?", "WHEN DOES THE SALE STOP?"),
    ("Why do you keep texting me STOP?", "WHY WOULD I STOP?"),
    ("Make it stop please", "I have a migraine, make it stop."),
    ("Go away. Make this stop", "Omg my back. Please make this stop! Is 3 still open?"),
    ("I want out. What does STOP mean?", "I want out of here! Can I stop by tomorrow instead?"),
])
def test_the_opt_out_beside_its_near_miss(hers: str, not_hers: str) -> None:
    assert _opted_out(hers)
    assert not _opted_out(not_hers)
