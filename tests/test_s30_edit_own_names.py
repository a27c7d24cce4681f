"""The Edit check does not read the spa's own names for a time or a day (session 30).

A service or location whose name holds a time or a weekday ("Sunset 7pm Ritual", "Juniper 9am Club", "Friday Glow
Facial") made every edit naming it refused ('take out "7pm"'), whatever time the slot is: the manager could only
send the draft as it was. The brand's, every location's and every menu service's names are now blanked before the
time and day checks; a time or day said outside them is read as before, and another service or location named is
still refused by its own check.
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from spa_copilot.fill.drafts import OfferFacts, draft_problem

SLOT = datetime(2026, 11, 24, 11, 0, tzinfo=ZoneInfo("America/New_York"))  # Tue 24 Nov, 11:00 am
MENU = ["Sunset 7pm Ritual 60", "Friday Glow Facial 60", "Swedish Massage 60"]


def problem(text: str, *, service: str = "Sunset 7pm Ritual 60", location: str = "Juniper & Salt SoHo") -> str | None:
    facts = OfferFacts(
        starts_at=SLOT, send_day=date(2026, 11, 24), guest_name="Ana", services=[service], menu=MENU,
        location=location, other_locations=["Juniper 9am Club"], names=["Juniper & Salt"], hold_minutes=10,
    )
    return draft_problem(f"Hi Ana, {text} Held for 10 minutes. Reply YES to claim it.", starts_at=SLOT, facts=facts)


def test_a_service_named_with_a_time_is_no_other_time() -> None:
    assert problem("a Sunset 7pm Ritual opened today at 11:00 am.") is None
    assert problem("a Sunset 7pm Ritual 60 opened today at 11am.") is None


def test_a_location_named_with_a_time_is_no_other_time() -> None:
    text = "a Swedish Massage 60 opened today at 11:00 am at Juniper 9am Club."
    assert problem(text, service="Swedish Massage 60", location="Juniper 9am Club") is None


def test_a_service_named_with_a_weekday_is_no_other_day() -> None:
    assert problem("a Friday Glow Facial opened today at 11:00 am.", service="Friday Glow Facial 60") is None


def test_times_and_days_outside_the_names_are_still_read() -> None:
    found = problem("a Sunset 7pm Ritual opened today at 11:00 am or 2pm.")
    assert found is not None and 'take out "2pm"' in found
    found = problem("a Friday Glow Facial opened Friday at 11:00 am.", service="Friday Glow Facial 60")
    assert found is not None and 'not "Friday"' in found
    assert problem("a Sunset 7pm Ritual opened today.") is not None  # the name's 7pm is not the slot's time


def test_another_named_service_or_location_is_still_refused() -> None:
    found = problem("a Sunset 7pm Ritual opened today at 11:00 am.", service="Swedish Massage 60")
    assert found is not None and "Sunset 7pm Ritual" in found
    found = problem("a Sunset 7pm Ritual opened today at 11:00 am at Juniper 9am Club.")
    assert found is not None and "Juniper 9am Club" in found
