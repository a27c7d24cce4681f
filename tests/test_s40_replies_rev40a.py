"""s40 (rev40a): a guest's opt-out said beside praise taken back, or beside questions about who texts her, is recorded;
a playful "I told you to stop!" asking for a day, or a question about a sale, is not a permanent opt-out."""

from __future__ import annotations

import pytest

from spa_copilot.fill.reply_intent import classify_reply, stop_said_apart


def _opts_out(body: str) -> bool:
    return classify_reply(body) in ("stop", "yes_stop") or stop_said_apart(body)


@pytest.mark.parametrize("body", [
    # praise taken back by a contrast, a "not" or sarcasm (6a7fa96 read these as delight: no opt-out)
    "I asked you to stop. You're too kind but no",
    "I told you to stop. You guys are amazing but I moved to Ohio",
    "I asked you to stop. You are too good at ignoring me",
    "I asked you to stop. Wow you guys are the best at spam",
    "I told you to stop. You're not the best spa ever",
    "I asked you to stop. Got something against listening?",
    "I asked you to stop. Do you have any respect?",
    # who texts her, how they got her number, beside "make this stop"
    "Who are you? Make this stop",
    "Um, make this stop",
    "How did you get my number? Make this stop",
    "I'm blocking this number. Make this stop",
    "When are these texts gonna STOP?",
    # rev40d H1: a day named in a question that asks for none, a deal named without asking of it, sarcasm
    "I told you to stop! Why are you texting me on a Sunday?",
    "I asked you to stop. Why are you messaging me on the weekend?",
    "I asked you to stop. Have you got anyone there who reads these?",
    "Ugh another promo. When will this STOP?",
    "Enough with the deals. When will you STOP?",
    "Woohoo more spam. When will you STOP?",
    "Yay another text. When will these STOP?",
    "I'd love it if you stopped. When will you STOP?",
    "I asked you to stop. You're the best, not",
    # rev40e H2, M3: sarcasm, a deal asked about in scorn, a laugh, a question asking nothing bookable: when in doubt,
    # the opt-out is recorded (the thread says how a manager undoes a misread one)
    "I told you to stop. Yay, more promos",
    "Is this another promo? When will you STOP?",
    "What sale? When will you STOP?",
    "When are you gonna STOP? 😂",
    "When will these STOP?? 🙄😂",
    "Love you guys. When will you STOP?",
    "I told you to stop. Do you people have weekends?",
    "I asked you to stop. Do you have anyone at that spa who reads these?",
    # rev40g H2, H3: a complaint after delight, a deal asked about in anger, sarcasm, a weekend in anger
    "Love the specials but this is the 4th text today. When will you STOP?",
    "Why do I keep getting your specials? When will you STOP?",
    "Are you serious with the promos? When do these STOP?",
    "Wow, you're really spoiling me. When will you STOP?",
    "I told you to stop. Do y'all have weekends?",
    "I asked you to stop. Do you even have weekends?",
    # rev40i M1, L1: scorn of the offers before "When … STOP?", exasperation after a laugh
    "Love the deals. You people never quit. When will you STOP?",
    "Love your offers, 3 today. When will you STOP?",
    "Love the promos. Not. When will you STOP?",
    "Love your deals, said nobody. When will you STOP?",
    "I told you to stop. Lol not again",
    # rev40j M2: anything before "When … STOP?" beside the delight or the ask keeps it hers
    "Love the deals, 3 texts today. When will you STOP?",
    "Love the promos... NOT! When do these STOP?",
    "Is this the 5th sale this week? When will you STOP?",
    "Can the deals wait until I ask for them? When will you STOP?",
    "When will you STOP?",
    # rev40k H1: a friendly opening cancels no other question, nor one with an eye-roll after it
    "Is the sale still on? Where did you get my number STOP?",
    "Wow 20% off? Who keeps texting me STOP?",
    "Is the sale still on? When do these texts STOP?",
    "Love the specials! When will you STOP? 🙄",
    # rev40l H1, M1: scorn inside the sale asked about, a plea or anger after the question
    "Is the spam sale still on? When do these STOP?",
    "Is the annoying promo still going? When will you STOP?",
    "Love the deals! When will you STOP? Please",
    "Love the deals! When will you STOP? 😠",
])
def test_an_opt_out_beside_these_words_is_recorded(body: str) -> None:
    assert _opts_out(body)


@pytest.mark.parametrize("body", [
    # pure delight stays no opt-out (rev39l M3)
    "I asked you to stop. You're the best",
    "I told you to stop, you guys are spoiling me",
    # a playful stop, then a day or someone asked for (53b9409 made these permanent opt-outs)
    "I told you to stop! Do you have Saturday?",
    "I told you to stop! Have you got Thursday?",
    "I told you to stop! Do you have anyone for a facial?",
    "Omg I told you to stop! Do you have Sat morning?",
    # a question about a sale, or a joke or delight beside "when will you STOP?"
    "Love the specials! When do these STOP?",
    "Is the sale still on? When do these STOP?",
    "Wow 20% off? When do these STOP?",
    # rev40d M1: delight beside a "can't" or a "don't" that takes nothing back
    "I told you to stop, you guys are spoiling me! Can't wait",
    "I told you to stop, you're too kind! Don't tempt me",
    "I told you to stop! Have you got anyone Saturday?",
    # rev40e M1: a contrast about the slot takes the praise back no more
    "I told you to stop, you're the best but I can only do Saturday",
    "I told you to stop, you guys are amazing but I'm booked that day",
    # rev40g M1: a laugh beside words that scorn nothing
    "I told you to stop! Haha you got me again 😂",
    "I told you to stop! Lol no. Just kidding",
    "I told you to stop! More offers I can't refuse 😂",
    # rev40k L1: delight or a sale asked about, with a laugh or thanks
    "Haha love the specials! When do these STOP?",
    "Love the specials, thank you! When do these STOP?",
    "Is the facial special still on? When does this STOP?",
])
def test_delight_a_day_asked_for_or_a_sale_is_no_opt_out(body: str) -> None:
    assert not _opts_out(body)


def test_a_sale_named_beside_the_texts_still_opts_out() -> None:
    assert _opts_out("Stop sending me your deals. When will these texts STOP?")
