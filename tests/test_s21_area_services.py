"""Which services work a body area the guest's notes keep off, and whose words keep it off.

A regression review (5 December) of 1972029 / ff91b9b: the sandbox's own "Back Facial 45" (category "facial") was
marked "works the face" in the day book and the DMs, as were a "Body Peel" and a "Facial Reflexology" (the feet);
an "Eyebrow Wax", a "Footbath" and the hands of a "Paraffin Hand & Foot Treatment" were missed; and "No face work -
botox yesterday" written in a spa's alert or on the booking itself, not in the notes, marked nothing."""

from __future__ import annotations

from datetime import date

import pytest

from spa_copilot.domain import Alert
from spa_copilot.engines.cautions import _areas_worked, booking_ruled_out
from tests.builders import appointment, at, client, service

DAY = date(2026, 12, 4)
FACIAL = service("sv_derma", name="Dermaplaning Facial 45", category="facial", duration_minutes=45)


@pytest.mark.parametrize("name, category, areas", [
    ("Back Facial 45", "facial", ()),  # the sandbox's own: its category no longer makes it a face treatment
    ("Back-Facial", "facial", ()),
    ("Body Peel", "skin", ()),
    ("Pumpkin Enzyme Body Peel", "body", ()),
    ("Back Extractions", "facial", ()),
    ("Swedish Massage 60", "Face & Body", ()),  # a category for both says nothing of the face
    ("Chest & Face Facial", "facial", ("face",)),  # the face named still counts
    ("Facial Reflexology", "facial", ("face",)),  # reflexology of the face, not the feet
    ("Reflexology 60", "massage", ("feet",)),
    ("Eyebrow Wax", "wax", ("face",)),
    ("Footbath", "enhancement", ("feet",)),
    ("Paraffin Hand & Foot Treatment", "enhancement", ("feet", "hands")),
    ("Glycolic Peel 45", "skin", ("face",)),
    ("Signature Facial 60", "facial", ("face",)),
    ("Hot Stone Massage 90", "massage", ()),
    # the back or body must name the treatment itself: these are facials (a second review of 8142dfc)
    ("Facial & Back Massage 90", "facial", ("face",)),
    ("Signature Facial with Back Massage 90", "facial", ("face",)),
    ("Mind & Body Facial 60", "facial", ("face",)),
    ("Back to Basics Facial 60", "facial", ("face",)),
    ("Body Bliss Hydrafacial", "facial", ("face",)),
    ("Hand Reflexology", "massage", ("hands",)),
    ("Mani-Pedi", "nails", ("feet", "hands")),
    ("Spa Pedi", "nails", ("feet",)),
])
def test_the_areas_a_service_works_by_its_name_and_category(name: str, category: str, areas: tuple[str, ...]) -> None:
    assert _areas_worked(name, category) == areas


def marked(notes: str = "", alerts: tuple[str, ...] = (), booking_note: str = "") -> list[str]:
    guest = client("cl_1", first_name="Kennedy", notes=notes, alerts=[Alert(text=text) for text in alerts])
    booking = appointment(at(DAY, "11:00"), 45, id="ap_1", service_id=FACIAL.id, notes=booking_note)
    return [found.before_it_starts for found in booking_ruled_out(booking, guest, {FACIAL.id: FACIAL}, today=DAY)]


def test_an_alert_or_the_bookings_own_note_keeps_the_area_off_too() -> None:
    said = "Dermaplaning Facial 45 works the face, which {} says to avoid. Check with the guest before it starts."
    assert marked(alerts=("No face work - botox yesterday",)) == [said.format("an alert")]
    assert marked(booking_note="No face work - botox yesterday") == [said.format("the booking's note")]
    assert marked(booking_note="Birthday treat") == []


def test_the_notes_words_come_first_and_the_booking_is_marked_once() -> None:
    assert marked(notes="No face work.", alerts=("Avoid face - filler",)) == [
        "Dermaplaning Facial 45 works the face, which the notes say to avoid. Check with the guest before it starts."]


def test_a_back_facial_of_the_sandboxs_catalogue_is_not_marked_for_a_face_kept_off() -> None:
    back = service("sv_back", name="Back Facial 45", category="facial", duration_minutes=45)
    guest = client("cl_1", notes="No face work.")
    booking = appointment(at(DAY, "11:00"), 45, id="ap_1", service_id=back.id)
    assert booking_ruled_out(booking, guest, {back.id: back}, today=DAY) == []


def test_a_coconut_allergy_meeting_a_services_nut_allergy_is_said_as_the_guests() -> None:
    # a staff-eye review: "Coconut Sugar Scrub 45 is contraindicated for this guest: nut allergy" beside the DM's
    # "coconut allergy" line; asked "any nut allergy?", the guest says no and the scrub goes ahead
    scrub = service("sv_scrub", name="Coconut Sugar Scrub 45", contraindications=["nutAllergy"])
    booking = appointment(at(DAY, "11:00"), 45, id="ap_1", service_id=scrub.id)

    def said(notes: str) -> list[str]:
        return [r.sentence for r in booking_ruled_out(booking, client("cl_1", notes=notes), {scrub.id: scrub}, today=DAY)]

    assert said("allergic to coconut oil") == [
        "Coconut Sugar Scrub 45 is contraindicated for this guest: coconut allergy (the service lists nut allergy)"]
    assert said("nut allergy") == ["Coconut Sugar Scrub 45 is contraindicated for this guest: nut allergy"]
