"""A caution the booking's note or a booked service says is not said again as a ✨ preference (staff-eye review,
4 December): "latex allergy!!" in a booking note came as "⚠ LATEX ALLERGY - nitrile only (…)" and again as "✨ Booking
note: latex allergy!! …"; a facial for "avoid face" came as "⚠ Signature Facial 60 works the face, which the notes say
to avoid (“…”)" and again as "✨ Avoid: face"."""

from __future__ import annotations

from datetime import date

from spa_copilot.ai.extraction import extract_profile_offline
from spa_copilot.domain import Alert, Service
from spa_copilot.engines import briefing as engine
from tests.builders import appointment, at, client, location, service, staff

DAY = date(2026, 12, 4)
ANA = staff("st_ana", first_name="Ana")
DEEP = service("sv_deep", name="Deep Tissue Massage 60")
FACIAL = service("sv_facial", name="Signature Facial 60", category="facial")
LATEX_ALERT = Alert(text="LATEX ALLERGY - nitrile only", severity="critical")


def brief(notes: str, booked: Service, booking_note: str = "", alerts: tuple[Alert, ...] = ()) -> engine.GuestBrief:
    guest = client("cl_1", first_name="Bea", notes=notes, alerts=list(alerts))
    booking = appointment(at(DAY, "10:30"), 60, id="ap_1", staff_id=ANA.id, service_id=booked.id, notes=booking_note)
    return engine.guest_brief(booking, ANA.id, client=guest, profile=extract_profile_offline(notes, today=DAY),
                              services={booked.id: booked}, resources={}, staff={ANA.id: ANA}, location=location())


def prep(guest: engine.GuestBrief) -> list[str]:
    return engine.prep_text(guest, location()).splitlines()


def test_a_booking_note_an_alert_says_already_is_said_in_the_alerts_line() -> None:
    guest = brief("", DEEP, "latex allergy!!", (LATEX_ALERT,))
    assert guest.cautions == ("LATEX ALLERGY - nitrile only (nitrile gloves, no latex) — booking note: “latex allergy!!”",)
    assert not any("Booking note" in line for line in prep(guest))
    assert sum("latex" in line.lower() for line in prep(guest)) == 1, prep(guest)


def test_a_booking_note_naming_a_caution_is_one_caution_with_its_handling() -> None:
    guest = brief("", DEEP, "latex allergy!! client says c-section healing")
    assert guest.booking_note_is_caution
    lines = prep(guest)
    assert [line for line in lines if "latex" in line.lower()] == [
        "Check: Booking note: latex allergy!! client says c-section healing (latex: nitrile gloves, no latex; "
        "surgery: keep clear of the surgical area)"
    ], lines
    assert not any(line.startswith("Booking note:") for line in lines)
    assert not guest.allergies  # the note's line stands for them


def test_a_booking_note_of_preferences_only_stays_a_note() -> None:
    guest = brief("", DEEP, "running late, wants firm pressure")
    assert not guest.booking_note_is_caution and not guest.cautions
    assert "Booking note: running late, wants firm pressure" in prep(guest)


def test_an_area_a_booked_service_is_told_to_avoid_is_not_said_again_as_a_preference() -> None:
    guest = brief("avoid face and neck - rosacea flare", FACIAL)
    assert any("works the face, which the notes say to avoid" in line for line in guest.contraindications)
    assert guest.preferences == ("Avoid: neck",)  # the other area stays
    massage = brief("avoid face and neck - rosacea flare", DEEP)  # a massage: a preference, as before
    assert massage.preferences == ("Avoid: face, neck",)


def test_a_booking_note_keeping_the_face_off_a_facial_is_said_once() -> None:
    guest = brief("", FACIAL, "no face work today please")
    assert [line for line in prep(guest) if "no face work" in line] == [
        "Check: Signature Facial 60 works the face, which the booking's note says to avoid (“no face work "
        "today please”). Check with the guest before it starts."
    ], prep(guest)


def test_a_booking_note_leaves_the_notes_own_lines_with_their_site() -> None:
    guest = brief("Left knee surgery 2 wks ago", DEEP, "recent surgery, go gentle")
    assert guest.allergies == ("surgery (left knee): keep clear of the surgical area",), guest.allergies
    assert "Check: Booking note: recent surgery, go gentle" in prep(guest)
