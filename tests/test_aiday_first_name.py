"""What the front desk types into the first-name field ("Jen (cell 415-555-0101)") is shown to staff by one rule
(``schemas.shown_first_name``) wherever a name goes: the waitlist's ``Client.short_name``, the briefing's sentence
without a model, and the fill card; a model sees the field only when it is a name (``greeting_name``).
"""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest

from spa_copilot.ai import BriefingInput, offline
from spa_copilot.ai.concierge import _briefing_view
from spa_copilot.ai.schemas import greeting_name, shown_first_name
from spa_copilot.domain import Client

#: The spa's day the notes are read on: the readers take one (the location's date), never the machine's.
NOTES_DAY = date(2026, 11, 24)

FIELDS = [
    ("Jen (cell 415-555-0101)", "Jen"),
    ("Anna (Visa 4111111111111111)", "Anna"),
    ("Li - jen.li@gmail.com", "Li"),
    ("Mary-Kate", "Mary-Kate"),
    ("DO NOT BOOK - owes $200 Jenny", "DO NOT BOOK - owes $200 Jenny"),  # a note: masked, still shown to the team
    ("4111 1111 1111 1111 call 415-555-0101", "[card] call [phone]"),
    ("", "The client"),
]
LEAKS = ["415-555-0101", "4111", "jen.li@gmail.com"]


@pytest.mark.parametrize(("field", "shown"), FIELDS)
def test_the_waitlist_short_name_shows_the_clean_first_name(field: str, shown: str) -> None:
    client = Client(id="cl_1", first_name=field, last_name="Okafor")
    # no first name to show: her last name whole, not "The client O." (s49: tests/test_s49_short_name_without_first.py)
    assert client.short_name == (f"{shown} O." if shown != "The client" else "Okafor")
    assert not [leak for leak in LEAKS if leak in client.short_name]


@pytest.mark.parametrize(("field", "shown"), FIELDS)
def test_the_fill_card_and_the_lists_follow_one_rule(field: str, shown: str) -> None:
    assert shown_first_name(field) == shown


@pytest.mark.parametrize(("field", "shown"), FIELDS)
def test_the_briefing_without_a_model_names_the_guest_by_the_same_rule(field: str, shown: str) -> None:
    guest = BriefingInput.from_client(Client(id="cl_1", first_name=field), services=[])
    text = offline.briefing_text(guest, today=NOTES_DAY)
    assert text.startswith(f"{shown} (first visit) is booked")
    assert not [leak for leak in LEAKS if leak in text]


@pytest.mark.parametrize(("field", "shown"), FIELDS)
def test_a_model_sees_the_first_name_only_when_it_is_a_name(field: str, shown: str) -> None:
    guest = BriefingInput.from_client(Client(id="cl_1", first_name=field), services=[])
    assert _briefing_view(guest)["firstName"] == greeting_name(field)


async def test_a_prep_dm_greets_the_guest_by_name_never_by_what_else_the_field_holds(world: Any) -> None:
    from spa_copilot.briefings import send_prep_briefings
    from spa_copilot.scheduler import poll_calendar

    await poll_calendar(world.copilot)
    for client in list(world.spa.clients.values()):
        world.spa.clients[client.id] = client.model_copy(update={"first_name": f"{client.first_name} (cell 415-555-0101)"})
    prepared = await send_prep_briefings(world.copilot)
    assert prepared
    texts = [json.dumps(m.blocks) for a in prepared for staff in world.spa.appointments[a].staff_ids
             for m in world.slack.messages(world.slack_id(staff))]
    assert texts and all("415-555-0101" not in text for text in texts)


@pytest.mark.parametrize(("last_name", "shown"), [
    ("Okafor", "Ann O."),
    ("de la Cruz", "Ann D."),
    ("  smith", "Ann S."),  # a space typed in front, and a lower-case name
    ("(555) 010-1234 Smith", "Ann S."),
    ("555-0101", "Ann"),  # no letter at all: no initial, not "Ann 5."
    ("<.", "Ann"),
    ("", "Ann"),
])
def test_the_last_initial_is_the_last_names_first_letter(last_name: str, shown: str) -> None:
    assert Client(id="cl_1", first_name="Ann", last_name=last_name).short_name == shown
