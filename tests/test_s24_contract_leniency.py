"""What a gateway may send that the contract's words allow, read rather than refused (the contract review of
session 24): numeric ids everywhere, an appointment status cased or spelled otherwise, a client alert's severity
in another case or word, one client record of another shape among a location's, and a write taken (2xx) whose
answer is not the contract's shape."""

from __future__ import annotations

import json
import logging
from datetime import date
from typing import Any

import httpx
import pytest
from pydantic import ValidationError

from spa_copilot import fill
from spa_copilot.ai.schemas import shown_first_name
from spa_copilot.briefings import send_morning_briefings
from spa_copilot.domain import Alert, Appointment, AppointmentStatus, Client, SentMessage
from spa_copilot.platform.errors import PlatformAnswerUnread, PlatformProtocolError, PlatformUnavailable
from spa_copilot.reads import load_clients
from spa_copilot.slack import ids
from tests.conftest import DAY
from tests.fill_scene import eventually
from tests.fixture_loader import load_fixture
from tests.test_mangomint_client import Harness


def _appointment(**changes: Any) -> dict[str, Any]:
    payload = load_fixture("mangomint/appointment.json")
    payload.update(changes)
    return payload


# ---- numeric ids -------------------------------------------------------------------------------------------

def test_numeric_ids_are_read_as_their_strings_in_every_id_field():
    raw = _appointment(id=812, locationId=3, clientId=5520117.0)
    for line in raw["services"]:
        line.update(id=9, serviceId=41, staffId=7, resourceIds=[11, "rm_x"])
    appointment = Appointment.model_validate(raw)
    assert (appointment.id, appointment.location_id, appointment.client_id) == ("812", "3", "5520117")
    line = appointment.services[0]
    assert (line.id, line.service_id, line.staff_id, line.resource_ids) == ("9", "41", "7", ["11", "rm_x"])
    assert SentMessage.model_validate({"id": 44, "clientId": 5, "channel": "sms", "purpose": "transactional",
                                       "body": "hi", "approvedBy": "U1", "sentAt": "2026-12-04T10:00:00Z"}).id == "44"


@pytest.mark.parametrize("bad", [True, 4.5, None, {"id": 1}, [812], 1e16 + 2, 1e300])
def test_what_is_no_id_is_still_refused(bad):
    with pytest.raises(ValidationError):
        Appointment.model_validate(_appointment(id=bad))


async def test_a_listing_with_numeric_ids_is_read_not_skipped():
    page = {"data": [_appointment(id=812, clientId=44), _appointment(id="apt_b")], "nextCursor": None}
    harness = Harness(lambda request: httpx.Response(200, json=page))
    found = await harness.client.list_appointments(location_id="loc_1")
    assert sorted(a.id for a in found) == ["812", "apt_b"]
    assert {a.client_id for a in found if a.id == "812"} == {"44"}


async def test_a_skipped_item_is_logged_by_its_numeric_id(caplog):
    page = {"data": [_appointment(id=812, status="teleported")], "nextCursor": None}
    harness = Harness(lambda request: httpx.Response(200, json=page))
    with caplog.at_level(logging.WARNING):
        assert await harness.client.list_appointments(location_id="loc_1") == []
    assert any("skipped Appointment 812" in message for message in caplog.messages)


# ---- appointment statuses ------------------------------------------------------------------------------------

@pytest.mark.parametrize(("sent", "read"), [
    ("canceled", AppointmentStatus.cancelled), ("Cancelled", AppointmentStatus.cancelled),
    ("CANCELED", AppointmentStatus.cancelled), ("no_show", AppointmentStatus.no_show),
    ("No Show", AppointmentStatus.no_show), ("checked-in", AppointmentStatus.checked_in),
    ("Confirmed", AppointmentStatus.confirmed), ("pending_completion", AppointmentStatus.pending_completion),
])
def test_a_status_cased_or_spelled_otherwise_is_the_contracts(sent, read):
    assert Appointment.model_validate(_appointment(status=sent)).status is read


def test_a_status_the_contract_does_not_name_is_still_refused():
    with pytest.raises(ValidationError):
        Appointment.model_validate(_appointment(status="teleported"))


async def test_a_cancellation_spelled_canceled_is_seen_by_a_read():
    page = {"data": [_appointment(id="apt_c", status="canceled")], "nextCursor": None}
    harness = Harness(lambda request: httpx.Response(200, json=page))
    [appointment] = await harness.client.list_appointments(location_id="loc_1")
    assert appointment.status is AppointmentStatus.cancelled and not appointment.is_active


# ---- alert severities --------------------------------------------------------------------------------------

@pytest.mark.parametrize(("sent", "read"), [
    ("Critical", "critical"), (" WARNING ", "warning"), ("info", "info"),
    ("high", "critical"), ("Severe", "critical"), ("urgent", "critical"), ("CRITICAL - ALLERGY", "critical"),
    (3, "critical"), ("x", "critical"), ("Minor", "info"), ("FYI", "info"), ("Medium", "warning"),
    ("caution", "warning"), ("Low - critical?", "critical"),
])
def test_an_alerts_severity_in_another_case_or_word(sent, read):
    assert Alert.model_validate({"text": "Severe nut allergy", "severity": sent}).severity == read


# ---- one client record of another shape ----------------------------------------------------------------------

class _Clients:
    """A platform whose clients are these payloads, read through the real client's parsing."""

    def __init__(self, payloads: dict[str, dict[str, Any]]) -> None:
        self.harness = Harness(self._answer)
        self.payloads = payloads

    def _answer(self, request: httpx.Request) -> httpx.Response:
        client_id = request.url.path.rsplit("/", 1)[-1]
        return httpx.Response(200, json=self.payloads[client_id]) if client_id in self.payloads else httpx.Response(404)

    async def get_client(self, client_id: str) -> Client:
        return await self.harness.client.get_client(client_id)


def _client(client_id: str, **changes: Any) -> dict[str, Any]:
    return {"id": client_id, "firstName": "Ava", "lastName": "Stone", **changes}


async def test_one_client_of_another_shape_is_left_out_not_the_whole_read(caplog):
    platform = _Clients({
        "cl_1": _client("cl_1"),
        "cl_2": _client("cl_2", healthHistory={"allergies": ["nuts"], "pregnant": "maybe"}),  # no yes or no
        "cl_3": _client("cl_3", alerts=[{"text": "Severe nut allergy", "severity": "high"}]),
    })
    with caplog.at_level(logging.WARNING):
        clients = await load_clients(platform, ["cl_1", "cl_2", "cl_3", "cl_404"])
    assert sorted(clients) == ["cl_1", "cl_3"]
    assert clients["cl_3"].alerts[0].severity == "critical"  # "high": never read lower than it may mean
    assert any("client cl_2 could not be read" in message for message in caplog.messages)
    assert not any("maybe" in message or "nuts" in message for message in caplog.messages)  # no values logged


async def test_a_gateway_answering_every_client_in_another_shape_still_fails():
    platform = _Clients({cid: _client(cid, healthHistory={"pregnant": "maybe"}) for cid in ("cl_1", "cl_2")})
    with pytest.raises(PlatformProtocolError):
        await load_clients(platform, ["cl_1", "cl_2"])
    assert await load_clients(platform, ["cl_1", "cl_2"], tolerant=True) == {}


# ---- a write taken with an answer not the contract's ---------------------------------------------------------

def _message():
    from spa_copilot.domain import MessageChannel, MessagePurpose, OutboundMessage

    return OutboundMessage(channel=MessageChannel.sms, purpose=MessagePurpose.transactional, body="hi", approved_by="U1")


async def test_a_write_answered_with_its_record_unreadable_is_taken_not_refused():
    answer = {"id": 812, "clientId": "cl_1", "sentAt": "2026-12-04T15:00:00Z"}  # channel, body … missing
    harness = Harness(lambda request: httpx.Response(201, json=answer))
    with pytest.raises(PlatformAnswerUnread) as raised:
        await harness.client.send_message("cl_1", _message(), idempotency_key="fill:fp_1:sms:0")
    assert len(harness.requests) == 1  # taken: not asked again
    assert raised.value.body == answer


@pytest.mark.parametrize("answer", [
    httpx.Response(200, text="<html>Welcome to the hotel wifi</html>"),  # a proxy's page
    httpx.Response(202), httpx.Response(204),  # nothing said
    httpx.Response(200, json={"error": "queue full"}), httpx.Response(202, json={"status": "queued"}),
    httpx.Response(201, json=["sent"]),
])
async def test_a_write_answered_with_no_record_of_it_is_not_taken_but_asked_again(answer):
    harness = Harness(lambda request: answer)
    with pytest.raises(PlatformUnavailable):  # the outbox keeps it for a later try under the same key
        await harness.client.send_message("cl_1", _message(), idempotency_key="fill:fp_1:sms:0")
    assert len(harness.requests) == 1


async def _sent_with_answer(scene, monkeypatch, answer: Any, *, times: int = 10**6) -> dict[str, Any]:
    """The first candidate's text approved, the sandbox sending it, and its first ``times`` answers replaced by
    ``answer`` (a JSON body, or an ``httpx.Response``)."""
    http = scene.world.platform._http
    real = http.send
    left = {"n": times}

    async def send(request: httpx.Request, **kwargs: Any) -> httpx.Response:
        response = await real(request, **kwargs)
        if request.method == "POST" and request.url.path.endswith("/messages") and response.status_code < 300 and left["n"]:
            left["n"] -= 1
            await response.aread()
            if isinstance(answer, httpx.Response):
                return httpx.Response(answer.status_code, content=answer.content, request=request)
            return httpx.Response(201, json=answer, request=request)
        return response

    monkeypatch.setattr(http, "send", send)
    await scene.cancel()
    first = scene.candidate(0)
    await scene.click(ids.APPROVE_FILL)
    await eventually(lambda: scene.proposal["status"] not in ("pending", "approved") or bool(scene.sent()))
    return first


async def test_a_text_answered_with_no_record_is_sent_again_under_its_key_and_goes_out_once(scene, monkeypatch):
    first = await _sent_with_answer(scene, monkeypatch, httpx.Response(202), times=1)
    offer = scene.store.latest_fill_offer(first["client_id"])
    assert offer is not None and scene.store.outbox_item(offer["outbox_key"]).status == "pending"  # not said sent
    assert scene.proposal["status"] == "approved"
    assert await fill.deliver(scene.copilot, offer["outbox_key"])  # the outbox's next try, under the same key
    assert scene.proposal["status"] == "sent"
    assert [m["clientId"] for m in scene.sent()] == [first["client_id"]]  # one text: the key sent it once
    assert scene.store.outbox_item(offer["outbox_key"]).status == "sent"


async def test_a_text_sent_with_an_unreadable_answer_is_recorded_sent_and_her_yes_books(scene, monkeypatch):
    # a numeric client id and no sentAt, channel, body: not the contract's SentMessage
    first = await _sent_with_answer(scene, monkeypatch, {"id": 812, "clientId": 0})
    assert [m["clientId"] for m in scene.sent()] == [first["client_id"]]  # the text went out, once
    assert scene.proposal["status"] == "sent"
    offer = scene.store.latest_fill_offer(first["client_id"])
    assert offer is not None and offer["status"] == "sent"
    item = scene.store.outbox_item(offer["outbox_key"])
    assert item.status == "sent" and item.result == {"messageId": "812", "sentAt": None}
    actions = [row[0] for row in scene.store.db.execute("select action from audit order by rowid").fetchall()]
    assert "fill.sent" in actions and "fill.send_failed" not in actions
    await scene.reply(first["client_id"], "YES")
    await eventually(lambda: bool(scene.bookings_for(first["client_id"])))
    assert len(scene.bookings_for(first["client_id"])) == 1


async def _yes_with_booking_answer(scene, monkeypatch, answer) -> dict[str, Any]:
    """Her YES to the first offer, the spa system booking it and its first answer replaced by ``answer(real)``."""
    await scene.cancel()
    first, _ = await scene.first_offer_sent()
    http = scene.world.platform._http
    real = http.send
    left = {"n": 1}

    async def send(request: httpx.Request, **kwargs: Any) -> httpx.Response:
        response = await real(request, **kwargs)
        if request.method == "POST" and request.url.path.endswith("/appointments") and response.status_code < 300 and left["n"]:
            left["n"] -= 1
            return httpx.Response(201, content=answer(json.loads(await response.aread())), request=request)
        return response

    monkeypatch.setattr(http, "send", send)
    await scene.reply(first["client_id"], "YES")
    return first


async def test_a_booking_answered_with_only_its_id_is_found_and_said_booked(scene, monkeypatch):
    first = await _yes_with_booking_answer(scene, monkeypatch, lambda made: json.dumps({"id": made["id"]}).encode())
    await eventually(lambda: scene.proposal["status"] in ("booked", "failed"))
    [booking] = scene.bookings_for(first["client_id"])
    assert scene.proposal["status"] == "booked"
    assert booking.id in scene.thread_text() and "Could not book" not in scene.thread_text()


async def test_a_booking_answered_with_no_record_is_asked_again_and_booked_once(scene, monkeypatch):
    first = await _yes_with_booking_answer(scene, monkeypatch, lambda made: b"Created")
    await eventually(lambda: any("book" in i.key for i in scene.store.pending_outbox()))
    assert scene.proposal["status"] == "sent" and "Could not book" not in scene.thread_text()
    [item] = [i for i in scene.store.pending_outbox() if "book" in i.key]
    assert await fill.deliver(scene.copilot, item.key)  # asked again under the same key: the first booking's answer
    [booking] = scene.bookings_for(first["client_id"])
    assert scene.proposal["status"] == "booked" and booking.id in scene.thread_text()


@pytest.mark.filterwarnings("ignore:Pydantic serializer warnings")  # the sandbox serves the odd value on purpose
async def test_one_guests_record_of_another_shape_leaves_the_rest_of_the_mornings_briefings(world):
    booked = sorted(
        (a for a in world.spa.appointments.values()
         if a.is_active and "st_ana_reyes" in a.staff_ids and a.start_at.date() == DAY),
        key=lambda a: a.start_at,
    )
    assert len(booked) >= 2
    odd, other = world.spa.clients[booked[0].client_id], world.spa.clients[booked[1].client_id]
    object.__setattr__(odd.health_history, "pregnant", "maybe")  # served as neither yes nor no: not the contract's
    run = await send_morning_briefings(world.copilot, "loc_soho")
    assert run.error is None and "st_ana_reyes" in run.sent
    [dm] = [m.text + json.dumps(m.blocks, ensure_ascii=False) for m in world.slack.messages(world.slack_id("st_ana_reyes"))]
    assert "Guest details unavailable: the spa system did not give this client's record" in dm
    assert shown_first_name(other.first_name) in dm and shown_first_name(odd.first_name) not in dm


def test_app_py_passes_its_options_to_run():
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    shown = subprocess.run([sys.executable, str(root / "app.py"), "--help"], capture_output=True, text=True, timeout=60,
                           cwd=root, check=False)
    assert shown.returncode == 0, shown.stderr[-500:]
    assert "usage: spa-copilot run" in shown.stdout and "--port" in shown.stdout


def test_intake_answers_sent_as_one_string_are_read_as_the_list():
    client = Client.model_validate({"id": 17, "firstName": "Ava", "healthHistory": {
        "allergies": "nuts, latex;\nshellfish", "conditions": "", "medications": ["warfarin"]}})
    assert client.id == "17"
    assert client.health_history.allergies == ["nuts", "latex", "shellfish"]
    assert client.health_history.conditions == [] and client.health_history.medications == ["warfarin"]


@pytest.mark.parametrize("sent", ["2025-02-11T10:00:00Z", "2025-02-11T23:30:00-08:00", "2025-02-11 10:00", "2025-02-11"])
def test_a_last_visit_sent_as_a_time_is_its_date(sent):
    assert str(Client.model_validate({"id": "c", "firstName": "Ava", "lastVisitDate": sent}).last_visit_date) == "2025-02-11"


def test_a_last_visit_that_is_no_date_is_still_refused():
    with pytest.raises(ValidationError):
        Client.model_validate({"id": "c", "firstName": "Ava", "lastVisitDate": "last Tuesday"})


async def test_the_one_client_asked_for_unreadable_is_left_out_not_raised():
    # a prep DM or /spa client asks for one guest: her record of another shape is no outage to retry for ever
    platform = _Clients({"cl_1": _client("cl_1", healthHistory={"pregnant": "maybe"})})
    assert await load_clients(platform, ["cl_1"]) == {}


@pytest.mark.parametrize(("sent", "read"), [
    ("High blood pressure, controlled", ["High blood pressure, controlled"]),
    ("Eliquis 5mg, twice daily", ["Eliquis 5mg, twice daily"]),
    ("warfarin, stopped", ["warfarin, stopped"]),
    ("shellfish (shrimp, crab, lobster), latex", ["shellfish (shrimp, crab, lobster)", "latex"]),
    ("diabetes, hypertension", ["diabetes", "hypertension"]),
    ("Arnica, not lavender", ["Arnica", "not lavender"]),
])
def test_an_intake_string_is_split_into_answers_not_qualifiers(sent, read):
    assert Client.model_validate({"id": "c", "firstName": "Ava", "healthHistory": {"conditions": sent}}).health_history.conditions == read


def test_24_00_is_the_midnight_a_stretch_ends_at_never_a_start():
    from spa_copilot.domain import Location, Shift

    assert Shift(weekday=0, start="16:00", end="24:00").end == "00:00"
    with pytest.raises(ValidationError):
        Shift(weekday=0, start="24:00", end="06:00")  # read as 00:00 it would start a day early
    hours = Location.model_validate({"id": "l", "name": "L", "timeZone": "UTC", "openingHours": {"mon": ["24:00", "24:00"]}})
    assert hours.opening_hours == {}  # not "open all day"


@pytest.mark.parametrize("channel", ["sms", "email"])
def test_the_offline_follow_up_greets_by_a_first_name_never_the_field_as_typed(channel):
    from spa_copilot.ai import offline
    from spa_copilot.ai.schemas import FollowUpInput

    follow = FollowUpInput(first_name="Ada (Tom's wife) 415-555-0101", service_name="Swedish Massage 60",
                           visit_date=date(2026, 12, 3), channel=channel)
    text = offline.follow_up_text(follow, spa_name="Juniper & Salt")
    assert text.startswith("Hi Ada,") and "Tom" not in text and "555" not in text
    note = FollowUpInput(first_name="DO NOT BOOK - owes $200", service_name="Swedish Massage 60",
                         visit_date=date(2026, 12, 3), channel=channel)
    assert offline.follow_up_text(note, spa_name="Juniper & Salt").startswith("Hi there,")
