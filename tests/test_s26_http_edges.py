"""Edges of the HTTP face a contract review (5 December) found, each driven through the real app with real signing.

- A webhook of a type that names no event (a gateway's ``{"id": "e6", "type": "ping"}``), with no ``data``, a
  ``null`` one or one that is no object, was refused (400, "neither the contract envelope nor a Mangomint payload"):
  a sender's test ping was retried, or the webhook switched off. The contract says any other type is acknowledged.
- ``{"event": "appointment.canceled", "data": {"appointment": …}}`` was refused ("appointment.cancelled without an
  appointment") while the same body under ``type`` was handled: the appointment is looked for under ``data`` too.
- ``/webhooks/mangomint/`` and ``/slack/events/`` (a trailing slash) were answered with a 307 to the other
  spelling, its ``Location`` repeating the ``?key=`` secret; a sender that does not follow a POST's redirect lost
  every webhook. Both spellings are served, without a redirect.
- Slack's ``app_rate_limited`` callback was a 404 ("unhandled request"), a failed delivery in Slack's count toward
  disabling the app's event subscriptions: now 200, and one WARNING line of ids.
- A slash command without a ``response_url`` was logged as "answered 400", though the HTTP face had answered Slack
  200 on its arrival.
"""

from __future__ import annotations

import asyncio
import json
import logging
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import httpx
import pytest
from starlette.applications import Starlette
from starlette.responses import Response
from starlette.testclient import TestClient

from spa_copilot import server
from spa_copilot.platform.signing import signed_headers
from spa_copilot.platform.webhooks import APPOINTMENT_CANCELLED
from spa_copilot.sandbox.world import SandboxWorld
from spa_copilot.settings import Settings
from tests.fixture_loader import load_fixture

SECRET = "sandbox-webhook-secret"
JSON = "application/json"
FORM = "application/x-www-form-urlencoded"


async def _hook(world: SandboxWorld, payload: Any, *, path: str = "/webhooks/mangomint", query: str = "",
                raw: bytes | None = None, sign: bool = True) -> httpx.Response:
    body = raw if raw is not None else json.dumps(payload).encode()
    headers = {"Content-Type": JSON}
    if sign:
        headers |= signed_headers(SECRET, int(world.copilot.now().timestamp()), body)
    return await world.http.post(f"{path}{query}", content=body, headers=headers)


# ---- 1. types that name no event, whatever their data; an appointment under ``data`` when the event is ``event``


@pytest.mark.parametrize(
    "payload",
    [
        {"id": "e6", "type": "ping"},
        {"id": "e7", "type": "ping", "data": None},
        {"id": "e8", "type": "gateway.test", "data": "hello"},
        {"id": "e9", "type": "webhook.verify", "data": [1, 2]},
        {"type": "ping"},  # no id either: deduplicated on a hash of the body
    ],
)
async def test_a_type_that_names_no_event_is_acknowledged_whatever_its_data(world: SandboxWorld, payload: dict) -> None:
    response = await _hook(world, payload)
    assert response.status_code == 200, response.text
    assert response.json()["ok"] is True


@pytest.mark.parametrize(
    ("payload", "raw", "status"),
    [
        (None, b"not json", 400),
        (["ping"], None, 400),
        ({"id": "e10", "type": "appointment.cancelled"}, None, 400),  # a named event still needs its appointment
        ({"id": "e11", "type": "Appointment.Canceled", "data": None}, None, 400),
    ],
)
async def test_what_cannot_be_read_is_still_refused(world: SandboxWorld, payload: Any, raw: bytes | None, status: int) -> None:
    response = await _hook(world, payload, raw=raw)
    assert response.status_code == status, response.text


@pytest.mark.parametrize(
    "payload",
    [
        {"id": "r1", "type": "sms.received", "message": {"from": "+15550100", "body": "YES"}},
        {"id": "r2", "type": "message", "data": None, "message": {"from": "+15550100", "body": "YES"}},
        {"type": "message.received.v2", "message": {"body": "YES"}},
        {"id": "r3", "type": "reply", "replies": [{"body": "YES"}]},
    ],
)
async def test_a_type_that_names_no_event_but_carries_something_is_refused_not_lost(
    world: SandboxWorld, payload: dict
) -> None:
    """Only a bare body (nothing but scalars beside ``data``) of an unknown type is a ping to acknowledge: one that
    carries an object may hold a guest's YES, and a 200 with nobody handling it lost it without a trace."""
    response = await _hook(world, payload)
    assert response.status_code == 400, response.text


async def test_a_pings_id_does_not_make_a_later_event_a_duplicate(world: SandboxWorld) -> None:
    """A ping is handled by nobody and not remembered: the gateway's next event under the same id is processed."""
    heard = _heard(world)
    assert (await _hook(world, {"id": "1", "type": "ping"})).json() == {"ok": True, "duplicate": False}
    event = load_fixture("mangomint/webhook_appointment_cancelled.json") | {"id": "1"}
    response = await _hook(world, event)
    assert response.json() == {"ok": True, "duplicate": False}
    assert [e.type for e in heard] == [APPOINTMENT_CANCELLED]
    again = await _hook(world, event)  # an event someone handled is remembered: its redelivery is a duplicate
    assert again.json() == {"ok": True, "duplicate": True} and len(heard) == 1


async def test_a_ping_badly_signed_is_still_refused(world: SandboxWorld) -> None:
    body = json.dumps({"id": "e12", "type": "ping"}).encode()
    headers = {"Content-Type": JSON, **signed_headers("another-secret", int(world.copilot.now().timestamp()), body)}
    response = await world.http.post("/webhooks/mangomint", content=body, headers=headers)
    assert response.status_code == 401


def _heard(world: SandboxWorld) -> list[Any]:
    heard: list[Any] = []

    async def listener(event: Any) -> None:
        heard.append(event)

    world.copilot.on_webhook("appointment.*", listener)
    return heard


@pytest.mark.parametrize("name", ["appointment.canceled", "Appointment Canceled", "appointment.cancelled"])
async def test_a_cancellation_named_under_event_is_read_from_data(world: SandboxWorld, name: str) -> None:
    heard = _heard(world)
    appointment = load_fixture("mangomint/webhook_appointment_cancelled.json")["data"]["appointment"]
    response = await _hook(world, {"event": name, "data": {"appointment": appointment}})
    assert response.status_code == 200, response.text
    [event] = heard
    assert event.type == APPOINTMENT_CANCELLED
    assert event.appointment_ref is not None
    assert (event.appointment_ref.appointment_id, event.appointment_ref.client_id) == ("apt_000812", "cl_00417")
    assert event.appointment_ref.location_id == "loc_sf"


@pytest.mark.parametrize("kind", ["webhook", "mangomint", "event"])
async def test_a_gateway_s_own_type_beside_the_event_and_an_appointment_under_data_is_read(
    world: SandboxWorld, kind: str
) -> None:
    # session 27: {"type": "webhook", "event": …, "data": {"appointment": …}} was read as an envelope of an unknown
    # type, acknowledged and handled by nobody (the cancellation waited for the next poll)
    heard = _heard(world)
    appointment = load_fixture("mangomint/webhook_appointment_cancelled.json")["data"]["appointment"]
    response = await _hook(world, {"type": kind, "event": "appointment.canceled", "data": {"appointment": appointment}})
    assert response.status_code == 200, response.text
    [event] = heard
    assert event.type == APPOINTMENT_CANCELLED and event.source == "mangomint"
    assert event.appointment_ref is not None and event.appointment_ref.appointment_id == "apt_000812"


async def test_an_unknown_type_whose_data_holds_no_appointment_is_still_acknowledged_and_ignored(
    world: SandboxWorld,
) -> None:
    heard = _heard(world)
    response = await _hook(world, {"id": "gw-1", "type": "webhook", "data": {"note": "hello"}})
    assert response.status_code == 200, response.text
    assert heard == []


async def test_the_add_on_s_client_info_beside_an_appointment_under_data_is_read(world: SandboxWorld) -> None:
    heard = _heard(world)
    payload = {"event": "Appointment Booked",
               "data": {"appointment": {"id": 48213907, "dateTime": "2025-03-18T10:30:00-07:00"},
                        "clientInfo": {"id": 5520117, "firstName": "Jordan"}}}
    response = await _hook(world, payload)
    assert response.status_code == 200, response.text
    [event] = heard
    assert event.appointment_ref.appointment_id == "48213907" and event.appointment_ref.client_id == "5520117"


# ---- 2. a trailing slash: served, never redirected, the key never echoed


@pytest.mark.parametrize("path", ["/webhooks/mangomint/", "/webhooks/mangomint"])
async def test_the_webhook_path_with_or_without_a_slash_is_served_with_the_key(world: SandboxWorld, path: str) -> None:
    body = json.dumps({"id": f"slash{len(path)}", "type": "test.ping", "data": {}}).encode()
    response = await world.http.post(f"{path}?key={SECRET}", content=body, headers={"Content-Type": JSON})
    assert response.status_code == 200, response.text
    assert "location" not in response.headers


async def test_a_refused_webhook_on_the_slash_path_echoes_no_key(world: SandboxWorld) -> None:
    body = json.dumps({"id": "slash-wrong", "type": "test.ping", "data": {}}).encode()
    response = await world.http.post("/webhooks/mangomint/?key=not-the-secret", content=body,
                                     headers={"Content-Type": JSON})
    assert response.status_code == 401
    assert "location" not in response.headers and "not-the-secret" not in response.text


async def test_a_guests_reply_on_the_slash_path_is_handled(world: SandboxWorld) -> None:
    heard: list[str] = []

    async def listener(event: Any) -> None:
        heard.append(event.message.body)

    world.copilot.on_webhook("message.received", listener)
    message = {"id": "m-slash", "clientId": "cl_1", "channel": "sms", "body": "YES",
               "receivedAt": "2026-11-24T15:00:00Z"}
    response = await _hook(world, {"id": "e-slash-reply", "type": "message.received", "data": {"message": message}},
                           path="/webhooks/mangomint/")
    assert response.status_code == 200, response.text
    assert heard == ["YES"]


async def test_the_slack_path_with_a_slash_is_served(world: SandboxWorld) -> None:
    body = json.dumps({"token": "t", "challenge": "c-slash", "type": "url_verification"})
    headers = {"Content-Type": JSON, **world.sender.signature_headers(body)}
    response = await world.http.post("/slack/events/", content=body.encode(), headers=headers)
    assert response.status_code == 200
    assert "c-slash" in response.text and "location" not in response.headers


async def test_the_health_check_with_a_slash_is_served(world: SandboxWorld) -> None:
    response = await world.http.get("/healthz/")
    assert response.status_code == 200 and response.json()["ok"] is True


async def test_an_unknown_path_is_a_404_never_a_redirect(world: SandboxWorld) -> None:
    response = await world.http.post(f"/webhooks/mangomint//?key={SECRET}", content=b"{}")
    assert response.status_code == 404 and "location" not in response.headers


# ---- 3. Slack's app_rate_limited callback


async def test_slacks_rate_limited_callback_is_acknowledged_with_a_warning_of_ids(
    world: SandboxWorld, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    body = json.dumps({"token": "Jhj5dZrVaK7ZwHHjRyZWjbDl", "type": "app_rate_limited", "team_id": "T1",
                       "minute_rate_limited": 1518467820, "api_app_id": "A1"})
    response = await world.sender.send(body, content_type=JSON)
    assert response.status_code == 200
    [line] = [r for r in caplog.records if "rate-limiting" in r.getMessage()]
    assert line.levelno == logging.WARNING
    assert "team T1 (app A1) since 2018-02-12 20:37 UTC" in line.getMessage()
    assert "Jhj5dZrVaK7ZwHHjRyZWjbDl" not in caplog.text
    assert not [r for r in caplog.records if "no listener answers" in r.getMessage() or r.levelno >= logging.ERROR]


async def test_an_unsigned_rate_limited_callback_is_refused(world: SandboxWorld) -> None:
    body = json.dumps({"type": "app_rate_limited", "team_id": "T1", "minute_rate_limited": 1, "api_app_id": "A1"})
    response = await world.sender.send(body, content_type=JSON, signed=False)
    assert response.status_code == 401


# ---- 4. a slash command the HTTP face acknowledged on arrival is logged as such


async def test_a_slash_command_without_a_response_url_is_logged_as_answered_on_arrival(
    world: SandboxWorld, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    fields = {"token": "x", "team_id": "T0SANDBOX", "channel_id": "C1", "user_id": "U0FRONTDSK", "user_name": "f",
              "command": "/spa", "text": "help", "api_app_id": "A1", "trigger_id": "1.2.3"}
    response = await world.sender.send(urlencode(fields), content_type=FORM)
    assert response.status_code == 200
    for _ in range(300):  # the command runs after its ack, once no other command arrived for a tenth of a second
        if lines := [r.getMessage() for r in caplog.records if "could not be read" in r.getMessage()]:
            break
        await asyncio.sleep(0.01)
    [line] = lines
    assert "response_url is not what Slack sends" in line
    assert line.endswith("answered 200 on arrival, not run"), line
    assert "answered 400" not in line


def test_the_served_app_of_spa_copilot_run_never_redirects_to_the_other_spelling(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``spa-copilot run`` serves an outer app whose routes its startup fills in (``run_server``'s lifespan): that
    app too answers a path it does not serve with a 404, never a 307 to a route's other spelling with the key."""
    apps: list[Starlette] = []

    def record(self: Any, sockets: list[Any] | None = None) -> None:
        apps.append(self.config.app)
        self.started = True

    async def taken(settings: Settings) -> None:
        return None

    monkeypatch.setattr("uvicorn.Server.run", record)
    monkeypatch.setattr(server, "bot_token_refusal", taken)
    values = {"slack_api_url": "http://127.0.0.1:9/api/", "spa_db_path": tmp_path / "state.db"}
    assert server.run_server(Settings(_env_file=None, **values), host="127.0.0.1", port=0) == 0
    [app] = apps

    async def ok(request: Any) -> Response:
        return Response(status_code=200)

    app.router.routes[:] = server._both_ways("/webhooks/mangomint", ok, methods=["POST"])  # as its startup does
    client = TestClient(app, follow_redirects=False)  # not entered: its startup (the copilot's) is not run
    assert client.post(f"/webhooks/mangomint/?key={SECRET}").status_code == 200
    refused = client.post(f"/webhooks/mangomint//?key={SECRET}")
    assert refused.status_code == 404 and "location" not in refused.headers
