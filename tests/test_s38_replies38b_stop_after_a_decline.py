"""s38 replies38b (rev38d H1): after a decline, a lower-case keyword closing the reply behind "this", "that", "more",
"non" or a word of who will stop ("make this stop", "when will this stop", "No more stop", "you gotta stop", "I'll quit")
is her opt-out again: s38's stop-word-of-its-sentence rule made them a plain NO, and she was texted again. A stop that
names which stop ("No thanks, I'm at the bus stop") and "I'll quit" in a reply that declines nothing stay no opt-out."""
from __future__ import annotations

import pytest

from spa_copilot.fill.reply_intent import classify_reply, stop_said_apart


def _opted_out(body: str) -> bool:
    """As ``replies`` records it: a STOP (or YES_STOP) intent, or a firm STOP said as a sentence of its own."""
    return classify_reply(body) in ("stop", "yes_stop") or stop_said_apart(body)


@pytest.mark.parametrize("body", [
    "No thanks, make this stop", "No. Please make this stop", "No!! Make this stop", "Nope. Make this stop please",
    "Not interested, make this stop 🙏", "Not interested. Plz make this stop 🛑", "No way, make this stop",
    "No more please, make this stop", "No thanks. Please let this stop", "Nope, when will this stop",
    "No thanks! When does this stop", "No thanks, make that stop", "No more stop", "Please no more stop",
    "Not interested, you gotta stop", "No more, u gotta stop", "No thanks, I wish you would stop",
    "No thank you, I would appreciate it if you would stop", "No thanks, you text me non stop",
    "No thanks, I'll quit", "No thanks, I'll revoke", "Nah, I'll quit",
    "I don't live there anymore, make this stop", "Not my number, make this stop",
])
def test_a_real_opt_out_after_a_decline_is_recorded(body: str) -> None:
    assert _opted_out(body), classify_reply(body)


@pytest.mark.parametrize("body", [
    "No thanks, I'm at the bus stop", "Not today, my last stop", "Great, no rush, I'll quit",
    "No rush, I'm 10 min away, just one more stop", "Haha no rush, the good news just doesn't stop",
])
def test_a_stop_word_of_the_sentence_stays_no_opt_out(body: str) -> None:
    assert not _opted_out(body), classify_reply(body)
