"""A therapist's-eye review of rendered briefings (sandbox seeds 1, 7, 11 and 42, 24 Nov): a couples booking's cautions
are the booking client's and said so (the partner has no record), an allergy line reads as an allergy, and the prep DM
tells two guests of one first name apart as the morning DM does (by time when their initials are alike too)."""

from __future__ import annotations

import json
from datetime import date, timedelta

from spa_copilot.ai.extraction import extract_profile_offline
from spa_copilot.ai.schemas import GuestProfile
from spa_copilot.briefings import briefing_message, send_prep_briefings
from spa_copilot.domain import Alert, Appointment, AppointmentStatus, Client, HealthHistory, ServiceLine
from spa_copilot.engines import briefing as engine
from spa_copilot.sandbox.world import SandboxWorld
from tests.brief_scene import two_siobhans
from tests.builders import at, client, location, room, service, staff

DAY = date(2026, 11, 24)
SUITE = room("rs_suite", name="Couples Suite", room_type="couplesSuite")
COUPLES = service("sv_couples", name="Couples Massage 60", category="couples", staff_count=2, room_types=["couplesSuite"],
                  contraindications=["pregnancy"])
DUO = service("sv_duo", name="Duo Retreat 60", category="Couples Treatments", staff_count=2)
FOUR_HANDS = service("sv_four", name="Four-Hands Massage 60", staff_count=2, contraindications=["pregnancy"])
SWEDISH = service("sv_swedish", name="Swedish Massage 60")
SERVICES = {s.id: s for s in (COUPLES, DUO, FOUR_HANDS, SWEDISH)}
STAFF = {s.id: s for s in (staff("st_ana", first_name="Ana"), staff("st_sam", first_name="Sam"))}
RESOURCES = {SUITE.id: SUITE}
PREGNANT = client(first_name="Madelyn", last_name="Ross", health_history=HealthHistory(pregnant=True, allergies=["shellfish"]),
                  alerts=[Alert(text="Bruises easily", severity="warning")], last_visit_date=date(2026, 11, 1))


def line(line_id: str, service_id: str, staff_id: str | None, start: str = "15:15", *, rooms: list[str] | None = None) -> ServiceLine:
    begin = at(DAY, start)
    return ServiceLine(id=line_id, service_id=service_id, service_name=SERVICES[service_id].name, staff_id=staff_id,
                       start_at=begin, end_at=begin + timedelta(minutes=60), resource_ids=rooms or [])


def booking(*lines: ServiceLine, appointment_id: str = "ap_1", client_id: str = "cl_1") -> Appointment:
    return Appointment(id=appointment_id, location_id="loc_1", client_id=client_id, status=AppointmentStatus.confirmed,
                       start_at=min(x.start_at for x in lines), end_at=max(x.end_at for x in lines), services=list(lines))


def two_staff(service_id: str) -> Appointment:
    return booking(line("l1", service_id, "st_ana", rooms=["rs_suite"]), line("l2", service_id, "st_sam"))


def brief(appointment: Appointment, staff_id: str, guest: Client | None = PREGNANT) -> engine.GuestBrief:
    return engine.guest_brief(appointment, staff_id, client=guest, profile=GuestProfile(), services=SERVICES,
                              resources=RESOURCES, staff=STAFF, location=location())


def morning(guests: list[engine.GuestBrief], staff_id: str = "st_ana") -> str:
    message = briefing_message(engine.therapist_briefing(STAFF[staff_id], location(), DAY, guests))
    return json.dumps(message.blocks_as_dicts(), ensure_ascii=False)


# ---------------------------------------------------------------------------------------------------
# A couples booking: one client on the booking, two guests in the suite


def test_both_therapists_of_a_couples_booking_read_the_cautions_as_the_booking_clients_not_their_guests() -> None:
    """Seed 42: Kai and Iris were each told "Madelyn, Couples Massage 90 … Check: recent surgery" as if Madelyn were
    their own guest; the partner, who has no record, could be either one's."""
    for staff_id, other in (("st_ana", "Sam"), ("st_sam", "Ana")):
        guest = brief(two_staff("sv_couples"), staff_id)
        assert guest.couples and guest.shown_name == "Madelyn and partner"
        assert guest.cautions[0] == (
            "Couples: these details are Madelyn's; the partner has no record — "
            "ask at check-in who is yours, and ask the partner about allergies and health."
        )
        assert guest.cautions[1:] == (
            "Madelyn — Couples Massage 60 is contraindicated for this guest: pregnancy (prenatal positioning, no hot "
            "stones). Check with the guest before it starts.",
            "Madelyn — shellfish allergy: no seaweed or marine products",
            "Madelyn — Bruises easily",
        )
        prep = engine.prep_text(guest, location()).splitlines()
        assert prep[0] == f"Coming up at 3:15pm: Madelyn and partner, Couples Massage 60 with {other} in Couples Suite."
        assert prep[1].startswith("Check: Couples: these details are Madelyn's")
        assert "Check: Madelyn — Couples Massage 60 is contraindicated for this guest: pregnancy (prenatal positioning, " \
            "no hot stones). Check with the guest before it starts." in prep
        text = morning([guest], staff_id)
        assert "*Madelyn and partner*" in text and ":warning: Madelyn — Couples Massage 60 is contraindicated for this guest: pregnancy (prenatal positioning" in text


def test_a_couples_booking_by_its_category_is_one_too_and_its_new_client_is_the_booking_client() -> None:
    new = client(first_name="Sophia", last_name="Lee")
    guest = brief(two_staff("sv_duo"), "st_ana", new)
    assert guest.couples and guest.new_client
    assert engine.prep_text(guest, location()).startswith(
        "Coming up at 3:15pm: Sophia (new client) and partner, Duo Retreat 60 with Sam in Couples Suite.")


def test_a_four_hands_booking_is_one_guest_whose_cautions_are_both_therapists_own() -> None:
    for staff_id in ("st_ana", "st_sam"):
        guest = brief(two_staff("sv_four"), staff_id)
        assert not guest.couples and guest.shown_name == "Madelyn"
        assert guest.cautions[0] == (
            "Four-Hands Massage 60 is contraindicated for this guest: pregnancy (prenatal positioning, no hot stones). "
            "Check with the guest before it starts."
        )
        assert not any("partner" in caution or "Madelyn —" in caution for caution in guest.cautions)


def test_a_one_therapist_booking_in_the_couples_suite_is_one_guest() -> None:
    guest = brief(booking(line("l1", "sv_swedish", "st_ana", rooms=["rs_suite"])), "st_ana")
    assert not guest.couples and engine.prep_text(guest, location()).startswith("Coming up at 3:15pm: Madelyn, Swedish")


def test_an_unknown_client_on_a_couples_booking_keeps_the_unavailable_details_caution() -> None:
    guest = brief(two_staff("sv_couples"), "st_ana", None)
    assert guest.cautions == (engine.UNKNOWN_GUEST_CAUTION,)


# ---------------------------------------------------------------------------------------------------
# An allergy line reads as an allergy


def test_an_allergy_line_says_allergy_as_the_summary_does_and_a_condition_stays_as_it_is() -> None:
    """Seed 42: Zoe's DM said "Check: shellfish: no seaweed or marine products", her summary "shellfish allergy (no
    seaweed or marine products)"."""
    zoe = client(first_name="Zoe", notes="Allergic to shellfish. Varicose veins on the left leg.",
                 health_history=HealthHistory(allergies=["kiwi"]))
    profile = extract_profile_offline(zoe.notes, intake=zoe.health_history, today=DAY)
    guest = engine.guest_brief(booking(line("l1", "sv_swedish", "st_ana")), "st_ana", client=zoe, profile=profile,
                               services=SERVICES, resources=RESOURCES, staff=STAFF, location=location())
    assert "shellfish allergy: no seaweed or marine products" in guest.allergies
    assert "varicose veins: no pressure on the veins" in guest.allergies
    assert "kiwi allergy" in guest.allergies  # an allergen the vocabulary does not know, from the intake
    assert "Check: shellfish allergy: no seaweed or marine products" in engine.prep_text(guest, location())
    assert set(engine.allergies(zoe, profile)) == set(guest.allergies)  # the client card says it as the briefing does


def test_a_caution_line_says_allergy_once() -> None:
    assert engine.safety_line("latex", allergy=True) == "latex allergy: nitrile gloves, no latex"
    assert engine.safety_line("nutOil", allergy=False) == "nut oil allergy: nut-free oils only"  # an allergen by name
    assert engine.safety_line("pregnancy", allergy=False) == "pregnancy: prenatal positioning, no hot stones"
    assert engine.safety_line("Bee sting allergy", allergy=True) == "Bee sting allergy"
    assert engine.safety_line("sertraline", allergy=False) == "sertraline"


# ---------------------------------------------------------------------------------------------------
# Two guests of one first name on a therapist's day


def siobhan(client_id: str, last_name: str, start: str) -> engine.GuestBrief:
    guest = client(client_id, first_name="Siobhan", last_name=last_name)
    return brief(booking(line("l1", "sv_swedish", "st_ana", start), appointment_id=f"ap_{client_id}", client_id=client_id),
                 "st_ana", guest)


def test_two_guests_of_one_whole_name_are_told_apart_by_their_time_in_the_morning_dm() -> None:
    # one name and initial but different last names are told apart by the whole name (test_brief_s15_consistency)
    kelly, kane = siobhan("cl_kelly", "Kelly", "10:00"), siobhan("cl_kelly2", "Kelly", "14:00")
    named = engine.therapist_briefing(STAFF["st_ana"], location(), DAY, [kane, kelly]).guests
    assert [g.first_name for g in named] == ["Siobhan Kelly (10:00am)", "Siobhan Kelly (2:00pm)"]
    text = morning([kelly, kane])
    assert "*Siobhan Kelly (10:00am)*" in text and "*Siobhan Kelly (2:00pm)*" in text


def test_different_initials_need_no_time_and_one_guest_booked_twice_keeps_her_name() -> None:
    kelly, moore = siobhan("cl_kelly", "Kelly", "10:00"), siobhan("cl_moore", "Moore", "14:00")
    named = engine.therapist_briefing(STAFF["st_ana"], location(), DAY, [kelly, moore]).guests
    assert [g.first_name for g in named] == ["Siobhan K.", "Siobhan M."]
    again = siobhan("cl_kelly", "Kelly", "16:00")
    named = engine.therapist_briefing(STAFF["st_ana"], location(), DAY, [kelly, again]).guests
    assert [g.first_name for g in named] == ["Siobhan", "Siobhan"]
    no_last = [siobhan("cl_a", "", "10:00"), siobhan("cl_b", "", "14:00")]  # no initial to tell them apart by
    assert [g.first_name for g in engine.therapist_briefing(STAFF["st_ana"], location(), DAY, no_last).guests] == [
        "Siobhan (10:00am)", "Siobhan (2:00pm)"]


def test_the_prep_dm_names_a_guest_as_the_morning_dm_does_without_repeating_its_time() -> None:
    kelly = ("cl_kelly", "Siobhan", "Siobhan K.")
    assert engine.named_among(*kelly, [("cl_moore", "Siobhan", "Siobhan M.")]) == "Siobhan K."
    assert engine.named_among(*kelly, [("cl_kane", "Siobhan", "Siobhan K.")]) == "Siobhan K."
    assert engine.named_among(*kelly, [("cl_x", "Ava", "Ava S.")]) == "Siobhan"
    assert engine.named_among(*kelly, [("cl_kelly", "Siobhan", "Siobhan K.")]) == "Siobhan"  # booked twice
    assert engine.named_among(*kelly, []) == "Siobhan"


async def test_a_prep_dm_tells_apart_two_guests_of_one_first_name_on_the_therapists_day(world: SandboxWorld) -> None:
    """Seed 7: Claire's morning DM said "Ezekiel C." at 10:30am and "Ezekiel M." at 1:45pm; her prep DMs said
    "Ezekiel" both times."""
    due, _ = await two_siobhans(world)
    assert due.id in await send_prep_briefings(world.copilot)
    [dm] = [m for m in world.slack.messages(world.slack_id(due.staff_ids[0])) if "Siobhan" in m.text]
    assert ": Siobhan K." in dm.text, dm.text
