"""The Edit check reads more of the ways a wrong session length is said (session 31, rev31c).

On a 60-minute slot these passed and the guest's YES books 60 minutes: a length said alone as an item of the offer
("Swedish Massage 60 - 90 min - opened", "at 1pm: 90 minutes, $150", "It's 90 minutes."), "treat yourself to 90
minutes of bliss", "90 minutes with Priya just opened", "1h30", Spanish "de 90 minutos" and "una hora y media"; and a
length equal to the hold was never read ("a 30-minute Swedish Massage" with a 30-minute hold). The hold said as a
hold, and an extra's length, are still no length.
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from spa_copilot.fill.drafts import OfferFacts, draft_problem

TZ = ZoneInfo("America/New_York")
WED = datetime(2026, 11, 25, 13, 0, tzinfo=TZ)  # Wed 25 Nov, 1:00 pm
TUE = datetime(2026, 12, 8, 15, 0, tzinfo=TZ)  # Tue 8 Dec, 3:00 pm


def problem(text: str, *, slot: datetime = TUE, service: str = "Swedish Massage", hold: int = 10) -> str | None:
    facts = OfferFacts(starts_at=slot, send_day=date(2026, 11, 24) if slot is WED else date(2026, 12, 5),
                       guest_name="Ana", services=[service], menu=[service, "Deep Tissue Massage 90"],
                       location="Juniper & Salt SoHo", hold_minutes=hold, staff_first_name="Priya",
                       staff_names=["Priya", "Maya"], minutes=60)
    return draft_problem(text, starts_at=slot, facts=facts)


def refused_as(said: str, service: str = "Swedish Massage") -> str:
    return f'The offer is {service} (60 minutes), not "{said}": their YES books 60 minutes.'


@pytest.mark.parametrize(("text", "said"), [
    ("Hi Ana! Treat yourself to 90 minutes of pure relaxation: Swedish Massage with Priya Tue Dec 8 at 3pm. "
     "Held 10 min. Reply YES", "90 minutes"),
    ("Hi Ana, treat yourself to 90 minutes of bliss: Swedish Massage w/ Priya Tue Dec 8 at 3pm. Held 10 min. Reply YES",
     "90 minutes"),
    ("Hi Ana, 90 minutes with Priya just opened! Swedish Massage Tue Dec 8 at 3pm. Held 10 min. Reply YES to book",
     "90 minutes"),
    ("Hi Ana, a 1h30 Swedish Massage with Priya opened Tue Dec 8 at 3pm. Held 10 min. Reply YES", "1h30"),
    ("Hi Ana, Swedish Massage w/ Priya Tue Dec 8 at 3pm. It's 90 minutes. Held 10 min. Reply YES", "90 minutes"),
    ("Hi Ana, Swedish Massage w/ Priya Tue Dec 8 at 3pm: 90 minutes, $150. Held 10 min. Reply YES", "90 minutes"),
    ("Hi Ana, Swedish Massage w/ Priya Tue Dec 8 at 3pm | 90 min | $150. Held 10 min. Reply YES", "90 min"),
    ("Hi Ana, Swedish Massage - 90 min - w/ Priya Tue Dec 8 at 3pm. Held 10 min. Reply YES", "90 min"),
    ("Hi Ana, Swedish Massage w/ Priya Tue Dec 8 at 3pm, extended to 90 minutes just for you. Held 10 min. Reply YES",
     "90 minutes"),
    ("Hola Ana! Se abrió un masaje sueco de 90 minutos con Priya el martes 8 de dic a las 3pm. Lo guardamos 10 min. "
     "Responde YES", "90 minutos"),
    ("Hola Ana, masaje de una hora y media con Priya, martes 8 dic a las 3pm. 10 min para responder. Responde YES",
     "una hora y media"),
])
def test_a_wrong_length_said_of_the_visit_is_refused(text: str, said: str) -> None:
    assert problem(text) == refused_as(said)


@pytest.mark.parametrize(("text", "said"), [
    ("Hi Ana, Swedish Massage 60 - 90 min - opened Wednesday at 1pm. Reply YES to claim it.", "90 min"),
    ("Hi Ana, Swedish Massage 60 opened Wednesday at 1pm: 90 minutes, $150. Reply YES to claim it.", "90 minutes"),
])
def test_the_same_for_a_name_ending_in_its_length(text: str, said: str) -> None:
    assert problem(text, slot=WED, service="Swedish Massage 60") == refused_as(said, "Swedish Massage 60")


def test_a_length_equal_to_the_hold_is_read_when_said_of_the_service() -> None:
    text = "Hi Ana, a 30-minute Swedish Massage w/ Priya opened Tue Dec 8 at 3pm. Held 30 min. Reply YES"
    assert problem(text, hold=30) == refused_as("30-minute")


@pytest.mark.parametrize("text", [
    "Hi Ana, a Swedish Massage w/ Priya opened Tue Dec 8 at 3pm. Held for 30 minutes. Reply YES",
    "Hi Ana, a Swedish Massage w/ Priya opened Tue Dec 8 at 3pm. Reply within 30 min to claim it. Reply YES",
    "Hi Ana, a Swedish Massage w/ Priya opened Tue Dec 8 at 3pm. We'll hold the spot for 30 minutes. Reply YES",
])
def test_the_hold_said_as_a_hold_is_still_no_length(text: str) -> None:
    assert problem(text, hold=30) is None


@pytest.mark.parametrize("text", [
    "Hi Ana, a 60-min Swedish Massage w/ Priya opened Tue Dec 8 at 3pm. Please arrive 15 minutes early. Held 10 min. "
    "Reply YES",
    "Hi Ana, Swedish Massage w/ Priya Tue Dec 8 at 3pm incl. a complimentary 10-minute scalp massage! Held 10 min. "
    "Reply YES",
    "Hi Ana, Swedish Massage w/ Priya Tue Dec 8 at 3pm. 30-min consult included. Held 10 min. Reply YES",
    "Hi Ana, Swedish Massage w/ Priya Tue Dec 8 at 3pm. Add a 30-min facial for $40 at check-in! Held 10 min. Reply YES",
    "Hi Ana, Swedish Massage w/ Priya Tue Dec 8 at 3pm. Cancel with 24 hrs notice. Held 10 min. Reply YES",
    "Hola Ana, masaje sueco con Priya el martes 8 dic a las 3pm, llega 15 minutos antes. Lo guardamos 10 min. "
    "Responde YES",
    "Hi Ana, Swedish Massage w/ Priya Tue Dec 8 at 3pm, a 15-minute walk from the subway. Held 10 min. Reply YES",
    "Hi Ana, Swedish Massage w/ Priya Tue Dec 8 at 3pm. It's 60 minutes. Held 10 min. Reply YES",
    "Hola Ana, masaje sueco de una hora con Priya, martes 8 dic a las 3pm. Lo guardamos 10 min. Responde YES",
])
def test_ordinary_correct_edits_still_pass(text: str) -> None:
    assert problem(text) is None
