"""The Edit check after rev35i: right hours edits that only looked like an offer pass ("hope you like it!", "want to
stop by for cocoa?"), and another day's hours offered in a sentence of their own ("We're open Sat 10am-12pm. Want a
spot?") or by a near-synonym ("wanna come by?", "care to join?") are refused (rev35i H1, M1, M2)."""
import pytest

from tests.test_s35_words35b_edit import OFFER, problem  # the Tue 3pm offer with Priya, and its Edit check


# M1 (regression from 8564e6c): right hours edits now refused ("like it", "want to join", "stop by for cocoa")
@pytest.mark.parametrize("extra", [
    "We're open Sat 10am-12pm, hope you like it!",
    "We're open Sat 10am-12pm, we think you'll like it.",
    "We're open Sat 10am-12pm, you'll like this: free cocoa!",
    "We're open Sat 10am-12pm, if you like facials try our new peel!",
    "Sat hours 10am-12pm, want to stop by for cocoa?",
    "Sat hours 10am-12pm, would you like to join our loyalty program?",
    "Sat hours 10am-12pm, want to join our mailing list?",
    "We're open Sat 10am-12pm, want to come to our holiday party?",
    "We're open Sat 10am-12pm, would you like to join us for cocoa?",
])
def test_right_hours_edit_passes(extra):
    assert problem(f"{OFFER} {extra} Reply YES to book.") is None

# H1 (pre-existing; the commit's fix is comma-only): the same offer in its own sentence passes
@pytest.mark.parametrize("extra", [
    "We're open Sat 10am-12pm. Want a spot?",
    "We're open Sat 10am-12pm. Want to come by?",
    "We're open Sat 10am-12pm. Fancy a facial?",
    "We're open Sat 10am-12pm. Would you like us to hold a spot?",
    "We're open Sat 10am-12pm! Want a spot?",
])
def test_other_hour_offer_next_sentence_refused(extra):
    assert problem(f"{OFFER} {extra} Reply YES to book.") is not None

# M2: near-synonyms of the new alternation still pass
@pytest.mark.parametrize("extra", [
    "Sat hours 10am-12pm, wanna come by?", "Sat hours 10am-12pm, want to swing by?",
    "Sat hours 10am-12pm, would you like to visit?", "Sat hours 10am-12pm, would you like to drop in?",
    "Sat hours 10am-12pm, fancy popping in?", "Sat hours 10am-12pm, care to join?",
    "Sat hours 10am-12pm, would you like to reserve?", "Sat hours 10am-12pm, want to get a facial?",
])
def test_other_hour_offer_synonyms_refused(extra):
    assert problem(f"{OFFER} {extra} Reply YES to book.") is not None

# L1: _LEAVE_ME_BE edges
