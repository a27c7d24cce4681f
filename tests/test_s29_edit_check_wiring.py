"""With drafts.py wired to ``slot_time_problem`` (the lead's patch /tmp/fix29d/drafts_wiring.patch), the modal says
which time is wrong and asks for the hold in minutes, and an end is held to the offered service's length."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from spa_copilot.fill.drafts import OfferFacts, draft_problem

SLOT = datetime(2026, 11, 24, 11, 0, tzinfo=ZoneInfo("America/New_York"))
FACTS = OfferFacts(starts_at=SLOT, send_day=date(2026, 11, 24), guest_name="Ana", services=["Swedish Massage 60"],
                   menu=["Swedish Massage 60", "Swedish Massage 90"], location="Juniper & Salt SoHo", hold_minutes=10)


def problem(text: str) -> str | None:
    return draft_problem(f"Hi Ana, {text}", starts_at=SLOT, facts=FACTS)


def test_the_modal_asks_for_the_hold_in_minutes() -> None:
    assert problem("a spot opened today at 11:00 am, held till noon. Reply YES to claim it.") == (
        'Give the hold in minutes ("held for 10 minutes"), not "held till noon": the slot is held 10 minutes from when '
        "the text is sent, which a clock time cannot say.")


def test_the_modal_names_the_other_time() -> None:
    found = problem("a spot opened today 3:00 pm. Or at 11:00 am. Reply YES to claim it.")
    assert found is not None and 'take out "3:00 pm"' in found


def test_an_end_is_the_offered_services_length() -> None:
    assert problem("a spot opened today 11:00-12:00. Reply YES to claim it.") is None
    assert problem("a spot opened today 11:00-12:30. Reply YES to claim it.") is not None
