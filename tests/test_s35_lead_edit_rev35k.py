"""The Edit check after rev35k: a question of its own after another day's hours asks for that hour by the same words a
comma's does ("Would you like one?", "Are you interested?", "Shall I book you in?"); a visit's word that is a gift
("a facial gift card", "an e-gift card") asks for none; a swear's spellings before a closing STOP are an opt-out."""
import pytest

from spa_copilot.fill.reply_intent import classify_reply
from tests.test_s35_words35b_edit import OFFER, problem


# rev35k M1 asked these to pass; they are refused as the same words after a comma are ("…12pm, want one?"): a bare
# "Want one?" / "Interested?" after another day's hours reads as offering that hour, and a refused right edit (the
# manager rephrases) is the safe side of a YES that books the wrong day
@pytest.mark.parametrize("extra", [
    "We're open Sat 10am-12pm. Want one? Gift cards are 20% off.",
    "We're open Sat 10am-12pm. Want it? Our new peel is 20% off.",
    "We're open Sat 10am-12pm. Interested? Ask about our loyalty program!",
])
def test_a_bare_ask_after_another_days_hours_is_refused_as_after_a_comma(extra):
    assert problem(f"{OFFER} {extra} Reply YES to book.") is not None
    comma = extra.replace("12pm. ", "12pm, ", 1)
    comma = comma[: comma.index(", ") + 2] + comma[comma.index(", ") + 2].lower() + comma[comma.index(", ") + 3 :]
    assert problem(f"{OFFER} {comma} Reply YES to book.") is not None


# M2: the rev35j M1 fix covers "gift card" only after want/fancy: other spellings and "interested in" still refused
@pytest.mark.parametrize("extra", [
    "We're open Sat 10am-12pm. Want a facial giftcard?",
    "We're open Sat 10am-12pm. Want a massage e-gift card?",
    "We're open Sat 10am-12pm. Want a facial as a gift?",
    "We're open Sat 10am-12pm. Interested in a facial gift card?",
])
def test_gift_question_passes(extra):
    assert problem(f"{OFFER} {extra} Reply YES to book.") is None

# H1: visit asks refused after a comma but passing as a next sentence
@pytest.mark.parametrize("q", [
    "Would you like one?", "Are you interested?", "Would you be interested?", "Could you make it?",
    "Can you make it then?", "Shall I book you in?", "Can we book you?", "Want in?",
])
def test_next_sentence_ask_refused(q):
    assert problem(f"{OFFER} We're open Sat 10am-12pm. {q} Reply YES to book.") is not None
    assert problem(f"{OFFER} We're open Sat 10am-12pm, {q[0].lower() + q[1:]} Reply YES to book.") is not None

# L1: swear spellings that were a STOP at 8e689a4 and are 'other' now
@pytest.mark.parametrize("body", ["Fuckk off STOP", "Fuuuck off STOP", "Fukk off STOP", "Fcuk off STOP", "Fook off STOP",
                                  "Fuckin off STOP"])
def test_swear_spelling_stop(body):
    assert classify_reply(body, offered=None) == "stop"


# rev35l: a question that does not open as an ask asks for nothing; "a massage package", "a spot for a friend" offer
@pytest.mark.parametrize("extra", [
    "We're open Sat 10am-12pm. Looking for a gift for your mom?",
    "We're open Sat 10am-12pm. Did you know you can book online?",
])
def test_a_question_that_asks_for_no_visit_passes(extra):
    assert problem(f"{OFFER} {extra} Reply YES to book.") is None


@pytest.mark.parametrize("extra", [
    "We're open Sat 10am-12pm, want a spot for a friend?",
    "We're open Sat 10am-12pm, interested in a massage package?",
    "Sat hours 10am-12pm, want a massage for her?",
])
def test_a_visit_for_someone_or_a_package_is_an_offer(extra):
    assert problem(f"{OFFER} {extra} Reply YES to book.") is not None
