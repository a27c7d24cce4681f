"""s39 replies39: replies that plainly ask the texts to stop recorded no opt-out (older review findings), and she was
texted again: "Go away. Make this stop", "No thanks, I asked you to stop", "I'll stop you right
there — STOP", "Who is this STOP?", "I want out. Do a STOP ALL?", "Ok no rush stop". Each is now her opt-out, while
bus and train talk, a "no rush" before a stop of the sentence and the keyword asked about stay none."""
from __future__ import annotations

import pytest

from spa_copilot.fill.reply_intent import classify_reply, stop_said_apart


def _opted_out(body: str) -> bool:
    """As ``replies`` records it: a STOP (or YES_STOP) intent, or a firm STOP said as a sentence of its own."""
    return classify_reply(body) in ("stop", "yes_stop") or stop_said_apart(body)


@pytest.mark.parametrize("body", [
    # a sentence asking the texts to stop in so many words
    "Go away. Make this stop", "Go away, make this stop", "Please make this stop",
    "Wrong number, please make this stop",
    "She passed away. Please make this stop", "Who is this? Make this stop", "Make it stop please 🙏",
    "No thanks, I asked you to stop", "I asked you to stop", "I told you to stop", "I've already told you to stop",
    "I said to stop", "Make these texts stop",
    # a keyword after a dash
    "I'll stop you right there — STOP", "I'll stop you right there - STOP", "Wrong person – stop",
    "Who gave you my number — STOP", "Can't make it. STOP ALL - Jane",
    # a plain STOP run into a question aimed at whoever texts her
    "Who is this STOP?", "WHO IS THIS STOP?", "Why do you keep texting me STOP?", "Hi, who is this STOP?",
    "How did you get my number STOP?", "When does this STOP?", "Will you ever STOP?",
    # "I want out" beside a keyword, even one asked about
    "I want out. Do a STOP ALL?", "I want out. What does STOP mean?", "I want off. Stop?",
])
def test_a_plain_ask_for_no_more_texts_is_recorded(body: str) -> None:
    assert _opted_out(body), (classify_reply(body), stop_said_apart(body))


@pytest.mark.parametrize("body", [
    "Ok no rush stop", "ok no rush stop", "Sure no hurry stop", "Ok no rush at all stop thanks",
    "Absolutely no rush stop", "Yes please no rush stop", "Definitely, no hurry Stop",
])
def test_a_lower_case_keyword_right_after_no_rush_is_read_as_in_capitals(body: str) -> None:
    at = body.lower().rindex("stop")
    capitals = f"{body[:at]}STOP{body[at + 4:]}"
    assert classify_reply(capitals) == "stop"
    assert classify_reply(body) == "stop"


@pytest.mark.parametrize(("hers", "near_miss"), [
    ("Ok no rush stop", "No rush, I can make a quick stop"),
    ("Ok no rush stop", "Ok no rush stop by anytime"),
    ("Go away. Make this stop", "I'm at the bus stop"),
    ("Go away. Make this stop", "How do I make this stop"),
    ("Please make this stop", "Make it stop?"),
    ("Please make this stop", "I can make it stop by"),
    ("No thanks, I asked you to stop", "No thanks, I get off in 1 stop"),
    ("No thanks, I asked you to stop", "I never asked you to stop"),
    ("No thanks, I asked you to stop", "Don't stop offering me slots!"),
    ("No thanks, I asked you to stop", "Yes, I asked you to stop"),
    ("I told you to stop", "I asked you to stop by at 3"),
    ("I told you to stop", "I can't stop smiling, yes please"),
    ("I told you to stop", "Can't, my bus is at the final stop"),
    ("I'll stop you right there — STOP", "Yes! Non-stop week, 3pm works"),
    ("I'll stop you right there — STOP", "Non—stop week, yes please"),
    ("Who is this STOP?", "What does STOP mean?"),
    ("Who is this STOP?", "Is it STOP?"),
    ("Who is this STOP?", "Is this STOP?"),
    ("Who is this STOP?", "Where is the bus STOP?"),
    ("Who is this STOP?", "Is that your STOP?"),
    ("Who is this STOP?", "Can't STOP?"),
    ("Who is this STOP?", "Great, no rush STOP??"),
    ("Who is this STOP?", "Who is this STOP"),
    ("I want out. Do a STOP ALL?", "Is it STOP ALL?"),
    ("I want out. Do a STOP ALL?", "Do a STOP ALL?"),
    ("I want out. Do a STOP ALL?", "I want out"),
    ("I want out. Do a STOP ALL?", "I want out. Don't stop"),
])
def test_its_near_miss_stays_no_opt_out(hers: str, near_miss: str) -> None:
    assert _opted_out(hers)
    assert not _opted_out(near_miss), (classify_reply(near_miss), stop_said_apart(near_miss))


@pytest.mark.parametrize(("new", "already"), [
    ("Please make this stop", "Please stop these texts"),
    ("I told you to stop", "Stop texting me"),
    ("Make these texts stop", "stop messaging me pls"),
    ("Amazing - stop", "Amazing, stop"),
])
def test_each_way_of_asking_is_recorded_alike(new: str, already: str) -> None:
    assert _opted_out(already)
    assert _opted_out(new)
