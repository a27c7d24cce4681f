"""The Edit check reads a day said with a single visit time after words about opening hours (session 31, rev31c).

4d46c31 skipped every weekday after "we're open", "open on" or "hours:", so on a Tuesday slot "we're open Friday at
3pm for a Swedish Massage" passed and went to the guest. Only the days of a real opening-hours statement are the
spa's: a run of days ("Mon-Fri") or a day a time range follows ("Sat 10am-6pm"); a day a single clock time follows is
a visit claim and is read. "New hours: Wed-Sun 10am-8pm" is the spa's hours too: its times are no visit time.
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from spa_copilot.ai.guardrails import slot_time_flags
from spa_copilot.fill.drafts import OfferFacts, draft_problem

TZ = ZoneInfo("America/New_York")
TUE = datetime(2026, 12, 8, 15, 0, tzinfo=TZ)  # Tue 8 Dec, 3:00 pm
WED = datetime(2026, 12, 9, 13, 0, tzinfo=TZ)  # Wed 9 Dec, 1:00 pm


def problem(text: str, slot: datetime = TUE) -> str | None:
    facts = OfferFacts(starts_at=slot, send_day=date(2026, 12, 5), guest_name="Ana", services=["Swedish Massage 60"],
                       menu=["Swedish Massage 60", "Deep Tissue Massage"], location="Juniper & Salt SoHo",
                       hold_minutes=10, staff_first_name="Priya", staff_names=["Priya", "Maya"])
    return draft_problem(text, starts_at=slot, facts=facts)


@pytest.mark.parametrize(("text", "word"), [
    ("Hi Ana! Good news, we're open Friday at 3pm and a Swedish Massage just opened with Priya. Held for 10 minutes. "
     "Reply YES to book it.", "Friday"),
    ("Hi Ana, Priya is open on Friday at 3pm for a Swedish Massage. Held 10 min. Reply YES", "Friday"),
    ("Hi Ana, we're open Sunday 3pm for a Swedish Massage with Priya! Held 10 minutes, reply YES to grab it.",
     "Sunday"),
    ("Hi Ana, holiday hours: Friday 3pm we have a Swedish Massage with Priya open. Held 10 min. Reply YES", "Friday"),
    ("Hi Ana, Swedish Massage w/ Priya: we are open Thu & Fri at 3pm. Held 10 min. Reply YES", "Fri"),
    ("Hi Ana, we are open on Friday - a Swedish Massage at 3pm with Priya is yours. Held 10 min. Reply YES", "Friday"),
    ("Hi Ana, Swedish Massage w/ Priya, Thu to Fri 3pm only. Held 10 min. Reply YES", "Fri"),
])
def test_a_day_with_a_single_visit_time_after_an_hours_cue_is_read(text: str, word: str) -> None:
    assert problem(text) == f'The slot is Tue 8 Dec, not "{word}": their YES books that day.'


def test_the_wednesday_slot_case_from_the_review() -> None:
    text = "Hi Ana, good news: we're open Friday at 1pm for a Swedish Massage 60 with Priya! Held 10 min. Reply YES"
    assert problem(text, WED) == 'The slot is Wed 9 Dec, not "Friday": their YES books that day.'


@pytest.mark.parametrize("said", [
    "Our Mon-Fri hours are 9-7.", "We're open Mon–Sat.", "We're open Mon-Fri 9-7, Sat 10-6.",
    "Hours: Sat 10am-6pm, Sun noon-5pm.", "We're open Mon-Sat from 9am.", "Open Mon–Sat until 7pm.",
    "We're closed Monday.", "Our hours are Mon, Wed, Fri.", "New hours: Wed-Sun 10am-8pm.",
])
def test_opening_hours_are_still_the_spas(said: str) -> None:
    text = f"Hi Ana, a Swedish Massage 60 w/ Priya opened Tue Dec 8 at 3pm. {said} Held 10 min. Reply YES"
    assert problem(text) is None


def test_the_times_of_opening_hours_are_no_visit_time() -> None:
    assert slot_time_flags("Swedish Massage at 3pm. New hours: Wed-Sun 10am-8pm.", TUE, minutes=60) == []
    assert slot_time_flags("Swedish Massage at 3pm. Or Fri 10am?", TUE, minutes=60) == ["otherTime:10am"]


@pytest.mark.parametrize("text", [
    "Hi Ana, holiday hours: we're open Friday 3pm-4pm for a Swedish Massage 60 with Priya. Reply YES to claim it.",
    "Hi Ana, we're open Friday 3pm to 4pm - Swedish Massage 60 with Priya is yours! Reply YES to claim it.",
])
def test_a_day_with_the_visits_own_short_range_after_an_hours_cue_is_read(text: str) -> None:
    """rev31f H3: a range as short as a visit ("3pm-4pm") is no opening hours: its day is a claim about the slot."""
    found = problem(text)
    assert found is not None and "Friday" in found, found


@pytest.mark.parametrize("text", [
    "Hi Ana, a Swedish Massage 60 with Priya opened Tue Dec 8 at 3pm. Hours: Wed-Sun 10am-8pm. Reply YES to claim it.",
    "Hi Ana, a Swedish Massage 60 with Priya opened Tue Dec 8 at 3pm. We're open Fri 9-7. Reply YES to claim it.",
])
def test_opening_hours_of_a_working_day_are_still_the_spas(text: str) -> None:
    assert problem(text) is None, problem(text)
