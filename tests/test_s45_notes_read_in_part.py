"""A guest whose notes speak of an allergy in a language the reader reads only in part (Spanish, French, Italian,
German) is briefed with what was read AND sent to the notes for the rest: "Alérgica al látex y a las nueces" had been
briefed as a latex allergy alone, nothing saying the notes held more (a partly read note dropped the "read them in
Mangomint" line that an unread one gets). Additive only: what the reader reads is unchanged."""

from __future__ import annotations

import json
from datetime import date

import pytest

from spa_copilot.ai.extraction import extract_profile_offline
from spa_copilot.engines import briefing as engine
from spa_copilot.slack.blocks import client_card_message
from spa_copilot.slack.presenters import client_card_view
from tests.builders import appointment, at, client, location, service, staff

DAY = date(2026, 12, 8)
SWEDISH = service("sv_1", name="Swedish Massage 60")


@pytest.mark.parametrize(
    ("notes", "in_part"),
    [
        ("Alérgica al látex y a las nueces", True),
        ("Alergia leve al látex", True),
        ("Sin alergias", True),  # read wide: the line only sends the therapist to the notes
        ("Allergique au latex", True),
        ("Allergie gegen Nüsse", True),
        ("Latex allergy. Nussallergie (schwer)", True),  # German joins its words (rev45i)
        ("Pollenallergiker", True),
        ("Ale\u0301rgica al látex", True),  # an accent stored apart
        ("allergies: latex; allergist says fine", False),
        ("allergico alle noci", True),
        ("Latex allergy. Allergies: nuts", False),
        ("allergic to latex; no known allergies otherwise", False),
        ("Prefers firm pressure", False),
        ("", False),
    ],
)
def test_notes_read_in_part(notes: str, in_part: bool) -> None:
    assert engine.notes_read_in_part(notes) is in_part


def _asks(notes: str, booking_note: str = "") -> tuple[str, ...]:
    guest = client("cl_1", notes=notes)
    booking = appointment(at(DAY, "10:00"), staff_id="st_ana", client_id=guest.id, notes=booking_note)
    brief = engine.guest_brief(
        booking,
        "st_ana",
        client=guest,
        profile=extract_profile_offline(notes, today=DAY),
        services={SWEDISH.id: SWEDISH},
        resources={},
        staff={"st_ana": staff("st_ana", first_name="Ana")},
        location=location(),
    )
    return brief.cautions_and_asks


def test_a_partly_read_spanish_note_says_what_was_read_and_where_the_rest_is() -> None:
    asks = _asks("Alérgica al látex y a las nueces")
    assert any("latex" in line.lower() for line in asks), asks
    assert asks[-1] == engine.NOTES_READ_IN_PART


def test_a_note_read_in_english_has_no_such_line() -> None:
    assert engine.NOTES_READ_IN_PART not in _asks("Latex allergy, nut allergy")


def test_a_note_nothing_was_read_in_says_it_once() -> None:
    asks = _asks("Alergia leve al látex y grave a las nueces")
    assert engine.NOTHING_READ_IN_NOTES in asks and engine.NOTES_READ_IN_PART not in asks, asks


def test_a_spanish_booking_note_counts_too() -> None:
    assert engine.NOTES_READ_IN_PART in _asks("Latex allergy", booking_note="Alergia a las nueces")


def test_the_client_card_says_it_under_what_was_read() -> None:
    notes = "Alérgica al látex y a las nueces"
    card = client_card_view(client("cl_1", notes=notes), profile=extract_profile_offline(notes, today=DAY), today=DAY)
    shown = json.dumps(client_card_message(card).blocks_as_dicts(), ensure_ascii=False)
    assert engine.NOTES_READ_IN_PART in shown, shown
    plain = client_card_view(client("cl_2", notes="Latex allergy"), today=DAY)
    assert engine.NOTES_READ_IN_PART not in json.dumps(client_card_message(plain).blocks_as_dicts(), ensure_ascii=False)


def test_the_card_never_says_none_recorded_above_the_line() -> None:
    notes = "Nussallergie (schwer)"  # nothing read: the card's own words for the allergies stand empty
    guest = client("cl_3", notes=notes, alerts=[{"text": "VIP", "severity": "info"}])
    card = client_card_view(guest, profile=extract_profile_offline(notes, today=DAY), today=DAY)
    fields = [f["text"] for b in client_card_message(card).blocks_as_dicts() for f in b.get("fields", [])]
    [allergies] = [f for f in fields if f.startswith("*Allergies and conditions*")]
    assert allergies == f"*Allergies and conditions*\n_{engine.NOTES_READ_IN_PART}_", allergies
