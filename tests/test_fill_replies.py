"""How guests' real SMS replies to a fill offer are read (``fill.classify_reply``): doubt is never a yes, and
enthusiasm worded like a negation ("Can't wait!", "No problem!") is never a no, which would give the slot away."""

from __future__ import annotations

import pytest

from spa_copilot import fill

#: Enthusiasm worded like a negation: a yes when a plain yes comes with it, else a person follows up.
EAGER = [
    ("Can't wait!", "other"), ("Cannot wait!!", "other"), ("cant wait", "other"), ("Can not wait!", "other"),
    ("Can\u2019t wait!", "other"), ("Can't wait! See you then", "yes"), ("No problem!", "other"),
    ("No problem, see you then!", "yes"), ("Not a problem", "other"), ("no probs", "other"),
    ("No worries!", "other"), ("Don't mind if I do!", "other"), ("I don't mind if I do", "other"),
    ("I don't mind", "other"), ("I don't mind at all", "other"), ("don't mind", "other"), ("I dont mind!", "other"),
    ("I do not mind", "other"), ("Honestly I don't mind", "other"), ("Yes, I don't mind at all", "yes"),
    ("Yes! Can't wait", "yes"), ("YES can't wait!!", "yes"), ("Yes, no problem", "yes"), ("No problem, yes please", "yes"),
    ("No worries, I'll take it!", "yes"), ("Can't wait, book me", "yes"), ("Sure, no problem!", "yes"),
]

#: Plain answers that must keep their meaning.
PLAIN = [
    ("YES", "yes"), ("Yes please!", "yes"), ("yes 👍", "yes"), ("Y", "yes"), ("YES!!!", "yes"), ("Yes.", "yes"),
    ("Yes thank you so much!", "yes"), ("Yes that works", "yes"), ("yes yes yes", "yes"), ("ok", "yes"),
    ("Sounds good!", "yes"), ("Absolutely, see you then", "yes"), ("Definitely!", "yes"), ("Yes—thanks!", "yes"),
    ("no", "no"), ("N", "no"), ("no thanks", "no"), ("No thank you", "no"), ("Nope", "no"), ("Nah I'm good", "no"),
    ("Not today, thanks", "no"), ("can't make it", "no"), ("Can't make it, sorry", "no"), ("I can't, sorry", "no"),
    ("Cannot make it", "no"), ("not interested", "no"), ("No problem, I can't make it", "no"),
    ("STOP", "stop"), ("STOP!", "stop"), ("stop please", "stop"), ("No problem, stop texting me", "stop"),
    ("START", "start"),
]

#: Doubt: a person reads it.
DOUBT = [
    ("yes but 3pm?", "other"), ("Yes, 3pm works", "other"), ("yes see you at 2", "other"), ("Stop by at 3?", "other"),
    ("Wrong number", "other"), ("yes sorry wrong person", "other"), ("no, yes", "other"), ("👍", "other"),
    ("This is her husband, she says yes", "other"), ("yes, but I'll be 5 min late", "other"),
    ("cancel my appointment", "other"), ("Can't wait, but can we do 4pm?", "other"),
]


@pytest.mark.parametrize(("body", "intent"), EAGER + PLAIN + DOUBT)
def test_a_real_reply_is_read_as(body: str, intent: str) -> None:
    assert fill.classify_reply(body) == intent


@pytest.mark.parametrize("body", [body for body, _ in EAGER])
def test_enthusiasm_is_never_a_no(body: str) -> None:
    assert fill.classify_reply(body + "!") != "no" and fill.classify_reply(body.upper()) != "no"


#: From a blind probe of 150 replies (3 December 2026): none booked without a plain yes, but a yes with a mark that
#: takes it back did ("Yes 👎" booked the slot), and a STOP or a yes with the offer quoted under it was missed.
TAKEN_BACK = [
    ("Yes 👎", "other"), ("yes ❌", "other"), ("Yes 🙅‍♀️", "other"), ("yes 🤔", "other"), ("Yes 😢", "other"),
    ("yes ¿", "other"), ("Sure thing 👎", "other"), ("👎", "no"), ("❌", "no"), ("no 👎", "no"), ("🤔", "other"),
    ("STOP ❌", "stop"), ("yes 👍", "yes"), ("Yes ❤️", "yes"), ("No 😢", "no"), ("Can't make it 😞", "no"),
    ("Of course not", "no"), ("Of course!", "yes"), ("Of course, not a problem!", "yes"),
    ("Of course, not until 4 though", "other"), ("¿No hay otra hora?", "other"),
]
QUOTED = [
    ("Yes\n\nOn Tue, Mar 4, 2025 at 1:02 PM Juniper & Salt <+12125550100> wrote:\n> A 3:00pm Swedish Massage opened up. "
     "Reply YES to claim; held for 15 minutes.", "yes"),
    ("STOP\n\n> A 3:00pm Swedish Massage with Maya opened up today. Reply YES to claim.", "stop"),
    ("No thanks\n\n> A 3:00pm Swedish Massage with Maya opened up today. Reply YES to claim.", "no"),
    ('YES\n\n"A 3:00pm Swedish Massage with Maya opened up today at Juniper & Salt SoHo. Reply YES to claim."', "yes"),
    ('Replying to: "A 3:00pm Swedish Massage opened up. Reply YES to claim."\n\nYes please', "yes"),
    ("> Reply YES to claim", "other"),  # only the offer quoted: no answer
    # the guest's own words are kept, even when they say "reply yes to" (the first version dropped the line)
    ("Yes\nOr should I reply YES to the 3pm one instead?", "other"),
    ("No. Why do you keep asking me to reply yes to these? Stop texting me", "stop"),
    ("STOP\nReplying to: Hi Ana, a 3pm opened. Reply YES to claim, held 15 min.", "stop"),
    ("Yes please\nReplying to: Hi Ana. Reply YES to claim", "yes"),
    ('"Yes" was sent by mistake, I can\'t. Don\'t reply yes to "claim" for me', "other"),
    ("Replying to unsubscribe", "stop"), ("replying to say stop texting me", "stop"),
    ('STOP "Hi Ana, a 3pm opened. Reply YES to claim or NO to pass."', "stop"),
    ("Yes\nReplying to your question - no I cannot make it", "other"),
    ("STOP\nReplying to Hi Ana, a 3pm opened. Reply YES to claim or NO to pass.", "stop"),
    ('Yes "Don\'t reply yes to claim"', "other"), ('Yes "I can\'t make it, reply yes to someone else"', "other"),
    ("Replying to stop texting me, I will never reply yes to these", "stop"),
    ("Yes\nReplying to you - I can't make it, don't reply yes to me", "other"),
    ("Yes!\nReplying to the 3pm offer - wait do I reply yes to this one or the 4pm?", "other"),
    ("No\nStop", "stop"),  # STOP on a line of its own
    # the offer pasted back with the SMS platform's footer: its "Reply STOP to opt out" is not the guest's
    ("Yes\nReplying to Hi Ana, a 3pm opened with Kai. Reply YES to claim. Reply STOP to opt out", "yes"),
    # the guest's own "reply yes to claim" (no offer's time on the line) is read, and a quoted "> Stop" is not theirs
    ("Yes\nOh wait, no. I didn't mean to reply yes to claim", "other"),
    ("Stop texting me, I never asked to reply yes to claim anything", "stop"),
    ("Yes\n> Stop", "yes"), ("Start\n> STOP", "start"),
]
MORE_WORDS = [
    ("Of course", "yes"), ("sure thing", "yes"), ("I'm in", "yes"), ("Claro que sí", "yes"), ("Oui", "yes"),
    ("Sim, obrigada", "yes"), ("Alto", "stop"), ("parar", "stop"),
]


@pytest.mark.parametrize(("body", "intent"), TAKEN_BACK + QUOTED + MORE_WORDS)
def test_replies_from_the_blind_probe(body: str, intent: str) -> None:
    assert fill.classify_reply(body) == intent
