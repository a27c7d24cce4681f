"""rev38i: a repeated opt-out after a decline is an opt-out, not a NO (a stop word after "before", "for", "her",
"final" or an SMS "2" is no stop named: H1); a question about the carriers' STOP ALL records no opt-out (M)."""
from __future__ import annotations

import pytest

from spa_copilot.fill.reply_intent import classify_reply, stop_said_apart


@pytest.mark.parametrize("body", [
    "No thanks, I said it before stop",
    "Not interested, told you once before stop",
    "No thanks, told u before stop",
    "No thanks, said it before stop please",
    "No thanks, I said it before stop \U0001f6d1",
    "No thanks, I said it before stop\nSent from my iPhone",
    "No thanks, I asked u 2 stop",
    "Not interested, need u 2 stop",
    "No thanks, press 2 stop",
    "No thanks, for her stop",
    "No thanks. Final stop",
])
def test_an_opt_out_said_again_after_a_decline_is_an_opt_out(body: str) -> None:
    assert classify_reply(body) == "stop"


@pytest.mark.parametrize("body", ["No rush, heading over now, 1 stop", "No rush, just 1 stop"])
def test_a_number_counting_stops_still_names_one(body: str) -> None:
    assert classify_reply(body) != "stop"


@pytest.mark.parametrize("body", [
    "Is this STOP ALL?", "Is that STOP ALL?", "What does STOP ALL?", "What happens if I respond STOP ALL?",
    "Will I lose my points if I reply back STOP ALL?", "Should I text back STOP ALL?", "How do I do a STOP ALL?",
    "Does it have to be STOP ALL?",
])
def test_stop_all_asked_about_records_no_opt_out(body: str) -> None:
    assert not stop_said_apart(body)


@pytest.mark.parametrize("body", ["Who is this STOP ALL?", "Can I take it STOP ALL?"])
def test_stop_all_run_into_a_question_still_records_it(body: str) -> None:
    assert stop_said_apart(body)


@pytest.mark.parametrize("body", [
    "No thanks, I'm getting off at her stop", "No thanks, the bus is at his stop", "No thanks, I'm off after 1 stop",
    "No thanks, I get off in 1 stop", "No I'm on the train, off in 1 stop", "No thanks, this is the final stop",
    "No thanks, I'm getting off at the final stop", "Can't, my bus is at the final stop",
])
def test_a_decline_beside_a_stop_named_is_a_no(body: str) -> None:
    """rev38k K2, rev38n M1, rev39a M1: "her", "his" after "at", "the", "my"…, "final" in "this is the final" or after
    a ride's words ("getting off at the final", "my bus is at the final"), a number after "after" or "off in", name a
    stop."""
    assert classify_reply(body) == "no"


@pytest.mark.parametrize("body", [
    "No thanks, it's my final stop", "Not interested my final stop", "Not interested, get me off her stop",
    "No. In 2 stop", "No thanks, reply in 1 stop",
])
def test_an_unclear_stop_after_a_decline_stays_her_opt_out(body: str) -> None:
    """rev38m L1, rev39a M1: with no ride's words before them ("off", "at", "bus", "get"…), "my final" and a number
    after "in" name no stop; "get me off her stop" takes her off: hers. A missed STOP is the worse side."""
    assert classify_reply(body) == "stop"
