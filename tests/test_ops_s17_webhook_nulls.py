"""A webhook envelope's appointment is read as the client reads the spa system's answers (the contract): ``null``
for an optional field is absent. Before, ``"notes": null`` made ``Appointment.model_validate`` refuse it, and the
event lost its ``appointment`` (only a reference to it was kept)."""

from __future__ import annotations

import json

import pytest

from spa_copilot.platform.errors import WebhookPayloadError
from spa_copilot.platform.webhooks import parse_webhook
from tests.fixture_loader import load_fixture


def _envelope(**changes: object) -> bytes:
    payload = load_fixture("mangomint/webhook_appointment_cancelled.json")
    payload["data"]["appointment"].update(changes)
    return json.dumps(payload).encode()


@pytest.mark.parametrize("field", ["notes", "source", "cancellation"])
def test_a_null_optional_field_of_the_appointment_is_absent(field: str) -> None:
    event = parse_webhook(_envelope(**{field: None}))
    assert event.appointment is not None, "the appointment is kept"
    assert event.appointment.id == "apt_000812" and event.appointment.version == 3
    assert event.appointment_ref is not None and event.appointment_ref.appointment_id == "apt_000812"


def test_notes_null_reads_as_no_notes() -> None:
    event = parse_webhook(_envelope(notes=None))
    assert event.appointment is not None and event.appointment.notes == ""


def test_a_null_required_field_is_still_refused() -> None:
    with pytest.raises(WebhookPayloadError):
        parse_webhook(_envelope(id=None, startAt=None))
