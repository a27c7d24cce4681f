"""Consent under other key names (session 27): ``transactionalSms``, ``smsMarketing`` and a nested ``{"sms":
{...}}`` were not recognised, so a guest's opt-out sent that way was read as ``unknown`` (textable, the contract's
default for transactional)."""

from __future__ import annotations

from typing import Any

import pytest

from spa_copilot.domain import Client, MessagingPreferences


def read(preferences: Any) -> dict[str, str]:
    return MessagingPreferences.model_validate(preferences).model_dump()


@pytest.mark.parametrize(("preferences", "field", "state"), [
    ({"transactionalSms": "optedOut"}, "transactional_text", "optedOut"),
    ({"transactional_sms": "opted_out"}, "transactional_text", "optedOut"),
    ({"smsTransactional": False}, "transactional_text", "optedOut"),
    ({"textTransactional": "optedOut"}, "transactional_text", "optedOut"),
    ({"marketingSms": "optedIn"}, "marketing_text", "optedIn"),
    ({"smsMarketing": "yes"}, "marketing_text", "optedIn"),
    ({"emailMarketing": "optedIn"}, "marketing_email", "optedIn"),
    ({"marketingEmails": True}, "marketing_email", "optedIn"),
    ({"transactionalTextMessages": "optedOut"}, "transactional_text", "optedOut"),
])
def test_a_field_named_another_way_is_read(preferences: dict[str, Any], field: str, state: str) -> None:
    assert read(preferences)[field] == state


@pytest.mark.parametrize(("preferences", "expected"), [
    ({"sms": {"transactional": "optedOut", "marketing": "optedIn"}},
     {"transactional_text": "optedOut", "marketing_text": "optedIn"}),
    ({"marketing": {"email": True, "sms": False}}, {"marketing_email": "optedIn", "marketing_text": "optedOut"}),
    ({"email": {"transactional": "optedIn"}, "text": {"transactional": "no"}},
     {"transactional_email": "optedIn", "transactional_text": "optedOut"}),
])
def test_one_level_of_nesting_is_read(preferences: dict[str, Any], expected: dict[str, str]) -> None:
    read_back = read(preferences)
    assert {field: read_back[field] for field in expected} == expected
    assert all(state == "unknown" for field, state in read_back.items() if field not in expected)


def test_two_spellings_of_one_field_give_the_most_restrictive() -> None:
    assert read({"transactionalText": "optedIn", "transactionalSms": "optedOut"})["transactional_text"] == "optedOut"
    assert read({"transactionalText": "optedIn", "sms": {"transactional": "optedOut"}})["transactional_text"] == "optedOut"
    assert read({"marketingText": "optedIn", "smsMarketing": "unknown"})["marketing_text"] == "unknown"


def test_an_object_under_a_consent_field_is_a_value_not_read() -> None:
    preferences = MessagingPreferences.model_validate({"transactionalText": {"state": "optedIn"}})
    assert preferences.transactional_text == "optedOut" and preferences.unread == ("transactional_text",)


def test_an_object_naming_no_consent_field_changes_nothing() -> None:
    preferences = MessagingPreferences.model_validate({"sms": {"updatedAt": "2026-12-01"}, "marketingEmail": "optedIn"})
    assert preferences.model_dump() == {"marketing_email": "optedIn", "marketing_text": "unknown",
                                        "transactional_email": "unknown", "transactional_text": "unknown"}
    assert preferences.unread == ()


def test_a_guest_opted_out_by_sms_key_is_not_texted() -> None:
    guest = Client.model_validate({"id": "cl_1", "firstName": "Ava",
                                   "messagingPreferences": {"sms": {"transactional": "optedOut"}}})
    assert not guest.messaging_preferences.allows("sms", "transactional")
    assert guest.messaging_preferences.allows("email", "transactional")
