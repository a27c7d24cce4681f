"""A note typed into the first-name field is never the greeting a guest receives (probe50a H1): a word that speaks of
health ("Pregnant Jen") or a staff note ("Banned") gives the no-name greeting, as staff are shown the field without it."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from spa_copilot.ai import offline
from spa_copilot.ai.guardrails import speaks_of_health
from spa_copilot.ai.schemas import InvitationInput, greeting_name, shown_first_name

START = datetime(2026, 11, 24, 11, 0, tzinfo=ZoneInfo("America/New_York"))


@pytest.mark.parametrize(
    "field", ["Pregnant Jen", "Pregnant-Jen", "Jen-pregnant", "Diabetic Ann", "Allergic Jen", "Chemo Jen", "Epileptic"]
)
def test_a_health_word_is_no_greeting(field: str) -> None:
    invite = InvitationInput(
        first_name=greeting_name(field),
        service_name="Swedish Massage 60",
        starts_at=START,
        staff_first_name="Priya",
        hold_minutes=10,
        drafted_at=START - timedelta(hours=2),
    )
    text = offline.invitation_text(invite, spa_name="Juniper & Salt")
    assert text.startswith("Hi there,") and not speaks_of_health(text), text


@pytest.mark.parametrize("field", ["Deceased", "Banned", "Rude", "Owes $40"])
def test_a_staff_note_is_no_greeting_and_still_reaches_staff(field: str) -> None:
    assert greeting_name(field) is None
    assert shown_first_name(field) == field  # the note reaches the team as typed


@pytest.mark.parametrize(
    ("field", "name"),
    [("Jen", "Jen"), ("Jen (pregnant)", "Jen"), ("Mary-Kate", "Mary-Kate"), ("Hope", "Hope"), ("Grace", "Grace")],
)
def test_a_name_is_still_greeted(field: str, name: str) -> None:
    assert greeting_name(field) == name
