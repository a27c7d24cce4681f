"""The Edit check keeps a week or weekend said beside the slot's own date when it is true (session 31).

"next week" and "this weekend" were refused even with the slot's date beside them ("next week - Tue Dec 8 at 3pm"
when Dec 8 is next week; "this weekend — Sat Dec 5"): the date says which day the guest's YES books, and the week is
true of it. They are kept then, read from the day the text goes out; alone, beside another day, or false of the
slot's date, they are still refused.
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from spa_copilot.fill.drafts import OfferFacts, draft_problem

TZ = ZoneInfo("America/New_York")
TUE8 = datetime(2026, 12, 8, 15, 0, tzinfo=TZ)  # Tue 8 Dec
SAT5 = datetime(2026, 12, 5, 15, 0, tzinfo=TZ)  # Sat 5 Dec
SUN6 = datetime(2026, 12, 6, 15, 0, tzinfo=TZ)  # Sun 6 Dec
FRI4 = date(2026, 12, 4)
SAT = date(2026, 12, 5)


def problem(said: str, *, slot: datetime = TUE8, send_day: date = SAT) -> str | None:
    facts = OfferFacts(starts_at=slot, send_day=send_day, guest_name="Ana", services=["Swedish Massage 60"],
                       menu=["Swedish Massage 60"], location="Juniper & Salt SoHo", hold_minutes=10)
    text = f"Hi Ana, a spot for Swedish Massage 60 opened {said} with Priya. Held for 10 minutes. Reply YES to claim it."
    return draft_problem(text, starts_at=slot, facts=facts)


@pytest.mark.parametrize("said", [
    "next week - Dec 8 at 3pm", "next week, Tuesday Dec 8 at 3pm", "on Tue Dec 8 (next week) at 3pm",
    "next week on 12/8 at 3pm", "la próxima semana, Dec 8 at 3pm",
])
def test_next_week_beside_the_slots_date_passes_when_true(said: str) -> None:
    assert problem(said) is None


@pytest.mark.parametrize(("said", "slot", "send_day"), [
    ("this weekend — Sat Dec 5 at 3pm", SAT5, SAT), ("this weekend — Sun Dec 6 at 3pm", SUN6, FRI4),
    ("this weekend, Dec 6 at 3pm", SUN6, SAT), ("this week, Sat Dec 5 at 3pm", SAT5, FRI4),
])
def test_this_weekend_beside_the_slots_date_passes_when_true(said: str, slot: datetime, send_day: date) -> None:
    assert problem(said, slot=slot, send_day=send_day) is None


@pytest.mark.parametrize(("said", "slot", "send_day"), [
    ("next week at 3pm", TUE8, SAT),  # alone: which day is left to the guest
    ("this weekend at 3pm", SAT5, SAT),
    ("this week - Dec 8 at 3pm", TUE8, date(2026, 12, 1)),  # Dec 8 is next week from Tue 1 Dec
    ("next week - Dec 8 at 3pm", TUE8, date(2026, 12, 8)),  # the slot's own day
    ("this weekend - Tue Dec 8 at 3pm", TUE8, SAT),  # no weekend day
    ("this weekend - Sat Dec 5 at 3pm", SAT5, date(2026, 11, 27)),  # a week ahead: the weekend after
    ("in two weeks - Dec 8 at 3pm", TUE8, SAT),
])
def test_a_week_false_of_the_slots_date_or_alone_is_still_refused(said: str, slot: datetime, send_day: date) -> None:
    found = problem(said, slot=slot, send_day=send_day)
    assert found is not None and "Name the slot's day" in found, found


def test_next_week_beside_another_date_is_refused_for_the_date() -> None:
    found = problem("next week - Dec 9 at 3pm")
    assert found is not None and 'not "Dec 9"' in found, found
