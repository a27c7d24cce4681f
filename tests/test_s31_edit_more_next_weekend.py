"""The Edit check does not take "next weekend" for the weekend the text goes out in (session 31, rev31c).

"next weekend – Sat Dec 5" was kept when the text goes out on Sat Dec 5: said on a Saturday or Sunday, the weekend
it is in is "this weekend", not the next one. Said on a weekday, "next weekend" with the coming weekend's date is
still kept (some read it so), as is the weekend after.
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from spa_copilot.fill.drafts import OfferFacts, draft_problem

TZ = ZoneInfo("America/New_York")
SAT5 = datetime(2026, 12, 5, 15, 0, tzinfo=TZ)
SUN6 = datetime(2026, 12, 6, 15, 0, tzinfo=TZ)
SAT12 = datetime(2026, 12, 12, 15, 0, tzinfo=TZ)
SUN13 = datetime(2026, 12, 13, 15, 0, tzinfo=TZ)


def problem(said: str, slot: datetime, send_day: date) -> str | None:
    facts = OfferFacts(starts_at=slot, send_day=send_day, guest_name="Ana", services=["Swedish Massage"],
                       menu=["Swedish Massage"], location="Juniper & Salt SoHo", hold_minutes=10)
    text = f"Hi Ana, a Swedish Massage w/ Priya opened {said} at 3pm. Held 10 min. Reply YES"
    return draft_problem(text, starts_at=slot, facts=facts)


@pytest.mark.parametrize(("said", "slot", "send_day"), [
    ("next weekend – Sat Dec 5", SAT5, date(2026, 12, 5)),
    ("next weekend - Sun Dec 6", SUN6, date(2026, 12, 5)),
    ("next weekend - Sun Dec 6", SUN6, date(2026, 12, 6)),
])
def test_the_weekend_the_text_goes_out_in_is_not_next_weekend(said: str, slot: datetime, send_day: date) -> None:
    assert problem(said, slot, send_day) is not None


@pytest.mark.parametrize(("said", "slot", "send_day"), [
    ("next weekend - Sat Dec 12", SAT12, date(2026, 12, 5)),
    ("next weekend - Sun Dec 13", SUN13, date(2026, 12, 6)),
    ("next weekend - Sat Dec 5", SAT5, date(2026, 12, 3)),
    ("this weekend - Sat Dec 5", SAT5, date(2026, 12, 5)),
])
def test_a_true_next_or_this_weekend_is_kept(said: str, slot: datetime, send_day: date) -> None:
    assert problem(said, slot, send_day) is None
