"""s36 words36b: the Edit check refuses another day's hour offered by "prefer that?" / "like that better?" ("We're
open Wed 4-5pm, prefer that?", "… Prefer that?", "…, prefer Wed?", "…, prefer the later one?": rev36c M3, they passed
on the s35/s36 Tue Dec 8 3:00 pm, 60-minute slot); a "prefer" question about something else after the spa's hours,
or one that goes on past what it names, still passes (rev36c M3's repro, both ways)."""
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from spa_copilot.fill.drafts import OfferFacts, draft_problem

NY = ZoneInfo("America/New_York")
TUE_3PM = datetime(2026, 12, 8, 15, 0, tzinfo=NY)
OFFER = "Hi Ana, Swedish Massage w/ Priya Tue Dec 8 at 3pm."


def problem(extra: str) -> str | None:
    text = f"{OFFER} {extra} Reply YES to book."
    facts = OfferFacts(starts_at=TUE_3PM, send_day=date(2026, 12, 5), guest_name="Ana", services=["Swedish Massage"],
                       menu=["Swedish Massage", "Deep Tissue Massage 90", "Hot Stone 75"],
                       location="Juniper & Salt SoHo", hold_minutes=30, staff_first_name="Priya",
                       staff_names=["Priya", "Maya"], minutes=60)
    return draft_problem(text, starts_at=TUE_3PM, facts=facts)


@pytest.mark.parametrize("extra", [
    "We're open Wed 4-5pm, prefer that?",
    "We're open Wed 4-5pm. Prefer that?",
    "We're open Wed 4-5pm, Prefer that?",
    "We're open Wed 4-5pm, prefer it?",
    "We're open Wed 4-5pm, prefer Wed?",
    "We're open Wed 4-5pm. Prefer Wed?",
    "We're open Wed 4-5pm, prefer the later one?",
    "We're open Wed 4-5pm, would you prefer that?",
    "We're open Wed 4-5pm. Would you prefer that?",
    "We're open Wed 4-5pm, do you prefer that one?",
    "We're open Wed 4-5pm, rather have that?",
    "We're open Wed 4-5pm, like that better?",
    "We're open Wed 4-5pm, like it better?",
])
def test_another_days_hour_offered_by_prefer_is_refused(extra: str) -> None:
    assert problem(extra) == ('The slot starts at 3:00 pm: take out "5pm" (every time in the text must be the slot\'s '
                              'start, or its end said as one: 3:00 pm-4:00 pm).')


# rev36c's M3 (innocent "prefer") and M1 ("booking …?") repros: these verdicts hold on main too; a "prefer" read too
# widely, or a "booking" question let through, breaks them
@pytest.mark.parametrize("extra", [
    "We're open Sat 10am-12pm, prefer it quieter? Come early!",
    "We're open Sat 10am-12pm, prefer one of our gift sets?",
    "Sat hours 10am-12pm, prefer them? Call us.",
    "We're open Sat 10am-12pm, if you prefer that, call us.",
    "We're open Sat 10am-12pm, prefer then to pick up your gift card?",
    "We're open Sat 10am-12pm, which do you prefer?",
    "We're open Sat 10am-12pm, prefer evenings?",
    "We're open Sat 10am-12pm. Prefer them? Call us.",
    "We're open Sat 10am-12pm, like our new look?",
])
def test_innocent_prefer_after_the_spas_hours_passes(extra: str) -> None:
    assert problem(extra) is None


@pytest.mark.parametrize("extra", [
    "We're open Wed 4-5pm, booking Wed?",
    "We're open Wed 4-5pm, booking a Wed slot?",
    "We're open Wed 4-5pm, booking for Wed?",
    "We're open Wed 4-5pm, booking a slot?",
    "We're open Wed 4-5pm, booking yours?",
    "We're open Wed 4-5pm, booking a massage that day?",
])
def test_a_booking_question_on_the_other_hours_is_still_refused(extra: str) -> None:
    assert problem(extra) is not None
