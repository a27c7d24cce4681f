"""s38 replies38: a plain yes beside a "no rush" said apart books again (rev37c L1→M: "Yes please, no rush" went to a
person, who was told it was no yes or no, and the slot waited); the idioms that caused rev37a H2 ("I'm in no hurry",
"Absolutely no rush") and any hedge stay a person's (tests/test_s37_replies37_chasers_and_no_rush.py pins those)."""
from __future__ import annotations

from datetime import datetime

import pytest

from spa_copilot.fill.reply_intent import classify_reply

AT_3PM = datetime(2026, 12, 5, 15, 0)


@pytest.mark.parametrize("body", [
    "Yes please, no rush", "I'll take it, no hurry", "Count me in, no rush", "Book it! No rush", "Yes! No hurry",
    "No rush, yes please", "No rush at all, I'll take it", "Yes!! No hurry at all 😊", "I'll take it, no rush",
    "Yep, no rush thanks", "Yes please - no hurry", "See you then, no rush", "Yes absolutely, no rush",
])
def test_a_plain_yes_beside_no_rush_said_apart_is_a_yes(body: str) -> None:
    assert classify_reply(body) == "yes"
    assert classify_reply(body, offered=AT_3PM) == "yes"


# the time it offers said back is no doubt beside it either
def test_the_offered_time_said_back_beside_no_rush_is_a_yes() -> None:
    assert classify_reply("Yes please, 3pm works, no rush", offered=AT_3PM) == "yes"
