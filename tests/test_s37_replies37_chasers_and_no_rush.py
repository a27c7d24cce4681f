"""s37 replies37: a guest chasing her answer or saying there is no rush is not declining the offer, and "I'm good STOP"
is an opt-out. Pure reads of ``classify_reply`` (as ``replies`` decides an opt-out: a STOP or YES_STOP intent, or a
firm STOP said as a sentence of its own), both the new readings and the ones that must stay.

rev36g G3: "No answer yet?" read as a NO declined her offer within the hold, and after it blocked her in-time YES. The
last session's mend (5f2194c) took the chaser's words out of every reply and lost the opt-out of "No rush STOP" (rev36j
H1), so every STOP form beside them is pinned here too."""
from __future__ import annotations

from datetime import datetime

import pytest

from spa_copilot.fill.reply_intent import classify_reply, stop_said_apart

AT_3PM = datetime(2026, 12, 5, 15, 0)


def _opted_out(body: str) -> bool:
    """As ``replies`` records it: a STOP (or YES_STOP) intent, or a firm STOP said as a sentence of its own."""
    return classify_reply(body) in ("stop", "yes_stop") or stop_said_apart(body)


# 1: a chaser is a question for a person, never a NO (and never a YES)
CHASERS = ["No answer yet?", "no confirmation yet?", "No reply?", "No word yet?", "no news?", "Still no answer?",
           "No confirmation??", "No answer yet", "No reply yet", "No response yet?", "Still no reply",
           "No update yet?", "Hello? No answer yet?", "Hello?? No reply yet?", "Still waiting, no answer yet?",
           "No answer yet? Thanks!", "No reply yet 😢", "No answer yet? Did I get the slot?",
           "No confirmation yet? Did it go through?", "No word back yet?", "No reply from you yet?"]


@pytest.mark.parametrize("body", CHASERS)
def test_a_chaser_goes_to_a_person(body: str) -> None:
    assert classify_reply(body) == "other"
    assert classify_reply(body, offered=AT_3PM) == "other"
    assert not _opted_out(body)


# 2: "No rush" / "no hurry" alone is a polite word about the spa's answer: for a person, as "No worries" alone is
@pytest.mark.parametrize("body", ["No rush", "no hurry", "No rush!", "No rush thanks", "Thanks, no rush",
                                  "No rush at all", "No hurry :)", "No rush, take your time", "Ok no rush",
                                  "Sure, no rush", "Great, no rush", "No rush?"])
def test_no_rush_alone_goes_to_a_person(body: str) -> None:
    assert classify_reply(body) == "other"


# ... and beside a yes of its own a person reads it too: never the NO its "no" made it, nor a YES of itself (rev37a H2:
# with "no rush" set aside, "I'm in no hurry" and "Absolutely no rush" read as a YES and would have booked the slot);
# s38: but for a plain yes beside a "no rush" said apart ("Yes please, no rush", "I'll take it, no rush", "No rush, yes
# please", "Yes!! No hurry at all 😊" book: tests/test_s38_replies38_yes_beside_no_rush.py)
@pytest.mark.parametrize("body", ["YES no hurry", "Perfect, no rush",
                                  "Sounds good, no rush", "I'm in no hurry", "I'm in no rush to book",
                                  "Ok I'm in no hurry", "Absolutely no rush", "Definitely no hurry",
                                  "Of course, no rush at all"])
def test_no_rush_beside_a_yes_goes_to_a_person(body: str) -> None:
    assert classify_reply(body) == "other"


# a yes beside it still needs no doubt: a condition, a question, another time go to a person
@pytest.mark.parametrize("body", ["No rush but yes I can come", "No hurry, yes for 4pm?", "Yes, no rush. Can it be 4?"])
def test_no_rush_beside_a_doubtful_yes_stays_for_a_person(body: str) -> None:
    assert classify_reply(body) == "other"


# must stay: every STOP form beside a chaser or "no rush" is an opt-out (rev36j H1)
@pytest.mark.parametrize("body", ["No rush STOP", "No hurry STOP", "no hurry stop", "No thanks STOP",
                                  "No answer needed, STOP", "No reply yet STOP", "No word yet STOP",
                                  "No response yet STOP", "No confirmation yet STOP", "No reply STOP",
                                  "No rush, STOP", "No rush. STOP", "No answer yet. STOP", "No answer yet? STOP",
                                  "No reply yet, stop", "No rush, yes please STOP", "No rush but stop texting me",
                                  "No answer yet? Stop texting me", "Still no answer? Unsubscribe",
                                  # rev37a H1: a glad word before "no rush" lost the STOP after it
                                  "Great, no rush STOP", "great, no rush stop", "Wonderful, no rush STOP",
                                  "Amazing no hurry stop", "Sounds great - no hurry STOP", "Vale no rush STOP",
                                  "Great, no rush quit", "Great, no rush STOP\nSent from my iPhone"])
def test_a_stop_beside_a_chaser_or_no_rush_still_opts_out(body: str) -> None:
    assert _opted_out(body), classify_reply(body)


# must stay: plain declines, and a chaser or "no rush" beside a decline (rev36j M1, L1), are a NO
@pytest.mark.parametrize("body", ["No thanks", "No", "Nope", "No, not today", "No I can't make it", "No, sorry!",
                                  "no thank you, maybe next time", "No reply", "No answer",
                                  "No answer yet? I'm not coming", "No reply yet? Not interested anymore",
                                  "No word yet? no thanks", "No answer yet, but no thanks", "No reply yet thanks but no",
                                  "No rush, but no thanks", "no hurry, I can't make it", "No rush, count me out",
                                  "No rush, maybe next time", "No reply needed, I'm not coming"])
def test_a_decline_stays_a_no(body: str) -> None:
    assert classify_reply(body) == "no"


# 3: "I'm good" / "I'm fine" / "I'm all set" before a STOP in capitals: a decline and an opt-out
@pytest.mark.parametrize(("body", "intent"), [
    ("I'm good STOP", "stop"), ("Im good STOP", "stop"), ("I'm good thanks STOP", "stop"), ("I'm fine STOP", "stop"),
    ("I’m fine STOP please", "stop"), ("I'm all set STOP", "stop"), ("I'm good, STOP", "stop"),
    ("Im ok thanks STOP", "stop"),
    # must stay for a person: the bare idiom, a lower-case stop after it, "I'm ok STOP" (s36), a yes beside it
    ("I'm good", "other"), ("I'm fine", "other"), ("I'm good stop", "other"), ("I'm ok STOP", "other"),
    ("I'm good, book it STOP", "other"), ("I'm good, I'll take it STOP", "other"),
])
def test_im_good_before_a_stop_in_capitals(body: str, intent: str) -> None:
    assert classify_reply(body) == intent


# the carriers' "STOP ALL" closing a reply is its STOP (rev37a: "No thanks STOP ALL" was a NO, no opt-out recorded)
@pytest.mark.parametrize("body", ["No thanks STOP ALL", "No thanks. STOP ALL", "I cant make it STOP ALL",
                                  "No rush, STOP ALL", "No answer yet? STOP ALL", "No thanks STOP ALL please",
                                  "Is this spam? STOP ALL",
                                  # rev37c M1: read as "STOPALL" by every rule, not only some
                                  "No STOP ALL", "I said STOP ALL", "Ok STOP ALL", "I'm good STOP ALL",
                                  "Wrong number STOP ALL", "Please remove this number and stop all"])
def test_a_closing_stop_all_opts_out(body: str) -> None:
    assert _opted_out(body), classify_reply(body)


# "stop" as a word of the sentence, not the keyword: no opt-out (rev37c H1: after "no rush" these had become STOPs)
@pytest.mark.parametrize("body", ["I want it all", "Great, no rush, I can make a quick stop",
                                  "Awesome! No rush, I can swing by as a quick stop",
                                  "Lovely, no rush. I could do it as a pit stop", "Great, no hurry, when does the bus stop"])
def test_stop_as_a_word_beside_no_rush_is_no_opt_out(body: str) -> None:
    assert not _opted_out(body), classify_reply(body)


# rev37g H1: a STOP ALL closing the reply or a sentence of it, with emoji, "asap", a signature, the offer quoted back or
# the provider's footer after it, or a reason after it, is an opt-out
@pytest.mark.parametrize("body", [
    "STOP ALL. Who is this?", "Stop all. Wrong number", "Stop all! Not interested", "Stop all, I moved away",
    "STOP ALL immediately", "Stop all asap", "Wrong number. STOP ALL 😡", "She passed away. STOP ALL 🙏",
    "No thanks STOP ALL :)", "No thanks STOP ALL\nSent from my iPhone",
    "No thanks STOP ALL\n> Hi Jane, a 3pm massage opened up Tue. Reply YES to book.",
    "No thanks STOP ALL. Reply STOP to opt out", "Wrong number, STOP ALL\n-- Jane"])
def test_stop_all_with_what_follows_it_opts_out(body: str) -> None:
    assert _opted_out(body), classify_reply(body)


# rev37g M1: a YES run into a STOP ALL keeps the YES for a person to book beside the opt-out, as with "unsubscribe"
@pytest.mark.parametrize("body", ["I'll take it STOP ALL", "Yes I'll take it STOP ALL", "Book me STOP ALL",
                                  "I'll take it STOPALL"])
def test_a_yes_run_into_stop_all_is_a_yes_and_an_opt_out(body: str) -> None:
    assert classify_reply(body) == "yes_stop"


# rev37j H1: "no rush" with a glad word, then STOP as a sentence of its own, is an opt-out (it had become a NO)
@pytest.mark.parametrize("body", ["Absolutely no rush. STOP", "Absolutely! no rush, stop please",
                                  "Definitely no rush thanks. STOP", "ABSOLUTELY NO RUSH. STOP"])
def test_no_rush_then_a_closing_stop_sentence_opts_out(body: str) -> None:
    assert _opted_out(body), classify_reply(body)


# rev37k: a taking of the slot beside "no rush" before a STOP sentence stays for a person (a plain STOP moved the slot
# on from a guest who said she wanted it)
@pytest.mark.parametrize("body", ["Book it, no rush. STOP", "I'll take it, no rush. STOP", "Count me in, no rush. STOP",
                                  "No rush. Yes but can I do 4?. STOP"])
def test_a_yes_beside_no_rush_before_a_stop_sentence_is_no_plain_stop(body: str) -> None:
    assert classify_reply(body) != "stop"
