"""A yes hedged or rolled eyes at is for a person, never a booking: "Perfect, I'll see" was a YES ("perfect" a yes,
"i'll" and "see" the words of "I'll see you then"), and so were "Yes 🙄" and "Yes..." (fillfix30c's notes)."""

from __future__ import annotations

import pytest

from spa_copilot.fill.reply_intent import classify_reply


@pytest.mark.parametrize("reply", [
    "Perfect, I'll see", "Great, we'll see", "ok ill see", "Yes 🙄", "Yes 😒", "Sure…", "Yes...", "Perfect 🤨",
])
def test_a_hedged_or_doubting_yes_is_for_a_person(reply: str) -> None:
    assert classify_reply(reply) == "other"


@pytest.mark.parametrize("reply", [
    "Perfect, see you then", "Yes I'll see you then", "Yes. See you then.", "Yes 😊", "Yes!", "Sounds good, I'll be there",
])
def test_a_plain_yes_stays_a_yes(reply: str) -> None:
    assert classify_reply(reply) == "yes"


@pytest.mark.parametrize("reply", [
    "Great, see you then", "Awesome see you soon", "Great, I'll be there", "Sounds great see you then",
    "Yes... see you then", "Perfect... see you then",
])
def test_a_glad_yes_with_see_you_then_or_an_ellipsis_before_more_words_is_a_yes(reply: str) -> None:
    """Review 30j: these were sent to a person (the guest thought she was booked, nobody was)."""
    assert classify_reply(reply) == "yes"
