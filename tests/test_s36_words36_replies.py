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



# 1: words wanting the texts gone before a closing STOP, after an "ok", with politeness after, or asked: a STOP; an
# eager word, another time, a near-swear or a STOP asked are none (a person reads them)
@pytest.mark.parametrize(("body", "intent"), [
    ("Ok enough STOP", "stop"), ("Okay enough already STOP", "stop"), ("Go away please STOP", "stop"),
    ("Just go away now STOP", "stop"), ("Why do you keep texting me? STOP", "stop"),
    ("Why do you keep texting me?? STOP please", "stop"), ("Please stop texting me STOP", "stop"),
    ("Can't wait STOP", "other"), ("How about 4pm STOP", "other"), ("Fly off STOP", "other"),
    ("Ok sounds great STOP", "other"), ("Ok can't wait STOP", "other"), ("Ok great STOP", "other"),
    ("Why do you keep texting me? Stop?", "other"), ("Too early? STOP", "other"), ("Go away please, I'll take it", "other"),
])
def test_wanting_the_texts_gone_before_a_closing_stop(body: str, intent: str) -> None:
    assert classify_reply(body) == intent
    if intent == "stop":
        assert _opted_out(body)


# 3: "Im ok thanks STOP" / "I'm ok thanks STOP": the polite decline before a closing STOP, as "I'm good thanks STOP"
# is (its "ok" was read as a yes beside the STOP), with or without the apostrophe alike; not beside a yes, nor the
# idiom alone ("I'm ok", "I'm good" may be either: a person reads them)
@pytest.mark.parametrize(("body", "intent"), [
    ("Im ok thanks STOP", "stop"), ("I'm ok thanks STOP", "stop"), ("I’m ok thank you STOP", "stop"),
    ("Im ok thanks stop", "stop"), ("Im good thanks STOP", "stop"), ("I'm good thanks STOP", "stop"),
    # (s37: "I'm good STOP", "Im good STOP" are a STOP: tests/test_s37_replies37_chasers_and_no_rush.py)
    ("I'm ok STOP", "other"), ("Im ok STOP", "other"), ("I'm good STOP", "stop"), ("Im good STOP", "stop"),
    ("I'm ok, book it STOP", "other"), ("Im ok thanks, I'll take it STOP", "other"), ("Ok I'll take it STOP", "other"),
])
def test_im_ok_thanks_before_a_closing_stop(body: str, intent: str) -> None:
    assert classify_reply(body) == intent


# 2: "Enough said, yes please STOP texting my ex": a yes for her and a complaint about texts to someone else; its
# "said, yes" was read as "yes" talked about, and the reply was an opt-out that lost her yes. A person reads it (as
# "Yes, stop texting my husband" is pinned), with no opt-out recorded: never a STOP that loses her booking, never a
# YES that ignores the complaint. "Enough said" beside an opt-out that can only be hers stays a STOP, and "I never
# said yes" is still "yes" talked about.
@pytest.mark.parametrize(("body", "intent"), [
    ("Enough said, yes please STOP texting my ex", "other"),
    ("Enough said, yes please stop texting my husband", "other"),
    ("Enough said, stop texting me", "stop"),
    ("I never said yes, stop texting me", "stop"),
    ("Yes, stop texting my husband", "other"),
])
def test_enough_said_yes_beside_a_complaint(body: str, intent: str) -> None:
    assert classify_reply(body) == intent
    assert _opted_out(body) is (intent == "stop")
