"""The Edit check and the replies after rev35j: another day's hours followed by a question of their own asking for a
visit ("Would you like to book?", "Do you want a spot?", "Interested?") are an offer; a question that only names a
service ("Booking a massage? Call us!") is not; a swear's spellings before a closing STOP are an opt-out."""
import pytest

from spa_copilot.fill.reply_intent import classify_reply
from tests.test_s35_words35b_edit import OFFER, problem


# H1: another day's hours + a next-sentence visit question still PASS (the commit's fix misses them)
@pytest.mark.parametrize("extra", [
    "We're open Sat 10am-12pm. Would you like to book?",
    "We're open Sat 10am-12pm. Would you like to come by?",
    "We're open Sat 10am-12pm. Would you like to visit?",
    "We're open Sat 10am-12pm. Would you like to drop in?",
    "We're open Sat 10am-12pm. Do you want a spot?",
    "We're open Sat 10am-12pm. Shall we book you in?",
    "We're open Sat 10am-12pm. Interested?",
    "We're open Sat 10am-12pm. Want one?",
    "We're open Sat 10am-12pm. Can you make it?",
])
def test_wrong_other_day_offer_passes(extra):
    assert problem(f"{OFFER} {extra} Reply YES to book.") is not None

# M1 (regression from 2ac8ff7): right hours + promo edits now refused with "take out 10am"
@pytest.mark.parametrize("extra", [
    "We're open Sat 10am-12pm. Booking a massage? Call us!",  # a question that opens as no ask (rev35l)
    "We're open Sat 10am-12pm. Your massage awaits?",
    "We're open Sat 10am-12pm. Treatments make great gifts, don't they?",
    "We're open Sat 10am-12pm. Want a facial gift card?",
    "We're open Sat 10am-12pm. Visits from pets welcome?",
    "We're open Sat 10am-12pm. Appointments can be moved online, need help?",
])
def test_right_hours_promo_refused(extra):
    assert problem(f"{OFFER} {extra} Reply YES to book.") is None

# M2 (regression from 2ac8ff7): opt-outs that were 'stop' now 'other'
@pytest.mark.parametrize("body", ["F off STOP", "F*** off STOP", "Fuk off STOP", "Feck off STOP", "Frick off STOP",
                                  "Just fuck off STOP"])
def test_swear_opt_out_lost(body):
    assert classify_reply(body, offered=None) == "stop"
