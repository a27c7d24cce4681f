"""The Edit check does not read a length said of an extra as the session's (session 31, rev31c).

24261a2 put the word "service" where the offered service's name stands and took "opened" as talk of the visit, so
"…opened Wednesday at 1pm, and parking is free for 2 hours", "…then relax in the lounge for 30 minutes", "plus a
free 15-min foot soak" and "Includes a 20-minute hydrotherapy soak" were refused as a wrong length on a 60-minute
slot. A length is the session's only when it is said of the offered service or the visit; one said of an extra
(soak, lounge, parking, consult) is not. A wrong length said of the visit is still refused.
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from spa_copilot.fill.drafts import OfferFacts, draft_problem

TZ = ZoneInfo("America/New_York")
WED = datetime(2026, 11, 25, 13, 0, tzinfo=TZ)  # Wed 25 Nov, 1:00 pm
TUE = datetime(2026, 12, 8, 15, 0, tzinfo=TZ)  # Tue 8 Dec, 3:00 pm


def problem(text: str, *, slot: datetime = WED, service: str = "Swedish Massage 60") -> str | None:
    facts = OfferFacts(starts_at=slot, send_day=slot.date() if slot is TUE else date(2026, 11, 24), guest_name="Ana",
                       services=[service], menu=[service, "Swedish Massage 90", "Salt Scrub 45"],
                       location="Juniper & Salt SoHo", hold_minutes=10, staff_first_name="Priya",
                       staff_names=["Priya", "Maya"], minutes=60)
    return draft_problem(text, starts_at=slot, facts=facts)


@pytest.mark.parametrize("text", [
    "Hi Ana, a Swedish Massage 60 opened Wednesday at 1pm, and parking is free for 2 hours. Reply YES to claim it.",
    "Hi Ana, your Swedish Massage 60 w/ Priya Wednesday at 1pm comes with a free 15-min foot soak. Reply YES to claim it.",
    "Hi Ana, Swedish Massage 60 w/ Priya Wednesday at 1pm, then relax in the lounge for 30 minutes. Reply YES to claim it.",
    "Hi Ana, Swedish Massage 60 w/ Priya Wednesday at 1pm. Includes a 20-minute hydrotherapy soak. Reply YES to claim it.",
    "Hi Ana, Swedish Massage 60 w/ Priya Wednesday at 1pm (plus a 15 min scrub upgrade on us). Reply YES to claim it.",
])
def test_a_length_said_of_an_extra_is_not_the_sessions(text: str) -> None:
    assert problem(text) is None


def test_the_same_with_a_name_without_a_length() -> None:
    text = "Hi Ana, Swedish Massage w/ Priya opened Tue Dec 8 at 3pm. Plus a free 15-min foot soak! Held 10 min. Reply YES"
    assert problem(text, slot=TUE, service="Swedish Massage") is None


@pytest.mark.parametrize(("text", "said"), [
    ("Hi Ana, a Swedish Massage 60 opened Wednesday at 1pm for 90 minutes. Reply YES to claim it.", "90 minutes"),
    ("Hi Ana, a 90-minute massage w/ Priya opened Wednesday at 1pm. Reply YES to claim it.", "90-minute"),
])
def test_a_wrong_length_of_the_visit_is_still_refused(text: str, said: str) -> None:
    assert problem(text) == f'The offer is Swedish Massage 60 (60 minutes), not "{said}": their YES books 60 minutes.'


def test_a_length_before_the_offered_services_own_word_is_its_own() -> None:
    text = "Hi Ana, a 90-min Salt Scrub opened Wednesday at 1pm w/ Priya. Reply YES to claim it."
    assert problem(text, service="Salt Scrub 45") is not None


@pytest.mark.parametrize("text", [
    "Hi Ana, a 90-minute Swedish Massage with a 15-min foot soak w/ Priya Wednesday at 1pm. Reply YES to claim it.",
    "Hi Ana, Swedish Massage w/ Priya Wednesday at 1pm. Your 90-minute session includes parking. Reply YES to claim it.",
])
def test_the_sessions_own_wrong_length_beside_an_extra_is_refused(text: str) -> None:
    """rev31f H1: an extra in the clause hid the session's own length said beside it (a regression of 3c1eb7d)."""
    found = problem(text, service="Swedish Massage")
    assert found is not None and "90" in found, found
