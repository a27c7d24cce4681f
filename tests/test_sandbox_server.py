"""The sandbox spa server: the contract under /v1, idempotency, faults, admin endpoints and webhooks."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import AsyncIterator
from datetime import UTC, date, datetime, timedelta
from typing import Any

import httpx
import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from spa_copilot.domain import (
    Appointment,
    Cancellation,
    Client,
    Location,
    MessagingPreferences,
    Resource,
    Service,
    ServiceLine,
    SpaData,
    Staff,
    WaitlistEntry,
)
from spa_copilot.platform.signing import SIGNATURE_HEADER, TIMESTAMP_HEADER, signature_matches
from spa_copilot.sandbox.faults import FaultConfig
from spa_copilot.sandbox.server import create_sandbox_app, load_spa_data, sandbox_state

API_KEY = "test-key"
AUTH = {"Authorization": f"Bearer {API_KEY}"}
SECRET = "whsec-test"
NOW = datetime(2025, 3, 10, 14, 0, tzinfo=UTC)
DAY = NOW.date()


class FakeClock:
    """A clock tests move by hand."""

    def __init__(self, now: datetime = NOW) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=UTC)


def appointment(
    appointment_id: str,
    start: datetime,
    *,
    client_id: str = "cl_01",
    service_id: str = "sv_massage",
    staff_id: str = "st_ana",
    resource_ids: tuple[str, ...] = ("rm_1",),
    minutes: int = 60,
    status: str = "confirmed",
    location_id: str = "loc_ny",
    cancellation: Cancellation | None = None,
    created_at: datetime | None = None,
) -> Appointment:
    end = start + timedelta(minutes=minutes)
    stamp = created_at or start - timedelta(days=7)
    return Appointment(
        id=appointment_id,
        location_id=location_id,
        client_id=client_id,
        status=status,
        start_at=start,
        end_at=end,
        source="online",
        services=[
            ServiceLine(
                id=f"{appointment_id}-1",
                service_id=service_id,
                staff_id=staff_id,
                start_at=start,
                end_at=end,
                resource_ids=list(resource_ids),
            )
        ],
        cancellation=cancellation,
        created_at=stamp,
        updated_at=stamp,
    )


def small_spa() -> SpaData:
    """Two locations, three therapists, a few rooms, 8 clients, 14 appointments, two waitlist entries."""
    yesterday, tomorrow = DAY - timedelta(days=1), DAY + timedelta(days=1)
    appointments = [
        # today at loc_ny, 10 of them, on two therapists and rooms
        *(appointment(f"apt_t{i:02d}", at(DAY, 9 + i // 2), staff_id=("st_ana", "st_ben")[i % 2],
                      resource_ids=(("rm_1", "rm_2")[i % 2],), client_id=f"cl_0{1 + i % 8}") for i in range(10)),
        appointment("apt_la", at(DAY, 18), staff_id="st_cy", resource_ids=("rm_la",), location_id="loc_la"),
        # history: yesterday's outcomes
        appointment("apt_h_done", at(yesterday, 10), status="completed", client_id="cl_07",
                    created_at=at(yesterday - timedelta(days=30), 9)),
        appointment("apt_h_noshow", at(yesterday, 11), status="noShow", client_id="cl_08", service_id="sv_facial"),
        appointment("apt_h_late", at(yesterday, 12), status="cancelled", client_id="cl_02",
                    cancellation=Cancellation(cancelled_at=at(yesterday, 8), late_cancel=True)),
        appointment("apt_h_early", at(yesterday, 13), status="cancelled", client_id="cl_03",
                    cancellation=Cancellation(cancelled_at=at(yesterday - timedelta(days=5), 8), late_cancel=False)),
    ]
    # tomorrow's couples suite booking, to test capacity
    appointments.append(
        appointment("apt_couples", at(tomorrow, 10), staff_id="st_ben", resource_ids=("rm_couples",))
    )
    return SpaData(
        locations=[
            Location(id="loc_ny", name="Downtown", time_zone="America/New_York"),
            Location(id="loc_la", name="Venice", time_zone="America/Los_Angeles"),
        ],
        staff=[
            Staff(id="st_ana", location_id="loc_ny", first_name="Ana", skills=["massage"]),
            Staff(id="st_ben", location_id="loc_ny", first_name="Ben", skills=["massage"]),
            Staff(id="st_dee", location_id="loc_ny", first_name="Dee", skills=["facial"]),
            Staff(id="st_cy", location_id="loc_la", first_name="Cy", skills=["massage"]),
        ],
        resources=[
            Resource(id="rm_1", location_id="loc_ny", name="Room 1", type="room", room_type="massageRoom"),
            Resource(id="rm_2", location_id="loc_ny", name="Room 2", type="room", room_type="massageRoom"),
            Resource(id="rm_couples", location_id="loc_ny", name="Suite", type="room", room_type="couplesSuite",
                     capacity=2),
            Resource(id="rm_la", location_id="loc_la", name="Sun Room", type="room", room_type="massageRoom"),
        ],
        services=[
            Service(id="sv_massage", name="Swedish Massage", category="massage", duration_minutes=60,
                    buffer_minutes=15, price=120.0),
            Service(id="sv_facial", name="Signature Facial", category="facial", duration_minutes=50, price=95.0),
            Service(id="sv_peel", name="Chemical Peel", category="facial", duration_minutes=20,
                    processing_minutes=30, finishing_minutes=10, price=150.0),
        ],
        clients=[
            Client(id="cl_01", first_name="Maya", last_name="Lopez", email="maya@example.com",
                   mobile_phone="+1 (555) 010-0001", tags=["vip"], custom_fields={"pressure": "firm"}),
            Client(id="cl_02", first_name="Noah", last_name="Mayer", email="noah@example.com",
                   mobile_phone="+1 555 010 0002"),
            *(Client(id=f"cl_0{i}", first_name=f"Guest{i}", last_name="Smith", email=f"g{i}@example.com",
                     mobile_phone=f"+1 555 010 000{i}", messaging_preferences=MessagingPreferences(transactional_text="optedIn"))
              for i in range(3, 9)),
        ],
        appointments=appointments,
        waitlist=[
            WaitlistEntry(id="wl_1", location_id="loc_ny", client_id="cl_05", service_ids=["sv_massage"],
                          date_from=DAY, date_to=DAY + timedelta(days=2), created_at=NOW - timedelta(days=3)),
            WaitlistEntry(id="wl_2", location_id="loc_ny", client_id="cl_06", service_ids=["sv_facial"],
                          date_from=DAY + timedelta(days=5), date_to=DAY + timedelta(days=9),
                          created_at=NOW - timedelta(days=1)),
        ],
    )


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def spa() -> SpaData:
    return small_spa()


@pytest.fixture
def app(spa: SpaData, clock: FakeClock) -> Starlette:
    return create_sandbox_app(spa, api_key=API_KEY, clock=clock)


@pytest.fixture
async def http(app: Starlette) -> AsyncIterator[httpx.AsyncClient]:
    async with _client(app) as client:
        yield client


def _client(app: Starlette) -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://sandbox", headers=AUTH)


async def _all_pages(http: httpx.AsyncClient, path: str, params: dict[str, Any]) -> tuple[list[dict[str, Any]], int]:
    items: list[dict[str, Any]] = []
    cursor: str | None = None
    pages = 0
    while True:
        response = await http.get(path, params={**params, **({"cursor": cursor} if cursor else {})})
        assert response.status_code == 200, response.text
        pages += 1
        items.extend(response.json()["data"])
        cursor = response.json()["nextCursor"]
        if cursor is None:
            return items, pages


def _booking(**overrides: Any) -> dict[str, Any]:
    body = {
        "locationId": "loc_ny",
        "clientId": "cl_05",
        "serviceId": "sv_massage",
        "staffId": "st_dee",
        "startAt": at(DAY, 16).isoformat(),
        "resourceIds": ["rm_1"],
    }
    return body | overrides


def _message(**overrides: Any) -> dict[str, Any]:
    body = {"channel": "sms", "purpose": "transactional", "body": "A 3pm slot opened. Reply YES to claim.",
            "aiGenerated": True, "approvedBy": "U_MANAGER"}
    return body | overrides


class WebhookRecorder:
    """An httpx transport that records webhook requests and answers a scripted sequence of statuses."""

    def __init__(self, statuses: list[int] | None = None) -> None:
        self.requests: list[httpx.Request] = []
        self._statuses = list(statuses or [])

    def transport(self) -> httpx.MockTransport:
        return httpx.MockTransport(self._handle)

    def _handle(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        return httpx.Response(self._statuses.pop(0) if self._statuses else 200)

    def envelopes(self) -> list[dict[str, Any]]:
        return [json.loads(request.content) for request in self.requests]


def _webhook_app(spa: SpaData, clock: FakeClock, recorder: WebhookRecorder, **kwargs: Any) -> Starlette:
    return create_sandbox_app(
        spa, api_key=API_KEY, clock=clock, webhook_url="http://copilot/webhooks/mangomint", webhook_secret=SECRET,
        webhook_transport=recorder.transport(), webhook_retry_delays=(0.0, 0.0, 0.0), **kwargs,
    )


# ---- auth and errors -------------------------------------------------------------------------------------


@pytest.mark.parametrize("headers", [{}, {"Authorization": "Bearer wrong"}, {"Authorization": f"Basic {API_KEY}"}])
async def test_v1_requires_the_bearer_key(app: Starlette, headers: dict[str, str]) -> None:
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://sandbox") as anonymous:
        response = await anonymous.get("/v1/locations", headers=headers)
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "unauthorized"
    assert response.headers["WWW-Authenticate"] == "Bearer"


async def test_admin_endpoints_need_no_key(app: Starlette) -> None:
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://sandbox") as anonymous:
        response = await anonymous.get("/sandbox/state")
    assert response.status_code == 200
    assert response.json()["appointments"] == 16
    assert response.json()["clients"] == 8


@pytest.mark.parametrize(
    "path", ["/v1/appointments/apt_nope", "/v1/clients/cl_nope", "/v1/nothing-here", "/sandbox/clients/cl_nope/reply"]
)
async def test_unknown_ids_and_routes_answer_json_404(http: httpx.AsyncClient, path: str) -> None:
    if path.startswith("/sandbox"):
        response = await http.post(path, json={"body": "YES"})
    else:
        response = await http.get(path)
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


async def test_single_objects_come_bare_in_camel_case(http: httpx.AsyncClient) -> None:
    appt = (await http.get("/v1/appointments/apt_t00")).json()
    client = (await http.get("/v1/clients/cl_01")).json()
    assert appt["startAt"] == "2025-03-10T09:00:00Z"
    assert appt["services"][0]["resourceIds"] == ["rm_1"]
    assert client["customFields"] == {"pressure": "firm"}


@pytest.mark.parametrize(
    ("path", "params", "fragment"),
    [
        ("/v1/locations", {"limit": "0"}, "limit"),
        ("/v1/locations", {"limit": "101"}, "limit"),
        ("/v1/locations", {"limit": "ten"}, "limit"),
        ("/v1/locations", {"cursor": "not-a-cursor"}, "cursor"),
        ("/v1/appointments", {"startFrom": "yesterday"}, "startFrom"),
        ("/v1/appointments", {"startFrom": "2025-03-10T09:00:00"}, "offset"),
        ("/v1/appointments", {"updatedSince": "2025-13-01T00:00:00Z"}, "updatedSince"),
        ("/v1/appointments", {"status": "confirmed,partying"}, "status"),
        ("/v1/waitlist", {"date": "10/03/2025"}, "date"),
        ("/v1/reports/appointments", {"from": "2025-03-01T00:00:00Z"}, "to"),
        ("/v1/reports/appointments", {"from": "2025-03-01T00:00:00Z", "to": "2025-03-02T00:00:00Z",
                                      "limit": "1001"}, "limit"),
    ],
)
async def test_bad_parameters_answer_400_with_a_message(
    http: httpx.AsyncClient, path: str, params: dict[str, str], fragment: str
) -> None:
    response = await http.get(path, params=params)
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid_request"
    assert fragment in response.json()["error"]["message"]


async def test_a_cursor_cannot_be_used_with_other_filters(http: httpx.AsyncClient) -> None:
    first = (await http.get("/v1/appointments", params={"locationId": "loc_ny", "limit": 2})).json()
    reused = await http.get("/v1/appointments", params={"locationId": "loc_la", "cursor": first["nextCursor"]})
    assert reused.status_code == 400
    assert "cursor" in reused.json()["error"]["message"]


# ---- lists, pagination and filters ---------------------------------------------------------------------


async def test_pagination_walks_every_appointment_once_in_stable_order(http: httpx.AsyncClient) -> None:
    items, pages = await _all_pages(http, "/v1/appointments", {"limit": 4})
    assert pages == 4  # 16 appointments, 4 per page, the last page says there is no more
    ids = [item["id"] for item in items]
    assert len(ids) == len(set(ids)) == 16
    keys = [(datetime.fromisoformat(item["startAt"]), item["id"]) for item in items]
    assert keys == sorted(keys)


async def test_small_lists_paginate_too(http: httpx.AsyncClient) -> None:
    staff, pages = await _all_pages(http, "/v1/staff", {"limit": 1, "locationId": "loc_ny"})
    assert [s["id"] for s in staff] == ["st_ana", "st_ben", "st_dee"]
    assert pages == 3
    resources = (await http.get("/v1/resources", params={"locationId": "loc_la"})).json()
    assert [r["id"] for r in resources["data"]] == ["rm_la"] and resources["nextCursor"] is None
    assert len((await http.get("/v1/services")).json()["data"]) == 3
    assert len((await http.get("/v1/locations")).json()["data"]) == 2


async def test_pages_stay_consistent_when_the_book_changes_between_reads(http: httpx.AsyncClient) -> None:
    params = {"startFrom": at(DAY, 0).isoformat(), "startTo": at(DAY, 23).isoformat(), "limit": 5}
    first = (await http.get("/v1/appointments", params=params)).json()
    # a booking lands before the cursor: keyset pages neither repeat nor skip what follows
    booked = await http.post("/v1/appointments", json=_booking(startAt=at(DAY, 8).isoformat(), resourceIds=[]),
                             headers={"Idempotency-Key": "k-early"})
    assert booked.status_code == 201
    rest, _ = await _all_pages(http, "/v1/appointments", {**params, "cursor": first["nextCursor"]})
    seen = [item["id"] for item in first["data"] + rest]
    assert len(seen) == len(set(seen)) == 11
    assert booked.json()["id"] not in seen


async def test_appointment_filters(http: httpx.AsyncClient) -> None:
    async def ids(**params: Any) -> set[str]:
        items, _ = await _all_pages(http, "/v1/appointments", params)
        return {item["id"] for item in items}

    assert await ids(locationId="loc_la") == {"apt_la"}
    # startTo is exclusive: the 10:00 appointments are not in [09:00, 10:00)
    assert await ids(locationId="loc_ny", startFrom=at(DAY, 9).isoformat(), startTo=at(DAY, 10).isoformat()) == {
        "apt_t00", "apt_t01"
    }
    assert await ids(status="noShow,completed") == {"apt_h_noshow", "apt_h_done"}
    # a '+' sent unencoded arrives as a space; the sandbox still reads the offset
    response = await http.get("/v1/appointments?startFrom=2025-03-10T13:00:00 00:00&locationId=loc_ny")
    assert {item["id"] for item in response.json()["data"]} == {"apt_t08", "apt_t09", "apt_couples"}


async def test_updated_since_returns_changes_after_the_cursor_and_nothing_else(
    http: httpx.AsyncClient, clock: FakeClock
) -> None:
    everything, _ = await _all_pages(http, "/v1/appointments", {"limit": 100})
    cursor = max(datetime.fromisoformat(item["updatedAt"]) for item in everything)
    assert (await http.get("/v1/appointments", params={"updatedSince": cursor.isoformat()})).json()["data"] == []

    clock.now = cursor + timedelta(milliseconds=250)  # same second as the cursor: compared on full precision
    await http.post("/sandbox/appointments/apt_t03/cancel")
    changed = (await http.get("/v1/appointments", params={"updatedSince": cursor.isoformat()})).json()["data"]
    assert [item["id"] for item in changed] == ["apt_t03"]

    second_cursor = datetime.fromisoformat(changed[0]["updatedAt"])
    await http.post("/sandbox/appointments/apt_t04/cancel")  # the clock has not moved at all
    later = (await http.get("/v1/appointments", params={"updatedSince": second_cursor.isoformat()})).json()["data"]
    assert [item["id"] for item in later] == ["apt_t04"]


async def test_client_search_is_case_insensitive_and_best_first(http: httpx.AsyncClient) -> None:
    async def search(query: str) -> list[str]:
        response = await http.get("/v1/clients", params={"query": query})
        assert response.status_code == 200
        return [client["id"] for client in response.json()["data"]]

    assert await search("MAYA") == ["cl_01"]
    assert await search("may") == ["cl_01", "cl_02"]  # two prefix matches, by last name
    assert await search("ayer") == ["cl_02"]
    assert await search("noah@example.com") == ["cl_02"]
    assert await search("555-010-0002") == ["cl_02"]  # phone compared on digits
    assert await search("cl_03") == ["cl_03"]
    assert len(await search("smith")) == 6
    assert await search("nobody") == []
    everyone, pages = await _all_pages(http, "/v1/clients", {"limit": 3})
    assert len(everyone) == 8 and pages == 3


# ---- client and waitlist writes -------------------------------------------------------------------------


async def test_patch_client_merges_custom_fields_and_replaces_tags(http: httpx.AsyncClient) -> None:
    response = await http.patch(
        "/v1/clients/cl_01", json={"customFields": {"lastOffer": "2025-03-10"}, "tags": ["vip", "waitlist-fill"]},
        headers={"Idempotency-Key": "patch-1"},
    )
    assert response.status_code == 200
    assert response.json()["customFields"] == {"pressure": "firm", "lastOffer": "2025-03-10"}
    assert response.json()["tags"] == ["vip", "waitlist-fill"]
    removed = await http.patch("/v1/clients/cl_01", json={"customFields": {"pressure": None}})
    assert removed.json()["customFields"] == {"lastOffer": "2025-03-10"}


@pytest.mark.parametrize("body", [{"firstName": "Mallory"}, {"tags": "vip"}, {"customFields": ["x"]}, {}])
async def test_patch_client_refuses_anything_else(http: httpx.AsyncClient, body: dict[str, Any]) -> None:
    response = await http.patch("/v1/clients/cl_01", json=body)
    assert response.status_code == 400
    assert (await http.get("/v1/clients/cl_01")).json()["firstName"] == "Maya"


async def test_waitlist_by_date_update_and_create(http: httpx.AsyncClient) -> None:
    today = (await http.get("/v1/waitlist", params={"locationId": "loc_ny", "date": DAY.isoformat()})).json()
    assert [entry["id"] for entry in today["data"]] == ["wl_1"]

    offered = await http.patch("/v1/waitlist/wl_1", json={"status": "offered"}, headers={"Idempotency-Key": "w1"})
    assert offered.status_code == 200 and offered.json()["status"] == "offered"
    assert (await http.patch("/v1/waitlist/wl_1", json={"clientId": "cl_01"})).status_code == 400
    assert (await http.patch("/v1/waitlist/wl_1", json={"status": "dreaming"})).status_code == 400
    assert (await http.patch("/v1/waitlist/wl_nope", json={"status": "offered"})).status_code == 404

    created = await http.post(
        "/v1/waitlist",
        json={"locationId": "loc_ny", "clientId": "cl_04", "serviceIds": ["sv_peel"], "dateFrom": DAY.isoformat(),
              "dateTo": DAY.isoformat(), "timeWindows": [{"weekday": 0, "start": "12:00", "end": "17:00"}]},
        headers={"Idempotency-Key": "w2"},
    )
    assert created.status_code == 201
    assert created.json()["status"] == "waiting" and created.json()["createdAt"] == "2025-03-10T14:00:00Z"
    today = (await http.get("/v1/waitlist", params={"date": DAY.isoformat()})).json()
    assert [entry["id"] for entry in today["data"]] == ["wl_1", created.json()["id"]]


async def test_a_stop_text_opts_the_client_out_of_texts_and_start_back_in(http: httpx.AsyncClient) -> None:
    async def texts() -> tuple[str, str]:
        prefs = (await http.get("/v1/clients/cl_05")).json()["messagingPreferences"]
        return prefs["transactionalText"], prefs["marketingText"]

    assert (await http.post("/sandbox/clients/cl_05/reply", json={"body": "please stop texting"})).status_code == 200
    before = await texts()
    assert "optedOut" not in before, "only a text of just the keyword is the provider's opt-out"
    await http.post("/sandbox/clients/cl_05/reply", json={"body": "STOP"})
    assert await texts() == ("optedOut", "optedOut")
    await http.post("/sandbox/clients/cl_05/reply", json={"body": "Start"})
    assert await texts() == ("optedIn", "optedOut"), "START is no consent to marketing"


# ---- booking --------------------------------------------------------------------------------------------


async def test_booking_creates_a_confirmed_appointment_and_books_the_waitlist_entry(
    app: Starlette, http: httpx.AsyncClient
) -> None:
    response = await http.post(
        "/v1/appointments", json=_booking(serviceId="sv_peel", waitlistEntryId="wl_1"),
        headers={"Idempotency-Key": "book-1"},
    )
    assert response.status_code == 201, response.text
    appt = response.json()
    assert appt["status"] == "confirmed" and appt["version"] == 1
    assert appt["endAt"] == "2025-03-10T17:00:00Z"  # 20 + 30 processing + 10 finishing
    assert appt["services"][0]["serviceName"] == "Chemical Peel"
    assert (await http.get(f"/v1/appointments/{appt['id']}")).json() == appt
    entry = (await http.get("/v1/waitlist", params={"date": DAY.isoformat()})).json()["data"][0]
    assert entry["status"] == "booked"
    events = sandbox_state(app).events
    assert [e["type"] for e in events] == ["appointment.created"]
    assert events[0]["data"]["appointment"]["id"] == appt["id"]


@pytest.mark.parametrize(
    ("overrides", "reason"),
    [
        ({"staffId": "st_ana", "startAt": at(DAY, 9, 30).isoformat(), "resourceIds": []}, "st_ana is busy"),
        # rm_1 is in use 13:00-14:00 plus a 15 minute turnover buffer
        ({"startAt": at(DAY, 14, 10).isoformat()}, "rm_1 is fully booked"),
    ],
)
async def test_booking_a_busy_slot_is_a_409_with_the_reason(
    http: httpx.AsyncClient, overrides: dict[str, Any], reason: str
) -> None:
    response = await http.post("/v1/appointments", json=_booking(**overrides), headers={"Idempotency-Key": "b"})
    assert response.status_code == 409
    assert reason in response.json()["error"]["message"]


async def test_room_capacity_and_processing_time_are_respected(http: httpx.AsyncClient) -> None:
    tomorrow = DAY + timedelta(days=1)
    suite = _booking(startAt=at(tomorrow, 10).isoformat(), resourceIds=["rm_couples"])
    assert (await http.post("/v1/appointments", json=suite)).status_code == 201  # 2nd of capacity 2
    third = await http.post("/v1/appointments", json=suite | {"staffId": "st_ana"})
    assert third.status_code == 409 and "rm_couples" in third.json()["error"]["message"]

    peel = _booking(serviceId="sv_peel", startAt=at(tomorrow, 12).isoformat(), resourceIds=["rm_1"])
    assert (await http.post("/v1/appointments", json=peel)).status_code == 201
    # Dee works 12:00-12:20 and 12:50-13:00; the peel processes in between, keeping rm_1 busy until 13:00
    facial = _booking(serviceId="sv_facial", startAt=at(tomorrow, 12, 20).isoformat(), resourceIds=["rm_2"])
    assert (await http.post("/v1/appointments", json=facial)).status_code == 409  # 50 minutes: runs into 12:50
    same_room = peel | {"startAt": at(tomorrow, 12, 20).isoformat(), "staffId": "st_ana"}
    assert (await http.post("/v1/appointments", json=same_room)).status_code == 409
    second_peel = peel | {"startAt": at(tomorrow, 12, 20).isoformat(), "resourceIds": ["rm_2"]}
    assert (await http.post("/v1/appointments", json=second_peel)).status_code == 201  # fits the processing gap
    first_half = _booking(serviceId="sv_massage", staffId="st_dee", startAt=at(tomorrow, 11).isoformat(),
                          resourceIds=["rm_2"])
    assert (await http.post("/v1/appointments", json=first_half)).status_code == 201


@pytest.mark.parametrize(
    "overrides",
    [{"serviceId": "sv_nope"}, {"staffId": "st_nope"}, {"resourceIds": ["rm_la"]}, {"clientId": "cl_nope"},
     {"waitlistEntryId": "wl_2"}, {"startAt": "2025-03-10T16:00:00"}, {"startAt": "9999-12-31T23:59:00Z"}],
)
async def test_booking_with_bad_references_is_a_400(http: httpx.AsyncClient, overrides: dict[str, Any]) -> None:
    response = await http.post("/v1/appointments", json=_booking(**overrides))
    assert response.status_code == 400, response.text
    assert (await http.get("/sandbox/state")).json()["appointments"] == 16


async def test_a_therapist_of_another_location_can_be_booked_there(http: httpx.AsyncClient) -> None:
    # as in Mangomint, where staff may work at several locations (the copilot books a visiting therapist's freed hour)
    response = await http.post("/v1/appointments", json=_booking(staffId="st_cy"))
    assert response.status_code == 201, response.text
    assert response.json()["locationId"] == "loc_ny" and response.json()["services"][0]["staffId"] == "st_cy"


# ---- idempotency ----------------------------------------------------------------------------------------


async def test_same_key_twice_books_once_and_replays_the_first_response(
    app: Starlette, http: httpx.AsyncClient
) -> None:
    headers = {"Idempotency-Key": "fill-apt_t03-cl_05"}
    first = await http.post("/v1/appointments", json=_booking(), headers=headers)
    again = await http.post("/v1/appointments", json=_booking(), headers=headers)
    assert first.status_code == again.status_code == 201
    assert again.content == first.content
    assert again.headers["Idempotent-Replayed"] == "true"
    assert (await http.get("/sandbox/state")).json()["appointments"] == 17
    assert len(sandbox_state(app).events) == 1


async def test_same_key_with_another_body_is_a_422(http: httpx.AsyncClient) -> None:
    headers = {"Idempotency-Key": "k-1"}
    assert (await http.post("/v1/appointments", json=_booking(), headers=headers)).status_code == 201
    other = await http.post("/v1/appointments", json=_booking(startAt=at(DAY, 19).isoformat()), headers=headers)
    assert other.status_code == 422
    assert other.json()["error"]["code"] == "idempotency_key_reused"
    assert (await http.get("/sandbox/state")).json()["appointments"] == 17


async def test_a_refusal_is_replayed_too_and_writes_without_a_key_are_accepted(http: httpx.AsyncClient) -> None:
    busy = _booking(staffId="st_ana", startAt=at(DAY, 9).isoformat(), resourceIds=[])
    first = await http.post("/v1/appointments", json=busy, headers={"Idempotency-Key": "k-busy"})
    await http.post("/sandbox/appointments/apt_t00/cancel")  # the slot frees up, the key's answer stays
    again = await http.post("/v1/appointments", json=busy, headers={"Idempotency-Key": "k-busy"})
    assert first.status_code == again.status_code == 409 and again.content == first.content
    without_key = await http.post("/v1/appointments", json=busy)
    assert without_key.status_code == 201


# ---- messages and the outbox ----------------------------------------------------------------------------


@pytest.mark.parametrize("approved_by", [None, ""])
async def test_messages_need_an_approver(http: httpx.AsyncClient, approved_by: str | None) -> None:
    body = _message()
    if approved_by is None:
        del body["approvedBy"]
    else:
        body["approvedBy"] = approved_by
    response = await http.post("/v1/clients/cl_05/messages", json=body, headers={"Idempotency-Key": "m"})
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "approval_required"
    assert (await http.get("/sandbox/outbox")).json()["data"] == []


async def test_an_approved_message_lands_once_in_the_outbox(http: httpx.AsyncClient) -> None:
    headers = {"Idempotency-Key": "offer-42"}
    sent = await http.post("/v1/clients/cl_05/messages", json=_message(), headers=headers)
    again = await http.post("/v1/clients/cl_05/messages", json=_message(), headers=headers)
    assert sent.status_code == 201 and again.content == sent.content
    assert sent.json()["clientId"] == "cl_05" and sent.json()["sentAt"] == "2025-03-10T14:00:00Z"
    outbox = (await http.get("/sandbox/outbox")).json()["data"]
    assert len(outbox) == 1
    assert outbox[0] | {"id": None} == {
        **_message(), "id": None, "clientId": "cl_05", "sentAt": "2025-03-10T14:00:00Z", "subject": None,
        "idempotencyKey": "offer-42",
    }
    bad = await http.post("/v1/clients/cl_05/messages", json=_message(channel="pigeon"))
    assert bad.status_code == 400 and "channel" in bad.json()["error"]["message"]
    assert (await http.post("/v1/clients/cl_nope/messages", json=_message())).status_code == 404


# ---- admin changes and webhooks -------------------------------------------------------------------------


async def test_admin_cancel_bumps_version_and_sends_a_signed_webhook(spa: SpaData, clock: FakeClock) -> None:
    recorder = WebhookRecorder()
    app = _webhook_app(spa, clock, recorder)
    async with _client(app) as http:
        before = (await http.get("/v1/appointments/apt_t09")).json()
        response = await http.post("/sandbox/appointments/apt_t09/cancel", json={"reason": "sick", "by": "client"})
        await sandbox_state(app).drain_webhooks()
        again = await http.post("/sandbox/appointments/apt_t09/cancel")

    cancelled = response.json()
    assert response.status_code == 200
    assert cancelled["status"] == "cancelled" and cancelled["version"] == before["version"] + 1
    assert cancelled["updatedAt"] == "2025-03-10T14:00:00Z"
    assert cancelled["cancellation"] == {
        "cancelledAt": "2025-03-10T14:00:00Z", "cancelledBy": "client", "reason": "sick", "lateCancel": True
    }
    assert again.status_code == 409

    [request] = recorder.requests
    assert str(request.url) == "http://copilot/webhooks/mangomint"
    timestamp = request.headers[TIMESTAMP_HEADER]
    assert int(timestamp) == int(NOW.timestamp())
    assert signature_matches(SECRET, timestamp, request.content, request.headers[SIGNATURE_HEADER])
    assert not signature_matches("other-secret", timestamp, request.content, request.headers[SIGNATURE_HEADER])
    envelope = json.loads(request.content)
    assert envelope["type"] == "appointment.cancelled" and envelope["id"].startswith("evt_")
    assert envelope["data"]["appointment"] == cancelled
    assert [d.status for d in sandbox_state(app).deliveries] == ["delivered"]


async def test_admin_move_reschedules_every_line_and_sends_appointment_updated(spa: SpaData, clock: FakeClock) -> None:
    recorder = WebhookRecorder()
    app = _webhook_app(spa, clock, recorder)
    async with _client(app) as http:
        before = (await http.get("/v1/appointments/apt_t09")).json()
        start = datetime.fromisoformat(before["startAt"])
        later = (start + timedelta(hours=2)).isoformat()
        response = await http.post("/sandbox/appointments/apt_t09/move", json={"startAt": later, "staffId": "st_cy"})
        await sandbox_state(app).drain_webhooks()
        naive = await http.post("/sandbox/appointments/apt_t09/move", json={"startAt": "2025-03-10T16:00:00"})
        unknown = await http.post("/sandbox/appointments/apt_t09/move", json={"startAt": later, "staffId": "st_nope"})
        await http.post("/sandbox/appointments/apt_t09/cancel")
        cancelled = await http.post("/sandbox/appointments/apt_t09/move", json={"startAt": later})
    moved = response.json()
    assert response.status_code == 200 and moved["version"] == before["version"] + 1
    assert datetime.fromisoformat(moved["startAt"]) == start + timedelta(hours=2)
    for old, new in zip(before["services"], moved["services"], strict=True):
        assert datetime.fromisoformat(new["startAt"]) - datetime.fromisoformat(old["startAt"]) == timedelta(hours=2)
        assert datetime.fromisoformat(new["endAt"]) - datetime.fromisoformat(new["startAt"]) == (
            datetime.fromisoformat(old["endAt"]) - datetime.fromisoformat(old["startAt"])
        )
        assert new["staffId"] == "st_cy"
    [request] = recorder.requests
    envelope = json.loads(request.content)
    assert envelope["type"] == "appointment.updated" and envelope["data"]["appointment"] == moved
    assert (naive.status_code, unknown.status_code, cancelled.status_code) == (400, 400, 409)


async def test_a_cancellation_more_than_a_day_out_is_not_late(http: httpx.AsyncClient, clock: FakeClock) -> None:
    clock.advance(days=-1)  # apt_couples starts on the 11th at 10:00, 45 hours after the 9th at 13:00
    response = await http.post("/sandbox/appointments/apt_couples/cancel")
    assert response.json()["cancellation"]["lateCancel"] is False
    assert response.json()["cancellation"]["cancelledBy"] is None


async def test_reply_is_delivered_as_message_received_to_an_in_process_app(spa: SpaData, clock: FakeClock) -> None:
    received: list[tuple[dict[str, Any], bool]] = []

    async def webhook(request: Request) -> JSONResponse:
        body = await request.body()
        ok = signature_matches(
            SECRET, request.headers[TIMESTAMP_HEADER], body, request.headers[SIGNATURE_HEADER]
        )
        received.append((json.loads(body), ok))
        return JSONResponse({"ok": True})

    copilot = Starlette(routes=[Route("/webhooks/mangomint", webhook, methods=["POST"])])
    app = create_sandbox_app(
        spa, api_key=API_KEY, clock=clock, webhook_url="http://copilot/webhooks/mangomint", webhook_secret=SECRET,
        webhook_transport=httpx.ASGITransport(app=copilot),
    )
    async with _client(app) as http:
        reply = await http.post("/sandbox/clients/cl_05/reply", json={"body": "Yes!"})
        await sandbox_state(app).drain_webhooks()
        inbox = (await http.get("/sandbox/inbox")).json()["data"]

    assert reply.status_code == 200
    [(envelope, signed)] = received
    assert signed
    assert envelope["type"] == "message.received"
    assert envelope["data"]["message"] == {
        "id": reply.json()["id"], "clientId": "cl_05", "channel": "sms", "body": "Yes!",
        "receivedAt": "2025-03-10T14:00:00Z",
    }
    assert inbox == [envelope["data"]["message"]]


async def test_webhooks_are_retried_and_a_dead_receiver_never_breaks_the_admin_call(
    spa: SpaData, clock: FakeClock
) -> None:
    recorder = WebhookRecorder(statuses=[500, 503, 200] + [500] * 4)
    app = _webhook_app(spa, clock, recorder)
    async with _client(app) as http:
        assert (await http.post("/sandbox/appointments/apt_t01/cancel")).status_code == 200
        assert (await http.post("/sandbox/appointments/apt_t02/cancel")).status_code == 200
        await sandbox_state(app).drain_webhooks()
        state = (await http.get("/sandbox/state")).json()

    first, second = sandbox_state(app).deliveries
    assert (first.status, first.attempts, first.history) == ("delivered", 3, [500, 503, 200])
    assert (second.status, second.attempts) == ("failed", 4)
    # in order: every attempt for the first event before any for the second
    ids = [envelope["data"]["appointment"]["id"] for envelope in recorder.envelopes()]
    assert ids == ["apt_t01"] * 3 + ["apt_t02"] * 4
    assert state["webhookDeliveries"] == {"delivered": 1, "failed": 1}


async def test_a_booking_through_the_api_is_delivered_as_appointment_created(spa: SpaData, clock: FakeClock) -> None:
    recorder = WebhookRecorder()
    app = _webhook_app(spa, clock, recorder)
    async with _client(app) as http:
        booked = await http.post("/v1/appointments", json=_booking(), headers={"Idempotency-Key": "b1"})
        await http.post("/v1/appointments", json=_booking(), headers={"Idempotency-Key": "b1"})  # a replay: no event
        await sandbox_state(app).drain_webhooks()
    assert [(e["type"], e["data"]["appointment"]["id"]) for e in recorder.envelopes()] == [
        ("appointment.created", booked.json()["id"])
    ]


def test_a_webhook_url_needs_a_secret(spa: SpaData) -> None:
    with pytest.raises(ValueError, match="secret"):
        create_sandbox_app(spa, api_key=API_KEY, webhook_url="http://copilot/webhooks")


# ---- faults ---------------------------------------------------------------------------------------------


async def test_scripted_503_then_success(app: Starlette, http: httpx.AsyncClient) -> None:
    sandbox_state(app).faults.fail_next(1, status=503)
    failed = await http.get("/v1/locations")
    ok = await http.get("/v1/locations")
    assert failed.status_code == 503 and failed.json()["error"]["code"] == "unavailable"
    assert ok.status_code == 200


async def test_scripted_429_carries_retry_after(app: Starlette, http: httpx.AsyncClient) -> None:
    sandbox_state(app).faults.rate_limit_next(2, retry_after=3)
    first, second, third = [await http.get("/v1/services") for _ in range(3)]
    assert first.status_code == second.status_code == 429
    assert first.headers["Retry-After"] == "3"
    assert third.status_code == 200


async def test_faults_never_touch_admin_endpoints(app: Starlette, http: httpx.AsyncClient) -> None:
    sandbox_state(app).faults.fail_next(1)
    assert (await http.get("/sandbox/outbox")).status_code == 200
    assert (await http.post("/sandbox/appointments/apt_t00/cancel")).status_code == 200
    assert (await http.get("/v1/locations")).status_code == 503  # still queued for the next /v1 call


async def test_a_failed_write_changes_nothing_and_a_lost_response_is_recovered_by_the_key(
    app: Starlette, http: httpx.AsyncClient
) -> None:
    faults = sandbox_state(app).faults
    headers = {"Idempotency-Key": "offer-7"}
    faults.fail_next(1)
    assert (await http.post("/v1/clients/cl_05/messages", json=_message(), headers=headers)).status_code == 503
    assert sandbox_state(app).outbox == []

    faults.lose_response_next(1)
    lost = await http.post("/v1/clients/cl_05/messages", json=_message(), headers=headers)
    retry = await http.post("/v1/clients/cl_05/messages", json=_message(), headers=headers)
    assert lost.status_code == 502
    assert retry.status_code == 201
    assert [entry.message.id for entry in sandbox_state(app).outbox] == [retry.json()["id"]]


async def test_latency_and_timeouts(spa: SpaData, clock: FakeClock) -> None:
    # Latency far above scheduling noise, so "delayed" and "not delayed" stay distinguishable on a busy machine.
    app = create_sandbox_app(spa, api_key=API_KEY, clock=clock, faults=FaultConfig(latency_ms=400, timeout_seconds=0.05))
    async with _client(app) as http:
        started = time.perf_counter()
        assert (await http.get("/v1/locations")).status_code == 200
        assert time.perf_counter() - started >= 0.395
        sandbox_state(app).faults.timeout_next(1)
        started = time.perf_counter()
        timed_out = await http.get("/v1/locations")
        assert time.perf_counter() - started >= 0.445
        assert timed_out.status_code == 504
        started = time.perf_counter()
        assert (await http.get("/sandbox/state")).status_code == 200
        assert time.perf_counter() - started < 0.395, "admin endpoints are never delayed"


async def test_random_faults_are_reproducible_by_seed(spa: SpaData, clock: FakeClock) -> None:
    async def statuses(seed: int) -> list[int]:
        config = FaultConfig(error_rate=0.3, rate_limit_rate=0.2, seed=seed)
        app = create_sandbox_app(spa, api_key=API_KEY, clock=clock, faults=config)
        async with _client(app) as http:
            return [(await http.get("/v1/locations")).status_code for _ in range(40)]

    first, again, other = await statuses(1), await statuses(1), await statuses(2)
    assert first == again
    assert first != other
    assert {503, 429, 200} <= set(first)


async def test_faults_can_be_changed_at_runtime(http: httpx.AsyncClient) -> None:
    response = await http.post(
        "/sandbox/faults", json={"latencyMs": 1, "failNext": {"count": 1, "status": 500}, "rateLimitNext": 1}
    )
    assert response.status_code == 200
    assert response.json()["config"]["latencyMs"] == 1 and response.json()["scriptedPending"] == 2
    assert [(await http.get("/v1/locations")).status_code for _ in range(3)] == [500, 429, 200]
    assert (await http.post("/sandbox/faults", json={"errorRate": 2})).status_code == 400
    assert (await http.post("/sandbox/faults", json={"failNext": -1})).status_code == 400
    cleared = await http.post("/sandbox/faults", json={"timeoutNext": 3, "clearScripted": True})
    assert cleared.json()["scriptedPending"] == 3  # clear first, then queue


# ---- reports and data files -----------------------------------------------------------------------------


async def test_history_report_outcomes(http: httpx.AsyncClient) -> None:
    yesterday = DAY - timedelta(days=1)
    rows, _ = await _all_pages(
        http, "/v1/reports/appointments",
        {"from": at(yesterday, 0).isoformat(), "to": at(DAY, 0).isoformat(), "limit": 1000},
    )
    by_id = {row["appointmentId"]: row for row in rows}
    assert {k: v["outcome"] for k, v in by_id.items()} == {
        "apt_h_done": "completed", "apt_h_noshow": "noShow", "apt_h_late": "lateCancel", "apt_h_early": "cancelled",
    }
    done = by_id["apt_h_done"]
    assert done["bookedAt"] == "2025-02-07T09:00:00Z" and done["newClient"] is True
    assert (done["category"], done["price"], done["staffId"], done["source"]) == ("massage", 120.0, "st_ana", "online")
    assert by_id["apt_h_noshow"]["category"] == "facial"
    assert by_id["apt_h_late"]["cancelledAt"] == "2025-03-09T08:00:00Z"
    # today's confirmed appointments have no outcome yet; cl_02's first appointment was yesterday's late cancel
    today, _ = await _all_pages(http, "/v1/reports/appointments", {"from": at(DAY, 0).isoformat(),
                                                                  "to": at(DAY, 23).isoformat()})
    assert today == []
    assert by_id["apt_h_late"]["newClient"] is True


async def test_history_report_paginates(http: httpx.AsyncClient) -> None:
    await http.post("/sandbox/appointments/apt_t00/cancel")
    await http.post("/sandbox/appointments/apt_t01/cancel")
    rows, pages = await _all_pages(
        http, "/v1/reports/appointments",
        {"from": at(DAY - timedelta(days=1), 0).isoformat(), "to": at(DAY, 23).isoformat(), "limit": 2},
    )
    assert pages == 3
    assert [row["appointmentId"] for row in rows][-2:] == ["apt_t00", "apt_t01"]
    assert all(row["outcome"] == "lateCancel" for row in rows[-2:])


def test_load_spa_data_reads_the_json_file_shape(tmp_path: Any, spa: SpaData) -> None:
    path = tmp_path / "spa.json"
    path.write_text(json.dumps(spa.to_json_dict()), encoding="utf-8")
    loaded = load_spa_data(path)
    assert loaded == spa
    assert set(spa.to_json_dict()) == {
        "locations", "staff", "resources", "services", "clients", "appointments", "waitlist"
    }


async def test_the_given_spa_data_is_never_mutated(spa: SpaData, http: httpx.AsyncClient) -> None:
    snapshot = spa.model_copy(deep=True)
    await http.post("/sandbox/appointments/apt_t00/cancel")
    await http.patch("/v1/clients/cl_01", json={"tags": []})
    await http.patch("/v1/waitlist/wl_1", json={"status": "offered"})
    await http.post("/v1/appointments", json=_booking())
    assert spa == snapshot


async def test_concurrent_writes_with_one_key_have_one_effect(app: Starlette, http: httpx.AsyncClient) -> None:
    sandbox_state(app).faults.configure(FaultConfig(latency_ms=5))
    headers = {"Idempotency-Key": "double-click"}
    responses = await asyncio.gather(
        *(http.post("/v1/clients/cl_05/messages", json=_message(), headers=headers) for _ in range(5))
    )
    assert {r.status_code for r in responses} == {201}
    assert len({r.content for r in responses}) == 1
    assert len(sandbox_state(app).outbox) == 1

