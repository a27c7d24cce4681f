"""The Edit check of a fill SMS (session 35, words35): hours said as "open late", a short range offered beside plain
words about hours, and the days of a promotion.

The slot is Tue 8 Dec 2026 at 3:00 pm, 60 minutes, with Priya, its text going out Sat 5 Dec, unless the row says
otherwise. Each test pairs the text this session mends with one of the same shape whose answer stays as it was.
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from spa_copilot.fill.drafts import OfferFacts, draft_problem

NY = ZoneInfo("America/New_York")
TUE = datetime(2026, 12, 8, 15, 0, tzinfo=NY)  # Tue 8 Dec, 3:00 pm
SAT = datetime(2026, 12, 12, 15, 0, tzinfo=NY)  # Sat 12 Dec, 3:00 pm
OFFER = "Hi Ana, a Swedish Massage w/ Priya opened Tue Dec 8 at 3pm."
OFFER_SAT = "Hi Ana, a Swedish Massage w/ Priya opened Sat Dec 12 at 3pm."


def problem(text: str, *, start: datetime = TUE) -> str | None:
    facts = OfferFacts(starts_at=start, send_day=date(2026, 12, 5), guest_name="Ana", services=["Swedish Massage"],
                       menu=["Swedish Massage", "Deep Tissue Massage 90"], location="Juniper & Salt SoHo",
                       hold_minutes=30, staff_first_name="Priya", staff_names=["Priya", "Maya"], minutes=60)
    return draft_problem(text, starts_at=start, facts=facts)


#: (a late window on the slot's day, which passes; the same window that ends before the slot does, still refused)
OPEN_LATE = [
    (f"{OFFER} Open late Tue 6-9pm! Reply YES", f"{OFFER} Open late Tue till 3:30pm! Reply YES"),
    (f"{OFFER} We're open late Tue 6-9pm. Reply YES", f"{OFFER} We're open late Tue till 2! Reply YES"),
    (f"{OFFER} Open late Mon-Fri 6-9pm! Reply YES", f"{OFFER} Open late Mon-Fri till 2pm! Reply YES"),
    (f"{OFFER} Open late Tue from 6pm! Reply YES", f"{OFFER} Open late Tue 1-2pm! Reply YES"),
]


@pytest.mark.parametrize(("right", "wrong"), OPEN_LATE)
def test_a_late_window_does_not_say_the_spa_is_shut_before_it(right: str, wrong: str) -> None:
    """"Open late Tue 6-9pm" on a Tue 3pm slot was refused as "the spa is shut then" (rev34e): a late window says
    when the spa closes, not that it opens at 6; one that closes before the slot ends still shuts it out."""
    assert problem(right) is None
    assert problem(wrong) is not None


#: (another day's short range offered beside plain words about hours, now refused; the spa's plain hours, which pass)
OTHER_DAY_OFFERED = [
    (f"{OFFER} We're open Wed 4-5pm too, want it? Reply YES", f"{OFFER} We're open Sat 10am-12pm for the holidays. Reply YES"),
    (f"{OFFER} We're open Wed 4-5pm with Priya too. Reply YES", f"{OFFER} We're open Sun 11am-1pm with limited staff. Reply YES"),
    (f"{OFFER} We're open Wed 4-5pm, interested? Reply YES", f"{OFFER} Sat hours 11-1, parking free. Reply YES"),
    (f"{OFFER} Wed hours 4-5pm, see you then! Reply YES", f"{OFFER} Sun hours 11am to 1pm. Reply YES"),
    (f"{OFFER} We're open Wed 4-5pm, can you make it? Reply YES",
     f"{OFFER} We're open Sat 10am-12pm, any questions? Call us. Reply YES"),
    (f"{OFFER} We're open Wed 4-5pm with Priya! Reply YES", f"{OFFER} We're open Sat 10am-12pm with Santa photos. Reply YES"),
]


@pytest.mark.parametrize(("wrong", "right"), OTHER_DAY_OFFERED)
def test_another_days_hour_offered_beside_hours_words_is_refused(wrong: str, right: str) -> None:
    """A short range on another day followed by "want it?", "with Priya", "interested?", "see you then" or "can you
    make it?" offers that hour, as "for your massage" after it does (rev34e E4): the guest's YES would be for Wed 4pm,
    not Tue 3pm. A question that asks nothing of the hour ("any questions?") or "with" a thing offers nothing."""
    assert problem(wrong) is not None
    assert problem(right) is None


#: (a promotion's run of days that holds the slot's weekday, which passes; one that does not, still refused)
PROMO_DAYS = [
    (f"{OFFER} Tue-Fri 20% off facials! Reply YES", f"{OFFER} Wed-Fri 20% off facials! Reply YES", TUE),
    (f"{OFFER} Mon-Fri 20% off facials! Reply YES", f"{OFFER_SAT} Mon-Fri 20% off facials! Reply YES", SAT),
    (f"{OFFER} Tuesday-Friday 20 percent off facials. Reply YES", f"{OFFER} Wed thru Fri 20% off facials. Reply YES", TUE),
    (f"{OFFER} Tue thru Fri: 20% off facials. Reply YES", f"{OFFER} Mon-Fri 3pm. Reply YES", TUE),
]


@pytest.mark.parametrize(("right", "wrong", "wrong_start"), PROMO_DAYS)
def test_a_promotions_days_that_hold_the_slots_day_pass(right: str, wrong: str, wrong_start: datetime) -> None:
    """"Tue-Fri 20% off facials" on a Tue slot was refused as "not Fri": its "20" was read as a clock time after the
    days, so they were read as the visit's; the slot's day inside the run is no wrong day."""
    assert problem(right) is None
    assert problem(wrong, start=wrong_start) is not None
