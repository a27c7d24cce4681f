"""The Edit check does not read the spa's days as the slot's (session 31).

"Our Mon-Fri hours are 9-7" on a Tuesday slot's invitation was refused as a wrong day ("Fri"), as were "open
Mon–Sat" and "Tue through Thu": a run of days, or the days after words about opening hours, say when the spa is
open, not the day the guest's YES books. They are kept; a day said of the visit ("see you Friday") is still refused.
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from spa_copilot.ai.guardrails import named_day_flags
from spa_copilot.fill.drafts import OfferFacts, draft_problem

TZ = ZoneInfo("America/New_York")
TUE = datetime(2026, 12, 8, 15, 0, tzinfo=TZ)  # Tue 8 Dec, 3:00 pm


def problem(said: str) -> str | None:
    facts = OfferFacts(starts_at=TUE, send_day=date(2026, 12, 5), guest_name="Ana", services=["Swedish Massage 60"],
                       menu=["Swedish Massage 60"], location="Juniper & Salt SoHo", hold_minutes=10)
    text = (f"Hi Ana, a Swedish Massage 60 opened Tue Dec 8 at 3pm with Priya. {said} Held for 10 minutes. "
            "Reply YES to claim it.")
    return draft_problem(text, starts_at=TUE, facts=facts)


@pytest.mark.parametrize("said", [
    "Our Mon-Fri hours are 9-7.", "We're open Mon–Sat.", "We are open Mon—Sat!", "Tue through Thu we stay open late.",
    "Open Monday to Saturday.", "Our hours are Mon, Wed, Fri 9 to 7.", "Hours: Wed-Sun 10-8.", "We're closed Monday.",
    "Our Mon thru Fri hours changed.",
])
def test_the_spas_days_are_no_day_of_the_slot(said: str) -> None:
    assert problem(said) is None


@pytest.mark.parametrize(("said", "word"), [
    ("See you Friday!", "Friday"), ("Our Mon-Fri hours are 9-7. See you Friday!", "Friday"),
    ("We're open Mon-Sat, so see you Thurs.", "Thurs"),
])
def test_a_day_said_of_the_visit_is_still_refused(said: str, word: str) -> None:
    assert problem(said) == f'The slot is Tue 8 Dec, not "{word}": their YES books that day.'


def test_the_read_of_a_range_alone() -> None:
    assert named_day_flags("Our Mon-Fri hours are 9-7", TUE) == []
    assert named_day_flags("Come Friday", TUE) == ["wrongDay:Friday"]
