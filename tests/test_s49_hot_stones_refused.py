"""s49 (probe49a HIGH): notes saying "No hot stones - burned last time" (or "Do not use hot stones", a booking note
"NO HOT STONES") on a Hot Stone Massage gave the therapist no caution, while "No face work" on a facial is one. A
service that uses what the guest's notes, an alert or the booking's note refuse outright (``cautions.MODALITIES``:
hot stones, cupping) is now a caution in her DM, quoting the words (an alert's are its own line), and in the day book.
"Loves hot stones", "no problem with hot stones", "no kidney stones" refuse nothing."""

from __future__ import annotations

from datetime import date

import pytest

from spa_copilot.domain import Alert
from spa_copilot.engines.cautions import booking_ruled_out, modalities_kept_off
from tests.builders import appointment, at, client, dm_lines, service

DAY = date(2026, 12, 8)
HOT = service("sv_hot", name="Hot Stone Massage 75")
SWEDISH = service("sv_swedish", name="Swedish Massage 60")
CUPPING = service("sv_cup", name="Cupping Therapy 45")


@pytest.mark.parametrize(
    ("notes", "booked", "said"),
    [
        ("No hot stones - burned last time. Latex allergy.", HOT, "No hot stones - burned last time"),
        ("Latex allergy. Do not use hot stones!", HOT, "Do not use hot stones"),
        ("Hates the stones, prefers swedish", HOT, "Hates the stones, prefers swedish"),
        ("avoid hot-stones please", HOT, "avoid hot-stones please"),
        ("No cupping - on blood thinners", CUPPING, "No cupping - on blood thinners"),
        # rev49c: refusals as front desks write them
        ("Can't have hot stones - diabetic neuropathy", HOT, "Can't have hot stones - diabetic neuropathy"),
        ("Hot stones: NO", HOT, "Hot stones: NO"),
        ("NO to hot stones", HOT, "NO to hot stones"),
        ("Never hot stones", HOT, "Never hot stones"),
        ("No heat or hot stones - neuropathy", HOT, "No heat or hot stones - neuropathy"),
        ("No hot stones", service("sv_rock", name="Hot Rock Massage 60"), "No hot stones"),
        ("No stones left unturned - wants the full works", HOT, None),
        ("No hot stones", service("sv_jade", name="Cold Jade Stone Facial"), None),  # no heated stones
        ("Loves hot stones", HOT, None),
        ("No problem with hot stones. No kidney stones.", HOT, None),
        ("No hot stones", SWEDISH, None),  # a service that uses none
    ],
)
def test_a_service_using_what_the_notes_refuse_is_kept_off(notes, booked, said):
    found = modalities_kept_off([booked], notes=notes)
    assert [(f.service_id, f.evidence) for f in found] == ([(booked.id, said)] if said else [])


def test_the_notes_are_quoted_first_then_an_alert_then_the_booking_note():
    (found,) = modalities_kept_off([HOT], notes="", alerts=["Do not use hot stones"], booking_note="NO HOT STONES")
    assert found.said_in == "an alert says"
    assert found.before_it_starts == (
        "Hot Stone Massage 75 uses hot stones, which an alert says to avoid. Check with the guest before it starts.")
    (found,) = modalities_kept_off([HOT], notes="", booking_note="NO HOT STONES")
    assert (found.said_in, found.evidence) == ("the booking's note says", "NO HOT STONES")


@pytest.mark.parametrize(
    ("notes", "note", "alerts", "shown"),
    [
        ("No hot stones - burned last time. Latex allergy.", "", [],
         "Check: Hot Stone Massage 75 uses hot stones, which the notes say to avoid (“No hot stones - burned last "
         "time”). Check with the guest before it starts."),
        ("Latex allergy.", "NO HOT STONES", [],
         "Check: Hot Stone Massage 75 uses hot stones, which the booking's note says to avoid (“NO HOT STONES”). "
         "Check with the guest before it starts."),
        ("", "", [Alert(text="Do not use hot stones", severity="critical")],
         "Check: Hot Stone Massage 75 uses hot stones, which an alert says to avoid. Check with the guest before it "
         "starts."),
    ],
)
def test_the_therapists_dm_and_the_day_book_say_it(notes, note, alerts, shown):
    assert shown in dm_lines(notes, HOT, day=DAY, booking_note=note, alerts=alerts).splitlines()
    booking = appointment(at(DAY, "14:00"), id="ap_1", service_id=HOT.id, service_name=HOT.name, notes=note)
    (marked,) = booking_ruled_out(booking, client(notes=notes, alerts=alerts), {HOT.id: HOT}, today=DAY)  # day book
    assert shown.startswith(f"Check: {marked.sentence}") and marked.before_it_starts.endswith("before it starts.")
