"""s36 words36b: the Edit check refuses another day's hours offered after "Open late" ("Open late Wed 6-9pm, want
it?", rev36c H2: a late window of three hours or more read as the spa's hours whatever followed, though "We're open
Wed 4-5pm, want it?" is refused), on the s35/s36 Tue Dec 8 3:00 pm, 60-minute slot; the window said alone, with a
sign-off or before the text's own reply line still passes."""
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
    "Open late Wed 6-9pm, want it?",
    "Open late Wed 6-9pm, book now!",
    "Open late Wed 6-9pm, grab it!",
    "Open late Wed 6-9pm, interested?",
    "We're open late Wed 6-9pm, want it?",
    "We're open late Wed 6-9pm. Want a spot?",
    "Open late Mon-Wed 6-9pm, want it?",
    "Open late Tue 6-9pm, want it?",
])
def test_a_late_window_offered_is_refused(extra: str) -> None:
    assert problem(extra) == ('The slot starts at 3:00 pm: take out "9pm" (every time in the text must be the slot\'s '
                              'start, or its end said as one: 3:00 pm-4:00 pm).')


# rev36c's H2 repro with "on" (refused on main too: "Open late on" is no hours cue) and what must keep passing; a fix
# that reads the late window's words too widely breaks these
@pytest.mark.parametrize("extra", [
    "Open late on Wed 6-9pm, want it?",
    "Open late on Wed 6-9pm, prefer that?",
    "Open late on Wed 6-9pm, book now!",
    "Open late on Wed 6-9pm, grab it!",
    "Open late on Wed 6-9pm, interested?",
    "Open late on Thu 6-9pm, want a spot?",
    "Open late on Tue 6-9pm, want a later spot?",
    "Open late on Tue 6-9pm, booking a later one?",
    "We're open Wed 4-5pm, want it?",
])
def test_still_refused(extra: str) -> None:
    assert problem(extra) is not None


@pytest.mark.parametrize("extra", [
    "Open late Tue 6-9pm",
    "Open late Tue 6-9pm!",
    "Open late Tue 6-9pm.",
    "We're open late Tue 6-9pm",
    "Open late Tue 6-9pm, see you soon!",
    "Open late Wed 6-9pm, happy holidays!",
    "We're open Sat 10am-12pm, see you soon!",
    "Booking a massage? Call us!",
])
def test_still_passes(extra: str) -> None:
    assert problem(extra) is None
