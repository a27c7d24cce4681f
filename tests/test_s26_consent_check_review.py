"""The contract-spelling review's findings (after 8475472):

- consent field names are read in any case and spelling ("TransactionalText", "transactional-text"), and two keys
  naming one field that disagree give the most restrictive value: an opt-out is never outvoted;
- ``check`` warns, never fails, of a healthy spa's odd corners (an online store with no staff, a former employee or
  a retired service the gateway sends oddly): ``check && run`` starts the bot; skipped records stay a warning naming
  ids and reasons, and "0 active staff" with every therapist skipped is never a green line;
- a waitlist entry's status is a client record: a skip line names the field and the entry's id, never the value;
  a staff role or resource type (the spa's configuration) is shown cut to 40 characters;
- a transactional consent value the copilot could not read shows on the client card as that, not as "SMS: no".
"""

from __future__ import annotations

import logging
from typing import Any

import pytest

from spa_copilot.domain import Client, MessagingPreferences, WaitlistEntry
from spa_copilot.platform.mangomint import MangomintClient, _parse_page, read_model
from spa_copilot.preflight import _spa_system
from spa_copilot.sandbox.slack_api import render_terminal
from spa_copilot.settings import Settings
from spa_copilot.slack import blocks
from spa_copilot.slack.presenters import client_card_view
from tests.gateway_fake import fake_gateway

SOHO = {"id": "loc_soho", "name": "SoHo", "timeZone": "America/New_York"}
HQ = {"id": "loc_hq", "name": "Online Store", "timeZone": "America/New_York"}
ANA = {"id": "st_1", "locationId": "loc_soho", "firstName": "Ana", "role": "therapist"}
ROOM = {"id": "rm_1", "locationId": "loc_soho", "name": "Room 1", "type": "room"}
HQ_ROOM = {**ROOM, "id": "rm_hq", "locationId": "loc_hq"}


# ---- F6: consent field names ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("key", ["TransactionalText", "transactional-text", "TRANSACTIONAL_TEXT", "transactional text"])
def test_a_transactional_opt_out_under_any_spelling_of_the_field_is_an_opt_out(key: str) -> None:
    preferences = MessagingPreferences.model_validate({key: "OptedOut"})
    assert preferences.transactional_text == "optedOut"
    assert not preferences.allows("sms", "transactional")


@pytest.mark.parametrize("keys", [("transactional_text", "transactionalText"), ("transactionalText", "transactional_text"),
                                  ("TransactionalText", "transactionalText")])
def test_two_spellings_of_one_field_that_disagree_give_the_opt_out(keys: tuple[str, str]) -> None:
    first, second = keys
    for values in (("optedOut", "optedIn"), ("optedIn", "optedOut")):
        preferences = MessagingPreferences.model_validate(dict(zip(keys, values, strict=True)))
        assert preferences.transactional_text == "optedOut", (first, second, values)
        assert not preferences.allows("sms", "transactional")


def test_transactional_unknown_outweighs_opted_in_and_an_unreadable_value_outweighs_both() -> None:
    assert MessagingPreferences.model_validate(
        {"transactionalText": "optedIn", "transactional_text": None}).transactional_text == "unknown"
    unread = MessagingPreferences.model_validate({"transactionalText": "optedIn", "transactional_text": "maybe"})
    assert unread.transactional_text == "optedOut" and unread.unread == ("transactional_text",)


@pytest.mark.parametrize("other", ["optedOut", "unknown", None, "maybe"])
def test_marketing_needs_every_spelling_of_the_field_to_say_opted_in(other: Any) -> None:
    for payload in ({"marketingText": "optedIn", "marketing_text": other}, {"marketing_text": other, "MarketingText": "yes"}):
        preferences = MessagingPreferences.model_validate(payload)
        assert preferences.marketing_text != "optedIn", payload
        assert not preferences.allows("sms", "marketing")
    agreed = MessagingPreferences.model_validate({"marketingText": "optedIn", "marketing_text": "Opted In"})
    assert agreed.allows("sms", "marketing")


def test_a_client_read_from_the_gateway_with_a_capitalised_consent_key_is_not_texted() -> None:
    client = read_model(Client, {"id": "cl_1", "firstName": "Ava",
                                 "messagingPreferences": {"TransactionalText": "OptedOut", "Marketing_Email": "optedIn"}})
    assert not client.messaging_preferences.allows("sms", "transactional")
    assert client.messaging_preferences.allows("email", "marketing")


def test_other_fields_beside_consent_keys_are_left_alone() -> None:
    preferences = MessagingPreferences.model_validate({"transactionalText": "optedIn", "sms": {"x": 1}, 5: "optedOut"})
    assert preferences.transactional_text == "optedIn"


@pytest.mark.parametrize("sent", ["optedOut", ["optedIn"], 5, True])
def test_consent_that_is_no_object_keeps_her_record_and_texts_her_nothing(sent: Any) -> None:
    """``"messagingPreferences": "optedOut"`` made the whole client unreadable (her allergies with it): now nothing
    can be read of it, so nothing is sent on it, and her record is read."""
    client = read_model(Client, {"id": "cl_1", "firstName": "Ava", "alerts": [{"text": "Nut allergy"}],
                                 "messagingPreferences": sent})
    assert client is not None and [alert.text for alert in client.alerts] == ["Nut allergy"]
    for channel in ("sms", "email"):
        assert not client.messaging_preferences.allows(channel, "transactional")
        assert not client.messaging_preferences.allows(channel, "marketing")
    assert len(client.messaging_preferences.unread) == 4


def test_consent_sent_as_null_is_as_if_absent() -> None:
    client = read_model(Client, {"id": "cl_1", "firstName": "Ava", "messagingPreferences": None})
    assert client.messaging_preferences == MessagingPreferences()


# ---- F2: check warns of a healthy spa's odd corners ------------------------------------------------------------------


def _gateway(locations: list[dict[str, Any]], staff: list[dict[str, Any]], resources: list[dict[str, Any]],
             services: list[dict[str, Any]] = ()) -> MangomintClient:  # type: ignore[assignment]
    return fake_gateway({"/v1/locations": locations, "/v1/staff": staff, "/v1/resources": resources,
                         "/v1/services": list(services)})


async def test_check_only_warns_of_a_location_with_no_staff(settings: Settings) -> None:
    _, check = await _spa_system(settings, _gateway([SOHO, HQ], [ANA], [ROOM, HQ_ROOM]))
    assert check.status == "warning", check
    assert "Online Store has no active staff in the spa system" in check.detail, check.detail
    assert check.line().startswith("! spa system:")


async def test_check_only_warns_when_everyone_is_on_leave(settings: Settings) -> None:
    _, check = await _spa_system(settings, _gateway([SOHO], [{**ANA, "active": False}], [ROOM]))
    assert check.status == "warning", check
    assert "0 active staff" in check.detail and "SoHo has no active staff" in check.detail


@pytest.mark.parametrize("former", [
    {"id": "st_9", "locationId": "loc_soho", "firstName": "Old", "role": "Former Therapist", "active": False},
    {"id": "st_9", "locationId": "loc_soho", "role": "therapist", "active": "false"},
])
async def test_an_inactive_former_employee_the_gateway_sends_oddly_is_no_problem(
    settings: Settings, former: dict[str, Any]
) -> None:
    _, check = await _spa_system(settings, _gateway([SOHO], [ANA, former], [ROOM]))
    assert check.status == "ok", check
    assert "an inactive staff record could not be read (st_9)" in check.detail, check.detail
    assert "Old" not in check.detail


async def test_a_retired_service_the_gateway_sends_oddly_is_no_problem(settings: Settings) -> None:
    retired = {"id": "sv_old", "name": "Old", "durationMinutes": "sixty", "active": False}
    _, check = await _spa_system(settings, _gateway([SOHO], [ANA], [ROOM], [retired]))
    assert check.status == "ok", check
    assert "an inactive service record could not be read (sv_old)" in check.detail


async def test_an_active_record_skipped_is_a_warning_naming_it_by_id_and_reason(settings: Settings) -> None:
    service = {"id": "sv_1", "name": "Swedish", "durationMinutes": "sixty"}
    _, check = await _spa_system(settings, _gateway([SOHO], [ANA], [ROOM], [service]))
    assert check.status == "warning", check
    assert "a service record could not be read" in check.detail and "sv_1 (durationMinutes: int_parsing)" in check.detail


async def test_every_therapist_skipped_is_a_loud_warning_never_a_green_zero(settings: Settings) -> None:
    staff = [{**ANA, "role": "Nail Technician"}, {**ANA, "id": "st_2", "firstName": "Bo", "role": "Nail Technician"}]
    _, check = await _spa_system(settings, _gateway([SOHO], staff, [ROOM]))
    assert check.status == "warning", check
    assert check.line().startswith("! spa system:"), check.line()
    # the count itself says that staff are missing, before the reasons
    assert "0 active staff (2 staff records could not be read)" in check.detail, check.detail
    assert "st_1 (role: enum ('Nail Technician'))" in check.detail and "st_2 (role: enum ('Nail Technician'))" in check.detail
    assert "SoHo has no active staff that could be read" in check.detail
    assert "Ana" not in check.detail and "Bo" not in check.detail


async def test_an_unreadable_location_still_fails(settings: Settings) -> None:
    _, check = await _spa_system(settings, _gateway([SOHO, {"id": "loc_x", "name": "X", "timeZone": "Mars/Base"}],
                                                    [ANA], [ROOM]))
    assert check.status == "failed", check


# ---- F3: a waitlist entry's status is never logged; configuration values are cut ---------------------------------


def test_a_waitlist_status_that_cannot_be_read_is_logged_by_field_and_entry_id_only(caplog: pytest.LogCaptureFixture) -> None:
    status = "Removed - Jane Doe asked by phone 555-1234"
    page = {"data": [{"id": "wl_1", "locationId": "l", "clientId": "c", "dateFrom": "2026-12-05",
                      "dateTo": "2026-12-06", "createdAt": "2026-12-01T00:00:00Z", "status": status}]}
    why: list[tuple[str | None, str]] = []
    with caplog.at_level(logging.DEBUG, logger="spa_copilot.platform.mangomint"):
        items, _ = _parse_page(WaitlistEntry, page, why=why)
    assert not items and why == [("wl_1", "status: enum")]
    said = " ".join(caplog.messages)
    assert "wl_1" in said and "status" in said
    assert "Jane" not in said and "555" not in said and "Removed" not in said, said


def test_a_staff_role_that_cannot_be_read_is_shown_cut_to_40_characters() -> None:
    role = "Therapist (Ana's old profile, ask Bo about it before Friday please)"
    why: list[tuple[str | None, str]] = []
    from spa_copilot.domain import Staff

    _parse_page(Staff, {"data": [{**ANA, "role": role}]}, why=why)
    [(item, problems)] = why
    assert item == "st_1" and f"role: enum ({role[:40]!r}…)" == problems, problems
    assert "Friday" not in problems


# ---- F5: the client card says an unreadable consent as not readable --------------------------------------------------


def test_an_unreadable_transactional_consent_is_not_shown_as_the_guest_saying_no() -> None:
    client = Client.model_validate({"id": "cl_1", "firstName": "Ava",
                                    "messagingPreferences": {"transactionalText": "sometimes", "marketingText": "??",
                                                             "transactionalEmail": "optedOut"}})
    message = blocks.client_card_message(client_card_view(client))
    shown = render_terminal(message, width=200)
    assert "SMS: not readable in the spa system — not texted / marketing not readable" in shown, shown
    assert "Email: no / marketing not asked" in shown, shown
    assert "SMS: no /" not in shown


def test_a_guest_who_opted_out_still_reads_no() -> None:
    client = Client.model_validate({"id": "cl_1", "firstName": "Ava",
                                    "messagingPreferences": {"transactionalText": "OptedOut"}})
    shown = render_terminal(blocks.client_card_message(client_card_view(client)), width=200)
    assert "SMS: no / marketing not asked" in shown, shown
