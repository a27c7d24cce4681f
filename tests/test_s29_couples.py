"""A couple booked as two appointments with ordinary services (one guest a Swedish, the other a Deep Tissue) in the
Couples Suite, starting together, one therapist each: one couples booking whatever their services (a product
decision: real spas book couples so, and a capacity-1 suite alerted "Room double-booked" for it). A third guest, two
couples at once in a capacity-1 suite, other start times, one therapist on both or one guest booked twice still
alert; four hands stays two therapists on one guest. The briefing pairs whom the conflict check counted."""

from __future__ import annotations

from datetime import date
from typing import Any

from spa_copilot.ai.schemas import GuestProfile
from spa_copilot.domain import Appointment, Client, HealthHistory, Resource, Service
from spa_copilot.engines import briefing as engine
from spa_copilot.engines.conflicts import Conflict, couples_partners, find_conflicts
from tests.builders import appointment, at, client, location, room, service, staff

DAY = date(2026, 12, 4)  # a Friday

SAM = staff("st_sam", first_name="Sam", last_name="Delgado")
PRIYA = staff("st_priya", first_name="Priya", last_name="Nair")
ANA = staff("st_ana", first_name="Ana", last_name="Reyes")
JON = staff("st_jon", first_name="Jon", last_name="Park")
SWEDISH = service("sv_swedish", name="Swedish Massage 60", room_types=["massageRoom", "couplesSuite"])
DEEP = service("sv_deep", name="Deep Tissue Massage 60", room_types=["massageRoom", "couplesSuite"])
FOUR_HANDS = service("sv_four", name="Four-Hands Massage 60", staff_count=2, room_types=["couplesSuite", "massageRoom"])
SUITE = room("rs_suite", name="Couples Suite", room_type="couplesSuite")
BIG_SUITE = room("rs_big", name="Garden Suite", room_type="couplesSuite", capacity=2)
ROOM_1 = room("rs_1", name="Massage Room 1")

STAFF = [SAM, PRIYA, ANA, JON]
SERVICES: list[Service] = [SWEDISH, DEEP, FOUR_HANDS]
RESOURCES: list[Resource] = [SUITE, BIG_SUITE, ROOM_1]


def guest(aid: str, client_id: str, staff_id: str | None, hhmm: str = "12:00", **kwargs: Any) -> Appointment:
    kwargs.setdefault("service_id", SWEDISH.id)
    kwargs.setdefault("resource_ids", [SUITE.id])
    return appointment(at(DAY, hhmm), 60, id=aid, client_id=client_id, staff_id=staff_id, **kwargs)


def found(appointments: list[Appointment]) -> list[Conflict]:
    return find_conflicts(
        appointments, staff=STAFF, resources=RESOURCES, services=SERVICES, locations=[location()],
        guests={"cl_ruth": "Ruth A.", "cl_sol": "Sol A.", "cl_zoe": "Zoe B.", "cl_max": "Max B."},
    )


def kinds(conflicts: list[Conflict]) -> list[tuple[str, tuple[str, ...]]]:
    return sorted((str(c.kind), c.appointment_ids) for c in conflicts)


def partners(appointments: list[Appointment]) -> dict[str, str]:
    return couples_partners(appointments, resources=RESOURCES, services=SERVICES)


RUTH = guest("ap_ruth", "cl_ruth", SAM.id)  # a Swedish
SOL = guest("ap_sol", "cl_sol", PRIYA.id, service_id=DEEP.id)  # a Deep Tissue


def test_a_couple_with_two_ordinary_services_in_a_capacity_one_suite_is_no_conflict() -> None:
    assert kinds(found([RUTH, SOL])) == []  # before: "Room double-booked … Couples Suite (capacity 1)"
    assert partners([RUTH, SOL]) == {"ap_ruth": "ap_sol", "ap_sol": "ap_ruth"}
    # the same service on both guests, not named for two, is a couple too
    same = guest("ap_sol", "cl_sol", PRIYA.id)
    assert kinds(found([RUTH, same])) == []


def test_a_third_guest_in_the_suite_still_double_books_it() -> None:
    later = guest("ap_zoe", "cl_zoe", ANA.id, "12:30")
    assert kinds(found([RUTH, SOL, later])) == [("room_double_booked", ("ap_ruth", "ap_sol", "ap_zoe"))]
    assert partners([RUTH, SOL, later]) == {"ap_ruth": "ap_sol", "ap_sol": "ap_ruth"}
    # a third starting with them: nobody can tell which two are the couple, so none is paired, and the suite alerts
    together = guest("ap_zoe", "cl_zoe", ANA.id)
    assert kinds(found([RUTH, SOL, together])) == [("room_double_booked", ("ap_ruth", "ap_sol", "ap_zoe"))]
    assert partners([RUTH, SOL, together]) == {}


def test_two_such_couples_at_once_in_a_capacity_one_suite_alert() -> None:
    zoe = guest("ap_zoe", "cl_zoe", ANA.id, "12:30", service_id=DEEP.id)
    max_ = guest("ap_max", "cl_max", JON.id, "12:30")
    assert kinds(found([RUTH, SOL, zoe, max_])) == [("room_double_booked", ("ap_max", "ap_ruth", "ap_sol", "ap_zoe"))]
    assert partners([RUTH, SOL, zoe, max_]) == {
        "ap_ruth": "ap_sol", "ap_sol": "ap_ruth", "ap_zoe": "ap_max", "ap_max": "ap_zoe"
    }


def test_two_such_couples_at_once_in_a_capacity_two_suite_do_not() -> None:
    book = [
        guest("ap_ruth", "cl_ruth", SAM.id, resource_ids=[BIG_SUITE.id]),
        guest("ap_sol", "cl_sol", PRIYA.id, service_id=DEEP.id, resource_ids=[BIG_SUITE.id]),
        guest("ap_zoe", "cl_zoe", ANA.id, "12:30", service_id=DEEP.id, resource_ids=[BIG_SUITE.id]),
        guest("ap_max", "cl_max", JON.id, "12:30", resource_ids=[BIG_SUITE.id]),
    ]
    assert kinds(found(book)) == []
    # a third guest beside them is a third booking there
    third = guest("ap_third", "cl_third", None, "12:45", resource_ids=[BIG_SUITE.id])
    assert ("room_double_booked", ("ap_max", "ap_ruth", "ap_sol", "ap_third", "ap_zoe")) in kinds(found([*book, third]))


def test_different_start_times_are_two_bookings() -> None:
    sol = guest("ap_sol", "cl_sol", PRIYA.id, "12:15", service_id=DEEP.id)
    assert kinds(found([RUTH, sol])) == [("room_double_booked", ("ap_ruth", "ap_sol"))]
    assert partners([RUTH, sol]) == {}
    # to the second, as the rule for services named for two
    a_second_late = appointment(at(DAY, "12:00").replace(second=1), 60, id="ap_sol", client_id="cl_sol",
                                staff_id=PRIYA.id, service_id=DEEP.id, resource_ids=[SUITE.id])
    assert kinds(found([RUTH, a_second_late])) == [("room_double_booked", ("ap_ruth", "ap_sol"))]


def test_one_therapist_for_both_is_a_staff_clash() -> None:
    sol = guest("ap_sol", "cl_sol", SAM.id, service_id=DEEP.id)
    conflicts = kinds(found([RUTH, sol]))
    assert ("staff_double_booked", ("ap_ruth", "ap_sol")) in conflicts
    # not a couple: the rule wants each guest with their own therapist, so the suite holds two bookings
    assert ("room_double_booked", ("ap_ruth", "ap_sol")) in conflicts
    assert partners([RUTH, sol]) == {}
    # nor is a guest booked with no therapist
    nobody = guest("ap_sol", "cl_sol", None, service_id=DEEP.id)
    assert kinds(found([RUTH, nobody])) == [("room_double_booked", ("ap_ruth", "ap_sol"))]


def test_the_same_client_twice_is_not_a_couple() -> None:
    again = guest("ap_ruth_again", "cl_ruth", PRIYA.id, service_id=DEEP.id)
    assert partners([RUTH, again]) == {}
    assert kinds(found([RUTH, again])) == [("room_double_booked", ("ap_ruth", "ap_ruth_again"))]


def test_four_hands_stays_two_therapists_on_one_guest() -> None:
    four = guest("ap_sol", "cl_sol", PRIYA.id, service_id=FOUR_HANDS.id)
    assert partners([RUTH, four]) == {}
    assert ("room_double_booked", ("ap_ruth", "ap_sol")) in kinds(found([RUTH, four]))


def test_an_ordinary_room_pairs_nobody() -> None:
    ruth = guest("ap_ruth", "cl_ruth", SAM.id, resource_ids=[ROOM_1.id])
    sol = guest("ap_sol", "cl_sol", PRIYA.id, service_id=DEEP.id, resource_ids=[ROOM_1.id])
    assert partners([ruth, sol]) == {}
    assert kinds(found([ruth, sol])) == [("room_double_booked", ("ap_ruth", "ap_sol"))]


def test_equipment_still_counts_each_guest() -> None:
    stones = Resource(id="eq_stones", location_id="loc_1", name="Stone Set", type="equipment", kind="hotStoneSet", capacity=1)
    ruth = guest("ap_ruth", "cl_ruth", SAM.id, resource_ids=[SUITE.id, stones.id])
    sol = guest("ap_sol", "cl_sol", PRIYA.id, service_id=DEEP.id, resource_ids=[SUITE.id, stones.id])
    conflicts = find_conflicts([ruth, sol], staff=STAFF, resources=[*RESOURCES, stones], services=SERVICES,
                               locations=[location()])
    assert kinds(conflicts) == [("equipment_over_capacity", ("ap_ruth", "ap_sol"))]


def test_another_couple_in_the_turnover_is_one_buffer_conflict() -> None:
    swedish = service("sv_swedish", name="Swedish Massage 60", buffer_minutes=15, room_types=["couplesSuite"])
    book = [
        RUTH, SOL,
        guest("ap_zoe", "cl_zoe", SAM.id, "13:05", service_id=DEEP.id),
        guest("ap_max", "cl_max", PRIYA.id, "13:05"),
    ]
    conflicts = find_conflicts(book, staff=STAFF, resources=RESOURCES, services=[swedish, DEEP, FOUR_HANDS],
                               locations=[location()])
    assert [str(c.kind) for c in conflicts] == ["buffer_violated"]
    assert set(conflicts[0].appointment_ids) >= {"ap_zoe", "ap_max"}


def test_each_therapist_is_told_of_the_partner_as_the_conflict_check_paired_them() -> None:
    ruth = client("cl_ruth", first_name="Ruth", last_name="Adler", health_history=HealthHistory(allergies=["latex"]))
    sol = client("cl_sol", first_name="Sol", last_name="Adler", health_history=HealthHistory(pregnant=True))
    services = {s.id: s for s in SERVICES}
    resources = {r.id: r for r in RESOURCES}
    members = {s.id: s for s in STAFF}
    book = [RUTH, SOL]
    conflicts = find_conflicts(book, staff=STAFF, resources=RESOURCES, services=SERVICES, locations=[location()])
    assert conflicts == []

    def brief(booked: Appointment, staff_id: str, who: Client) -> engine.GuestBrief:
        return engine.guest_brief(booked, staff_id, client=who, profile=GuestProfile(), services=services,
                                  resources=resources, staff=members, location=location(), conflicts=conflicts)

    pairs = engine.couples_pairs(book, services=services, resources=resources)
    assert {aid: (partner.id, therapist) for aid, (partner, therapist) in pairs.items()} == {
        "ap_ruth": ("ap_sol", PRIYA.id), "ap_sol": ("ap_ruth", SAM.id)
    }
    sam = engine.with_couples_partner(brief(RUTH, SAM.id, ruth), brief(SOL, PRIYA.id, sol), PRIYA)
    assert sam.cautions[0] == "Couples: Ruth is your guest; Sol is Priya's, on their own booking."
    assert "Sol (Priya's guest) — pregnancy: prenatal positioning, no hot stones" in sam.cautions
    prep = engine.prep_text(sam, location()).splitlines()
    # (the builders' booking names its service "Service sv_swedish", as the spa system's line may)
    assert prep[0] == "Coming up at 12:00pm: Ruth (new client), Service sv_swedish with Sol (Priya's guest) in Couples Suite."
    assert not any("no record" in line or "double-booked" in line or "Overlaps" in line for line in prep), prep
