"""s38 replies38: "no rush" (or its idioms, "I'm in no hurry", "Absolutely no rush") beside a STOP in capitals closing
the reply changes nothing: the reply is read as it is without them ("Ok STOP", "Yes please STOP", "STOP" are opt-outs;
rev37c: "Ok no rush STOP", "Yes please no rush STOP", "I'm in no hurry STOP" went to a person and "Absolutely no rush
STOP" was a NO, her opt-out lost)."""
from __future__ import annotations

import pytest

from spa_copilot.fill.reply_intent import classify_reply


@pytest.mark.parametrize("body", [
    "Ok no rush STOP", "Yes please no rush STOP", "I'm in no hurry STOP", "Absolutely no rush STOP",
    "Yes please, no rush STOP", "Of course no rush STOP", "Definitely, no rush STOP", "Okay no hurry STOP please",
    "Okay, no hurry STOP", "Im in no rush STOP",
])
def test_no_rush_beside_a_closing_stop_in_capitals_opts_out(body: str) -> None:
    assert classify_reply(body) == "stop"


# rev37k L1: "I'm in no rush" then a lower-case Stop said as a sentence of its own is her opt-out, as "No rush. Stop" is
@pytest.mark.parametrize("body", ["I'm in no rush. Stop", "Im in no rush at all. Stop please", "I'm in no hurry at all. Stop",
                                  "I'm in no hurry. stop", "i am in no rush! stop"])
def test_im_in_no_rush_then_a_stop_sentence_opts_out(body: str) -> None:
    assert classify_reply(body) == "stop"
