"""s37 editbooked37: the Edit check (an edit's Save, Approve, a model's draft) refuses a hold said with no minutes, in
hold, keep or reply words ("We'll hold it all day", "Reply within a day", "No rush to reply!"): the hold is 30
minutes, and a guest who trusts the text replies after it to "the hold ran out". The opt-out line and friendly words
about anything else pass. Slot: Tue 8 Dec 3pm Swedish Massage (60 min) with Priya, a 30-minute hold (the s35 set-up)."""
from datetime import date

import pytest

from spa_copilot.fill.drafts import OfferFacts, offer_check
from tests.test_s35_words35b_edit import OFFER, TUE_3PM, problem


@pytest.mark.parametrize(("extra", "said"), [
    ("We'll hold it all day.", "all day"), ("We can hold it for a few hours.", "a few hours"),
    ("Reply within a day.", "a day"), ("No rush to reply!", "No rush to reply"),
    ("Take your time to reply.", "Take your time to reply"), ("Reply whenever suits.", "Reply whenever suits"),
    ("We'll save your spot for a couple of hours.", "a couple of hours"), ("Held overnight for you!", "overnight"),
    ("No pressure, reply when ready.", "reply when ready"), ("Responde cuando quieras.", "Responde cuando quieras"),
    ("Te lo guardamos todo el día.", "todo el día"),
])
@pytest.mark.parametrize("where", ["before", "after"])
def test_a_hold_with_no_minutes_is_refused(extra: str, said: str, where: str) -> None:
    text = f"{OFFER} {extra} Reply YES to book." if where == "before" else f"{OFFER} Reply YES to book. {extra}"
    assert problem(text) == f'The hold is 30 minutes: take out "{said}" (a YES after 30 minutes books nothing).'


@pytest.mark.parametrize("extra", [
    "Reply STOP to opt out at any time.", "Msg&data rates may apply. Reply STOP to opt out anytime.",
    "Questions? Text us anytime!", "Call us anytime.", "Take your time and relax.",
    "No rush on arrival, come 10 minutes early.", "We'll hold it for 30 minutes.", "The first to reply gets it!",
    "Reply soon!", "Reply anytime with questions.", "Save all day on gift cards!", "The lounge is yours all day after!",
    "Keep the robe on all day if you like!", "Your glow lasts a few days.", "Parking is free all day.",
    "Your results will keep for a few days.", "No rush to reply within the 30 minutes!",
])
def test_friendly_words_and_the_real_hold_pass(extra: str) -> None:
    assert problem(f"{OFFER} {extra} Reply YES to book.") is None


def test_the_kind_is_wrong_hold_and_a_span_with_minutes_keeps_its_line() -> None:
    facts = OfferFacts(starts_at=TUE_3PM, send_day=date(2026, 12, 5), guest_name="Ana", services=["Swedish Massage"],
                       hold_minutes=30, staff_first_name="Priya", staff_names=["Priya", "Maya"], minutes=60)
    assert offer_check(f"{OFFER} We'll hold it all day. Reply YES to book.", facts) == (
        "wrongHold", 'The hold is 30 minutes: take out "all day" (a YES after 30 minutes books nothing).')
    assert offer_check(f"{OFFER} Held for an hour. Reply YES to book.", facts) == (
        "wrongHold", 'The hold is 30 minutes, not "an hour": a YES after 30 minutes books nothing.')
