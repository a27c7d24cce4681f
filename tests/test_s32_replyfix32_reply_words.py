"""Guest replies read again in session 32 (replyfix32).

- A yes that takes the slot beside an opt-out that can only be hers ("Yes, I'll take it, stop sending me openings",
  "Yes I'll take it! And stop texting me") was a STOP, which declined the slot she had just taken. It is a YES_STOP
  now: her opt-out is recorded and a person books her (or not). A bare yes that may only agree to the opt-out ("Yes,
  unsubscribe me", "Of course, stop texting me") stays a STOP; a yes beside an opt-out that may not be hers stays
  for a person.
- Opt-outs not read before: "Basta", "Spam", "🛑", "No more of these", "Stop. I moved away", "Cancelar" (alone, as
  "Cancel" is), "Sair", "Unsub me"; none of them turns a yes beside it into a STOP.
- Clear answers that went to a person: "I'd love to", "Sign me up", "See you then!", "Perfecto", "Vale", "Dale",
  "Parfait", "D'accord", "I'm good, book it!" are a YES; "I'm busy", "Next time", "Pas cette fois" a NO.
"""

from __future__ import annotations

import pytest

from spa_copilot.fill.reply_intent import classify_reply

YES_STOP = [
    "Yes, I'll take it, stop sending me openings", "Yes I'll take it! And stop texting me",
    "I'll take it. Never text me again", "Count me in, but please don't text me again",
    "Book me! And unsubscribe me after this", "Sign me up, then opt me out of these texts",
    "I can come! Please stop texting me", "Yes, I'll be there. Stop messaging me",
    "Yes I'll take it! Take me off the waitlist. And leave me alone",
]
STILL_A_STOP = [
    # a yes that may only agree to the opt-out, or a slot not taken after all
    "Yes, unsubscribe me", "Yes please, unsubscribe me", "Yep, opt out", "Yes, never text me again",
    "Of course, stop texting me", "Ok, stop texting me", "Sure, take me off your list", "Definitely stop texting me",
    "No, don't book me. Stop texting me", "Who signed me up? Stop texting me", "I'm in a meeting, stop texting me",
    # opt-outs not read before
    "Basta", "Basta ya", "Spam", "Yes 🛑", "SPAM", "This is spam", "🛑", "🛑🛑", "🛑 please", "No more of these",
    "No more of these please", "Stop. I moved away", "STOP! Wrong person", "Unsubscribe. Thanks", "Cancelar",
    "Cancelar por favor", "Sair", "SAIR", "Unsub me",
]
FOR_A_PERSON = [
    # not an opt-out of texts, or not hers alone
    "Quiero cancelar mi cita", "No spam please, yes I'll take it", "Stop. I'll take it", "Stop. Is it with Kai?",
    "Stop. I want it", "Stop, I am interested", "Stop! Wait", "I can come! Please stop texting me after 8",
    "I'll take it! Remove me from my 5pm", "Yes, stop texting the others",
    # not plainly a yes or a no
    "I'm good", "Yes, I'm good", "Maybe next time", "Next time text me earlier", "Yes! Next time too", "Dale please",
    "With Dale please?", "Great, I would love to, really", "I'd love to, but I can't", "Vale 🙄", "Pas de souci",
]
YES = [
    "I'd love to", "I'd love to!", "I would love to, thank you", "sign me up", "Sign me up!", "see you then!",
    "See you there", "Perfecto", "Perfecto, gracias", "Vale", "Vale, gracias", "Dale", "Dale!", "Sí, dale", "Parfait",
    "Parfait merci", "D'accord", "D'accord merci", "I'm good, book it!", "Can't wait! See you then",
    "No problem, see you then!", "Great thanks, I'll see you then",
]
NO = ["I'm busy", "I'm busy, sorry", "Next time", "Next time!", "Next time, thanks", "Pas cette fois",
      "Pas d'accord", "La próxima vez, gracias", "I'm good thanks"]

CASES = ([(b, "yes_stop") for b in YES_STOP] + [(b, "stop") for b in STILL_A_STOP]
         + [(b, "other") for b in FOR_A_PERSON] + [(b, "yes") for b in YES] + [(b, "no") for b in NO])


@pytest.mark.parametrize(("body", "expected"), CASES)
def test_a_reply_is_read_as(body: str, expected: str) -> None:
    assert classify_reply(body) == expected


@pytest.mark.parametrize("body", YES_STOP)
def test_a_yes_stop_never_books_even_with_the_offers_time(body: str) -> None:
    # the second reading (the offer's own time set aside) takes only a yes, and these say no time anyway
    from datetime import datetime

    assert classify_reply(body, offered=datetime(2026, 12, 5, 15, 0)) == "yes_stop"
