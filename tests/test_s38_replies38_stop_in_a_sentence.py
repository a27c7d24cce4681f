"""s38 replies38: a lower-case stop word that is a word of its sentence ("a quick stop", "the bus stop", "I'll quit")
is no opt-out, wherever a "no" stands before it (rev37c LOW: "No rush, I can make a quick stop" was a STOP: she was
never texted again). Pure reads of ``classify_reply`` and ``stop_said_apart``, as ``replies`` decides an opt-out."""
from __future__ import annotations

import pytest

from spa_copilot.fill.reply_intent import classify_reply, stop_said_apart


def _opted_out(body: str) -> bool:
    """As ``replies`` records it: a STOP (or YES_STOP) intent, or a firm STOP said as a sentence of its own."""
    return classify_reply(body) in ("stop", "yes_stop") or stop_said_apart(body)


@pytest.mark.parametrize("body", [
    "No rush, I can make a quick stop", "Great no rush, I'm at the bus stop", "Awesome, no rush! My favourite pit stop",
    "Great, no rush, I'll quit", "No thanks, I'm at the bus stop", "Not today, my last stop",
    "Sorry I can't, I need to make a quick stop", "Lovely, no rush. You're my first stop",
    "No rush, I'm 10 min away, just one more stop", "Great, no rush, I'll take a cab from the stop",
    "Haha no rush, the good news just doesn't stop", "Great, no rush, I'll drive over once the snow will stop",
    "Great, no rush - one more errand, then last stop", "No rush, I'm heading to the spa now, 1 stop",
])
def test_a_stop_word_of_the_sentence_is_no_opt_out(body: str) -> None:
    assert not _opted_out(body), classify_reply(body)

