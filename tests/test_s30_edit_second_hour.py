"""The Edit check reads a second bare hour before "with", "on", "for"… (session 30): "at 11:00 am or 2 with Priya"
was saved, though the guest may answer YES for 2 o'clock and their YES books 11:00 am only."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from spa_copilot.fill.drafts import OfferFacts, draft_problem

SLOT = datetime(2026, 11, 24, 11, 0, tzinfo=ZoneInfo("America/New_York"))


def problem(said: str) -> str | None:
    facts = OfferFacts(starts_at=SLOT, send_day=date(2026, 11, 24), guest_name="Ana", services=["Swedish Massage 60"],
                       menu=["Swedish Massage 60", "Swedish Massage 90"], location="Juniper & Salt SoHo", hold_minutes=10)
    text = f"Hi Ana, a spot for Swedish Massage 60 opened today {said}. Held for 10 minutes. Reply YES to claim it."
    return draft_problem(text, starts_at=SLOT, facts=facts)


@pytest.mark.parametrize("said", ["at 11:00 am or 2 with Priya", "at 11am or 2 on Tuesday", "at 11 or 1 for you",
                                  "at 11:00 am or 3 please"])
def test_a_second_bare_hour_is_refused_naming_it(said: str) -> None:
    found = problem(said)
    assert found is not None and 'take out "' in found


@pytest.mark.parametrize("said", ["at 11:00 am with Priya", "at 11:00 am and 2 of our oils to try",
                                  "at 11 with Priya"])
def test_the_slots_hour_alone_passes(said: str) -> None:
    assert problem(said) is None
