"""The Edit check reads "tomorrow" and "tonight" as texters spell them, and "tonight" for a slot just after midnight
(session 30).

"2moro", "tommorrow", "tmw" were not read, so "2moro at 11:00 am" passed for a slot today; "tonite" and "2day" were
not read as the day the text goes out. "tonight at midnight" for a 12:00 am slot, edited the evening before, was
refused as 'not "tonight"' though that is how the guest would say it.
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from spa_copilot.fill.drafts import OfferFacts, draft_problem

TZ = ZoneInfo("America/New_York")
TUE = datetime(2026, 11, 24, 11, 0, tzinfo=TZ)  # Tue 24 Nov, 11:00 am
MIDNIGHT = datetime(2026, 11, 25, 0, 0, tzinfo=TZ)  # Wed 25 Nov, 12:00 am: Tuesday night
WED_EVENING = datetime(2026, 11, 25, 19, 0, tzinfo=TZ)  # Wed 25 Nov, 7:00 pm


def problem(said: str, *, slot: datetime = TUE, send_day: date = date(2026, 11, 24)) -> str | None:
    facts = OfferFacts(starts_at=slot, send_day=send_day, guest_name="Ana", services=["Swedish Massage 60"],
                       menu=["Swedish Massage 60"], location="Juniper & Salt SoHo", hold_minutes=10)
    text = f"Hi Ana, a spot for Swedish Massage 60 opened {said}. Held for 10 minutes. Reply YES to claim it."
    return draft_problem(text, starts_at=slot, facts=facts)


@pytest.mark.parametrize("word", ["2moro", "2morrow", "tommorrow", "tomoro", "tmw", "tmrw"])
def test_tomorrow_as_texters_spell_it(word: str) -> None:
    found = problem(f"{word} at 11:00 am")  # the slot is today
    assert found is not None and f'"{word}"' in found
    assert problem(f"{word} at 7:00 pm", slot=WED_EVENING) is None  # the slot is tomorrow


@pytest.mark.parametrize("word", ["tonite", "2nite", "2day"])
def test_today_and_tonight_as_texters_spell_them(word: str) -> None:
    found = problem(f"{word} at 7:00 pm", slot=WED_EVENING)  # the slot is tomorrow
    assert found is not None and f'"{word}"' in found
    assert problem(f"{word} at 7:00 pm", slot=WED_EVENING, send_day=date(2026, 11, 25)) is None


@pytest.mark.parametrize("said", ["tonight at midnight", "tonight at 12:00 am", "at midnight tonight"])
def test_tonight_for_a_slot_just_after_midnight(said: str) -> None:
    assert problem(said, slot=MIDNIGHT) is None


def test_tonight_is_still_read_for_other_slots() -> None:
    assert problem("tonight at 7:00 pm", slot=WED_EVENING) is not None  # Wednesday evening, sent Tuesday
    assert problem("tonight at midnight", slot=MIDNIGHT, send_day=date(2026, 11, 23)) is not None  # two nights on
    assert problem("today at midnight", slot=MIDNIGHT) is not None
