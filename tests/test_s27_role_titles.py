"""A staff member's ``role`` sent as a job title ("Licensed Massage Therapist", "Medical Esthetician", "Front Desk
Coordinator") is read by the role word it contains (``domain.role_of_title``), so that therapist is briefed and her
bookings are checked with her, rather than her record being skipped. A title naming treatment work reads as that
role (the first such word deciding therapist or esthetician), else one with a front-desk word as the front desk; a
manager's title alone, a former employee's title and a title naming no role word are never guessed: the record is
skipped with ``check``'s warning, as before. ``check`` also reads the waitlist once and names each entry it could not
read by id and the fields at fault, never the client's details."""

from __future__ import annotations

from datetime import date
from typing import Any

import httpx
import pytest
from pydantic import ValidationError

from spa_copilot.domain import Location, Staff, StaffRole, role_of_title
from spa_copilot.engines.briefing import briefed_staff
from spa_copilot.platform.mangomint import MangomintClient
from spa_copilot.preflight import _spa_system
from spa_copilot.reads import load_catalog
from spa_copilot.settings import Settings
from tests.gateway_fake import fake_gateway

LOCATION = {"id": "loc_1", "name": "Juniper & Salt SoHo", "timeZone": "America/New_York"}
ANA = {"id": "st_1", "locationId": "loc_1", "firstName": "Ana", "lastName": "Reyes", "role": "therapist",
       "shifts": [{"weekday": 0, "start": "09:00", "end": "17:00"}]}
ROOM = {"id": "rm_1", "locationId": "loc_1", "name": "Room 1", "type": "room"}
ENTRY = {"id": "wl_1", "locationId": "loc_1", "clientId": "cl_1", "serviceIds": ["sv_1"], "dateFrom": "2025-03-01",
         "dateTo": "2025-03-08", "createdAt": "2025-02-01T10:00:00Z", "status": "waiting"}
MONDAY = date(2025, 3, 3)


# ---- titles read as the contract's roles ---------------------------------------------------------------------------


@pytest.mark.parametrize(("title", "role"), [
    ("Massage Therapist", StaffRole.therapist), ("Licensed Massage Therapist", StaffRole.therapist),
    ("LMT", StaffRole.therapist), ("Lead Therapist", StaffRole.therapist), ("Masseuse", StaffRole.therapist),
    ("Masseur", StaffRole.therapist), ("RMT", StaffRole.therapist), ("Bodyworker", StaffRole.therapist),
    ("Therapist, LMT", StaffRole.therapist), ("Senior massage therapist", StaffRole.therapist),
    ("Lead Esthetician / Licensed Massage Therapist", StaffRole.esthetician),
    ("Aesthetician", StaffRole.esthetician), ("Medical Esthetician", StaffRole.esthetician),
    ("Lead Esthetician", StaffRole.esthetician), ("Skin Therapist", StaffRole.esthetician),
    ("Facialist", StaffRole.esthetician), ("Skincare Specialist", StaffRole.esthetician),
    ("Receptionist", StaffRole.front_desk), ("Front Desk Coordinator", StaffRole.front_desk),
    ("Spa Concierge", StaffRole.front_desk), ("FrontDeskCoordinator", StaffRole.front_desk),
    ("Front of House", StaffRole.front_desk), ("Guest Services Associate", StaffRole.front_desk),
])
def test_a_job_title_is_read_by_the_role_word_it_contains(title: str, role: StaffRole) -> None:
    assert role_of_title(title) is role
    assert Staff.model_validate({**ANA, "role": title}).role is role


@pytest.mark.parametrize(("title", "role"), [
    # treatment work wins over the desk and the office: she is briefed and her bookings are checked with her
    ("Therapist Manager", StaffRole.therapist), ("Owner/Therapist", StaffRole.therapist),
    ("Receptionist / LMT", StaffRole.therapist), ("Spa Director & Esthetician", StaffRole.esthetician),
    # the first treatment word named decides between the two treating roles
    ("Lead Esthetician / Massage Therapist", StaffRole.esthetician),
    ("Massage Therapist / Esthetician", StaffRole.therapist),
    # the desk over the office
    ("Front Desk Manager", StaffRole.front_desk), ("Guest Services Director", StaffRole.front_desk),
])
def test_a_title_with_two_role_words_is_read_by_one_rule(title: str, role: StaffRole) -> None:
    assert Staff.model_validate({**ANA, "role": title}).role is role


@pytest.mark.parametrize("title", ["Spa Manager", "General Manager", "Owner", "Spa Director", "GM", "Supervisor"])
def test_a_managers_title_alone_is_not_read_as_a_manager(title: str) -> None:
    assert role_of_title(title) is None
    with pytest.raises(ValidationError):
        Staff.model_validate({**ANA, "role": title})


def test_the_contracts_own_manager_word_is_still_read() -> None:
    assert Staff.model_validate({**ANA, "role": "Manager"}).role is StaffRole.manager


@pytest.mark.parametrize("title", [
    "Stylist", "Nail Technician", "Physiotherapist", "Hair Stylist", "Spa Attendant", "", "   ",
    "Former Therapist", "Ex-Esthetician", "Retired LMT", "Therapist (old profile)",
    "Therapist until March then ask the owner about her",
])
def test_an_unknown_or_former_title_is_never_guessed(title: str) -> None:
    assert role_of_title(title) is None
    with pytest.raises(ValidationError):
        Staff.model_validate({**ANA, "role": title})


def test_a_title_read_as_a_therapist_is_briefed() -> None:
    location = Location.model_validate(LOCATION)
    maya = Staff.model_validate({**ANA, "id": "st_2", "firstName": "Maya", "role": "Licensed Massage Therapist"})
    desk = Staff.model_validate({**ANA, "id": "st_3", "firstName": "Leo", "role": "Front Desk Coordinator"})
    assert [s.id for s in briefed_staff([maya, desk], [], location, MONDAY)] == ["st_2"]


# ---- through the gateway and check ---------------------------------------------------------------------------------


def _gateway(*, staff: list[dict[str, Any]], waitlist: Any = None) -> MangomintClient:
    return fake_gateway({"/v1/locations": [LOCATION], "/v1/staff": staff, "/v1/resources": [ROOM],
                         "/v1/waitlist": waitlist})


async def test_the_catalogue_reads_staff_sent_with_job_titles(settings: Settings) -> None:
    staff = [{**ANA, "role": "Licensed Massage Therapist"}, {**ANA, "id": "st_2", "role": "Medical Esthetician"},
             {**ANA, "id": "st_3", "role": "Front Desk Coordinator"}]
    catalog = await load_catalog(_gateway(staff=staff))
    assert [(s.id, s.role) for s in catalog.staff] == [("st_1", "therapist"), ("st_2", "esthetician"),
                                                       ("st_3", "frontDesk")]
    _, check = await _spa_system(settings, _gateway(staff=staff))
    assert check.status == "ok", check
    assert "3 active staff" in check.detail and "could not be read" not in check.detail


async def test_check_still_names_a_title_it_does_not_read_by_id_and_title_not_name(settings: Settings) -> None:
    staff = [ANA, {**ANA, "id": "st_2", "firstName": "Bo", "lastName": "Quill", "role": "Spa Manager"},
             {**ANA, "id": "st_3", "firstName": "Cy", "lastName": "Wren", "role": "Nail Technician"}]
    _, check = await _spa_system(settings, _gateway(staff=staff))
    assert check.status == "warning", check
    assert "2 staff records could not be read" in check.detail, check.detail
    assert "st_2 (role: enum ('Spa Manager'))" in check.detail and "st_3 (role: enum ('Nail Technician'))" in check.detail
    assert not any(name in check.detail for name in ("Bo", "Quill", "Cy", "Wren"))


# ---- check reads the waitlist --------------------------------------------------------------------------------------


async def test_check_is_ok_with_a_waitlist_it_reads_whole(settings: Settings) -> None:
    _, check = await _spa_system(settings, _gateway(staff=[ANA], waitlist=[ENTRY]))
    assert check.status == "ok", check
    assert "waitlist" not in check.detail


async def test_check_names_a_waitlist_entry_it_could_not_read_by_id_and_field_never_the_clients_details(
    settings: Settings,
) -> None:
    odd = {**ENTRY, "id": "wl_2", "clientId": "cl_2", "status": "Removed - Nora Long asked by phone 555-0142",
           "firstName": "Nora", "lastName": "Long", "email": "nora@example.com"}
    worse = {**ENTRY, "id": "wl_3", "clientId": "cl_3", "dateFrom": "Nora's birthday"}
    _, check = await _spa_system(settings, _gateway(staff=[ANA], waitlist=[ENTRY, odd, worse]))
    assert check.status == "warning", check
    assert "2 waitlist entries could not be read" in check.detail, check.detail
    assert "wl_2 (status: enum)" in check.detail and "wl_3 (dateFrom: date_from_datetime_parsing)" in check.detail
    assert "wl_1" not in check.detail
    for detail in ("Nora", "Long", "555", "nora@", "birthday", "Removed"):
        assert detail not in check.detail, detail


async def test_check_says_when_the_waitlist_cannot_be_read_at_all(settings: Settings) -> None:
    refused = httpx.Response(404, json={"error": {"message": "no waitlist for Nora Long"}})
    _, check = await _spa_system(settings, _gateway(staff=[ANA], waitlist=refused))
    assert check.status == "warning", check
    assert "the waitlist could not be read (PlatformNotFound)" in check.detail, check.detail
    assert "Nora" not in check.detail
