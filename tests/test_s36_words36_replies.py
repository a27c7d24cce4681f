"""s36 words36: the reply reader's known holes (last session's review), each both ways.

A STOP must opt her out; in doubt a reply goes to a person ("other"): never a wrong YES that books her, never a wrong
STOP that silences a guest who wanted the slot."""
from __future__ import annotations

import pytest

from spa_copilot.fill.reply_intent import classify_reply, stop_said_apart


def _opted_out(body: str) -> bool:
    """As ``replies`` records it: a STOP (or YES_STOP) intent, or a firm STOP said as a sentence of its own."""
    return classify_reply(body) in ("stop", "yes_stop") or stop_said_apart(body)


# 4: "Estoy trabajando, lo siento" was a NO while "Sorry, I'm at work" went to a person
@pytest.mark.parametrize(("body", "intent"), [
    ("Estoy trabajando, lo siento", "other"),
    ("Lo siento, estoy trabajando", "other"),
    ("Sorry, I'm at work", "other"),
    # said of the offer's time, a NO in both languages
    ("Estoy trabajando ese día, lo siento", "no"),
    ("Lo siento, estoy trabajando entonces", "no"),
    ("Estoy trabajando esa semana, gracias", "no"),
    ("I'm at work then, sorry", "no"),
    ("I'm at work that day, sorry", "no"),
])
def test_at_work_reads_alike_in_spanish_and_english(body: str, intent: str) -> None:
    assert classify_reply(body) == intent
