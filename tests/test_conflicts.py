"""The conflict engine: each kind on a minimal calendar, the near misses that must stay quiet, stable keys."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from spa_copilot.domain import (
    Appointment,
    Certification,
    Resource,
    Service,
    ServiceLine,
    Shift,
    Staff,
    local_day_bounds,
)
from spa_copilot.engines.conflicts import Conflict, ConflictKind, conflict_key, find_conflicts
from tests.builders import appointment, at, location, room, service, staff

DAY = date(2026, 11, 24)  # a Tuesday

MAYA = staff("st_maya", first_name="Maya", last_name="Lopez", skills=["massage", "hotStone"])
JON = staff("st_jon", first_name="Jon", last_name="Berg", skills=["massage", "hotStone"])
PIA = staff("st_pia", first_name="Pia", last_name="Ng", skills=["massage"])
MASSAGE = service("sv_massage", name="Swedish Massage", room_types=["massageRoom", "couplesSuite"])
HOT_STONE = service(
    "sv_hot", name="Hot Stone", required_skill="hotStone", room_types=["massageRoom"], equipment_kinds=["hotStoneSet"]
)
WRAP = service("sv_wrap", name="Body Wrap", duration_minutes=40, processing_minutes=20, finishing_minutes=10)
EXPRESS = service("sv_express", name="Express Facial", duration_minutes=20)
CLEANUP = service("sv_clean", name="Mud Wrap", buffer_minutes=15, room_types=["wetRoom"])
PEEL = service("sv_peel", name="Chemical Peel", required_certification="chemicalPeel")
FOUR_HANDS = service("sv_four", name="Four Hands Massage", staff_count=2)
ROOM_1 = room("rs_1", name="Room 1")
ROOM_2 = room("rs_2", name="Room 2")
WET = room("rs_wet", name="Wet Room", room_type="wetRoom")
WET_2 = room("rs_wet2", name="Wet Room 2", room_type="wetRoom")
SUITE = room("rs_suite", name="Couples Suite", room_type="couplesSuite")
FACIAL_ROOM = room("rs_facial", name="Facial Room", room_type="facialRoom")
STONES = Resource(id="eq_stones", location_id="loc_1", name="Hot stone set", type="equipment", kind="hotStoneSet", capacity=2)
STONES_B = Resource(id="eq_stones_b", location_id="loc_1", name="Hot stone set B", type="equipment", kind="hotStoneSet")

ALL_STAFF = [MAYA, JON, PIA]
ALL_SERVICES = [MASSAGE, HOT_STONE, WRAP, EXPRESS, CLEANUP, PEEL, FOUR_HANDS]
ALL_RESOURCES = [ROOM_1, ROOM_2, WET, SUITE, FACIAL_ROOM, STONES]


def book(hhmm: str, minutes: int = 60, *, id: str, day: date = DAY, **kwargs: Any) -> Appointment:
    """A one-line appointment on ``day`` at local ``hhmm``."""
    kwargs.setdefault("service_id", MASSAGE.id)
    kwargs.setdefault("staff_id", MAYA.id)
    return appointment(at(day, hhmm), minutes, id=id, **kwargs)


def multi(id: str, lines: list[tuple[str, str, int, str | None, list[str]]], **overrides: Any) -> Appointment:
    """An appointment of several lines: (service id, "HH:MM", minutes, staff id, resource ids)."""
    service_lines = [
        ServiceLine(
            id=f"{id}_{n}", service_id=sid, staff_id=who, start_at=at(DAY, hhmm),
            end_at=at(DAY, hhmm) + timedelta(minutes=minutes), resource_ids=rids,
        )
        for n, (sid, hhmm, minutes, who, rids) in enumerate(lines)
    ]
    base = {
        "id": id, "location_id": "loc_1", "client_id": "cl_1", "status": "confirmed",
        "start_at": min(line.start_at for line in service_lines), "end_at": max(line.end_at for line in service_lines),
        "services": service_lines,
    }
    return Appointment(**(base | overrides))


def _in_utc(appt: Appointment) -> Appointment:
    """The same appointment with its line times given in UTC, as a platform might send them."""
    lines = [
        line.model_copy(update={"start_at": line.start_at.astimezone(UTC), "end_at": line.end_at.astimezone(UTC)})
        for line in appt.services
    ]
    return appt.model_copy(update={"services": lines})


def conflicts(
    appointments: list[Appointment],
    *,
    staff_: list[Staff] | None = None,
    services: list[Service] | None = None,
    resources: list[Resource] | None = None,
) -> list[Conflict]:
    return find_conflicts(
        appointments,
        staff=staff_ if staff_ is not None else ALL_STAFF,
        resources=resources if resources is not None else ALL_RESOURCES,
        services=services if services is not None else ALL_SERVICES,
        locations=[location()],
    )


def kinds(found: list[Conflict]) -> list[tuple[str, tuple[str, ...]]]:
    return [(str(c.kind), c.appointment_ids) for c in found]


# ---- each kind on a minimal calendar ------------------------------------------------------------------


def test_staff_double_booked_names_the_overlap_and_a_free_qualified_colleague() -> None:
    found = conflicts([
        book("13:30", id="ap_1", service_id=HOT_STONE.id),
        book("14:00", id="ap_2", service_id=HOT_STONE.id, resource_ids=["rs_2"]),
    ])
    assert kinds(found) == [("staff_double_booked", ("ap_1", "ap_2"))]
    clash = found[0]
    assert clash.staff_ids == ("st_maya",)
    assert (clash.start, clash.end) == (at(DAY, "14:00"), at(DAY, "14:30"))
    assert clash.start.utcoffset() == timedelta(hours=-5)  # shown in the location's zone
    assert "Maya Lopez" in clash.message and "Hot Stone" in clash.message
    # Jon is free and has hotStone; Pia is free but lacks it.
    assert clash.suggested_fix == "Move Maya's 14:00 Hot Stone to Jon, who is free and has hotStone."


def test_staff_double_booked_offers_a_later_start_when_nobody_else_can() -> None:
    found = conflicts(
        [book("13:30", id="ap_1"), book("14:00", id="ap_2", resource_ids=["rs_2"])],
        staff_=[MAYA],
    )
    assert found[0].suggested_fix == "Move the 14:00 Swedish Massage to 14:30, when Maya is free."


def test_room_double_booked_and_a_free_room_of_an_allowed_type() -> None:
    found = conflicts([book("10:00", id="ap_1"), book("10:30", id="ap_2", staff_id=JON.id)])
    assert kinds(found) == [("room_double_booked", ("ap_1", "ap_2"))]
    clash = found[0]
    assert clash.resource_ids == ("rs_1",) and clash.staff_ids == ("st_jon", "st_maya")
    assert (clash.start, clash.end) == (at(DAY, "10:30"), at(DAY, "11:00"))
    assert "Room 1" in clash.message
    assert clash.suggested_fix.startswith("Use Couples Suite for the 10:30 Swedish Massage")  # first free allowed room by name


def test_equipment_over_capacity_reports_the_crowded_stretch_and_everyone_in_it() -> None:
    bookings = [
        book("10:00", id="ap_1", staff_id=MAYA.id, resource_ids=["rs_1", "eq_stones"], service_id=HOT_STONE.id),
        book("10:30", id="ap_2", staff_id=JON.id, resource_ids=["rs_2", "eq_stones"], service_id=HOT_STONE.id),
        book("10:45", 30, id="ap_3", staff_id=PIA.id, resource_ids=["rs_facial", "eq_stones"]),
    ]
    found = [c for c in conflicts(bookings) if c.kind == ConflictKind.equipment_over_capacity]
    assert kinds(found) == [("equipment_over_capacity", ("ap_1", "ap_2", "ap_3"))]
    assert (found[0].start, found[0].end) == (at(DAY, "10:45"), at(DAY, "11:00"))
    assert "Hot stone set (capacity 2)" in found[0].message
    with_spare = conflicts(bookings, resources=[*ALL_RESOURCES, STONES_B])
    spare = [c for c in with_spare if c.kind == ConflictKind.equipment_over_capacity][0]
    assert spare.suggested_fix.startswith("Use Hot stone set B for the 10:45")


def test_missing_skill() -> None:
    found = conflicts([book("10:00", id="ap_1", staff_id=PIA.id, service_id=HOT_STONE.id)])
    assert kinds(found) == [("missing_skill", ("ap_1",))]
    assert found[0].staff_ids == ("st_pia",)
    assert "hotStone" in found[0].message and "Pia Ng" in found[0].message
    assert found[0].suggested_fix == "Reassign Pia's 10:00 Hot Stone to Jon, who is free and has hotStone."


def test_missing_certification_when_expired_and_not_when_valid() -> None:
    expired = staff("st_x", certifications=[Certification(name="chemicalPeel", expires_on=DAY - timedelta(days=1))])
    valid = staff("st_y", certifications=[Certification(name="chemicalPeel", expires_on=DAY)])
    found = conflicts([book("10:00", id="ap_1", staff_id="st_x", service_id=PEEL.id)], staff_=[expired, valid])
    assert kinds(found) == [("missing_certification", ("ap_1",))]
    assert "chemicalPeel" in found[0].message
    assert found[0].suggested_fix == "Reassign St X's 10:00 Chemical Peel to St Y, who is free."
    assert conflicts([book("10:00", id="ap_1", staff_id="st_y", service_id=PEEL.id)], staff_=[expired, valid]) == []


def test_wrong_room_type() -> None:
    found = conflicts([book("10:00", id="ap_1", service_id=HOT_STONE.id, resource_ids=["rs_facial"])])
    assert kinds(found) == [("wrong_room_type", ("ap_1",))]
    assert found[0].resource_ids == ("rs_facial",)
    assert "Facial Room" in found[0].message and "massageRoom" in found[0].message
    assert found[0].suggested_fix == "Move the 10:00 Hot Stone to Room 1, which is free and a massageRoom."


def test_buffer_violated_and_exactly_the_buffer_is_fine() -> None:
    first = book("10:00", id="ap_1", service_id=CLEANUP.id, resource_ids=["rs_wet"])
    short = book("11:10", id="ap_2", staff_id=JON.id, service_id=CLEANUP.id, resource_ids=["rs_wet"])
    found = conflicts([first, short])
    assert kinds(found) == [("buffer_violated", ("ap_1", "ap_2"))]
    assert (found[0].start, found[0].end) == (at(DAY, "11:10"), at(DAY, "11:15"))
    assert "15 min of turnover" in found[0].message and "5 min short" in found[0].message
    assert found[0].suggested_fix == "Start the Mud Wrap at 11:15 or later, or move it to another room."
    assert conflicts([first, short], resources=[*ALL_RESOURCES, WET_2])[0].suggested_fix == (
        "Move the 11:10 Mud Wrap to Wet Room 2, which is free."
    )
    exact = book("11:15", id="ap_2", staff_id=JON.id, service_id=CLEANUP.id, resource_ids=["rs_wet"])
    assert conflicts([first, exact]) == []


def test_buffer_is_not_needed_between_lines_of_the_same_appointment() -> None:
    both = multi("ap_1", [(CLEANUP.id, "10:00", 60, MAYA.id, ["rs_wet"]), (CLEANUP.id, "11:00", 60, MAYA.id, ["rs_wet"])])
    assert conflicts([both]) == []


def test_outside_shift_reports_the_part_outside() -> None:
    found = conflicts([book("17:30", id="ap_1")])
    assert kinds(found) == [("outside_shift", ("ap_1",))]
    assert (found[0].start, found[0].end) == (at(DAY, "18:00"), at(DAY, "18:30"))
    assert "09:00–18:00" in found[0].message and "Tuesday" in found[0].message


def test_no_shift_that_weekday_is_outside_shift() -> None:
    weekend_only = staff("st_w", shifts=[Shift(weekday=5, start="09:00", end="17:00")])
    found = conflicts([book("10:00", id="ap_1", staff_id="st_w")], staff_=[weekend_only])
    assert kinds(found) == [("outside_shift", ("ap_1",))]
    assert "no shift" in found[0].message


def test_understaffed_two_staff_service_with_one() -> None:
    found = conflicts([book("10:00", id="ap_1", service_id=FOUR_HANDS.id)])
    assert kinds(found) == [("understaffed", ("ap_1",))]
    assert found[0].staff_ids == ("st_maya",)
    assert found[0].suggested_fix == "Add Jon as the second therapist on the 10:00 Four Hands Massage: free and qualified."
    same_twice = multi("ap_2", [(FOUR_HANDS.id, "10:00", 60, MAYA.id, ["rs_1"]), (FOUR_HANDS.id, "10:00", 60, MAYA.id, ["rs_1"])])
    assert kinds(conflicts([same_twice])) == [("understaffed", ("ap_2",))]


# ---- near misses ------------------------------------------------------------------------------------------


def test_processing_time_frees_the_therapist_but_not_the_room() -> None:
    # Body wrap 10:00-11:10: hands-on to 10:40, processing 10:40-11:00 (therapist free), finishing 11:00-11:10.
    wrap = book("10:00", 70, id="ap_wrap", service_id=WRAP.id)
    quick = book("10:40", 20, id="ap_quick", service_id=EXPRESS.id, resource_ids=["rs_2"])
    assert conflicts([wrap, quick]) == []
    # The room stays busy during processing ...
    intruder = book("10:40", 20, id="ap_in", staff_id=JON.id, service_id=EXPRESS.id)
    assert kinds(conflicts([wrap, intruder])) == [("room_double_booked", ("ap_in", "ap_wrap"))]
    # ... and the therapist is busy again for the finishing time.
    late = book("10:45", 20, id="ap_late", service_id=EXPRESS.id, resource_ids=["rs_2"])
    found = conflicts([wrap, late])
    assert kinds(found) == [("staff_double_booked", ("ap_late", "ap_wrap"))]
    assert (found[0].start, found[0].end) == (at(DAY, "11:00"), at(DAY, "11:05"))


def test_unknown_service_keeps_everyone_busy_for_the_whole_line() -> None:
    wrap = book("10:00", 70, id="ap_wrap", service_id="sv_unknown")
    quick = book("10:40", 20, id="ap_quick", service_id=EXPRESS.id, resource_ids=["rs_2"])
    assert kinds(conflicts([wrap, quick])) == [("staff_double_booked", ("ap_quick", "ap_wrap"))]


@pytest.mark.parametrize("status", ["cancelled", "noShow"])
def test_inactive_appointment_in_the_same_room_is_ignored(status: str) -> None:
    assert conflicts([book("10:00", id="ap_1"), book("10:00", id="ap_2", status=status)]) == []


def test_two_staff_service_with_two_staff_sharing_one_room() -> None:
    four = multi("ap_1", [(FOUR_HANDS.id, "10:00", 60, MAYA.id, ["rs_1"]), (FOUR_HANDS.id, "10:00", 60, JON.id, ["rs_1"])])
    assert conflicts([four]) == []


def test_couples_appointment_counts_once_in_a_capacity_one_suite() -> None:
    couples = multi("ap_1", [(MASSAGE.id, "10:00", 60, MAYA.id, ["rs_suite"]), (MASSAGE.id, "10:00", 60, JON.id, ["rs_suite"])])
    assert conflicts([couples]) == []
    other = book("10:30", id="ap_2", staff_id=PIA.id, resource_ids=["rs_suite"])
    assert kinds(conflicts([couples, other])) == [("room_double_booked", ("ap_1", "ap_2"))]


def test_same_therapist_back_to_back_within_one_appointment() -> None:
    both = multi("ap_1", [(MASSAGE.id, "10:00", 60, MAYA.id, ["rs_1"]), (MASSAGE.id, "11:00", 30, MAYA.id, ["rs_1"])])
    assert conflicts([both, book("11:30", id="ap_2")]) == []


@pytest.mark.parametrize("day", [date(2026, 3, 8), date(2026, 11, 1)])  # New York springs forward / falls back
def test_dst_day_uses_the_locations_wall_clock(day: date) -> None:
    # Given in UTC, as a platform might send it; 09:00-10:00 and 17:00-18:00 local are inside a 09:00-18:00 shift.
    morning = book("09:00", id="ap_1", day=day)
    evening = book("17:00", id="ap_2", day=day)
    assert conflicts([_in_utc(morning), _in_utc(evening)]) == []
    early = conflicts([book("08:30", id="ap_3", day=day)])
    assert kinds(early) == [("outside_shift", ("ap_3",))]
    assert (early[0].start, early[0].end) == (at(day, "08:30"), at(day, "09:00"))


def test_missing_location_falls_back_to_the_lines_own_offset() -> None:
    late = book("17:30", id="ap_1")
    found = find_conflicts([late], staff=[MAYA], resources=[ROOM_1], services=[MASSAGE])
    assert kinds(found) == [("outside_shift", ("ap_1",))]
    assert found[0].start == at(DAY, "18:00")


# ---- clusters, keys and shapes ---------------------------------------------------------------------------


def test_three_way_cluster_is_one_conflict() -> None:
    three = [
        book("10:00", id="ap_1", resource_ids=["rs_1"]),
        book("10:15", 30, id="ap_2", resource_ids=["rs_2"]),
        book("10:30", id="ap_3", resource_ids=["rs_suite"]),
    ]
    found = conflicts(three)
    assert kinds(found) == [("staff_double_booked", ("ap_1", "ap_2", "ap_3"))]
    assert (found[0].start, found[0].end) == (at(DAY, "10:15"), at(DAY, "11:00"))
    assert "3 appointments at once" in found[0].message


def test_a_chain_of_overlaps_is_one_conflict_per_crowded_stretch() -> None:
    chain = [
        book("10:00", id="ap_1", resource_ids=["rs_1"]),
        book("10:30", id="ap_2", resource_ids=["rs_2"]),
        book("11:15", id="ap_3", resource_ids=["rs_suite"]),
    ]
    assert kinds(conflicts(chain)) == [
        ("staff_double_booked", ("ap_1", "ap_2")),
        ("staff_double_booked", ("ap_2", "ap_3")),
    ]


def _messy_calendar() -> list[Appointment]:
    return [
        book("10:00", id="ap_1", service_id=HOT_STONE.id, resource_ids=["rs_1", "eq_stones"]),
        book("10:30", id="ap_2", staff_id=PIA.id, service_id=HOT_STONE.id, resource_ids=["rs_1", "eq_stones"]),
        book("10:45", id="ap_3", resource_ids=["rs_2", "eq_stones"]),
        book("17:30", id="ap_4", staff_id=JON.id, service_id=CLEANUP.id, resource_ids=["rs_wet"]),
        book("16:00", id="ap_5", staff_id=PIA.id, service_id=FOUR_HANDS.id, resource_ids=["rs_suite"]),
        book("13:00", id="ap_6", staff_id=JON.id, resource_ids=["rs_facial"]),
    ]


def test_keys_survive_shuffling_and_renaming_and_fingerprints_follow_times() -> None:
    calendar = _messy_calendar()
    first = conflicts(calendar)
    assert {c.kind for c in first} == set(ConflictKind) - {ConflictKind.missing_certification, ConflictKind.buffer_violated}
    shuffled = calendar[::-1]
    random.Random(3).shuffle(shuffled)
    renamed = [s.model_copy(update={"first_name": s.first_name + "a"}) for s in ALL_STAFF]
    again = conflicts(shuffled, staff_=renamed)
    assert {c.key: c.fingerprint for c in again} == {c.key: c.fingerprint for c in first}
    assert {c.message for c in again} != {c.message for c in first}
    assert len({c.key for c in first}) == len(first)

    moved = [a if a.id != "ap_3" else book("10:50", id="ap_3", resource_ids=["rs_2", "eq_stones"]) for a in calendar]
    after = {c.key: c for c in conflicts(moved)}
    before = {c.key: c for c in first}
    double = next(c for c in first if c.kind == ConflictKind.staff_double_booked)
    assert after[double.key].fingerprint != double.fingerprint  # same conflict, new times: update in place
    assert after[double.key].start == at(DAY, "10:50")
    unchanged = next(c for c in first if c.kind == ConflictKind.understaffed)
    assert after[unchanged.key].fingerprint == before[unchanged.key].fingerprint


def test_key_is_independent_of_order_and_wording() -> None:
    assert conflict_key("room_double_booked", ["b", "a"], ["rs_1"]) == conflict_key("room_double_booked", ["a", "b"], ["rs_1"])
    assert conflict_key("room_double_booked", ["a", "b"], ["rs_1"]) != conflict_key("room_double_booked", ["a", "b"], ["rs_2"])
    assert conflict_key("room_double_booked", ["a", "b"], ["rs_1"]) != conflict_key("buffer_violated", ["a", "b"], ["rs_1"])


def test_to_json_has_the_pinned_fields() -> None:
    found = conflicts([book("10:00", id="ap_1"), book("10:30", id="ap_2", staff_id=JON.id)])
    data = found[0].to_json()
    assert {"kind", "appointmentIds", "staffIds", "resourceIds", "start", "end", "message", "suggestedFix", "key"} <= set(data)
    assert data["kind"] == "room_double_booked"
    assert data["appointmentIds"] == ["ap_1", "ap_2"]
    assert data["start"] == "2026-11-24T10:30:00-05:00"
    assert found[0].severity == "critical" and found[0].title == "Room double-booked"


def test_duplicate_appointment_reads_use_the_newest_version() -> None:
    old = book("10:00", id="ap_1", version=1)
    new = book("12:00", id="ap_1", version=2)
    assert conflicts([old, new, book("10:00", id="ap_2", staff_id=JON.id)]) == []


def test_messages_never_carry_client_ids_or_names() -> None:
    calendar = [a.model_copy(update={"client_id": "cl_secret"}) for a in _messy_calendar()]
    for found in conflicts(calendar):
        assert "cl_secret" not in found.message + found.suggested_fix
        assert found.start.tzinfo is not None and found.end >= found.start


def test_outside_shift_merges_lines_of_one_appointment() -> None:
    two = multi("ap_1", [(MASSAGE.id, "17:00", 60, MAYA.id, ["rs_1"]), (MASSAGE.id, "18:00", 30, MAYA.id, ["rs_1"])])
    found = conflicts([two])
    assert kinds(found) == [("outside_shift", ("ap_1",))]
    assert (found[0].start, found[0].end) == (at(DAY, "18:00"), at(DAY, "18:30"))


def test_utc_and_local_inputs_agree() -> None:
    found = conflicts([book("10:00", id="ap_1"), _in_utc(book("10:30", id="ap_2", staff_id=JON.id))])
    assert found[0].start == datetime(2026, 11, 24, 15, 30, tzinfo=UTC)
    assert found[0].start.utcoffset() == timedelta(hours=-5)


# ---- the sandbox spa's planted book ----------------------------------------------------------------------

SANDBOX_TODAY = date(2026, 11, 23)  # a Monday; the plants land on different days/rooms per weekday


@pytest.mark.parametrize("offset", range(7))
def test_sandbox_book_has_exactly_the_planted_conflicts(offset: int) -> None:
    from spa_copilot.sandbox import generator

    today = SANDBOX_TODAY + timedelta(days=offset)
    data = generator.generate_spa(7, today=today, clients=200, history_months=1)
    zones = {loc.id: loc.tz for loc in data.locations}
    book = []
    for a in data.appointments:
        start, _ = local_day_bounds(today, zones[a.location_id])
        _, end = local_day_bounds(today + timedelta(days=1), zones[a.location_id])
        if start <= a.start_at < end:
            book.append(a)
    found = find_conflicts(
        book, staff=data.staff, resources=data.resources, services=data.services, locations=data.locations
    )
    assert {(str(c.kind), frozenset(c.appointment_ids)) for c in found} == generator.planted_conflicts()
    near_miss_ids = {i for case in generator.NEAR_MISSES for i in case.appointment_ids}
    assert near_miss_ids <= {a.id for a in book}  # the near misses are in the book, and quiet
    assert not near_miss_ids & {i for c in found for i in c.appointment_ids}
