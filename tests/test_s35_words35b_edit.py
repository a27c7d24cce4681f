"""s35 words35b: the Edit check passes the spa's own hours followed by an ordinary sign-off (rev35d M2: refused with
"take out 10am" since words35), and still refuses another day's hour offered beside hours words."""
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from spa_copilot.fill.drafts import OfferFacts, draft_problem

NY = ZoneInfo("America/New_York")
TUE_3PM = datetime(2026, 12, 8, 15, 0, tzinfo=NY)
OFFER = "Hi Ana, Swedish Massage w/ Priya Tue Dec 8 at 3pm."


def problem(text: str) -> str | None:
    facts = OfferFacts(starts_at=TUE_3PM, send_day=date(2026, 12, 5), guest_name="Ana", services=["Swedish Massage"],
                       menu=["Swedish Massage", "Deep Tissue Massage 90", "Hot Stone 75"],
                       location="Juniper & Salt SoHo", hold_minutes=30, staff_first_name="Priya",
                       staff_names=["Priya", "Maya"], minutes=60)
    return draft_problem(text, starts_at=TUE_3PM, facts=facts)


@pytest.mark.parametrize("extra", [
    "We're open Sat 10am-12pm, see you soon!", "Sat hours 10am-12pm, see you Tuesday!",
    "Holiday hours Sat 10am-12pm, see ya!", "We're open Sat 10am-12pm, hope to see you!",
    "We're open Sat 10am-12pm for holiday shopping, see you there!", "We're open Sat 10am-12pm with Santa!",
    "Sun hours 11am-1pm with Champagne.", "Sun hours 11am-1pm, stop by with Mom!",
    "Sun hours 11am-1pm, would you like us to hold a gift card?", "We're open Sat 10am-12pm, interested in a gift card?",
    "Holiday hours: Sun 10am-12pm, does that work for gift card pickup?",
    "We're open Sat 10am-12pm, will you stop by for cocoa?",
    "Sat hours 10am-12pm for gift cards, can you believe it's December?",
])
def test_spa_hours_with_a_signoff_pass(extra: str) -> None:
    assert problem(f"{OFFER} {extra} Reply YES to book.") is None


def test_spa_hours_with_a_signoff_after_the_reply_line_pass() -> None:
    assert problem(f"{OFFER} Reply YES to book. We're open Sat 10am-12pm, see you soon!") is None
