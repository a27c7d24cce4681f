"""s39 replies39b (rev39a M1, L1, L2): bus or train talk after a decline is a NO, not a permanent opt-out ("No thanks,
I'm getting off her stop", "No thanks, almost at my final stop", "No thanks, I get off the bus in 1 stop"), never
for someone taken off ("get me off her stop"); "the final stop" without a ride ("No. The final stop", "make this the
final stop") and a keyword said before it after a decline ("No thanks stop, this is the final stop") stay her
opt-out; "its her stop" reads as "it's her stop"."""
from __future__ import annotations

import pytest

from spa_copilot.fill.reply_intent import classify_reply, stop_said_apart


def opted_out(body: str) -> bool:
    """What spa_copilot/fill/replies.py records as her opt-out."""
    return classify_reply(body) in ("stop", "yes_stop") or stop_said_apart(body)


@pytest.mark.parametrize("body", [
    "No thanks, I'm getting off her stop",
    "No thanks, I'm getting off at my final stop",
    "No thanks, almost at my final stop",
    "No thanks, I'm at my final stop",
    "No thanks, I get off the bus in 1 stop",
    "No thanks, I'm getting off the train in 1 stop",
    "No thanks, getting out in 1 stop",
    "No thanks, I'm home in 1 stop",
    "No thanks, I get off in like 1 stop",
    "No thanks, I get off at 1 stop",
    "No thanks, getting off at this stop",
    "No thanks, I get off at this stop",
])
def test_bus_talk_after_a_decline_is_a_no(body: str) -> None:
    assert classify_reply(body) == "no" and not stop_said_apart(body)


@pytest.mark.parametrize("body", [
    "No thanks stop, this is the final stop",
    "No thanks, I said stop, this is the final stop",
    "No I said stop, this is the final stop",
    "Not interested stop, I get off in 1 stop",
    "No thanks STOP, this is the final stop",
    "No. The final stop",
    "No thanks. The final stop.",
    "No thanks, the final stop",
    "No thanks, make this the final stop",
    "No thanks, let this be the final stop",
])
def test_an_opt_out_beside_a_final_stop_is_kept(body: str) -> None:
    assert classify_reply(body) == "stop"


@pytest.mark.parametrize(("ride", "hers"), [
    ("No thanks, I'm getting off her stop", "Not interested, get me off her stop"),
    ("No thanks, I'm getting off her stop", "No thanks, its her stop"),
    ("No thanks, almost at my final stop", "No thanks, it's my final stop"),
    ("No thanks, almost at my final stop", "No thanks, take me off, final stop"),
    ("No thanks, getting off at this stop", "No thanks, make this stop"),
    ("No thanks, getting off at this stop", "No thanks, I'm at this stop"),
    ("No thanks, I get off the bus in 1 stop", "No. In 2 stop"),
    ("No thanks, I get off the bus in 1 stop", "No thanks, reply in 1 stop"),
    ("No thanks, I get off at 1 stop", "No thanks, take me off in 1 stop"),
])
def test_a_ride_names_the_stop_and_nothing_else_does(ride: str, hers: str) -> None:
    """The ride's words make the stop a NO; without them, or with someone taken off, it stays her opt-out."""
    assert classify_reply(ride) == "no"
    assert classify_reply(hers) == "stop"


def test_its_her_stop_reads_as_it_s_her_stop() -> None:
    assert classify_reply("No thanks, its her stop") == classify_reply("No thanks, it's her stop") == "stop"


@pytest.mark.parametrize(("hers", "named_before"), [
    ("No thanks stop, this is the final stop", "No thanks, I'm at the bus stop, this is the final stop"),
    ("No thanks stop, this is the final stop", "Yes please stop, this is the final stop"),
    ("Not interested stop, I get off in 1 stop", "Can you stop? I get off in 1 stop"),
])
def test_only_a_keyword_after_a_decline_said_before_is_hers(hers: str, named_before: str) -> None:
    assert classify_reply(hers) == "stop"
    assert not opted_out(named_before)
