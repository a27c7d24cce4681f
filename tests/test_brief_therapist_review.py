"""The morning briefing and the prep DM read as a therapist reads them at 7:30am on a phone (a product review of
sandbox days): a liked scent is not offered as if it were fine beside a fragrance or essential-oil allergy, the
other therapist of a four-hands or couples booking is named, and the DM's lines are labelled alike."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date, timedelta

from spa_copilot.ai.extraction import extract_profile_offline
from spa_copilot.ai.schemas import Evidence, GuestProfile
from spa_copilot.briefings import briefing_message
from spa_copilot.domain import Alert, Appointment, AppointmentStatus, Client, HealthHistory, ServiceLine
from spa_copilot.engines import briefing as engine
from tests.builders import at, client, location, room, service, staff

DAY = date(2026, 11, 24)
SUITE = room("rs_suite", name="Couples Suite", room_type="couplesSuite")
ROOM_1 = room("rs_1", name="Massage Room 1")
FOUR_HANDS = service("sv_four", name="Four-Hands Massage 60", staff_count=2)
SWEDISH = service("sv_swedish", name="Swedish Massage 60")
FACIAL = service("sv_facial", name="Signature Facial 60", category="facial")
SERVICES = {s.id: s for s in (FOUR_HANDS, SWEDISH, FACIAL)}
STAFF = {s.id: s for s in (staff("st_ana", first_name="Ana"), staff("st_sam", first_name="Sam"),
                          staff("st_nadia", first_name="Nadia"))}
RESOURCES = {r.id: r for r in (SUITE, ROOM_1)}


def line(line_id: str, service_id: str, staff_id: str | None, start: str, minutes: int = 60,
         *, rooms: list[str] | None = None) -> ServiceLine:
    begin = at(DAY, start)
    return ServiceLine(id=line_id, service_id=service_id, service_name=SERVICES[service_id].name, staff_id=staff_id,
                       start_at=begin, end_at=begin + timedelta(minutes=minutes), resource_ids=rooms or [])


def booking(*lines: ServiceLine, notes: str = "") -> Appointment:
    return Appointment(id="ap_1", location_id="loc_1", client_id="cl_1", status=AppointmentStatus.confirmed,
                       start_at=min(x.start_at for x in lines), end_at=max(x.end_at for x in lines),
                       services=list(lines), notes=notes)


def brief(appointment: Appointment, staff_id: str, guest: Client | None = None,
          profile: GuestProfile | None = None) -> engine.GuestBrief:
    return engine.guest_brief(
        appointment, staff_id, client=guest or client(), profile=profile or GuestProfile(), services=SERVICES,
        resources=RESOURCES, staff=STAFF, location=location(),
    )


def morning(guest: engine.GuestBrief, staff_id: str = "st_ana") -> str:
    message = briefing_message(engine.therapist_briefing(STAFF[staff_id], location(), DAY, [guest]))
    return json.dumps(message.blocks_as_dicts(), ensure_ascii=False)


# ---------------------------------------------------------------------------------------------------
# A liked scent beside a fragrance or essential-oil allergy


def scent_lines(guest: engine.GuestBrief) -> list[str]:
    return [p for p in guest.preferences if p.startswith("Scent:")]


def test_a_liked_scent_beside_a_fragrance_allergy_says_to_ask_first() -> None:
    """Seed 42, 1 Nov: Hannah's DM said "⚠ fragrance: unscented products" and then "✨ Scent: eucalyptus", as if
    eucalyptus were fine."""
    hannah = client(first_name="Hannah", health_history=HealthHistory(allergies=["fragrance"]),
                    custom_fields={"scent": "eucalyptus"})
    guest = brief(booking(line("l1", "sv_swedish", "st_ana", "16:30", rooms=["rs_1"])), "st_ana", hannah)
    assert guest.allergies == ("fragrance allergy: unscented products",)
    assert scent_lines(guest) == ["Scent: eucalyptus — fragrance allergy; ask first"]
    assert "Scent: eucalyptus — fragrance allergy; ask first" in engine.prep_text(guest, location())
    assert "Scent: eucalyptus — fragrance allergy; ask first" in morning(guest)


def test_notes_that_disagree_on_unscented_beside_an_essential_oil_allergy_keep_only_the_scent_to_ask_about() -> None:
    """Seed 11, 8 Mar: Samuel's intake says lavender (read as an essential-oil allergy), his notes "fragrance
    sensitive … unscented oil only"; "likes water w/ lemon" was read as citrus. The DM said "Scent: citrus or
    unscented — notes disagree; ask"."""
    samuel = client(first_name="Samuel", health_history=HealthHistory(allergies=["lavender"]))
    profile = extract_profile_offline("fragrance sensitive; unscented oil only; FIRM pressure", today=DAY)
    profile.scent = [*profile.scent, Evidence(value="citrus", evidence="likes water w/ lemon")]
    guest = brief(booking(line("l1", "sv_swedish", "st_ana", "12:15", rooms=["rs_1"])), "st_ana", samuel, profile)
    [scent] = scent_lines(guest)
    assert scent.startswith("Scent: citrus — ") and scent.endswith("; ask first"), scent
    assert "allergy" in scent and "unscented" not in scent and "notes disagree" not in scent


def test_a_fragrance_allergy_from_the_spas_alert_and_eczema_count_too() -> None:
    alerted = client(alerts=[Alert(text="Fragrance allergy", severity="critical")], custom_fields={"scent": "lavender"})
    guest = brief(booking(line("l1", "sv_swedish", "st_ana", "10:00")), "st_ana", alerted)
    assert scent_lines(guest) == ["Scent: lavender — fragrance allergy; ask first"]
    eczema = client(health_history=HealthHistory(conditions=["eczema"]), custom_fields={"scent": "citrus"})
    guest = brief(booking(line("l1", "sv_swedish", "st_ana", "10:00")), "st_ana", eczema)
    assert scent_lines(guest) == ["Scent: citrus — eczema; ask first"]


def test_scents_are_left_as_they_are_without_a_scent_caution_or_when_unscented() -> None:
    liked = client(custom_fields={"scent": "eucalyptus"}, health_history=HealthHistory(allergies=["latex"]))
    assert scent_lines(brief(booking(line("l1", "sv_swedish", "st_ana", "10:00")), "st_ana", liked)) == ["Scent: eucalyptus"]
    unscented = client(custom_fields={"scent": "unscented"}, health_history=HealthHistory(allergies=["fragrance"]))
    assert scent_lines(brief(booking(line("l1", "sv_swedish", "st_ana", "10:00")), "st_ana", unscented)) == ["Scent: unscented"]


# ---------------------------------------------------------------------------------------------------
# The other therapist of a two-therapist booking


FOUR = booking(line("l1", "sv_four", "st_ana", "11:30", rooms=["rs_1"]), line("l2", "sv_four", "st_sam", "11:30"))


def test_each_therapist_of_a_four_hands_booking_is_told_who_works_with_them() -> None:
    """Seed 7, 24 Nov: Ana and Sam were each told "Four-Hands Massage 60 · Massage Room 2" for Leo, neither who the
    other hands were."""
    ana, sam = brief(FOUR, "st_ana"), brief(FOUR, "st_sam")
    assert (ana.partners, sam.partners) == (("Sam",), ("Ana",))
    assert engine.prep_text(ana, location()).startswith(
        "Coming up at 11:30am: Ava (new client), Four-Hands Massage 60 with Sam in Massage Room 1.")
    assert engine.prep_text(sam, location()).startswith(
        "Coming up at 11:30am: Ava (new client), Four-Hands Massage 60 with Ana in Massage Room 1.")
    assert "Four-Hands Massage 60 with Sam · Massage Room 1" in morning(ana)


def test_a_therapist_on_another_part_of_the_booking_is_no_partner() -> None:
    """Sam's massage, then Nadia's facial: one after the other, not together."""
    sequence = booking(line("l1", "sv_swedish", "st_sam", "10:00", rooms=["rs_1"]),
                       line("l2", "sv_facial", "st_nadia", "11:00", rooms=["rs_1"]))
    assert brief(sequence, "st_sam").partners == () and brief(sequence, "st_nadia").partners == ()
    assert "with" not in engine.prep_text(brief(sequence, "st_sam"), location()).splitlines()[0]
    unstaffed = booking(line("l1", "sv_four", "st_ana", "11:30", rooms=["rs_1"]), line("l2", "sv_four", None, "11:30"))
    assert brief(unstaffed, "st_ana").partners == ()
    unknown = booking(line("l1", "sv_four", "st_ana", "11:30"), line("l2", "sv_four", "st_gone", "11:30"))
    assert brief(unknown, "st_ana").partners == ()


# ---------------------------------------------------------------------------------------------------
# Labels


def test_the_morning_dm_labels_the_last_visit_as_the_prep_dm_does() -> None:
    """"✨ Booking note: …", "✨ Note: …" but "✨ Last visit 15 Nov 2026, …" without its colon."""
    done = booking(line("p1", "sv_swedish", "st_sam", "10:00")).model_copy(update={
        "id": "ap_old", "status": AppointmentStatus.completed,
        "start_at": at(DAY - timedelta(days=9), "10:00"), "end_at": at(DAY - timedelta(days=9), "11:00"),
    })
    guest = engine.guest_brief(
        booking(line("l1", "sv_swedish", "st_ana", "9:30")), "st_ana", client=client(), profile=GuestProfile(),
        services=SERVICES, resources=RESOURCES, staff=STAFF, past=[done], location=location(),
    )
    assert "Last visit: 15 Nov 2026, Swedish Massage 60 with Sam" in engine.prep_text(guest, location())
    assert "Last visit: 15 Nov 2026, Swedish Massage 60 with Sam" in morning(guest)


# ---------------------------------------------------------------------------------------------------
# Two guests of one name on one therapist's day


def test_two_guests_sharing_a_first_name_on_one_day_are_told_apart_by_their_last_initial() -> None:
    """Seed 7, 20 Jun: Kai's day listed "Siobhan" at 9:00am (retinoids) and "Siobhan · first visit" at 9:30am
    (pregnancy): which Siobhan is pregnant was left to the therapist to work out."""
    first = client("cl_1", first_name="Siobhan", last_name="Keane", health_history=HealthHistory(medications=["tretinoin"]))
    second = client("cl_2", first_name="Siobhan", last_name="murphy", health_history=HealthHistory(pregnant=True))
    other = client("cl_3", first_name="Leo", last_name="Hart")
    early = brief(booking(line("l1", "sv_swedish", "st_ana", "9:00")), "st_ana", first)
    late = brief(booking(line("l2", "sv_swedish", "st_ana", "9:30")).model_copy(update={"id": "ap_2", "client_id": "cl_2"}),
                 "st_ana", second)
    leo = brief(booking(line("l3", "sv_swedish", "st_ana", "11:00")).model_copy(update={"id": "ap_3", "client_id": "cl_3"}),
                "st_ana", other)
    day = engine.therapist_briefing(STAFF["st_ana"], location(), DAY, [late, leo, early])
    assert [g.first_name for g in day.guests] == ["Siobhan K.", "Siobhan M.", "Leo"]
    assert "pregnancy" in " ".join(day.guests[1].cautions)
    shown = json.dumps(briefing_message(day).blocks_as_dicts(), ensure_ascii=False)
    assert "*Siobhan K.*" in shown and "*Siobhan M.* · _first visit_" in shown and "*Leo*" in shown
    assert engine.day_summary(day).startswith("Good morning, Ana. 3 guests today")


def test_one_guest_booked_twice_keeps_their_first_name() -> None:
    ava = client(last_name="Stone")
    morning_visit = brief(booking(line("l1", "sv_swedish", "st_ana", "9:00")), "st_ana", ava)
    again = brief(booking(line("l2", "sv_facial", "st_ana", "15:00")).model_copy(update={"id": "ap_2"}), "st_ana", ava)
    day = engine.therapist_briefing(STAFF["st_ana"], location(), DAY, [morning_visit, again])
    assert [g.first_name for g in day.guests] == ["Ava", "Ava"]


def test_the_guests_summary_is_labelled_as_the_summary_the_footer_speaks_of_not_as_notes() -> None:
    """The line under a guest was labelled "Notes:" (read as the spa's own client notes, which the briefing never
    shows raw), while the footer says "Summary drafted by …"."""
    guest = replace(brief(booking(line("l1", "sv_swedish", "st_ana", "9:30")), "st_ana"),
                    summary="Ava (6th visit) is booked for Swedish Massage 60 at 9:30am.")
    shown = morning(guest)
    assert "Summary:\\n>Ava (6th visit)" in shown and "Notes:" not in shown, shown
    assert "Summary drafted by the offline engine" in shown
