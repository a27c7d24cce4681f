"""The Edit check refuses more ways of saying what the guest's YES would not book (session 28 review).

The slot is Tue 24 Nov 2026 11:00am, a Swedish Massage 60 held 10 minutes. A manager's edit saying "11/25", "Weds",
"90 min Swedish" or "in the next half hour" was saved and could be approved: the guest would claim a day, a length or
a hold the YES does not book.
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from spa_copilot.fill.drafts import OfferFacts, draft_problem

SLOT = datetime(2026, 11, 24, 11, 0, tzinfo=ZoneInfo("America/New_York"))
FACTS = OfferFacts(
    starts_at=SLOT, send_day=date(2026, 11, 24), guest_name="Ana", services=["Swedish Massage 60"],
    menu=["Swedish Massage 60", "Swedish Massage 90", "Deep Tissue Massage 60"], location="Juniper & Salt SoHo",
    hold_minutes=10,
)


def problem(text: str) -> str | None:
    return draft_problem(f"Hi Ana, {text}", starts_at=SLOT, facts=FACTS)


@pytest.mark.parametrize(("text", "said"), [
    ("a spot opened 11/25 at 11:00 am. Reply YES to claim it.", "11/25"),
    ("a spot opened Weds at 11:00 am. Reply YES to claim it.", "Weds"),
    ("a 90 min Swedish opened today at 11:00 am. Reply YES to claim it.", "90 min Swedish"),
    ("a spot opened today at 11:00 am. Reply YES in the next half hour.", "half hour"),
])
def test_an_edit_naming_another_day_length_or_hold_is_refused(text: str, said: str) -> None:
    found = problem(text)
    assert found is not None and said in found


@pytest.mark.parametrize("text", [
    "a spot opened 11/24 at 11:00 am. Reply YES to claim it.",
    "a spot opened Tue 11/24 at 11:00 am. Reply YES to claim it.",
    "a 60 min Swedish opened today at 11:00 am. Reply YES to claim it.",
    "a spot opened today at 11:00 am (we're open 24/7 online). Reply YES within 10 minutes.",
    "a spot opened today at 11:00 am. Reply YES to claim it; a 1/2 hour of steam room is included.",
    "a spot opened today at 11:00 am. Reply YES to claim it. The first half hour of parking is free.",
])
def test_an_edit_saying_the_slots_own_day_length_and_hold_is_kept(text: str) -> None:
    assert problem(text) is None
