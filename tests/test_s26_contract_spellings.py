"""A staff member's ``role``, a resource's ``type``, a waitlist entry's ``status`` and a client's consent values are
read in any case and spelling, as an appointment's ``status`` is: one "Therapist" skipped the therapist (no briefing,
no skill checks), one "OptedOut" left the guest's whole record unread (no allergy lines). A consent value that still
cannot be read never becomes a yes: ``unknown`` for marketing, ``optedOut`` for transactional, logged by the client's
id. ``check`` warns of records skipped, of a location with no active staff and of one with no rooms. The
sandbox's ``--data`` file reads ``"notes": null`` as no notes."""

from __future__ import annotations

import json
import logging
from typing import Any

import pytest
from pydantic import ValidationError

from spa_copilot import domain
from spa_copilot.domain import (
    Client,
    MessagingPreferences,
    Resource,
    ResourceType,
    Staff,
    StaffRole,
    WaitlistEntry,
    WaitlistStatus,
    consent_state,
)
from spa_copilot.platform.mangomint import MangomintClient
from spa_copilot.preflight import _skipped_active, _spa_system, _staff_matching
from spa_copilot.reads import load_catalog
from spa_copilot.sandbox.server import load_spa_data
from spa_copilot.settings import Settings
from tests.gateway_fake import fake_gateway

LOCATION = {"id": "loc_1", "name": "Juniper & Salt SoHo", "timeZone": "America/New_York"}
ANA = {"id": "st_1", "locationId": "loc_1", "firstName": "Ana", "role": "therapist"}
ROOM = {"id": "rm_1", "locationId": "loc_1", "name": "Room 1", "type": "room"}


# ---- the enums, in any spelling ------------------------------------------------------------------------------------


@pytest.mark.parametrize(("sent", "read"), [
    ("Therapist", StaffRole.therapist), ("THERAPIST", StaffRole.therapist), ("Esthetician", StaffRole.esthetician),
    ("front_desk", StaffRole.front_desk), ("Front Desk", StaffRole.front_desk), ("front-desk", StaffRole.front_desk),
    ("Manager", StaffRole.manager), ("frontDesk", StaffRole.front_desk),
])
def test_a_staff_role_is_read_in_any_case_and_spelling(sent: str, read: StaffRole) -> None:
    assert Staff.model_validate({**ANA, "role": sent}).role is read


def test_a_role_the_contract_does_not_name_is_still_refused() -> None:
    with pytest.raises(ValidationError):
        Staff.model_validate({**ANA, "role": "Nail Technician"})


@pytest.mark.parametrize("sent", ["Room", "ROOM", " room "])
def test_a_resource_type_is_read_in_any_case(sent: str) -> None:
    assert Resource.model_validate({**ROOM, "type": sent}).type is ResourceType.room


def test_equipment_in_capitals_is_equipment() -> None:
    assert Resource.model_validate({**ROOM, "type": "Equipment"}).type is ResourceType.equipment


@pytest.mark.parametrize(("sent", "read"), [
    ("Waiting", WaitlistStatus.waiting), ("Offered", WaitlistStatus.offered), ("BOOKED", WaitlistStatus.booked),
    ("canceled", WaitlistStatus.cancelled), ("Cancelled", WaitlistStatus.cancelled), ("Expired", WaitlistStatus.expired),
])
def test_a_waitlist_status_is_read_in_any_case_and_spelling(sent: str, read: WaitlistStatus) -> None:
    entry = {"id": "wl_1", "locationId": "loc_1", "clientId": "cl_1", "dateFrom": "2025-03-01",
             "dateTo": "2025-03-08", "createdAt": "2025-02-01T10:00:00Z", "status": sent}
    assert WaitlistEntry.model_validate(entry).status is read


# ---- consent -------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("sent", "read"), [
    ("OptedOut", "optedOut"), ("opted_out", "optedOut"), ("Opted Out", "optedOut"), ("no", "optedOut"),
    (False, "optedOut"), ("Opted In", "optedIn"), ("OPTEDIN", "optedIn"), ("yes", "optedIn"), (True, "optedIn"),
    ("Unknown", "unknown"), (None, "unknown"), ("", "unknown"),
])
def test_a_consent_value_is_read_in_any_case_and_spelling(sent: Any, read: str) -> None:
    assert consent_state(sent) == read
    preferences = MessagingPreferences.model_validate(
        {"marketingText": sent, "marketingEmail": sent, "transactionalText": sent, "transactionalEmail": sent}
    )
    assert preferences.marketing_text == preferences.transactional_text == read
    assert preferences.marketing_email == preferences.transactional_email == read
    assert preferences.unread == ()


@pytest.mark.parametrize("sent", ["maybe", "pending", 1, 0, ["optedIn"], {"state": "optedIn"}])
def test_a_consent_value_that_cannot_be_read_is_never_a_yes(sent: Any) -> None:
    preferences = MessagingPreferences.model_validate(
        {"marketingText": sent, "marketingEmail": sent, "transactionalText": sent, "transactionalEmail": sent}
    )
    # marketing needs an explicit opt-in: unknown; transactional is allowed unless opted out: read as opted out
    assert preferences.marketing_text == preferences.marketing_email == "unknown"
    assert preferences.transactional_text == preferences.transactional_email == "optedOut"
    for channel in ("sms", "email"):
        for purpose in ("transactional", "marketing"):
            assert not preferences.allows(channel, purpose)  # type: ignore[arg-type]
    assert set(preferences.unread) == {"marketing_text", "marketing_email", "transactional_text", "transactional_email"}


def test_an_odd_consent_value_keeps_the_rest_of_the_record_and_logs_the_client_by_id(
    caplog: pytest.LogCaptureFixture,
) -> None:
    payload = {"id": "cl_9", "firstName": "Zoë", "lastName": "Ng", "notes": "PREGNANT 24 wks",
               "healthHistory": {"allergies": ["nuts"]},
               "messagingPreferences": {"transactionalText": "sometimes", "marketingText": "OptedOut",
                                        "transactionalEmail": "Opted In"}}
    domain._warn_consent_unread.cache_clear()  # said once per process: this test's client may have been read before
    with caplog.at_level(logging.WARNING, logger="spa_copilot.domain"):
        client = Client.model_validate(payload)
        again = Client.model_validate(payload)  # the next poll's read of her: not said again
    assert again.messaging_preferences == client.messaging_preferences
    assert client.health_history.allergies == ["nuts"] and client.notes == "PREGNANT 24 wks"
    assert client.messaging_preferences.transactional_text == "optedOut"
    assert client.messaging_preferences.marketing_text == "optedOut"
    assert client.messaging_preferences.transactional_email == "optedIn"
    said = " ".join(record.getMessage() for record in caplog.records)
    assert "cl_9" in said and "transactionalText" in said, said
    assert "sometimes" not in said and "Zoë" not in said and "PREGNANT" not in said, said
    assert said.count("cl_9") == 1, said


def test_consent_read_by_field_name_too() -> None:
    assert MessagingPreferences(transactional_text="opted_out").transactional_text == "optedOut"  # type: ignore[arg-type]
    assert MessagingPreferences(marketing_text="optedIn").allows("sms", "marketing")


# ---- through the spa system's client --------------------------------------------------------------------------------


def _gateway(*, staff: list[dict[str, Any]], resources: list[dict[str, Any]],
             client: dict[str, Any] | None = None) -> MangomintClient:
    return fake_gateway({"/v1/locations": [LOCATION], "/v1/staff": staff, "/v1/resources": resources}, client=client)


async def test_the_catalogue_reads_staff_and_rooms_however_their_roles_and_types_are_spelled() -> None:
    staff = [{**ANA, "role": "Therapist"}, {**ANA, "id": "st_2", "role": "Front Desk"}]
    catalog = await load_catalog(_gateway(staff=staff, resources=[{**ROOM, "type": "ROOM"}]))
    assert [(s.id, s.role) for s in catalog.staff] == [("st_1", "therapist"), ("st_2", "frontDesk")]
    assert [r.type for r in catalog.resources] == ["room"]
    assert not catalog.staff.skipped and not catalog.resources.skipped  # type: ignore[attr-defined]


async def test_a_client_whose_consent_is_spelled_otherwise_is_read_with_her_allergies() -> None:
    client = {"id": "cl_1", "firstName": "Ava", "healthHistory": {"allergies": ["latex"]},
              "messagingPreferences": {"transactionalText": "OptedOut", "marketingText": True}}
    read = await _gateway(staff=[], resources=[], client=client).get_client("cl_1")
    assert read.health_history.allergies == ["latex"]
    assert read.messaging_preferences.transactional_text == "optedOut"
    assert not read.messaging_preferences.allows("sms", "transactional")


async def test_the_client_keeps_why_each_record_was_skipped_with_the_role_it_could_not_read() -> None:
    platform = _gateway(staff=[ANA, {**ANA, "id": "st_2", "role": "Nail Technician"}], resources=[ROOM])
    staff = await platform.list_staff()
    assert [s.id for s in staff] == ["st_1"]
    assert [item for item, _ in platform.skipped_records["Staff"]] == ["st_2"]
    assert "role: enum ('Nail Technician')" in platform.skipped_records["Staff"][0][1]


# ---- check ---------------------------------------------------------------------------------------------------------


async def test_check_is_ok_with_active_staff_and_a_room_everywhere(settings: Settings) -> None:
    _, check = await _spa_system(settings, _gateway(staff=[ANA], resources=[ROOM]))
    assert check.status == "ok", check


async def test_check_warns_naming_staff_records_it_could_not_read_by_id_and_role(settings: Settings) -> None:
    staff = [ANA, {**ANA, "id": "st_2", "firstName": "Bo", "role": "Nail Technician"},
             {**ANA, "id": "st_3", "firstName": "Cy", "role": "Stylist"}]
    catalog, check = await _spa_system(settings, _gateway(staff=staff, resources=[ROOM]))
    assert check.status == "warning", check
    assert "2 staff records could not be read" in check.detail, check.detail
    assert "st_2 (role: enum ('Nail Technician'))" in check.detail and "st_3 (role: enum ('Stylist'))" in check.detail
    assert "Bo" not in check.detail and "Cy" not in check.detail  # ids and the field, not who
    assert catalog is not None


async def test_check_warns_of_a_location_with_no_active_staff(settings: Settings) -> None:
    _, check = await _spa_system(settings, _gateway(staff=[{**ANA, "active": False}], resources=[ROOM]))
    assert check.status == "warning", check
    assert "0 active staff" in check.detail and "Juniper & Salt SoHo has no active staff" in check.detail


async def test_check_warns_of_a_location_with_no_rooms(settings: Settings) -> None:
    equipment = {**ROOM, "id": "eq_1", "type": "equipment", "name": "Hot stones"}
    _, check = await _spa_system(settings, _gateway(staff=[ANA], resources=[equipment]))
    assert check.status == "warning", check
    assert "Juniper & Salt SoHo has no rooms" in check.detail


async def test_check_warns_naming_a_resource_it_could_not_read(settings: Settings) -> None:
    _, check = await _spa_system(settings, _gateway(staff=[ANA], resources=[ROOM, {**ROOM, "id": "rm_2", "type": "spa"}]))
    assert check.status == "warning", check
    assert "a resource record could not be read" in check.detail and "rm_2 (type: enum ('spa'))" in check.detail


async def test_staff_in_slack_is_not_ok_with_nobody_to_brief(settings: Settings) -> None:
    platform = _gateway(staff=[{**ANA, "role": "Nail Technician"}], resources=[ROOM])
    catalog = await load_catalog(platform)
    unread = len(_skipped_active(catalog.staff, platform, "Staff"))
    check = await _staff_matching(settings, catalog, slack=None, unread=unread)  # type: ignore[arg-type]  # nobody to ask
    assert check.status == "warning", check
    assert "no active therapist or esthetician" in check.detail and "1 staff record could not be read" in check.detail


async def test_staff_in_slack_does_not_count_an_inactive_record_it_could_not_read(settings: Settings) -> None:
    # a former employee's record costs no briefing: the spa system's line says it apart, this line leaves it out
    platform = _gateway(staff=[{**ANA, "role": "Nail Technician", "active": False}], resources=[ROOM])
    catalog = await load_catalog(platform)
    assert len(catalog.staff.skipped) == 1
    unread = len(_skipped_active(catalog.staff, platform, "Staff"))
    check = await _staff_matching(settings, catalog, slack=None, unread=unread)  # type: ignore[arg-type]  # nobody to ask
    assert check.status == "warning", check
    assert "could not be read" not in check.detail, check


# ---- the sandbox's --data file -------------------------------------------------------------------------------------


def _spa_file(tmp_path: Any, notes: Any) -> Any:
    data = {
        "locations": [LOCATION], "staff": [ANA], "resources": [ROOM],
        "services": [{"id": "sv_1", "name": "Swedish Massage 60", "durationMinutes": 60}],
        "clients": [{"id": "cl_1", "firstName": "Ava"}],
        "appointments": [{"id": "ap_1", "locationId": "loc_1", "clientId": "cl_1", "status": "confirmed",
                          "startAt": "2025-03-18T10:00:00-04:00", "endAt": "2025-03-18T11:00:00-04:00",
                          "notes": notes}],
    }
    path = tmp_path / "spa.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_the_sandbox_data_file_reads_null_notes_as_none(tmp_path: Any) -> None:
    assert load_spa_data(_spa_file(tmp_path, None)).appointments[0].notes == ""


def test_the_sandbox_data_file_still_refuses_notes_of_another_type(tmp_path: Any) -> None:
    with pytest.raises(ValidationError) as caught:
        load_spa_data(_spa_file(tmp_path, 5))
    assert caught.value.errors()[0]["loc"] == ("appointments", 0, "notes")
