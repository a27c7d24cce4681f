"""Since 5a52d21 (words35b) the Edit check passes a draft that offers the spa's Saturday hours as a slot: the guest's
YES books Tue 3pm with Priya. All were refused before 5a52d21, and are again (rev35g M1)."""
import pytest

from tests.test_s35_words35b_edit import OFFER, problem  # the Tue 3pm offer with Priya, and its Edit check


@pytest.mark.parametrize("extra", [
    "Sat hours 10am-12pm, would you like us to hold a spot?",
    "We're open Sat 10am-12pm, interested in a slot?",
    "We're open Sat 10am-12pm, interested in a massage?",
    "We're open Sat 10am-12pm, interested in coming in?",
    "Sat hours 10am-12pm, can you come then?",
    "We're open Sat 10am-12pm, does that work for a massage?",
    "Sat hours 10am-12pm, will you join us?",
    "Sat hours 10am-12pm, would you like us to hold one?",
    "Sat hours 10am-12pm, want to come by?",  # rev35h M2
    "Sat hours 10am-12pm, want a spot?",
    "We're open Sat 10am-12pm, fancy a facial?",
])
def test_other_hour_offer_refused(extra):
    assert problem(f"{OFFER} {extra} Reply YES to book.") is not None


@pytest.mark.parametrize("extra", [
    "We're open Sat 10am-12pm, see you soon!",
    "We're open Sat 10am-12pm, interested in a gift card?",
    "We're open Sat 10am-12pm, would you like us to hold a gift card?",
    "We're open Sat 10am-12pm, does that work for gift card pickup?",
    "We're open Sat 10am-12pm, can you believe it's December?",
])
def test_hours_with_a_sign_off_about_something_else_pass(extra):
    assert problem(f"{OFFER} {extra} Reply YES to book.") is None
