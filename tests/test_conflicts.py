"""The conflict engine: each kind on a minimal calendar, the near misses that must stay quiet, stable keys, and
random calendars checked against a brute-force reference."""

from __future__ import annotations

import dataclasses
import random
import re
from collections import defaultdict
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from itertools import combinations, pairwise
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from spa_copilot.domain import (
    Appointment,
    Certification,
    Location,
    Resource,
    Service,
    ServiceLine,
    Shift,
    Staff,
    local_day_bounds,
)
from spa_copilot.engines.conflicts import (
    Conflict,
    ConflictKind,
    conflict_key,
    find_conflicts,
)
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
    assert clash.suggested_fix == "Move Maya's 2:00pm Hot Stone to Jon, who is free and has the hot stone skill."


def test_staff_double_booked_offers_a_later_start_when_nobody_else_can() -> None:
    found = conflicts(
        [book("13:30", id="ap_1"), book("14:00", id="ap_2", resource_ids=["rs_2"])],
        staff_=[MAYA],
    )
    assert found[0].suggested_fix == "Move the 2:00pm Swedish Massage to 2:30pm, when Maya is free."


def test_a_later_start_keeps_the_rooms_turnover_and_stays_out_of_a_split_shifts_break() -> None:
    # Maya works 09:00-12:00 and 14:00-18:00. At 11:00 she would be free, but the Mud Wrap would end at 12:00
    # when the wet room's next booking starts (15 minutes of turnover short); 11:05 on runs past her morning.
    split = MAYA.model_copy(update={"shifts": [Shift(weekday=DAY.weekday(), start="09:00", end="12:00"),
                                                Shift(weekday=DAY.weekday(), start="14:00", end="18:00")]})
    booked = [
        book("10:00", id="ap_1", service_id=CLEANUP.id, resource_ids=["rs_wet2"]),
        book("10:30", id="ap_2", service_id=CLEANUP.id, resource_ids=["rs_wet"]),
        book("12:00", id="ap_next", service_id=CLEANUP.id, staff_id=None, resource_ids=["rs_wet"]),
    ]
    found = conflicts(booked, staff_=[split], resources=[*ALL_RESOURCES, WET_2])
    assert kinds(found) == [("staff_double_booked", ("ap_1", "ap_2"))]
    assert found[0].suggested_fix == "Move the 10:30am Mud Wrap to 2:00pm, when Maya is free."


def test_room_double_booked_and_a_free_room_of_an_allowed_type() -> None:
    found = conflicts([book("10:00", id="ap_1"), book("10:30", id="ap_2", staff_id=JON.id)])
    assert kinds(found) == [("room_double_booked", ("ap_1", "ap_2"))]
    clash = found[0]
    assert clash.resource_ids == ("rs_1",) and clash.staff_ids == ("st_jon", "st_maya")
    assert (clash.start, clash.end) == (at(DAY, "10:30"), at(DAY, "11:00"))
    assert "Room 1" in clash.message
    assert clash.suggested_fix.startswith("Use Couples Suite for the 10:30am Swedish Massage")  # first free allowed room by name


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
    assert found[0].suggested_fix.endswith("no other hot stone set is free then."), found[0].suggested_fix
    with_spare = conflicts(bookings, resources=[*ALL_RESOURCES, STONES_B])
    spare = next(c for c in with_spare if c.kind == ConflictKind.equipment_over_capacity)
    assert spare.suggested_fix.startswith("Use Hot stone set B for the 10:45am")


def test_missing_skill() -> None:
    found = conflicts([book("10:00", id="ap_1", staff_id=PIA.id, service_id=HOT_STONE.id)])
    assert kinds(found) == [("missing_skill", ("ap_1",))]
    assert found[0].staff_ids == ("st_pia",)
    assert "needs the hot stone skill" in found[0].message and "Pia Ng" in found[0].message
    assert found[0].suggested_fix == "Reassign Pia's 10:00am Hot Stone to Jon, who is free and has the hot stone skill."


def test_missing_certification_when_expired_and_not_when_valid() -> None:
    expired = staff("st_x", certifications=[Certification(name="chemicalPeel", expires_on=DAY - timedelta(days=1))])
    valid = staff("st_y", certifications=[Certification(name="chemicalPeel", expires_on=DAY)])
    found = conflicts([book("10:00", id="ap_1", staff_id="st_x", service_id=PEEL.id)], staff_=[expired, valid])
    assert kinds(found) == [("missing_certification", ("ap_1",))]
    assert "needs a chemical peel certification; St X's expired on Mon 23 Nov." in found[0].message
    assert found[0].suggested_fix == "Reassign St X's 10:00am Chemical Peel to St Y, who is free and certified for chemical peel."
    assert conflicts([book("10:00", id="ap_1", staff_id="st_y", service_id=PEEL.id)], staff_=[expired, valid]) == []


def test_wrong_room_type() -> None:
    found = conflicts([book("10:00", id="ap_1", service_id=HOT_STONE.id, resource_ids=["rs_facial"])])
    assert kinds(found) == [("wrong_room_type", ("ap_1",))]
    assert found[0].resource_ids == ("rs_facial",)
    assert "is in Facial Room; it needs a massage room." in found[0].message
    assert found[0].suggested_fix == "Move the 10:00am Hot Stone to Room 1, which is free and a massage room."


def test_room_types_read_as_rooms() -> None:
    from spa_copilot.ai.vocabulary import room_type_words

    assert [room_type_words(t) for t in ("massageRoom", "couplesSuite", "facial", "Treatment Room")] == [
        "massage room", "couples suite", "facial room", "Treatment Room"
    ]


def test_buffer_violated_and_exactly_the_buffer_is_fine() -> None:
    first = book("10:00", id="ap_1", service_id=CLEANUP.id, resource_ids=["rs_wet"])
    short = book("11:10", id="ap_2", staff_id=JON.id, service_id=CLEANUP.id, resource_ids=["rs_wet"], client_id="cl_2")
    found = conflicts([first, short])
    assert kinds(found) == [("buffer_violated", ("ap_1", "ap_2"))]
    assert (found[0].start, found[0].end) == (at(DAY, "11:10"), at(DAY, "11:15"))
    assert "15 min of turnover" in found[0].message and "5 min short" in found[0].message
    assert found[0].suggested_fix == "Move the 11:10am Mud Wrap to 11:15am, when Wet Room is ready and Jon is free."
    assert conflicts([first, short], resources=[*ALL_RESOURCES, WET_2])[0].suggested_fix == (
        "Move the 11:10am Mud Wrap to Wet Room 2, which is free."
    )
    exact = book("11:15", id="ap_2", staff_id=JON.id, service_id=CLEANUP.id, resource_ids=["rs_wet"], client_id="cl_2")
    assert conflicts([first, exact]) == []


def test_buffer_is_not_needed_between_lines_of_the_same_appointment() -> None:
    both = multi("ap_1", [(CLEANUP.id, "10:00", 60, MAYA.id, ["rs_wet"]), (CLEANUP.id, "11:00", 60, MAYA.id, ["rs_wet"])])
    assert conflicts([both]) == []


def test_a_couple_starting_in_the_turnover_after_another_couple_is_one_buffer_conflict() -> None:
    suite_wrap = service("sv_suite_wrap", name="Couples Wrap", buffer_minutes=15, room_types=["couplesSuite"])
    first = multi("ap_1", [(suite_wrap.id, "10:00", 60, MAYA.id, ["rs_suite"]), (suite_wrap.id, "10:00", 60, JON.id, ["rs_suite"])])
    second = multi("ap_2", [(suite_wrap.id, "11:05", 60, MAYA.id, ["rs_suite"]), (suite_wrap.id, "11:10", 50, PIA.id, ["rs_suite"])],
                   client_id="cl_2")
    found = conflicts([first, second], services=[*ALL_SERVICES, suite_wrap])
    assert kinds(found) == [("buffer_violated", ("ap_1", "ap_2"))], "one conflict per pair of appointments: keys are unique"
    [turnover] = found
    assert turnover.staff_ids == (MAYA.id, PIA.id)  # the first couple's line that ends first, both of the second's
    assert (f"{turnover.start:%H:%M}", f"{turnover.end:%H:%M}") == ("11:05", "11:15")
    assert "but the Couples Wrap starts 11:05am, 10 min short" in turnover.message


def test_outside_shift_reports_the_part_outside() -> None:
    found = conflicts([book("17:30", id="ap_1")])
    assert kinds(found) == [("outside_shift", ("ap_1",))]
    assert (found[0].start, found[0].end) == (at(DAY, "18:00"), at(DAY, "18:30"))
    assert "9:00am–6:00pm" in found[0].message and "Tuesday" in found[0].message


def test_no_shift_that_weekday_is_outside_shift() -> None:
    weekend_only = staff("st_w", shifts=[Shift(weekday=5, start="09:00", end="17:00")])
    found = conflicts([book("10:00", id="ap_1", staff_id="st_w")], staff_=[weekend_only])
    assert kinds(found) == [("outside_shift", ("ap_1",))]
    assert "no shift" in found[0].message


def test_a_shift_until_midnight_or_past_it_ends_the_next_day() -> None:
    tuesday = DAY.weekday()
    late = staff("st_late", first_name="Lena", shifts=[Shift(weekday=tuesday, start="16:00", end="00:00")])
    night = staff("st_night", first_name="Nico", shifts=[Shift(weekday=tuesday, start="18:00", end="02:00")])
    wednesday = DAY + timedelta(days=1)
    booked = [
        book("22:30", 90, id="ap_late", staff_id="st_late", resource_ids=["rs_1"]),  # 22:30-24:00: inside
        book("20:00", id="ap_night", staff_id="st_night", resource_ids=["rs_2"]),
        book("01:00", id="ap_small_hours", day=wednesday, staff_id="st_night", resource_ids=["rs_2"]),  # Tuesday's shift
        book("01:30", 60, id="ap_past_end", day=wednesday, staff_id="st_night", resource_ids=["rs_1"]),
    ]
    found = conflicts(booked, staff_=[late, night])
    assert kinds(found) == [("staff_double_booked", ("ap_past_end", "ap_small_hours")), ("outside_shift", ("ap_past_end",))]
    spill = found[1]
    assert (f"{spill.start:%H:%M}", f"{spill.end:%H:%M}") == ("02:00", "02:30")
    assert "shift on Wednesday is Tuesday's 6:00pm–2:00am," in spill.message


def test_understaffed_two_staff_service_with_one() -> None:
    found = conflicts([book("10:00", id="ap_1", service_id=FOUR_HANDS.id)])
    assert kinds(found) == [("understaffed", ("ap_1",))]
    assert found[0].staff_ids == ("st_maya",)
    assert found[0].suggested_fix == "Add Jon as the second therapist on the 10:00am Four Hands Massage: free and qualified."
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


def test_equipment_serves_each_line_so_a_couples_hot_stone_takes_two_sets() -> None:
    couple = multi(
        "ap_couple",
        [(HOT_STONE.id, "10:00", 60, MAYA.id, ["rs_suite", "eq_stones"]), (HOT_STONE.id, "10:00", 60, JON.id, ["rs_suite", "eq_stones"])],
    )
    assert [c for c in conflicts([couple]) if c.kind == ConflictKind.equipment_over_capacity] == []  # two sets, two guests
    single = book("10:30", id="ap_single", staff_id=JON.id, service_id=HOT_STONE.id, resource_ids=["rs_1", "eq_stones"])
    found = [c for c in conflicts([couple, single]) if c.kind == ConflictKind.equipment_over_capacity]
    assert kinds(found) == [("equipment_over_capacity", ("ap_couple", "ap_single"))]
    assert (found[0].start, found[0].end) == (at(DAY, "10:30"), at(DAY, "11:00"))
    assert found[0].message.startswith("3 treatments use Hot stone set (capacity 2) at once")


def test_a_clash_split_by_processing_time_is_one_conflict_with_one_key() -> None:
    # Maya: wrap hands-on 10:00-10:40, free while it sets, finishing 11:00-11:10; the express facial 10:30-11:05
    # overlaps both busy parts. One pair of appointments on one therapist: one conflict, not two with one key.
    wrap = book("10:00", 70, id="ap_wrap", service_id=WRAP.id)
    other = book("10:30", 35, id="ap_other", service_id=EXPRESS.id, resource_ids=["rs_2"])
    found = conflicts([wrap, other])
    assert kinds(found) == [("staff_double_booked", ("ap_other", "ap_wrap"))]
    assert (found[0].start, found[0].end) == (at(DAY, "10:30"), at(DAY, "11:05"))


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


# ---- staff shared between locations ---------------------------------------------------------------------

UPTOWN = location(id="loc_2", name="Uptown")
WEST = location(id="loc_west", name="West", time_zone="America/Los_Angeles")


def test_one_therapist_booked_at_two_locations_at_once_is_one_double_booking_naming_both() -> None:
    uptown_room = room("rs_up", name="Up Room", location_id=UPTOWN.id)
    here = book("10:00", id="ap_1")
    there = book("10:30", id="ap_2", location_id=UPTOWN.id, resource_ids=[uptown_room.id])
    found = find_conflicts(
        [here, there], staff=ALL_STAFF, resources=[*ALL_RESOURCES, uptown_room], services=ALL_SERVICES,
        locations=[location(), UPTOWN],
    )
    assert kinds(found) == [("staff_double_booked", ("ap_1", "ap_2"))]
    clash = found[0]
    assert clash.location_ids == ("loc_1", "loc_2") and clash.to_json()["locationIds"] == ["loc_1", "loc_2"]
    assert "10:00am–11:00am at Downtown; " in clash.message and "10:30am–11:30am at Uptown." in clash.message
    alone = find_conflicts([here], staff=ALL_STAFF, resources=ALL_RESOURCES, services=ALL_SERVICES, locations=[location()])
    assert alone == [], "one location's book alone cannot see it"
    local = conflicts([book("10:00", id="ap_3"), book("10:30", id="ap_4", resource_ids=["rs_2"])])
    assert local[0].location_ids == ("loc_1",) and " at Downtown" not in local[0].message


def test_shifts_are_in_the_staff_members_own_locations_zone_wherever_they_are_booked() -> None:
    # Maya works 09:00-18:00 in New York (Downtown): 08:00 in Los Angeles is 11:00 for her, 14:30-15:30 is 17:30-18:30
    west_room = room("rs_west", name="West Room", location_id=WEST.id)
    morning = appointment(at(DAY, "08:00", WEST.tz), id="ap_1", staff_id=MAYA.id, location_id=WEST.id, resource_ids=[west_room.id])
    late = appointment(at(DAY, "14:30", WEST.tz), id="ap_2", staff_id=MAYA.id, location_id=WEST.id, resource_ids=[west_room.id])
    found = find_conflicts(
        [morning, late], staff=ALL_STAFF, resources=[*ALL_RESOURCES, west_room], services=ALL_SERVICES,
        locations=[location(), WEST],
    )
    assert kinds(found) == [("outside_shift", ("ap_2",))]
    assert (found[0].start, found[0].end) == (at(DAY, "18:00"), at(DAY, "18:30"))
    # her shift in her own zone, the booking in the location's, each time labelled with its zone
    assert found[0].message == (
        "Maya Lopez's shift on Tuesday is 9:00am–6:00pm EST, but the 2:30pm PST Service sv_1 keeps them busy "
        "3:00pm–3:30pm PST (6:00pm–6:30pm EST), outside it."
    )
    assert found[0].suggested_fix == "Extend Maya's shift or move the 2:30pm PST Service sv_1 inside it."
    assert found[0].zones_labelled


def test_a_double_booking_across_zones_labels_every_time_with_its_zone() -> None:
    west_room = room("rs_west", name="West Room", location_id=WEST.id)
    here = book("13:00", id="ap_1")  # 13:00 in New York is 10:00 in Los Angeles
    there = appointment(
        at(DAY, "10:00", WEST.tz), id="ap_2", staff_id=MAYA.id, service_id=MASSAGE.id, location_id=WEST.id,
        resource_ids=[west_room.id],
    )
    found = find_conflicts(
        [here, there], staff=ALL_STAFF, resources=[*ALL_RESOURCES, west_room], services=ALL_SERVICES,
        locations=[location(), WEST],
    )
    [clash] = [c for c in found if c.kind == ConflictKind.staff_double_booked]
    assert clash.message == (
        "Maya Lopez is booked for 2 appointments at once 1:00pm–2:00pm EST: "
        "Swedish Massage 1:00pm–2:00pm EST at Downtown; Swedish Massage 10:00am–11:00am PST at West."
    )
    assert clash.suggested_fix == "Move the 10:00am PST Swedish Massage to 11:00am PST, when Maya is free."
    assert clash.zones_labelled
    # how the times are written is in neither the key nor the fingerprint
    plain = dataclasses.replace(clash, message="m", suggested_fix="f", zones_labelled=False)
    assert (plain.key, plain.fingerprint) == (clash.key, clash.fingerprint)
    assert clash.key == conflict_key("staff_double_booked", ["ap_1", "ap_2"], [MAYA.id])
    # two locations in one zone: plain times, as before
    uptown_room = room("rs_up", name="Up Room", location_id=UPTOWN.id)
    same_zone = find_conflicts(
        [here, book("13:00", id="ap_3", location_id=UPTOWN.id, resource_ids=[uptown_room.id])],
        staff=ALL_STAFF, resources=[*ALL_RESOURCES, uptown_room], services=ALL_SERVICES, locations=[location(), UPTOWN],
    )
    [local] = [c for c in same_zone if c.kind == ConflictKind.staff_double_booked]
    assert "at once 1:00pm–2:00pm: " in local.message and " EST" not in local.message + local.suggested_fix
    assert not local.zones_labelled


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



# ---- randomized cross-check against a plain O(n^2) reference ---------------------------------------------
#
# The engine sweeps sorted integer timelines and takes shortcuts (epoch seconds per local hour, walks that
# stop early, checks that skip untouched rooms). The reference below re-derives every conflict, and whom or
# what each suggested fix names, from the documented rules by brute force with plain datetime arithmetic, on
# small random calendars that include DST days (New York, and Lord Howe's half-hour shift), night shifts, UTC
# and JSON-parsed (fixed offset) inputs, sub-second times, duplicate reads, unknown ids, cancellations and guests
# starting together in a couples suite (a couple booked as two appointments, or not: one therapist, one client).

RANDOM_ZONES = {"loc_ny": ZoneInfo("America/New_York"), "loc_lh": ZoneInfo("Australia/Lord_Howe")}
RANDOM_DAYS = [
    date(2026, 3, 8),  # New York springs forward
    date(2026, 11, 1),  # New York falls back
    date(2026, 4, 5),  # Lord Howe falls back half an hour
    date(2026, 10, 4),  # Lord Howe springs forward half an hour
    date(2026, 11, 24),
    date(2026, 11, 25),
]
RANDOM_SERVICES = [
    service("sv_swedish", buffer_minutes=10, room_types=["massageRoom", "couplesSuite"]),
    service("sv_hot", duration_minutes=75, buffer_minutes=15, required_skill="hotStone", room_types=["massageRoom"]),
    service("sv_wrap", duration_minutes=40, processing_minutes=20, finishing_minutes=10, room_types=["wetRoom"]),
    service("sv_peel", duration_minutes=45, required_certification="chemicalPeel", room_types=["facialRoom"]),
    service("sv_four", name="Four Hands Massage", staff_count=2, room_types=["couplesSuite"]),
    service("sv_express", duration_minutes=20, buffer_minutes=5),
    service("sv_couples", name="Couples Massage", staff_count=2, buffer_minutes=10, room_types=["couplesSuite"]),
    service("sv_side", name="Side-by-Side Facial", category="facial", room_types=["couplesSuite", "facialRoom"]),
]
RANDOM_ADD_ON = service("sv_addon", name="Scalp Add-On", category="enhancement", duration_minutes=15)
RANDOM_SERVICES.append(RANDOM_ADD_ON)
SHIFT_PATTERNS = [
    [("09:00", "17:00")],
    [("07:00", "12:00"), ("13:00", "19:00")],
    [("00:00", "23:59")],
    [("22:00", "23:59"), ("00:00", "06:00")],
    [("10:00", "14:00"), ("14:00", "20:00")],
    [("18:00", "02:00")],  # an overnight shift, into the next day
    [("12:00", "00:00")],  # until midnight
    [],
]
HOURS = [0, 1, 2, 3, 7, *range(8, 19), *range(8, 19), 21, 23]


def _random_spa(rng: random.Random) -> tuple[list[Appointment], list[Staff], list[Resource], list[Location]]:
    locations = [
        Location(id=loc_id, name=loc_id, time_zone=str(zone))
        for loc_id, zone in RANDOM_ZONES.items()
        if loc_id == "loc_ny" or rng.random() < 0.4
    ]
    team: list[Staff] = []
    rooms: list[Resource] = []
    for loc in locations:
        for n in range(rng.randint(2, 5)):
            pattern = rng.choice(SHIFT_PATTERNS)
            shifts = [Shift(weekday=d, start=s, end=e) for d in range(7) for s, e in pattern if rng.random() < 0.9]
            certs = rng.choice(
                [[], [Certification(name="chemicalPeel")], [Certification(name="chemicalPeel", expires_on=date(2026, 6, 1))]]
            )
            skills = rng.sample(["massage", "hotStone"], rng.randint(0, 2))
            team.append(staff(f"st_{loc.id}_{n}", location_id=loc.id, skills=skills, certifications=certs, shifts=shifts))
        for n, room_type in enumerate(["massageRoom", "massageRoom", "wetRoom", "facialRoom", "couplesSuite", None]):
            rooms.append(room(f"rs_{loc.id}_{n}", name=f"Room {rng.randint(1, 9)}", location_id=loc.id, room_type=room_type))
        if rng.random() < 0.3:  # a suite for two couples: its guests are never paired by the second rule
            rooms[-2] = rooms[-2].model_copy(update={"capacity": 2})
        for n in range(rng.randint(1, 2)):
            rooms.append(
                Resource(id=f"eq_{loc.id}_{n}", location_id=loc.id, name=f"Stones {n}", type="equipment",
                         kind="hotStoneSet", capacity=rng.randint(1, 2))
            )
    days = rng.sample(RANDOM_DAYS, 2)
    booked: list[Appointment] = []
    for n in range(rng.randint(8, 40)):
        loc = rng.choice(locations)
        zone = RANDOM_ZONES[loc.id]
        day = rng.choice(days)
        start = datetime(day.year, day.month, day.day, rng.choice(HOURS), rng.randrange(0, 60, 5), tzinfo=zone, fold=rng.randint(0, 1))
        if rng.random() < 0.03:
            start = start.replace(microsecond=rng.choice([1, 500_000, 999_999]))
        sv = rng.choice([*RANDOM_SERVICES, service("sv_unknown")])
        minutes = rng.choice([sv.duration_minutes + sv.processing_minutes + sv.finishing_minutes, 15, 30, 45, 90, 150])
        here = [s.id for s in team if s.location_id == loc.id]
        places = [r.id for r in rooms if r.location_id == loc.id]
        who = rng.choice(here) if rng.random() < 0.9 else rng.choice([None, "st_unknown"])
        where = rng.sample(places, rng.choice([0, 1, 1, 1, 2])) + (["rs_unknown"] if rng.random() < 0.05 else [])
        shape = rng.random()
        if shape < 0.2 and booked and booked[-1].services[0].resource_ids:  # the next guest in the same room, soon after
            previous = booked[-1].services[0]
            start = previous.end_at.astimezone(zone) + timedelta(minutes=rng.choice([0, 5, 10, 15, 20]))
            where = list(previous.resource_ids)
        shape = rng.random()
        if shape < 0.15:  # two staff side by side (a couples booking, a four-hands service, an add-on inside)
            offset, length = rng.choice([(0, minutes), (0, minutes), (rng.choice([0, 10, 30]), rng.choice([15, 20, 200]))])
            parts = [(start, minutes, who, where), (start + timedelta(minutes=offset), length, rng.choice([*here, None]), where)]
            if rng.random() < 0.3:  # an add-on booked as its own line, inside the treatment or not
                parts[1] = (*parts[1][:3], where, RANDOM_ADD_ON)
        elif shape < 0.25:  # back-to-back services with the same therapist
            parts = [(start, minutes, who, where), (start + timedelta(minutes=minutes), 30, who, where)]
        else:
            parts = [(start, minutes, who, where)]
        appt_id = f"ap_{n}" if rng.random() < 0.95 else f"ap_{max(n - 1, 0)}"  # now and then a duplicate read
        service_lines = [
            ServiceLine(id=f"{appt_id}_{k}", service_id=(rest[0] if rest else sv).id, staff_id=s, start_at=t,
                        end_at=t + timedelta(minutes=m), resource_ids=r)
            for k, (t, m, s, r, *rest) in enumerate(parts)
        ]
        appt = Appointment(
            id=appt_id, location_id=loc.id if rng.random() < 0.95 else "loc_unknown", client_id=f"cl_{rng.randint(1, 4)}",
            status=rng.choice(["confirmed"] * 8 + ["checkedIn", "cancelled", "noShow"]), version=rng.randint(1, 3),
            start_at=service_lines[0].start_at, end_at=service_lines[-1].end_at, services=service_lines,
        )
        if booked and rng.random() < 0.25:  # a guest starting beside the one before in its room (a couple, or not)
            beside = booked[-1]
            first = beside.services[0]
            suite = [r.id for r in rooms if r.room_type == "couplesSuite" and r.location_id == beside.location_id]
            if not first.resource_ids or rng.random() < 0.5:
                where = suite[:1] or list(first.resource_ids)
                beside = beside.model_copy(update={"services": [first.model_copy(update={"resource_ids": where}), *beside.services[1:]]})
                booked[-1] = beside
            partner = ServiceLine(
                id=f"{appt_id}_0", service_id=rng.choice([first.service_id, *(s.id for s in RANDOM_SERVICES)]),
                staff_id=rng.choice([first.staff_id, *here, None]), start_at=first.start_at,
                end_at=first.start_at + timedelta(minutes=rng.choice([30, 60, 90])), resource_ids=list(beside.services[0].resource_ids),
            )
            rest = appt.services[1:]
            if rng.random() < 0.3:  # an add-on starting with her treatment, in the same room, by her therapist or not
                rest = [partner.model_copy(update={
                    "id": f"{appt_id}_addon", "service_id": RANDOM_ADD_ON.id, "end_at": partner.start_at + timedelta(minutes=15),
                    "staff_id": rng.choice([partner.staff_id, partner.staff_id, first.staff_id, None]),
                }), *rest]
            appt = appt.model_copy(update={
                "location_id": beside.location_id if rng.random() < 0.9 else loc.id,
                "client_id": rng.choice([beside.client_id, f"cl_{rng.randint(5, 9)}", f"cl_{rng.randint(5, 9)}"]),
                "start_at": partner.start_at, "end_at": max(line.end_at for line in [partner, *rest]),
                "services": [partner, *rest],
            })
        form = rng.random()
        if form < 0.15:
            appt = _in_utc(appt)
        elif form < 0.3:  # as parsed from the platform's JSON: a fixed-offset tzinfo object per timestamp
            appt = Appointment.model_validate_json(appt.model_dump_json())
        booked.append(appt)
    return booked, team, rooms, locations


def _reference_conflicts(
    appointments: list[Appointment], team: list[Staff], rooms: list[Resource], services: list[Service], locations: list[Location]
) -> list[tuple[Any, ...]]:
    """Every conflict by brute force from the documented rules, as ``(kind, appointments, subjects, staff,
    resources, start, end, named)``: epoch seconds, and the colleague's first name or the resource's name
    the suggested fix must offer (None: no colleague or resource can take it)."""
    members, resources, catalogue = {s.id: s for s in team}, {r.id: r for r in rooms}, {s.id: s for s in services}
    zones = {loc.id: loc.tz for loc in locations}
    newest: dict[str, Appointment] = {}
    for appt in appointments:
        if appt.id not in newest or appt.version >= newest[appt.id].version:
            newest[appt.id] = appt
    chosen = appointments if len(newest) == len(appointments) else list(newest.values())
    lines = []  # (appointment, line, service, start, end, zone), numbered in input order
    for appt in chosen:
        if not appt.is_active:
            continue
        for line in appt.services:
            start = int(line.start_at.timestamp())
            elapsed = line.end_at.astimezone(UTC) - line.start_at.astimezone(UTC)  # real time, across a clock change
            end = start + int(elapsed.total_seconds())
            if end > start:
                zone = zones.get(appt.location_id) or line.start_at.tzinfo
                lines.append((appt, line, catalogue.get(line.service_id), start, end, zone))

    def busy(no: int) -> list[tuple[int, int]]:
        _, _, sv, start, end, _ = lines[no]
        if sv is None or not sv.processing_minutes:
            return [(start, end)]
        freed = min(start + sv.duration_minutes * 60, end)
        back = freed + sv.processing_minutes * 60
        return [(start, freed), (back, end)] if back < end else [(start, freed)]

    def buffer(no: int) -> int:
        return lines[no][2].buffer_minutes * 60 if lines[no][2] else 0

    # A couples booking made as two appointments counts as one booking (the first's) in a room and for a two-staff
    # service: in a couples suite, exactly two lines of two guests' appointments starting together (to the second),
    # first when they are the same service for two, then, among the appointments not paired yet, whatever their
    # services but four hands when each has a therapist of their own; every line of the second in that suite counts
    # as the first's. An appointment is paired once, the first pair in the book's order winning.
    def says_two(sv: Service | None) -> bool:
        words = f"{sv.name} {sv.category}".lower() if sv else ""
        four = re.search(r"(four|4)[ -]*hand", words) is not None
        return sv is not None and (
            re.search(r"\b(couples?|side[ -]*by[ -]*side|duo|partners?|for (two|2)\b(?! ?(hours?|h|mins?)))", words) is not None
            or (sv.staff_count > 1 and not four)
        ), four

    booking = [appt.id for appt, *_ in lines]
    order = {appt.id: k for k, appt in enumerate(chosen)}
    in_suites = [
        (no, rid) for no, (_, line, *_) in enumerate(lines) for rid in line.resource_ids
        if (place := resources.get(rid)) is not None and place.type == "room" and place.room_type == "couplesSuite"
    ]
    coupled: set[str] = set()

    def couple(rid: str, a: Appointment, b: Appointment) -> None:
        if a.id == b.id or a.id in coupled or b.id in coupled or a.location_id != b.location_id or a.client_id == b.client_id:
            return
        first, second = sorted((a, b), key=lambda appt: order[appt.id])
        coupled.update((a.id, b.id))
        for no, (appt, line, *_) in enumerate(lines):
            if appt.id == second.id and rid in line.resource_ids:
                booking[no] = first.id

    same_service: dict[tuple[str, int, str], list[int]] = {}
    for no, rid in in_suites:
        if says_two(lines[no][2])[0]:
            same_service.setdefault((rid, lines[no][3], lines[no][1].service_id), []).append(no)
    for (rid, _, _), nos in same_service.items():
        if len(nos) == 2:
            couple(rid, lines[nos[0]][0], lines[nos[1]][0])
    # the second rule only in a suite of capacity 1, and by guest: an add-on line starting with her treatment is hers
    beside: dict[tuple[str, int], dict[str, list[int]]] = {}
    for no, rid in in_suites:
        yes, four = says_two(lines[no][2])
        if (yes or not four) and lines[no][0].id not in coupled and resources[rid].capacity == 1:
            beside.setdefault((rid, lines[no][3]), {}).setdefault(lines[no][0].id, []).append(no)
    for (rid, _), guests in beside.items():
        if len(guests) != 2:
            continue
        (a_nos, b_nos) = guests.values()
        therapists_a = {lines[no][1].staff_id for no in a_nos if lines[no][1].staff_id}
        therapists_b = {lines[no][1].staff_id for no in b_nos if lines[no][1].staff_id}
        if therapists_a and therapists_b and therapists_a.isdisjoint(therapists_b):
            couple(rid, lines[a_nos[0]][0], lines[b_nos[0]][0])

    def local_day(ts: int, zone: Any) -> date:
        return datetime.fromtimestamp(ts, zone).date()

    def outside(member: Staff, s: int, e: int, zone: Any, days: list[date]) -> list[tuple[int, int]]:
        windows = [
            (
                _shift_moment(day, shift.start, zone),
                _shift_moment(day + timedelta(days=shift.end < shift.start or shift.end == "00:00"), shift.end, zone),
            )
            for day in days
            for shift in member.shifts
            if shift.weekday == day.weekday()
        ]
        pieces = [(s, e)]
        for ws, we in windows:  # cut each shift out of the busy part
            pieces = [(a, b) for x, y in pieces for a, b in ((x, min(y, ws)), (max(x, we), y)) if a < b]
        return pieces

    by_staff: dict[str, list[tuple[int, int, int]]] = defaultdict(list)
    by_resource: dict[str, list[tuple[int, int, int]]] = defaultdict(list)
    for no, (_, line, _, start, end, _) in enumerate(lines):
        if line.staff_id:
            by_staff[line.staff_id] += [(s, e, no) for s, e in busy(no)]
        for rid in line.resource_ids:
            by_resource[rid].append((start, end, no))

    def colleague(no: int, exclude: set[str]) -> str | None:
        """The first colleague by name who is free, qualified and on shift for line ``no``."""
        appt, _, sv, start, _, zone = lines[no]
        day = local_day(start, zone)
        nearby = sorted(
            (m for m in team if m.active and m.shifts and m.role != "frontDesk" and m.location_id == appt.location_id),
            key=lambda m: (m.display_name, m.id),
        )
        for member in nearby:
            if member.id in exclude:
                continue
            if any(s < pe and ps < e for s, e, _ in by_staff.get(member.id, []) for ps, pe in busy(no)):
                continue
            if sv and sv.required_skill and sv.required_skill not in member.skills:
                continue
            if sv and sv.required_certification and not member.has_certification(sv.required_certification, day):
                continue
            if any(
                outside(member, ps, pe, zone, sorted({local_day(ps, zone) - timedelta(days=1), local_day(ps, zone), local_day(pe - 1, zone)}))
                for ps, pe in busy(no)
            ):
                continue
            return member.first_name
        return None

    def alternative(current: Resource, no: int) -> str | None:
        """The first resource by name like ``current`` (an allowed room type, the same kind) free for line ``no``, at
        the booking's location (the resource's when the booking's is unknown)."""
        appt, line, sv, start, end, _ = lines[no]
        place = appt.location_id if appt.location_id in zones else current.location_id
        if current.type == "room":
            types = sv.room_types if sv and sv.room_types else [current.room_type]
            alike = [r for r in rooms if r.type == "room" and r.room_type in types]
        else:
            alike = [r for r in rooms if r.type == current.type and r.kind == current.kind]
        for other in sorted((r for r in alike if r.location_id == place), key=lambda r: (r.name, r.id)):
            if other.id == current.id or other.id in line.resource_ids:
                continue
            if not any(s < end + buffer(no) and start < e + buffer(i) for s, e, i in by_resource.get(other.id, [])):
                return other.name
        return None

    def add_on(no: int) -> bool:
        _, line, sv, _, _, _ = lines[no]
        said = [line.service_name, *([sv.category, sv.name] if sv else [])]
        return any(word in re.sub(r"[\W_]+", "", text).casefold() for text in said for word in ("addon", "enhancement"))

    def together(i: int, j: int) -> bool:
        """Two lines of one appointment on one therapist meant to run at once: a two-staff service's two lines, an
        add-on inside the other line."""
        (_, first, sv, s1, e1, _), (_, second, _, s2, e2, _) = lines[i], lines[j]
        if sv is not None and sv.staff_count > 1 and first.service_id == second.service_id:
            return True
        return (add_on(j) and s1 <= s2 and e2 <= e1) or (add_on(i) and s2 <= s1 and e1 <= e2)

    # what a therapist's one-at-a-time counts: each line, lines meant to run together as one
    staff_unit = list(range(len(lines)))
    for i, j in combinations(range(len(lines)), 2):
        (appt_i, line_i, *_), (appt_j, line_j, *_) = lines[i], lines[j]
        if appt_i.id == appt_j.id and line_i.staff_id and line_i.staff_id == line_j.staff_id and together(i, j):
            old, new = max(staff_unit[i], staff_unit[j]), min(staff_unit[i], staff_unit[j])
            staff_unit = [new if unit == old else unit for unit in staff_unit]

    def crowded(
        intervals: list[tuple[int, int, int]], capacity: int, per_line: bool = False, per_staff_unit: bool = False
    ) -> list[tuple[int, int, set[int]]]:
        """Stretches over capacity (units: appointments, lines for equipment, a therapist's ``staff_unit``), then one
        per set of appointments."""
        points = sorted({t for s, e, _ in intervals for t in (s, e)})
        stretches: list[list[Any]] = []
        for a, b in pairwise(points):
            active = [no for s, e, no in intervals if s <= a < e]
            if per_staff_unit:
                held = len({staff_unit[no] for no in active})
            else:
                held = len(active if per_line else {booking[no] for no in active})
            if held <= capacity:
                continue
            spanned = any(s < a < e for s, e, _ in intervals)  # no booking spans a "cut": conflicts stop there
            if stretches and stretches[-1][1] == a and spanned:
                stretches[-1][1] = b
                stretches[-1][2].update(active)
            else:
                stretches.append([a, b, set(active)])
        merged: dict[frozenset[str], list[Any]] = {}
        for a, b, nos in stretches:
            same = merged.setdefault(frozenset(lines[no][0].id for no in nos), [a, b, set()])
            same[0], same[1] = min(same[0], a), max(same[1], b)
            same[2].update(nos)
        return [(a, b, nos) for a, b, nos in merged.values()]

    found: list[tuple[Any, ...]] = []

    def add(kind: str, nos: Any, subject: Any, staff_ids: Any, resource_ids: Any, start: int, end: int, named: str | None) -> None:
        found.append((kind, tuple(sorted({lines[no][0].id for no in nos})), tuple(sorted(set(subject))),
                      tuple(sorted({s for s in staff_ids if s})), tuple(sorted(set(resource_ids))), start, end, named))

    def last_of(nos: set[int]) -> int:
        return max(nos, key=lambda no: (lines[no][3], lines[no][0].id, no))

    def most_at_once(intervals: list[tuple[int, int, int]], unit: Callable[[int], Any]) -> int:
        points = sorted({t for s, e, _ in intervals for t in (s, e)})
        return max((len({unit(no) for s, e, no in intervals if s <= a < e}) for a in points), default=0)

    def clearing(nos: set[int], intervals: list[tuple[int, int, int]], capacity: int, unit: Callable[[int], Any]) -> int:
        """The latest line to start whose booking moved leaves the rest within ``capacity``, else the latest line."""
        for no in sorted(nos, key=lambda no: (lines[no][3], lines[no][0].id, no), reverse=True):
            rest = [i for i in intervals if i[2] in nos and unit(i[2]) != unit(no)]
            if most_at_once(rest, unit) <= capacity:
                return no
        return last_of(nos)

    def to_move(nos: set[int], intervals: list[tuple[int, int, int]]) -> int:
        """The latest line to start of an appointment with only that line in the clash (else the latest line); of
        those, the latest whose move clears the clash."""
        alone = {no for no in nos if sum(lines[n][0].id == lines[no][0].id for n in nos) == 1}
        if not alone:
            return last_of(nos)
        rest_of = {no: [i for i in intervals if i[2] in nos and lines[i[2]][0].id != lines[no][0].id] for no in alone}
        for no in sorted(alone, key=lambda no: (lines[no][3], lines[no][0].id, no), reverse=True):
            if most_at_once(rest_of[no], staff_unit.__getitem__) <= 1:
                return no
        return last_of(alone)

    for staff_id, intervals in by_staff.items():
        for a, b, nos in crowded(intervals, 1, per_staff_unit=True):
            add("staff_double_booked", nos, [staff_id], [staff_id], [], a, b, colleague(to_move(nos, intervals), {staff_id}))
    for rid, intervals in by_resource.items():
        resource = resources.get(rid)
        if resource is None:  # not on the list: one appointment at a time, no turnover checked, no other offered
            for a, b, nos in crowded(intervals, 1):
                add("room_double_booked", nos, [rid], [lines[no][1].staff_id for no in nos], [rid], a, b, None)
            continue
        kind = "room_double_booked" if resource.type == "room" else "equipment_over_capacity"
        for a, b, nos in crowded(intervals, resource.capacity, per_line=resource.type != "room"):
            unit = booking.__getitem__ if resource.type == "room" else (lambda no: no)
            moved = clearing(nos, intervals, resource.capacity, unit)
            add(kind, nos, [rid], [lines[no][1].staff_id for no in nos], [rid], a, b, alternative(resource, moved))
        if resource.type != "room":
            continue
        breaches: dict[frozenset[str], list[tuple[int, int, int, int]]] = defaultdict(list)
        for _, _, later in intervals:  # the turnover of the earlier line that reaches furthest, ties to the earliest end
            start = lines[later][3]
            ready = [
                (lines[i][4] + buffer(i), -lines[i][4], -i)
                for _, _, i in intervals
                if booking[i] != booking[later] and lines[i][4] <= start
                and lines[i][0].client_id != lines[later][0].client_id  # the same guest's next one: she stays
            ]
            best = max((r for r in ready if r[0] > start), default=None)
            if best:
                earlier = -best[2]
                breaches[frozenset((booking[earlier], booking[later]))].append((start, later, earlier, best[0]))
        for pairs in breaches.values():  # one conflict per pair of appointments, whichever came first, told by its first later line
            start, later, _, _ = min(pairs)
            nos = [no for _, after, before, _ in pairs for no in (before, after)]
            add("buffer_violated", nos, [rid], [lines[no][1].staff_id for no in nos], [rid], start,
                max(ready for *_, ready in pairs), alternative(resource, later))
    groups: dict[tuple[str, str, str], list[int]] = defaultdict(list)
    pairs: dict[tuple[str, str], list[int]] = defaultdict(list)
    for no, (appt, line, sv, start, _, zone) in enumerate(lines):
        if sv is None:
            continue
        member = members.get(line.staff_id or "")
        if member and sv.required_skill and sv.required_skill not in member.skills:
            groups[("missing_skill", appt.id, member.id)].append(no)
        if member and sv.required_certification and not member.has_certification(sv.required_certification, local_day(start, zone)):
            groups[("missing_certification", appt.id, member.id)].append(no)
        for rid in line.resource_ids:
            place = resources.get(rid)
            if sv.room_types and place and place.type == "room" and place.room_type not in sv.room_types:
                groups[("wrong_room_type", appt.id, rid)].append(no)
        if sv.staff_count > 1:
            pairs[(booking[no], sv.id)].append(no)
    for (kind, _, subject), nos in groups.items():
        first = min(nos, key=lambda no: (lines[no][3], no))
        end = max(lines[no][4] for no in nos)
        if kind == "wrong_room_type":
            named = alternative(resources[subject], first)
            add(kind, nos, [subject], [lines[no][1].staff_id for no in nos], [subject], lines[first][3], end, named)
        else:
            add(kind, nos, [subject], [subject], [], lines[first][3], end, colleague(first, {subject}))
    short: dict[tuple[frozenset[str], str], tuple[str, list[int], list[tuple[int, set[str]]]]] = {}
    for (_, service_id), nos in pairs.items():
        sessions: list[list[int]] = []  # lines overlapping in time: the service given twice hours apart is two
        for no in sorted(nos, key=lambda no: (lines[no][3], no)):
            if sessions and any(lines[no][3] < lines[other][4] for other in sessions[-1]):
                sessions[-1].append(no)
            else:
                sessions.append([no])
        for session in sessions:
            people = {lines[no][1].staff_id for no in session} - {None}
            if len(people) < 2:  # one conflict per key: an appointment's sessions and suite-counted lines together
                key = (frozenset(lines[no][0].id for no in session), service_id)
                entry = short.setdefault(key, (service_id, [], []))
                entry[1].extend(session)
                entry[2].append((min(lines[no][3] for no in session), people))  # type: ignore[arg-type]
    for service_id, nos, staffed in short.values():
        people = min(staffed, key=lambda pair: pair[0])[1]  # the first session's, as the message names it
        first = min(nos, key=lambda no: (lines[no][3], no))
        add("understaffed", nos, [service_id], people, [], lines[first][3], max(lines[no][4] for no in nos),
            colleague(first, people))  # type: ignore[arg-type]
    for staff_id, intervals in by_staff.items():
        member = members.get(staff_id)
        if member is None or not member.shifts:
            continue
        spills: dict[str, list[tuple[int, int, int]]] = defaultdict(list)
        for s, e, no in intervals:
            zone = zones.get(member.location_id) or lines[no][5]  # shifts are in the member's own location's zone
            first_day, last_day = local_day(s, zone) - timedelta(days=1), local_day(e - 1, zone)  # the day before's shift may run on
            days = [first_day + timedelta(days=d) for d in range((last_day - first_day).days + 1)]
            pieces = outside(member, s, e, zone, days)
            if pieces:
                spills[lines[no][0].id].append((min(a for a, _ in pieces), max(b for _, b in pieces), no))
        for spilled in spills.values():
            first = min(spilled)[2]
            add("outside_shift", [no for _, _, no in spilled], [staff_id], [staff_id], [],
                min(s[0] for s in spilled), max(s[1] for s in spilled), colleague(first, {staff_id}))
    return sorted(found, key=repr)


def _shift_moment(day: date, hhmm: str, zone: Any) -> int:
    hours, minutes = map(int, hhmm.split(":"))
    return int(datetime(day.year, day.month, day.day, hours, minutes, tzinfo=zone).timestamp())


def _named(fix: str) -> str | None:
    """Whom or what a suggested fix offers: "... to Jon, who is free ...", "Add Jon as the second ...",
    "Use Room 2 for the ...", "... to Room 2, which is free ..."; None for the fallbacks."""
    for pattern in (r" to ([^,]+), who is free", r"^Add (.+?) as the second", r"^Use (.+?) for the ", r" to ([^,]+), which is free"):
        if match := re.search(pattern, fix):
            return match.group(1)
    return None


# 4: one appointment's couples lines counted with two bookings (two conflicts, one key); 18: a chain in a couples suite
@pytest.mark.parametrize("seed", [0, 1, 2, 3, 4, 18])
def test_random_calendars_match_a_brute_force_reference(seed: int) -> None:
    rng = random.Random(seed)
    for _ in range(40):
        booked, team, rooms, locations = _random_spa(rng)
        found = find_conflicts(booked, staff=team, resources=rooms, services=RANDOM_SERVICES, locations=locations)
        got = [
            (str(c.kind), c.appointment_ids, c.subject_ids, c.staff_ids, c.resource_ids,
             int(c.start.timestamp()), int(c.end.timestamp()), _named(c.suggested_fix))
            for c in found
        ]
        assert sorted(got, key=repr) == _reference_conflicts(booked, team, rooms, RANDOM_SERVICES, locations)
        assert found == sorted(found, key=lambda c: (c.start, list(ConflictKind).index(c.kind), c.key))
        assert all(c.message and c.suggested_fix and c.start.timestamp() < c.end.timestamp() for c in found)
        assert len({c.key for c in found}) == len(found), "no two conflicts share a key"
