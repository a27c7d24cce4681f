"""The Edit check reads a session length that is not the offered service's (session 30).

"at 11:00 am for 90 minutes" and "(90 min)" on a Swedish Massage 60 were saved: the guest would expect 90 minutes
and their YES books 60. A length said as the session's ("for 90 minutes" in a sentence about the spot or service,
a bracketed "(90 min)", "a 90-minute massage", "1.5 hours") is now refused when the offered service's menu name
gives another length; the hold's minutes, a time before or after the visit and a length not about the visit pass.
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from spa_copilot.fill.drafts import OfferFacts, draft_problem, offer_check

SLOT = datetime(2026, 11, 24, 11, 0, tzinfo=ZoneInfo("America/New_York"))


def facts(service: str = "Swedish Massage 60") -> OfferFacts:
    return OfferFacts(starts_at=SLOT, send_day=date(2026, 11, 24), guest_name="Ana", services=[service],
                      menu=[service, "Deep Tissue Massage 90"], location="Juniper & Salt SoHo", hold_minutes=10)


def problem(said: str, *, service: str = "Swedish Massage 60") -> str | None:
    text = f"Hi Ana, a spot for {service} opened today at 11:00 am with Priya{said}. Held for 10 minutes. Reply YES to claim it."
    return draft_problem(text, starts_at=SLOT, facts=facts(service))


@pytest.mark.parametrize(("said", "words"), [
    (" for 90 minutes", "90 minutes"), (" (90 min)", "90 min"), (", a 90-minute massage", "90-minute"),
    (" (1.5 hours)", "1.5 hours"), (" for an hour and a half", "an hour and a half"), (" for 2 hours", "2 hours"),
    (" for half an hour", "half an hour"), (", your 45 min session", "45 min"),
])
def test_another_length_is_refused_naming_it(said: str, words: str) -> None:
    assert problem(said) == (f'The offer is Swedish Massage 60 (60 minutes), not "{words}": their YES books 60 '
                             "minutes.")


@pytest.mark.parametrize("said", [
    " for 60 minutes", " (60 min)", " for an hour", " (1 hr)", ", a 60-minute massage",
    ". Please arrive 15 minutes early", ". Parking is free for 2 hours", ". Cancel up to 24 hours before your appointment",
    ". You have 10 minutes to reply",
])
def test_the_offered_length_and_other_times_pass(said: str) -> None:
    assert problem(said) is None


def test_a_service_without_a_length_in_its_name_is_not_read() -> None:
    assert problem(" for 90 minutes", service="Signature Facial") is None


def test_the_kind_is_logged_without_the_words() -> None:
    found = offer_check("Hi Ana, Swedish Massage 60 today at 11:00 am (90 min). Reply YES.", facts())
    assert found is not None and found[0] == "wrongLength"
