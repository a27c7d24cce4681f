"""A couples massage booked as two appointments (one guest each, own client records, same Couples Suite and start, one
therapist each): each therapist is told whose guest is theirs and who has the partner, and the partner's cautions are
there, said as the partner's (a staff-eye review: Sam and Priya were each told "these details are Ruth's / Sol's; the
partner has no record", though Sol has a record, pregnant in her 2nd trimester, and neither DM named the other
therapist). One appointment holding both guests keeps the old caution."""

from __future__ import annotations

import json
from datetime import date, timedelta

from spa_copilot.ai.schemas import GuestProfile
from spa_copilot.briefings import briefing_message
from spa_copilot.domain import Appointment, AppointmentStatus, Client, HealthHistory, ServiceLine
from spa_copilot.engines import briefing as engine
from spa_copilot.engines.conflicts import find_conflicts
from tests.builders import at, client, location, room, service, staff

DAY = date(2026, 12, 4)
SUITE = room("rs_suite", name="Couples Suite", room_type="couplesSuite")
COUPLES = service("sv_couples", name="Couples Massage 60", category="couples", staff_count=2, room_types=["couplesSuite"])
SERVICES = {COUPLES.id: COUPLES}
STAFF = {s.id: s for s in (staff("st_sam", first_name="Sam"), staff("st_priya", first_name="Priya"))}
RESOURCES = {SUITE.id: SUITE}
RUTH = client("cl_ruth", first_name="Ruth", last_name="Adler", health_history=HealthHistory(allergies=["latex"]))
SOL = client("cl_sol", first_name="Sol", last_name="Adler", health_history=HealthHistory(pregnant=True))


def booking(appointment_id: str, client_id: str, staff_ids: list[str]) -> Appointment:
    begin = at(DAY, "12:00")
    lines = [
        ServiceLine(id=f"{appointment_id}_{n}", service_id=COUPLES.id, service_name=COUPLES.name, staff_id=who,
                    start_at=begin, end_at=begin + timedelta(minutes=60), resource_ids=[SUITE.id])
        for n, who in enumerate(staff_ids)
    ]
    return Appointment(id=appointment_id, location_id="loc_1", client_id=client_id, status=AppointmentStatus.confirmed,
                       start_at=begin, end_at=begin + timedelta(minutes=60), services=lines)


AP_RUTH = booking("ap_ruth", RUTH.id, ["st_sam"])
AP_SOL = booking("ap_sol", SOL.id, ["st_priya"])
BOOK = [AP_RUTH, AP_SOL]


def brief(appointment: Appointment, staff_id: str, guest: Client | None) -> engine.GuestBrief:
    conflicts = find_conflicts(BOOK, staff=STAFF.values(), resources=RESOURCES.values(), services=SERVICES.values(),
                               locations=[location()])
    return engine.guest_brief(appointment, staff_id, client=guest, profile=GuestProfile(), services=SERVICES,
                              resources=RESOURCES, staff=STAFF, location=location(), conflicts=conflicts)


def paired(own: Appointment, guest: Client | None, partner_guest: Client | None) -> engine.GuestBrief:
    pairs = engine.couples_pairs(BOOK, services=SERVICES, resources=RESOURCES)
    partner, therapist = pairs[own.id]
    own_staff = own.services[0].staff_id
    assert own_staff is not None and therapist is not None
    return engine.with_couples_partner(
        brief(own, own_staff, guest), brief(partner, therapist, partner_guest), STAFF.get(therapist)
    )


def test_the_two_appointments_are_paired_with_each_others_therapist() -> None:
    pairs = engine.couples_pairs(BOOK, services=SERVICES, resources=RESOURCES)
    assert {aid: (partner.id, therapist) for aid, (partner, therapist) in pairs.items()} == {
        "ap_ruth": ("ap_sol", "st_priya"), "ap_sol": ("ap_ruth", "st_sam")
    }


def test_each_therapist_is_told_whose_guest_is_theirs_and_who_has_the_partner() -> None:
    sam = paired(AP_RUTH, RUTH, SOL)
    assert sam.cautions == (
        "Couples: Ruth is your guest; Sol is Priya's, on their own booking.",
        "Ruth — latex allergy: nitrile gloves, no latex",
        "Sol (Priya's guest) — pregnancy: prenatal positioning, no hot stones",
    )
    prep = engine.prep_text(sam, location()).splitlines()
    assert prep[0] == "Coming up at 12:00pm: Ruth (new client), Couples Massage 60 with Sol (Priya's guest) in Couples Suite."
    assert not any("no record" in line or "double-booked" in line for line in prep), prep

    priya = paired(AP_SOL, SOL, RUTH)
    assert priya.cautions[0] == "Couples: Sol is your guest; Ruth is Sam's, on their own booking."
    assert "Sol — pregnancy: prenatal positioning, no hot stones" in priya.cautions  # her own, not hidden
    assert "Ruth (Sam's guest) — latex allergy: nitrile gloves, no latex" in priya.cautions
    text = json.dumps(
        briefing_message(engine.therapist_briefing(STAFF["st_priya"], location(), DAY, [priya])).blocks_as_dicts(),
        ensure_ascii=False,
    )
    assert "Couples Massage 60 with Ruth (Sam's guest)" in text and "and partner" not in text
    assert "these details are" not in text


def test_a_partner_whose_record_is_missing_is_said_so_and_the_partners_therapist_named() -> None:
    sam = paired(AP_RUTH, RUTH, None)
    assert sam.cautions == (
        "Couples: Ruth is your guest; the partner is Priya's, whose record the spa system could not find — "
        "ask the partner about allergies and health.",
        "Ruth — latex allergy: nitrile gloves, no latex",
    )
    assert sam.services_words == "Couples Massage 60 with the partner (Priya's guest)"


def test_a_guest_with_no_record_keeps_the_unavailable_caution_and_gets_the_partners() -> None:
    sam = paired(AP_RUTH, None, SOL)
    assert sam.cautions == (
        engine.UNKNOWN_GUEST_CAUTION,
        "Sol (Priya's guest) — pregnancy: prenatal positioning, no hot stones",
    )


def test_one_appointment_holding_both_guests_keeps_the_old_caution() -> None:
    both = booking("ap_both", RUTH.id, ["st_sam", "st_priya"])
    assert engine.couples_pairs([both], services=SERVICES, resources=RESOURCES) == {}
    guest = engine.guest_brief(both, "st_sam", client=RUTH, profile=GuestProfile(), services=SERVICES,
                               resources=RESOURCES, staff=STAFF, location=location())
    assert guest.partner is None and guest.shown_name == "Ruth and partner"
    assert guest.cautions[0] == engine.COUPLES_CAUTION.format(name="Ruth")


def test_nothing_on_file_is_said_as_the_guests_before_the_partners_lines() -> None:
    # a staff-eye review: "⚠ Nothing on file — ask about allergies…" said last, under "Sol (Priya's guest) — SEVERE
    # nut oil allergy", read as Sol's, contradicting the line above it
    empty = client("cl_ruth", first_name="Ruth", last_name="Adler")
    sams = paired(AP_RUTH, empty, SOL)
    assert sams.nothing_on_file
    lines = list(sams.cautions_and_asks)
    ask = f"Ruth — {engine.NOTHING_ON_FILE}"
    assert ask in lines
    partners = [i for i, line in enumerate(lines) if line.startswith("Sol (Priya's guest) — ")]
    assert partners and lines.index(ask) < min(partners), lines
    prep = engine.prep_text(sams, location())
    assert f"Check: {ask}" in prep.splitlines() and f"Check: {engine.NOTHING_ON_FILE}" not in prep.splitlines()
