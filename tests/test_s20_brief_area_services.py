"""A booked service that works an area the guest's notes keep off is a caution, not a preference beside it.

A staff-eye review (4 December): Kennedy's note says "No face work", and she had a Dermaplaning Facial 45 today and a
Glycolic Peel 45 tomorrow; both DMs said only "✨ Avoid: face", as if it were a wish about a massage."""

from __future__ import annotations

from datetime import date

import pytest

from spa_copilot.ai.extraction import extract_profile_offline
from spa_copilot.domain import Service
from spa_copilot.engines import briefing as engine
from spa_copilot.engines.cautions import areas_kept_off
from tests.builders import appointment, at, client, location, service, staff

DAY = date(2026, 12, 4)
LINE = ("Dermaplaning Facial 45 works the face, which the notes say to avoid (“No face work”). Check with the guest "
        "before it starts.")


def brief(note: str, booked: Service) -> engine.GuestBrief:
    booking = appointment(at(DAY, "11:00"), 45, id="ap_1", staff_id="st_nadia", service_id=booked.id)
    return engine.guest_brief(booking, "st_nadia", client=client(first_name="Kennedy", notes=note),
                              profile=extract_profile_offline(note, today=DAY), services={booked.id: booked},
                              resources={}, staff={"st_nadia": staff("st_nadia", first_name="Nadia")}, location=location())


def test_a_facial_for_a_guest_whose_notes_keep_the_face_off_is_a_caution() -> None:
    facial = service("sv_derma", name="Dermaplaning Facial 45", duration_minutes=45)
    assert LINE in brief("No face work.", facial).contraindications


@pytest.mark.parametrize("note, name", [
    ("No face work.", "Swedish Massage 60"),  # a massage works many areas: "Avoid: face" beside it is enough
    ("Loves facials.", "Dermaplaning Facial 45"),  # nothing kept off
    ("No face work.", "Back Facial 45"),  # a back facial works the back
])
def test_no_caution_where_the_service_does_not_work_the_area_kept_off(note: str, name: str) -> None:
    booked = service("sv_x", name=name, duration_minutes=45)
    assert not any("which the notes say to avoid" in line for line in brief(note, booked).contraindications)


@pytest.mark.parametrize("note, name, area", [
    ("Skip the feet, very ticklish.", "Spa Pedicure 50", "feet"),
    ("Avoid feet", "Reflexology 60", "feet"),
    ("No scalp massage please", "Head Spa Ritual 60", "scalp"),
    ("Dont touch the face - botox yesterday", "Brow Lamination 30", "face"),
])
def test_each_area_and_the_services_that_work_it(note: str, name: str, area: str) -> None:
    kept = areas_kept_off([service("sv_x", name=name)], extract_profile_offline(note, today=DAY))
    assert [k.area for k in kept] == [area], kept
    assert kept[0].before_it_starts == f"{name} works the {area}, which the notes say to avoid. Check with the guest before it starts."


def test_the_day_book_marks_the_booking_as_the_front_desk_reads_it() -> None:
    # the same rule under the booking in /spa today and `spa-copilot today`, without the note's words
    from spa_copilot.engines.cautions import booking_ruled_out

    facial = service("sv_derma", name="Dermaplaning Facial 45", duration_minutes=45)
    massage = service("sv_swedish", name="Swedish Massage 60")
    guest = client("cl_1", first_name="Kennedy", notes="No face work.")
    booking = appointment(at(DAY, "11:00"), 45, id="ap_1", service_id=facial.id)
    found = booking_ruled_out(booking, guest, {facial.id: facial}, today=DAY)
    assert [f.before_it_starts for f in found] == [
        "Dermaplaning Facial 45 works the face, which the notes say to avoid. Check with the guest before it starts."]
    assert found[0].service_id == facial.id  # the day book marks the line of that service
    other = appointment(at(DAY, "13:00"), 60, id="ap_2", service_id=massage.id)
    assert booking_ruled_out(other, guest, {massage.id: massage}, today=DAY) == []
