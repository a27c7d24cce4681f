"""s35 words35b: rev35d guest-reply repros (M1, H1, L1) as tests."""
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from spa_copilot.fill.reply_intent import classify_reply, stop_said_apart

NY = ZoneInfo("America/New_York")
TUE_3PM = datetime(2026, 12, 8, 15, 0, tzinfo=NY)  # the offer is for a later day than the reply


def opted_out(body: str) -> bool:
    return classify_reply(body) in ("stop", "yes_stop") or stop_said_apart(body)


# M1: "I'm at work / busy / away" + "sorry" or "today" / "this week" is now a NO (was for a person); it is often
# "can't talk right now", or about today while the slot is another day: the offer moves on to the next guest.
@pytest.mark.parametrize("body", [
    "Sorry, I'm at work", "I'm at work, sorry", "At work, sorry", "Sorry at work", "Sorry working",
    "I'm at work today", "I'm working today", "I'm busy today", "I'm away today", "I'm out of town today sorry",
    "Thanks but I'm busy today", "I have plans today", "Unfortunately I can't today",
])
def test_m1_not_a_plain_no(body: str) -> None:
    assert classify_reply(body, offered=TUE_3PM) != "no"


# H1 (pre-existing, not a regression): a decline with a closing STOP and no punctuation records no opt-out; s35
# fixed only the death case ("She passed away STOP") and its own new declines with a STOP are still missed.
@pytest.mark.parametrize("body", [
    "Thanks but no thanks STOP", "That doesn't work for me STOP", "I'm out of town STOP", "Gracias pero no STOP",
    "Not interested anymore STOP", "I'm busy STOP", "Can't make it STOP",
])
def test_h1_decline_then_stop_opts_out(body: str) -> None:
    assert opted_out(body)


# L1: the new death-then-STOP reading misses common wordings
@pytest.mark.parametrize("body", [
    "She's passed away STOP", "My wife passed away in October STOP", "She passed away 2 years ago STOP",
    "She passed away in March. STOP", "She's passed away. STOP",
])
def test_l1_death_then_stop(body: str) -> None:
    assert classify_reply(body) == "stop"
