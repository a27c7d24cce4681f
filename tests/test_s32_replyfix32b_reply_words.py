"""Guest replies read again after the review of session 32's reply changes (rev32c).

- H1: "Stop" as a sentence of its own, then anything, was an opt-out that declined her hold ("Stop. Save it for me",
  "Stop! I'm coming", "Stop. Call me", "Stop. Nevermind"). Only a listed reason after it makes it one now (wrong
  number, moved away, not interested, never signed up, no longer needed, politeness); the rest goes to a person.
- H2: "Is this spam?", "Spam?", "It's spam?" were an opt-out: a question about the text is for a person.
- M1: an angry opt-out holding "I want it", "I'll take it", "I'd love to" ("I want it to stop. Unsubscribe", "I'll
  take it up with your manager. Stop texting me") was a YES_STOP (staff told she said YES): such words take the slot
  only where they end their clause, so these are a STOP again.
- LOW: "Basta de mensajes" is an opt-out; "I can't come. Stop" declines and opts out (a STOP, no longer a NO that lost
  the opt-out); "I'm not busy" is no NO.
"""

from __future__ import annotations

import asyncio

import pytest

from spa_copilot.fill.reply_intent import classify_reply
from tests.fill_scene import Scene, eventually, proposed

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

NOT_A_REASON = [
    "Stop. Save it for me", "Stop! Hold it", "Stop. Call me", "Stop! I'm coming", "Stop. Nevermind",
    "Stop!! Omg I've been waiting for weeks", "Stop. On my way", "Stop. Hold on, let me check", "Stop. Ignore that",
    "Stop. Sorry wrong chat", "Stop! Wrong chat", "Stop!!! This is amazing", "Stop. Give it to my friend",
    "Stop!! Booking now", "Stop. Calling to book", "Stop! My sister wants it", "Stop. Vale", "Stop. Great",
    "Stop. Booking it", "Stop! I changed my mind", "Stop. Lol", "Stop. Sorry", "Stop. Typo", "Stop. One sec",
    "Stop. My husband will take it", "Stop. I'll call you", "Stop!! 🥹 really?",
]
STOP_WITH_A_REASON = [
    "Stop. I moved away", "STOP! Wrong person", "Unsubscribe. Thanks", "Stop. Wrong number", "Stop. Not interested",
    "Stop. I'm not interested anymore", "Stop. Wrong number, thanks", "Stop. I never signed up for this",
    "Stop. I've moved", "Stop. No longer need it", "Stop! Too many texts", "Stop. Wrong number. Thank you",
    "Stop. You have the wrong number", "Stop. Número equivocado",
]
SPAM_ASKED = ["Is this spam?", "is this spam", "Is this spam or real?", "Is this spam? Yes if real", "Spam?",
              "It's spam?", "This spam?", "Cancel?"]
SPAM_SAID = ["Spam", "This is spam", "This is spam!", "That's spam", "SPAM STOP", "Is this spam? Stop texting me",
             "Stop?"]
ANGRY_OPT_OUTS = [
    "I want it to stop. Unsubscribe", "I'll take it up with your manager. Stop texting me",
    "I'd love to know how you got my number. Stop texting me", "Stop texting me, I want it to end",
    "Stop texting me. I can do it myself", "Book it yourself. Stop texting me", "I'd love to unsubscribe",
    "I'll be there when hell freezes over. Stop texting me", "Stop texting me or I'll come there myself",
    "I will take it to the BBB. Stop texting me", "I want it gone. Remove my number",
    "Sign me up for nothing, unsubscribe", "I'll take it as a hint. Stop texting me",
]
STILL_YES_STOP = [
    "Yes, I'll take it, stop sending me openings", "Yes I'll take it! And stop texting me",
    "I'll take it. Never text me again", "Book me in! And unsubscribe me after this", "I'd love to. Stop texting me",
    "Sign me up and unsubscribe me from the others", "Yes, I'll be there. Stop messaging me",
    "I'll take it, thanks. Stop texting me", "Count me in for this one, then stop texting me",
    "I'll take it\nStop texting me",
]
LOW = [
    ("Basta de mensajes", "stop"), ("Ya basta de mensajes", "stop"), ("I can't come. Stop", "stop"),
    ("I can't come, stop", "stop"), ("I'm busy. STOP!", "stop"), ("I can't come. Stop by tomorrow?", "other"),
    ("I'll take it. Stop", "other"), ("I'm not busy", "other"), ("Not busy!", "other"),
    ("I'm not busy, I'll take it", "yes"), ("I'm busy", "no"),
]


@pytest.mark.parametrize("body", NOT_A_REASON)
def test_stop_then_anything_but_a_reason_is_for_a_person(body: str) -> None:
    assert classify_reply(body) == "other"


@pytest.mark.parametrize("body", STOP_WITH_A_REASON)
def test_stop_then_a_listed_reason_is_an_opt_out(body: str) -> None:
    assert classify_reply(body) == "stop"


@pytest.mark.parametrize("body", SPAM_ASKED)
def test_asking_whether_it_is_spam_is_no_opt_out(body: str) -> None:
    assert classify_reply(body) == "other"


@pytest.mark.parametrize("body", SPAM_SAID)
def test_saying_it_is_spam_or_a_firm_keyword_is_an_opt_out(body: str) -> None:
    assert classify_reply(body) == "stop"


@pytest.mark.parametrize("body", ANGRY_OPT_OUTS)
def test_an_angry_opt_out_takes_no_slot(body: str) -> None:
    assert classify_reply(body) == "stop"


@pytest.mark.parametrize("body", STILL_YES_STOP)
def test_words_that_end_their_clause_still_take_the_slot(body: str) -> None:
    assert classify_reply(body) == "yes_stop"


@pytest.mark.parametrize(("body", "expected"), LOW)
def test_low_findings(body: str, expected: str) -> None:
    assert classify_reply(body) == expected


@pytest.mark.parametrize(("body", "opted_out"), [
    ("Stop. Save it for me", True), ("Stop! I'm coming", True), ("Is this spam?", False),
])
async def test_not_a_decline_through_the_webhook(scene: Scene, body: str, opted_out: bool) -> None:
    """Not read as a STOP that declines the slot; a firm "Stop." said as a sentence of its own is recorded as an
    opt-out all the same (rev32e: such replies lost it), for a person to follow up by phone."""
    await proposed(scene)
    first, offer = await scene.first_offer_sent()
    await scene.reply(first["client_id"], body)
    await eventually(lambda: "please follow up" in scene.thread_text())
    assert scene.store.fill_offer(offer["id"])["status"] == "sent"
    assert bool(scene.store.text_opted_out([first["client_id"]])) is opted_out


@pytest.mark.parametrize("body", ["I'll take it up with your manager. Stop texting me", "I can't come. Stop"])
async def test_an_opt_out_through_the_webhook_declines_and_is_recorded(scene: Scene, body: str) -> None:
    await proposed(scene)
    first, offer = await scene.first_offer_sent()
    await scene.reply(first["client_id"], body)
    await eventually(lambda: scene.store.fill_offer(offer["id"])["status"] == "declined")
    await asyncio.sleep(0.2)
    assert scene.store.text_opted_out([first["client_id"]])
    assert "replied STOP" in scene.thread_text() and "replied YES" not in scene.thread_text()
