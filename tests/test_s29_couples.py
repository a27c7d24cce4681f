"""A couple booked as two appointments with ordinary services (one guest a Swedish, the other a Deep Tissue) in the
Couples Suite, starting together, one therapist each: one couples booking whatever their services (a product
decision: real spas book couples so, and a capacity-1 suite alerted "Room double-booked" for it). A third guest, two
couples at once in a capacity-1 suite, other start times, one therapist on both or one guest booked twice still
alert; four hands stays two therapists on one guest. (Since tests/test_s29_couples2.py such a pair is made only in
a suite of capacity 1, and the briefing tells neither therapist of the other guest.)"""

from __future__ import annotations

from datetime import date
from typing import Any

from spa_copilot.ai.schemas import GuestProfile
from spa_copilot.domain import Appointment, HealthHistory, Resource, Service
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


def test_in_a_capacity_two_suite_only_a_service_for_two_pairs_guests() -> None:
    # since tests/test_s29_couples2.py: two guests of ordinary services are paired only in a suite of capacity 1 (in a
    # bigger one, two such bookings clash with nothing); two couples booked with a service for two still fit it
    book = [
        guest("ap_ruth", "cl_ruth", SAM.id, resource_ids=[BIG_SUITE.id]),
        guest("ap_sol", "cl_sol", PRIYA.id, service_id=DEEP.id, resource_ids=[BIG_SUITE.id]),
        guest("ap_zoe", "cl_zoe", ANA.id, "12:30", service_id=DEEP.id, resource_ids=[BIG_SUITE.id]),
        guest("ap_max", "cl_max", JON.id, "12:30", resource_ids=[BIG_SUITE.id]),
    ]
    assert partners(book) == {}
    assert kinds(found(book)) == [("room_double_booked", ("ap_max", "ap_ruth", "ap_sol", "ap_zoe"))]
    assert kinds(found(book[:2])) == []  # one such couple: two bookings in a suite for two
    couples = service("sv_couples", name="Couples Massage 60", staff_count=2, room_types=["couplesSuite"])
    for_two = [b.model_copy(update={"services": [b.services[0].model_copy(update={"service_id": couples.id})]}) for b in book]
    assert couples_partners(for_two, resources=RESOURCES, services=[*SERVICES, couples]) == {
        "ap_ruth": "ap_sol", "ap_sol": "ap_ruth", "ap_zoe": "ap_max", "ap_max": "ap_zoe"
    }
    assert find_conflicts(for_two, staff=STAFF, resources=RESOURCES, services=[*SERVICES, couples], locations=[location()]) == []


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


def test_each_therapist_is_told_only_of_their_own_guest_when_the_pair_is_of_ordinary_services() -> None:
    # since tests/test_s29_couples2.py: two guests starting together with ordinary services may be strangers sharing
    # the suite, so the briefing pairs only a couple booked with a service for two (its partner's cautions are told)
    ruth = client("cl_ruth", first_name="Ruth", last_name="Adler", health_history=HealthHistory(allergies=["latex"]))
    services = {s.id: s for s in SERVICES}
    resources = {r.id: r for r in RESOURCES}
    members = {s.id: s for s in STAFF}
    book = [RUTH, SOL]
    conflicts = find_conflicts(book, staff=STAFF, resources=RESOURCES, services=SERVICES, locations=[location()])
    assert conflicts == []
    assert engine.couples_pairs(book, services=services, resources=resources) == {}
    sam = engine.guest_brief(RUTH, SAM.id, client=ruth, profile=GuestProfile(), services=services,
                             resources=resources, staff=members, location=location(), conflicts=conflicts)
    prep = engine.prep_text(sam, location()).splitlines()
    assert prep[0] == "Coming up at 12:00pm: Ruth (new client), Service sv_swedish in Couples Suite."
    assert not any("Sol" in line or "Priya" in line or "no record" in line or "Overlaps" in line for line in prep), prep
