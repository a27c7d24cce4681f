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
