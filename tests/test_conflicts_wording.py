"""Conflict texts a spa manager reads in Slack, checked on the cases a review of the engine listed: one guest's
services overlapping on one therapist, room types and skills however the spa system spells them, what equipment
and rooms count, turnover across rooms, ids the catalogue does not know, and a front-desk member booked for a
treatment. Each case says what a manager expects; those marked "already right" pin behaviour that was correct."""

from __future__ import annotations

from typing import Any

import pytest

from spa_copilot.ai import vocabulary
from spa_copilot.domain import Appointment, Certification, Resource, ServiceLine, Staff
from spa_copilot.engines.conflicts import Conflict, ConflictKind, find_conflicts
from tests.builders import at, location, room, service, staff
from tests.test_conflicts import (
    ALL_RESOURCES,
    ALL_SERVICES,
    CLEANUP,
    DAY,
    FOUR_HANDS,
    HOT_STONE,
    JON,
    MASSAGE,
    MAYA,
    PEEL,
    PIA,
    WET_2,
    book,
    multi,
)

ANA = staff("st_ana", first_name="Ana", last_name="Reyes", skills=["massage", "hotStone"])
FACIAL = service("sv_facial", name="Classic Facial", room_types=["facialRoom"])
AROMA = service("sv_aroma", name="Aromatherapy", category="Enhancements", duration_minutes=60)
SCALP = service("sv_scalp", name="Scalp Ritual Add-On", duration_minutes=30)
GUESTS = {"cl_1": "Ava S."}


def found(appointments: list[Appointment], *, team: list[Staff], services: list[Any] = (), resources: list[Resource] = ()) -> list[Conflict]:
    return find_conflicts(
        appointments, staff=team, resources=[*ALL_RESOURCES, *resources], services=[*ALL_SERVICES, FACIAL, AROMA, SCALP, *services],
        locations=[location()], guests=GUESTS,
    )


# ---- a. one appointment's services overlapping on one therapist -------------------------------------


def test_two_services_of_one_appointment_at_once_on_one_therapist_are_a_double_booking_said_as_such() -> None:
    both = multi("ap_1", [(MASSAGE.id, "10:00", 60, ANA.id, ["rs_1"]), (FACIAL.id, "10:00", 60, ANA.id, ["rs_facial"])])
    [clash] = found([both], team=[ANA, JON])
    assert clash.kind == ConflictKind.staff_double_booked and clash.appointment_ids == ("ap_1",)
    assert clash.message == (
        "Ana Reyes is booked for 2 services of the same appointment at once 10:00am–11:00am: "
        "Swedish Massage 10:00am–11:00am (Ava S.); Classic Facial 10:00am–11:00am (Ava S.). "
        "One therapist cannot give both at the same time."
    )
    assert clash.suggested_fix == "Move Ana's 10:00am Classic Facial (Ava S.) to Jon, who is free."
    # nobody else free: give it after the other service of the same visit (not "after" nothing: no crash)
    [alone] = found([both], team=[ANA])
    assert alone.suggested_fix == "Move the 10:00am Classic Facial (Ava S.) to 11:00am, when Ana is free."


def test_a_couples_booking_on_one_therapist_is_flagged_and_partly_overlapping_services_too() -> None:
    couple = multi("ap_1", [(MASSAGE.id, "10:00", 60, ANA.id, ["rs_suite"]), (MASSAGE.id, "10:00", 60, ANA.id, ["rs_suite"])])
    [clash] = found([couple], team=[ANA, JON])
    assert clash.kind == ConflictKind.staff_double_booked
    assert "2 services of the same appointment at once 10:00am–11:00am" in clash.message
    overlapping = multi("ap_1", [(MASSAGE.id, "10:00", 60, ANA.id, ["rs_1"]), (FACIAL.id, "10:30", 60, ANA.id, ["rs_facial"])])
    [partly] = found([overlapping], team=[ANA, JON])
    assert (partly.start, partly.end) == (at(DAY, "10:30"), at(DAY, "11:00"))
    # back to back is how a visit of two services is normally booked: fine
    in_turn = multi("ap_1", [(MASSAGE.id, "10:00", 60, ANA.id, ["rs_1"]), (FACIAL.id, "11:00", 60, ANA.id, ["rs_facial"])])
    assert found([in_turn], team=[ANA, JON]) == []


def test_an_add_on_given_during_the_treatment_is_not_a_double_booking_unless_it_runs_past_it() -> None:
    for add_on, minutes in ((AROMA, 60), (SCALP, 30)):  # "Enhancements" category; "Add-On" in the name
        during = multi("ap_1", [(MASSAGE.id, "10:00", 60, ANA.id, ["rs_1"]), (add_on.id, "10:00", minutes, ANA.id, ["rs_1"])])
        assert found([during], team=[ANA, JON]) == [], add_on.name
    past_it = multi("ap_1", [(MASSAGE.id, "10:00", 60, ANA.id, ["rs_1"]), (SCALP.id, "10:45", 30, ANA.id, ["rs_1"])])
    [clash] = found([past_it], team=[ANA, JON])
    assert clash.kind == ConflictKind.staff_double_booked and "of the same appointment" in clash.message
    # given by a second therapist, side by side: fine
    side_by_side = multi("ap_1", [(MASSAGE.id, "10:00", 60, ANA.id, ["rs_suite"]), (MASSAGE.id, "10:00", 60, JON.id, ["rs_suite"])])
    assert found([side_by_side], team=[ANA, JON]) == []


def test_a_two_staff_service_with_one_therapist_on_both_lines_is_understaffed_only() -> None:
    four = multi("ap_1", [(FOUR_HANDS.id, "10:00", 60, ANA.id, ["rs_suite"]), (FOUR_HANDS.id, "10:00", 60, ANA.id, [])])
    assert [c.kind for c in found([four], team=[ANA, JON])] == [ConflictKind.understaffed]


def test_a_clash_of_two_appointments_says_when_one_of_them_also_overlaps_itself() -> None:
    visit = multi("ap_1", [(MASSAGE.id, "10:00", 60, ANA.id, ["rs_1"]), (FACIAL.id, "10:00", 60, ANA.id, ["rs_facial"])])
    other = book("10:30", id="ap_2", staff_id=ANA.id, resource_ids=["rs_2"])
    [clash] = found([visit, other], team=[ANA])
    assert clash.appointment_ids == ("ap_1", "ap_2")
    assert clash.message.startswith(
        "Ana Reyes is booked for 2 appointments at once 10:00am–11:00am, with 2 services of one of them at the same time: "
    ), clash.message


# ---- b. room types in words ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("room_type", "said"),
    [
        ("massageRoom", "massage room"), ("facial", "facial room"), ("Treatment Room", "Treatment Room"),  # already right
        ("MassageRoom", "massage room"), ("MASSAGE_ROOM", "massage room"), ("massage_room", "massage room"),
        ("CouplesSuite", "couples suite"), ("VIPRoom", "VIP room"), ("oxygenPod", "oxygen pod"),
    ],
)
def test_room_types_read_as_a_manager_says_them(room_type: str, said: str) -> None:
    assert vocabulary.room_type_words(room_type) == said


def test_a_room_type_takes_the_article_it_is_said_with() -> None:
    said = [vocabulary.with_article(words) for words in ("massage room", "oxygen pod", "LED room", "VIP suite", "infrared sauna")]
    assert said == ["a massage room", "an oxygen pod", "an LED room", "a VIP suite", "an infrared sauna"]


def test_a_wrong_room_reads_naturally_whatever_the_room_types_spelling() -> None:
    stones = service("sv_hs", name="Hot Stone", room_types=["MassageRoom", "COUPLES_SUITE"])
    garden = room("rs_garden", name="Garden", room_type="FacialRoom")
    [wrong] = found([book("10:00", id="ap_1", service_id=stones.id, resource_ids=["rs_garden"])], team=[MAYA],
                    services=[stones], resources=[garden])
    assert wrong.message == "The 10:00am Hot Stone (Ava S.) is in Garden (a facial room); it needs a massage room or a couples suite."
    # a room whose name says its type is not followed by it again ("Facial Room (facial room)", "…, which is free
    # and a couples suite" after "Couples Suite")
    assert wrong.suggested_fix == "Move the 10:00am Hot Stone (Ava S.) to Couples Suite, which is free."
    [named] = found([book("10:00", id="ap_1", service_id=HOT_STONE.id, resource_ids=["rs_facial"])], team=[MAYA])
    assert named.message == "The 10:00am Hot Stone (Ava S.) is in Facial Room; it needs a massage room."
    assert named.suggested_fix == "Move the 10:00am Hot Stone (Ava S.) to Room 1, which is free and a massage room."


# ---- c. skills and certifications in words ------------------------------------------------------------


@pytest.mark.parametrize("spelled", ["hotStone", "HOT_STONE", "hot_stone", "HotStone"])
def test_a_reassign_fix_names_the_skill_in_words_not_its_catalogue_name(spelled: str) -> None:
    stones = service("sv_hs", name="Hot Stone", required_skill=spelled)
    [missing] = found([book("10:00", id="ap_1", staff_id=PIA.id, service_id=stones.id)], team=[PIA, JON], services=[stones])
    assert missing.message == "Pia Ng is booked for the 10:00am Hot Stone (Ava S.), which needs the hot stone skill, and does not have it."
    assert missing.suggested_fix == "Reassign Pia's 10:00am Hot Stone (Ava S.) to Jon, who is free and has the hot stone skill."
    assert vocabulary.catalogue_words(spelled) == "hot stone"


def test_a_reassign_fix_says_the_colleague_is_certified_when_that_is_why() -> None:
    certified = staff("st_cat", first_name="Cat", skills=["chemicalPeel"], certifications=[Certification(name="CHEMICAL_PEEL")])
    [lapsed] = found([book("10:00", id="ap_1", staff_id=PIA.id, service_id=PEEL.id)], team=[PIA, certified])
    assert lapsed.suggested_fix == "Reassign Pia's 10:00am Chemical Peel (Ava S.) to Cat, who is free and certified for chemical peel."
    both = service("sv_both", name="Peel Massage", required_skill="chemicalPeel", required_certification="chemicalPeel")
    [missing, _] = found([book("10:00", id="ap_1", staff_id=PIA.id, service_id=both.id)], team=[PIA, certified], services=[both])
    assert missing.suggested_fix.endswith(
        "to Cat, who is free, has the chemical peel skill and is certified for chemical peel."
    ), missing.suggested_fix


# ---- d. what rooms and equipment count (already right) ----------------------------------------------


def test_equipment_counts_the_lines_using_it_and_a_room_the_appointments_in_it() -> None:
    one_set = Resource(id="eq_1", location_id="loc_1", name="Hot stone set", type="equipment", kind="HOT_STONE_SET")
    couple = multi(
        "ap_1", [(HOT_STONE.id, "10:00", 60, MAYA.id, ["rs_1", "eq_1"]), (HOT_STONE.id, "10:00", 60, JON.id, ["rs_1", "eq_1"])]
    )
    rooms = [r for r in ALL_RESOURCES if r.type == "room"]  # no other stone set to offer
    [over] = find_conflicts([couple], staff=[MAYA, JON], resources=[*rooms, one_set], services=ALL_SERVICES)
    assert over.kind == ConflictKind.equipment_over_capacity
    assert over.message.startswith("2 treatments use Hot stone set (capacity 1) at once")
    assert over.suggested_fix.endswith("and no other hot stone set is free then.")  # the kind in words
    two_sets = one_set.model_copy(update={"capacity": 2})
    # two guests, two sets, one room: fine
    assert find_conflicts([couple], staff=[MAYA, JON], resources=[*rooms, two_sets], services=ALL_SERVICES) == []


# ---- e. turnover is per room (already right) -----------------------------------------------------------


def test_turnover_is_the_rooms_so_one_therapist_moving_to_another_room_is_not_a_buffer_breach() -> None:
    first = book("10:00", id="ap_1", service_id=CLEANUP.id, resource_ids=["rs_wet"])
    next_room = book("11:05", id="ap_2", service_id=CLEANUP.id, resource_ids=["rs_wet2"])
    assert found([first, next_room], team=[MAYA], resources=[WET_2]) == []
    same_room = book("11:05", id="ap_2", service_id=CLEANUP.id, resource_ids=["rs_wet"], client_id="cl_2")
    [short] = found([first, same_room], team=[MAYA], resources=[WET_2])
    assert short.kind == ConflictKind.buffer_violated and short.resource_ids == ("rs_wet",)
    assert short.message.startswith("Wet Room needs 15 min of turnover after the 10:00am Mud Wrap (Ava S.)")


# ---- f. ids the catalogue does not know ----------------------------------------------------------------


def test_a_service_missing_from_the_menu_is_said_to_be_not_a_bare_id() -> None:
    line = ServiceLine(id="sl_x", service_id="sv_gone", staff_id=MAYA.id, start_at=at(DAY, "10:00"),
                       end_at=at(DAY, "11:00"), resource_ids=["rs_1"])
    unknown = book("10:00", id="ap_1").model_copy(update={"services": [line]})
    [clash] = found([unknown, book("10:30", id="ap_2", resource_ids=["rs_2"])], team=[MAYA])
    assert "service sv_gone (not on the spa system's menu) 10:00am–11:00am (Ava S.)" in clash.message, clash.message


def test_unknown_staff_rooms_and_services_do_not_crash_and_are_named_as_unknown() -> None:
    ghost = [
        book("10:00", id="ap_1", staff_id="st_gone", service_id="sv_gone", resource_ids=["rs_gone"]),
        book("10:30", id="ap_2", staff_id="st_gone", service_id="sv_gone", resource_ids=["rs_gone"]),
        book("12:00", id="ap_3", staff_id="st_gone", service_id=FOUR_HANDS.id, location_id="loc_gone"),
    ]
    result = find_conflicts(ghost, staff=[], resources=[], services=[FOUR_HANDS])
    # an unknown room is an id all the same: two appointments in it at once clash (its capacity taken as one)
    assert [c.kind for c in result] == [
        ConflictKind.staff_double_booked, ConflictKind.room_double_booked, ConflictKind.understaffed
    ]
    staff_clash, room_clash, understaffed = result
    assert all("therapist not on the spa system's staff list (st_gone)" in c.message for c in (staff_clash, understaffed))
    assert "rs_gone is not on the spa system's list of rooms and equipment" in room_clash.message, room_clash.message


# ---- g. a front-desk member booked for a treatment --------------------------------------------------------


def test_a_front_desk_member_booked_for_a_massage_is_flagged_with_a_colleague_to_take_it() -> None:
    desk = staff("st_leo", first_name="Leo", last_name="Park", role="frontDesk", skills=[])
    [plain] = found([book("10:00", id="ap_1", staff_id=desk.id)], team=[desk, JON])  # a massage that names no skill
    assert plain.kind == ConflictKind.missing_skill and plain.staff_ids == ("st_leo",)
    assert plain.message == (
        "Leo Park works the front desk, with no treatment skills in the spa system, but is booked for the 10:00am "
        "Swedish Massage (Ava S.)."
    )
    assert plain.suggested_fix == "Reassign Leo's 10:00am Swedish Massage (Ava S.) to Jon, who is free."
    skilled = service("sv_sw", name="Swedish Massage", required_skill="massage")
    [needs] = found([book("10:00", id="ap_1", staff_id=desk.id, service_id=skilled.id)], team=[desk, JON], services=[skilled])
    assert needs.suggested_fix == "Reassign Leo's 10:00am Swedish Massage (Ava S.) to Jon, who is free and has the massage skill."
    # a front-desk member the spa lists skills for (cross-trained) may give a service that names none
    trained = desk.model_copy(update={"skills": ["browTint"]})
    assert found([book("10:00", id="ap_1", staff_id=desk.id)], team=[trained, JON]) == []
