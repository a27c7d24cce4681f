"""Since 5a52d21 (words35b) the Edit check passes a draft that offers the spa's Saturday hours as a slot: the guest's
YES books Tue 3pm with Priya. All were refused before 5a52d21, and are again (rev35g M1)."""
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from spa_copilot.fill.drafts import OfferFacts, draft_problem

TUE_3PM = datetime(2026, 12, 8, 15, 0, tzinfo=ZoneInfo("America/New_York"))
OFFER = "Hi Ana, Swedish Massage w/ Priya Tue Dec 8 at 3pm."

def problem(text):
    facts = OfferFacts(starts_at=TUE_3PM, send_day=date(2026, 12, 5), guest_name="Ana", services=["Swedish Massage"],
                       menu=["Swedish Massage", "Deep Tissue Massage 90", "Hot Stone 75"],
                       location="Juniper & Salt SoHo", hold_minutes=30, staff_first_name="Priya",
                       staff_names=["Priya", "Maya"], minutes=60)
    return draft_problem(text, starts_at=TUE_3PM, facts=facts)

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
