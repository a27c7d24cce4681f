"""A guest the spa holds nothing on is said so, with what to ask (staff-eye review, 4 December).

Noor (a regular) and Felix (a first visit) had no notes, alerts or intake answers: their lines in the morning and prep
DMs said nothing under the name, which read as "nothing to watch out for"."""

from __future__ import annotations

import json
from datetime import date

import pytest

from spa_copilot.ai.extraction import extract_profile_offline
from spa_copilot.briefings import briefing_message
from spa_copilot.domain import Alert, Client, HealthHistory
from spa_copilot.engines import briefing as engine
from tests.builders import appointment, at, client, location, service, staff

DAY = date(2026, 12, 4)
SWEDISH = service("sv_swedish", name="Swedish Massage 60")
SAM = staff("st_sam", first_name="Sam")


def brief(guest: Client, booking_note: str = "") -> engine.GuestBrief:
    booking = appointment(at(DAY, "15:30"), 60, id="ap_1", staff_id=SAM.id, service_id=SWEDISH.id,
                          client_id=guest.id, notes=booking_note)
    return engine.guest_brief(booking, SAM.id, client=guest, profile=extract_profile_offline(guest.notes, today=DAY),
                              services={SWEDISH.id: SWEDISH}, resources={}, staff={SAM.id: SAM}, location=location())


def test_a_guest_with_nothing_on_file_is_said_so_in_both_dms() -> None:
    guest = brief(client("cl_felix", first_name="Felix"))
    assert guest.nothing_on_file
    prep = engine.prep_text(guest, location())
    assert f"Check: {engine.NOTHING_ON_FILE}" in prep.splitlines(), prep
    day = engine.therapist_briefing(SAM, location(), DAY, [guest])
    shown = json.dumps(briefing_message(day).blocks_as_dicts(), ensure_ascii=False)
    assert f":warning: {engine.NOTHING_ON_FILE}" in shown, shown
    assert "1 with something to check first" not in shown  # a prompt to ask, not a caution found


@pytest.mark.parametrize("guest, note", [
    (client("cl_1", notes="likes firm pressure; latex allergy"), ""),
    (client("cl_1", alerts=[Alert(text="Prefers a female therapist", severity="info")]), ""),
    (client("cl_1", health_history=HealthHistory(allergies=["None"])), ""),  # asked, and answered none
    (client("cl_1", health_history=HealthHistory(pregnant=False)), ""),
    (client("cl_1", notes="On warfarin"), ""),
    (client("cl_1"), "latex allergy!!"),  # the booking's note names an allergy
])
def test_anything_on_file_is_not_nothing(guest: Client, note: str) -> None:
    said = brief(guest, note)
    assert not said.nothing_on_file
    assert engine.NOTHING_ON_FILE not in engine.prep_text(said, location())


@pytest.mark.parametrize("note", ["running late", "first massage, a gift voucher"])
def test_a_booking_note_of_logistics_still_leaves_nothing_on_file(note: str) -> None:
    # a regression review: any booking note at all took the prompt away, though it said nothing about health
    # (s42: with a booking note on the DM, the line sends the therapist to it: NOTHING_READ_IN_NOTES)
    said = brief(client("cl_felix", first_name="Felix"), note)
    assert said.nothing_on_file and f"Check: {engine.NOTHING_READ_IN_NOTES}" in engine.prep_text(said, location())


def test_the_client_card_says_to_ask_not_none_recorded() -> None:
    from spa_copilot.slack.blocks import client_card_message
    from spa_copilot.slack.presenters import client_card_view

    empty = client("cl_felix", first_name="Felix")
    shown = json.dumps(client_card_message(client_card_view(empty, today=DAY)).blocks_as_dicts(), ensure_ascii=False)
    assert engine.NOTHING_ON_FILE in shown and "none recorded" not in shown.split("Allergies and conditions")[1][:80]
    known = client("cl_ana", first_name="Ana", notes="likes firm pressure, latex allergy")
    read = extract_profile_offline(known.notes, today=DAY)
    shown = json.dumps(client_card_message(client_card_view(known, profile=read, today=DAY)).blocks_as_dicts(),
                       ensure_ascii=False)
    assert engine.NOTHING_ON_FILE not in shown


def test_notes_that_give_nothing_to_brief_from_still_leave_nothing_on_file() -> None:
    # a staff-eye review: Noor's first visit, notes "Found us on Instagram. Pays cash.": the DM said nothing
    # (s42: her notes are there, so the line sends the therapist to them: NOTHING_READ_IN_NOTES)
    said = brief(client("cl_noor", first_name="Noor", notes="Found us on Instagram. Pays cash."))
    assert said.nothing_on_file and f"Check: {engine.NOTHING_READ_IN_NOTES}" in engine.prep_text(said, location())


@pytest.mark.parametrize(
    "notes",
    [
        # French is read since lex52b ("Allergique au latex", "Enceinte"): test_s52_lex52b_set7 has it
        "Latexallergie! Schwanger, 5. Monat.",
        "对乳胶严重过敏。怀孕五个月。",
    ],
)
def test_notes_the_reader_cannot_read_are_not_called_no_health_details_on_file(notes: str) -> None:
    # probe42c: a latex allergy and a pregnancy written in French, German or Chinese were briefed as "No health details
    # on file": the therapist is sent to the notes instead
    said = brief(client("cl_ines", first_name="Ines", notes=notes))
    shown = engine.prep_text(said, location())
    assert engine.NOTHING_ON_FILE not in shown
    assert said.nothing_on_file and engine.NOTHING_READ_IN_NOTES in shown


def test_a_booking_note_the_reader_cannot_read_sends_the_therapist_to_it_too() -> None:
    # rev42j M: her only note the booking's own, in French: the DM showed it under "No health details on file"
    said = brief(client("cl_ines", first_name="Ines", notes=""),
                 booking_note="Latexallergie! Schwanger, 5. Monat.")  # French is read since lex52b
    shown = engine.prep_text(said, location())
    assert "Latexallergie" in shown
    assert engine.NOTHING_ON_FILE not in shown and engine.NOTHING_READ_IN_NOTES in shown, shown
