"""``check`` names a location the spa system lists but the copilot cannot read (a Windows time zone name), with the
bad value and the fix, as a failure; the client's skip line names the time zone too (never a client's details)."""

from __future__ import annotations

import logging
from typing import Any

import pytest

from spa_copilot.platform.mangomint import MangomintClient
from spa_copilot.preflight import _spa_system
from spa_copilot.settings import Settings
from tests.gateway_fake import fake_gateway

SOHO = {"id": "loc_soho", "name": "Juniper & Salt SoHo", "timeZone": "America/New_York"}
VENICE = {"id": "loc_venice", "name": "Juniper & Salt Venice", "timeZone": "Pacific Standard Time"}
CLIENT = {"id": "cl_1", "firstName": "Nora", "lastName": "Quist", "mobilePhone": 5551234}  # off-contract: a number


#: SoHo's team and room: a location with no active staff or no rooms is a problem ``check`` names of its own.
STAFF = {"id": "st_1", "locationId": "loc_soho", "firstName": "Ana", "role": "therapist"}
ROOM = {"id": "rm_1", "locationId": "loc_soho", "name": "Room 1", "type": "room"}


def _gateway(locations: list[dict[str, Any]]) -> MangomintClient:
    return fake_gateway({"/v1/locations": locations, "/v1/staff": [STAFF], "/v1/resources": [ROOM]})


async def test_check_fails_naming_the_location_it_cannot_read_its_time_zone_and_the_fix(settings: Settings) -> None:
    catalog, check = await _spa_system(settings, _gateway([SOHO, VENICE]))
    assert check.status == "failed", check
    assert "1 location(s) (Juniper & Salt SoHo)" in check.detail
    assert "loc_venice" in check.detail and "'Pacific Standard Time'" in check.detail, check.detail
    assert "timeZone must be an IANA name such as America/Los_Angeles" in check.detail
    assert "no alerts, briefings or fills" in check.detail
    assert catalog is not None, "the location it could read is still checked further (staff in Slack)"


async def test_check_with_every_location_unreadable_says_why_not_only_that_none_is_listed(settings: Settings) -> None:
    _, check = await _spa_system(settings, _gateway([VENICE]))
    assert check.status == "failed" and "loc_venice" in check.detail and "IANA" in check.detail, check.detail


async def test_check_is_ok_when_every_location_reads(settings: Settings) -> None:
    _, check = await _spa_system(settings, _gateway([SOHO]))
    assert check.status == "ok" and "could not be read" not in check.detail, check


async def test_the_skip_line_names_the_time_zone_but_never_a_clients_value(caplog: pytest.LogCaptureFixture) -> None:
    client = _gateway([SOHO, VENICE])
    with caplog.at_level(logging.WARNING, logger="spa_copilot.platform.mangomint"):
        await client.list_locations()
    line = next(r.getMessage() for r in caplog.records if "skipped Location" in r.getMessage())
    assert "loc_venice" in line and "timeZone: value_error ('Pacific Standard Time')" in line, line
    # a client's off-contract field is named by its field and kind, its value never shown
    from spa_copilot.domain import Client
    from spa_copilot.platform.mangomint import _parse_page

    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="spa_copilot.platform.mangomint"):
        _parse_page(Client, {"data": [CLIENT]})
    said = " ".join(r.getMessage() for r in caplog.records)
    assert "cl_1" in said and "5551234" not in said and "Nora" not in said, said
