"""Conflict checks on how a real spa system is filled in (session 28 review of the conflict engine).

- A certification entered as "Chemical Peel Certification", or a skill as "Hot Stone Massage", did not count for a
  service requiring chemicalPeel / hotStone: an alert on every such booking.
- An add-on in the category "Upgrades", given during the massage, was read as one therapist giving two services at once.
- One guest's massage then facial, booked as two appointments back to back in one room, gave a "Turnover buffer too
  short" alert (the same visit booked as one appointment gives none).
"""

from __future__ import annotations

from datetime import date

import pytest

from spa_copilot.domain import Certification, credential_word
from spa_copilot.engines.conflicts import ConflictKind, find_conflicts
from tests.builders import appointment, at, location, room, service, staff
from tests.test_conflicts import multi

DAY = date(2026, 11, 24)
PEEL = service("sv_peel", name="Glycolic Peel", required_certification="chemicalPeel")
HOT = service("sv_hot", name="Hot Stone Massage 75", required_skill="hotStone")


def kinds(appointments, people, services, rooms=()) -> list[ConflictKind]:
    return [c.kind for c in find_conflicts(appointments, staff=people, resources=list(rooms), services=services,
                                           locations=[location()])]


@pytest.mark.parametrize(("typed", "required", "skill"), [
    ("Chemical Peel Certification", "chemicalPeel", False),
    ("Certified Chemical Peel", "chemicalPeel", False),
    ("chemical peel cert", "chemicalPeel", False),
    ("Massage Therapy License", "massageTherapy", False),
    ("Hot Stone Massage", "hotStone", True),
    ("HOT_STONE", "hotStone", True),
    ("Massage", "massage", True),
    ("Deep Tissue Massage", "deepTissueMassage", True),
    ("Deep Tissue", "deepTissueMassage", True),
])
def test_a_credential_is_one_however_it_is_typed(typed: str, required: str, skill: bool) -> None:
    assert credential_word(typed, skill=skill) == credential_word(required, skill=skill)


@pytest.mark.parametrize(("one", "other"), [
    ("Chemical Peel", "Lash Lift"), ("hotStone", "massage"), ("Massage", "Microneedling"), ("Lash Lift", "Lash"),
    ("Advanced Chemical Peel", "Chemical Peel Certification"), ("Laser Level 2", "Laser Level 1"),
    ("Lash Lift", "Lash Extensions"), ("Sports Therapy", "Sports Massage"), ("Physical Therapy", "Physical Massage"),
    ("Massage Therapy", "Massage"),
])
@pytest.mark.parametrize("skill", [False, True])
def test_different_credentials_stay_different(one: str, other: str, skill: bool) -> None:
    assert credential_word(one, skill=skill) != credential_word(other, skill=skill)


def test_a_certification_keeps_its_treatment_noun() -> None:
    # a "Massage Therapy License" a service requires is no certificate named "Massage" (a review, 5 December)
    assert credential_word("Massage Therapy License") != credential_word("Massage")
    assert credential_word("Hot Stone Massage Certification") != credential_word("Hot Stone")


def test_a_certification_typed_with_its_word_counts() -> None:
    eva = staff("st_1", first_name="Eva", skills=["facial"],
                certifications=[Certification(name="Chemical Peel Certification", expires_on=date(2027, 6, 30))])
    booked = [appointment(at(DAY, "10:00"), 60, id="a1", staff_id="st_1", service_id="sv_peel", resource_ids=[])]
    assert kinds(booked, [eva], [PEEL]) == []
    lapsed = staff("st_1", first_name="Eva", skills=["facial"],
                   certifications=[Certification(name="Chemical Peel Certification", expires_on=date(2026, 1, 31))])
    assert kinds(booked, [lapsed], [PEEL]) == [ConflictKind.missing_certification]


def test_a_skill_typed_with_its_treatment_noun_counts() -> None:
    booked = [appointment(at(DAY, "12:00"), 75, id="a2", staff_id="st_2", service_id="sv_hot", resource_ids=[])]
    assert kinds(booked, [staff("st_2", first_name="Max", skills=["Hot Stone Massage"])], [HOT]) == []
    assert kinds(booked, [staff("st_2", first_name="Max", skills=["Massage"])], [HOT]) == [ConflictKind.missing_skill]


def test_an_upgrade_given_during_the_massage_is_an_add_on() -> None:
    swedish = service("sv_massage", name="Swedish Massage 60")
    cbd = service("sv_cbd", name="CBD Oil Upgrade", category="Upgrades", duration_minutes=60)
    maya = staff("st_maya", first_name="Maya", skills=["massage"])
    visit = multi("a3", [("sv_massage", "14:00", 60, "st_maya", ["rs_1"]), ("sv_cbd", "14:00", 60, "st_maya", [])])
    assert kinds([visit], [maya], [swedish, cbd], [room("rs_1")]) == []


def test_one_guests_next_appointment_in_her_room_needs_no_turnover() -> None:
    swedish = service("sv_sw", name="Swedish Massage 60", buffer_minutes=15)
    facial = service("sv_fa", name="Signature Facial 60", buffer_minutes=15)
    people = [staff("st_ana", first_name="Ana"), staff("st_ben", first_name="Ben")]

    def visit(second_guest: str) -> list:
        return [
            appointment(at(DAY, "10:00"), 60, id="a1", staff_id="st_ana", service_id="sv_sw", resource_ids=["rs_1"],
                        client_id="cl_1"),
            appointment(at(DAY, "11:00"), 60, id="a2", staff_id="st_ben", service_id="sv_fa", resource_ids=["rs_1"],
                        client_id=second_guest),
        ]

    assert kinds(visit("cl_1"), people, [swedish, facial], [room("rs_1")]) == []
    assert kinds(visit("cl_2"), people, [swedish, facial], [room("rs_1")]) == [ConflictKind.buffer_violated]
