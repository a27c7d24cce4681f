"""A couples massage booked the way many Mangomint spas book it: two appointments, one per guest (each with their own
client record), same location, same start, same Couples Suite (capacity 1), the couples service (two staff), one
therapist each. The conflict check counts it as one booking in the suite and as the two staff of the service
(``conflicts.couples_partners``); a real double booking of the suite still alerts."""

from __future__ import annotations

from datetime import date
from typing import Any

from spa_copilot.domain import Appointment, Resource, Service
from spa_copilot.engines.conflicts import Conflict, couples_partners, find_conflicts
from tests.builders import appointment, at, location, room, service, staff

DAY = date(2026, 12, 4)  # a Friday

SAM = staff("st_sam", first_name="Sam", last_name="Delgado")
PRIYA = staff("st_priya", first_name="Priya", last_name="Nair")
ANA = staff("st_ana", first_name="Ana", last_name="Reyes")
COUPLES = service("sv_couples", name="Couples Massage 60", staff_count=2, room_types=["couplesSuite"])
# staffCount 1 but named for two: each guest's appointment is a whole service with its own therapist
SIDE_BY_SIDE = service("sv_side", name="Side-by-Side Swedish 60", room_types=["couplesSuite"])
SWEDISH = service("sv_swedish", name="Swedish Massage 60", room_types=["massageRoom", "couplesSuite"])
FOUR_HANDS = service("sv_four", name="Four-Hands Massage 60", staff_count=2, room_types=["couplesSuite", "massageRoom"])
SUITE = room("rs_suite", name="Couples Suite", room_type="couplesSuite")
ROOM_1 = room("rs_1", name="Massage Room 1")

STAFF = [SAM, PRIYA, ANA]
SERVICES = [COUPLES, SIDE_BY_SIDE, SWEDISH, FOUR_HANDS]
RESOURCES: list[Resource] = [SUITE, ROOM_1]


def guest(aid: str, client_id: str, staff_id: str, hhmm: str = "12:00", **kwargs: Any) -> Appointment:
    kwargs.setdefault("service_id", COUPLES.id)
    kwargs.setdefault("resource_ids", [SUITE.id])
    return appointment(at(DAY, hhmm), 60, id=aid, client_id=client_id, staff_id=staff_id, **kwargs)


def found(appointments: list[Appointment], services: list[Service] | None = None) -> list[Conflict]:
    return find_conflicts(
        appointments, staff=STAFF, resources=RESOURCES, services=services or SERVICES, locations=[location()],
        guests={"cl_ruth": "Ruth A.", "cl_sol": "Sol A.", "cl_zoe": "Zoe B."},
    )


def kinds(conflicts: list[Conflict]) -> list[tuple[str, tuple[str, ...]]]:
    return [(str(c.kind), c.appointment_ids) for c in conflicts]


RUTH = guest("ap_ruth", "cl_ruth", SAM.id)
SOL = guest("ap_sol", "cl_sol", PRIYA.id)


def test_a_couples_booking_made_as_two_appointments_is_no_conflict() -> None:
    # before: "Room double-booked … Couples Suite (capacity 1)" and two "Two-staff service with one staff"
    assert kinds(found([RUTH, SOL])) == []
    assert couples_partners([RUTH, SOL], resources=RESOURCES, services=SERVICES) == {
        "ap_ruth": "ap_sol", "ap_sol": "ap_ruth"
    }


def test_a_service_named_for_two_with_one_staff_each_is_one_booking_in_the_suite() -> None:
    ruth = guest("ap_ruth", "cl_ruth", SAM.id, service_id=SIDE_BY_SIDE.id)
    sol = guest("ap_sol", "cl_sol", PRIYA.id, service_id=SIDE_BY_SIDE.id)
    assert kinds(found([ruth, sol])) == []


def test_a_third_booking_in_the_suite_still_double_books_it() -> None:
    zoe = guest("ap_zoe", "cl_zoe", ANA.id, "12:30", service_id=SWEDISH.id)
    conflicts = found([RUTH, SOL, zoe])
    assert kinds(conflicts) == [("room_double_booked", ("ap_ruth", "ap_sol", "ap_zoe"))]
    assert "Swedish Massage 60 12:30pm–1:30pm (Zoe B.)" in conflicts[0].message
    # the couple still counts as one booking for its two-staff service
    assert not [c for c in conflicts if c.kind == "understaffed"]


def test_a_third_couples_appointment_at_the_same_time_is_not_taken_for_part_of_the_couple() -> None:
    zoe = guest("ap_zoe", "cl_zoe", ANA.id)
    conflicts = found([RUTH, SOL, zoe])
    assert ("room_double_booked", ("ap_ruth", "ap_sol", "ap_zoe")) in kinds(conflicts)
    assert couples_partners([RUTH, SOL, zoe], resources=RESOURCES, services=SERVICES) == {}


def test_two_guests_booked_for_a_service_not_for_two_in_the_suite_alert_only_on_one_therapist() -> None:
    # since s29 (tests/test_s29_couples.py), two guests starting together in the suite, each with their own
    # therapist, are a couple whatever their services; on one therapist they are not
    ruth = guest("ap_ruth", "cl_ruth", SAM.id, service_id=SWEDISH.id)
    sol = guest("ap_sol", "cl_sol", PRIYA.id, service_id=SWEDISH.id)
    assert kinds(found([ruth, sol])) == []
    sol_with_sam = guest("ap_sol", "cl_sol", SAM.id, service_id=SWEDISH.id)
    assert sorted(kinds(found([ruth, sol_with_sam]))) == [
        ("room_double_booked", ("ap_ruth", "ap_sol")),
        ("staff_double_booked", ("ap_ruth", "ap_sol")),
    ]


def test_four_hands_is_two_therapists_on_one_guest_not_a_couple() -> None:
    ruth = guest("ap_ruth", "cl_ruth", SAM.id, service_id=FOUR_HANDS.id)
    sol = guest("ap_sol", "cl_sol", PRIYA.id, service_id=FOUR_HANDS.id)
    assert sorted(kinds(found([ruth, sol]))) == [
        ("room_double_booked", ("ap_ruth", "ap_sol")),
        ("understaffed", ("ap_ruth",)),
        ("understaffed", ("ap_sol",)),
    ]


def test_a_couples_service_at_different_times_in_the_suite_is_two_bookings() -> None:
    sol = guest("ap_sol", "cl_sol", PRIYA.id, "12:15")
    assert sorted(kinds(found([RUTH, sol]))) == [
        ("room_double_booked", ("ap_ruth", "ap_sol")),
        ("understaffed", ("ap_ruth",)),
        ("understaffed", ("ap_sol",)),
    ]


def test_a_couples_service_in_an_ordinary_room_is_not_paired() -> None:
    ruth = guest("ap_ruth", "cl_ruth", SAM.id, resource_ids=[ROOM_1.id])
    sol = guest("ap_sol", "cl_sol", PRIYA.id, resource_ids=[ROOM_1.id])
    assert ("room_double_booked", ("ap_ruth", "ap_sol")) in kinds(found([ruth, sol]))
    assert couples_partners([ruth, sol], resources=RESOURCES, services=SERVICES) == {}


def test_one_therapist_on_both_guests_is_still_a_staff_double_booking() -> None:
    sol = guest("ap_sol", "cl_sol", SAM.id)
    conflicts = kinds(found([RUTH, sol]))
    assert ("staff_double_booked", ("ap_ruth", "ap_sol")) in conflicts
    assert ("understaffed", ("ap_ruth", "ap_sol")) in conflicts  # one person on the couple's two-staff service
    assert not [kind for kind, _ in conflicts if kind == "room_double_booked"]


def test_a_cancelled_partner_leaves_one_guest_understaffed_not_paired() -> None:
    sol = guest("ap_sol", "cl_sol", PRIYA.id, status="cancelled")
    assert kinds(found([RUTH, sol])) == [("understaffed", ("ap_ruth",))]
    assert couples_partners([RUTH, sol], resources=RESOURCES, services=SERVICES) == {}


def test_another_couple_in_the_turnover_is_one_buffer_conflict() -> None:
    wrap = service("sv_cwrap", name="Couples Wrap", staff_count=2, buffer_minutes=15, room_types=["couplesSuite"])
    first = [
        guest("ap_ruth", "cl_ruth", SAM.id, service_id=wrap.id),
        guest("ap_sol", "cl_sol", PRIYA.id, service_id=wrap.id),
    ]
    second = [
        guest("ap_zoe", "cl_zoe", SAM.id, "13:05", service_id=wrap.id),
        guest("ap_max", "cl_max", PRIYA.id, "13:05", service_id=wrap.id),
    ]
    conflicts = found([*first, *second], services=[*SERVICES, wrap])
    assert [str(c.kind) for c in conflicts] == ["buffer_violated"]
    assert set(conflicts[0].appointment_ids) >= {"ap_zoe", "ap_max"}


def test_one_guest_booked_twice_into_the_suite_is_still_a_double_booking() -> None:
    # a regression review: the same client's two couples bookings at 12:00 were taken for a couple
    again = guest("ap_ruth_again", "cl_ruth", PRIYA.id)
    assert couples_partners([RUTH, again], resources=RESOURCES, services=SERVICES) == {}
    assert ("room_double_booked", ("ap_ruth", "ap_ruth_again")) in kinds(found([RUTH, again]))
