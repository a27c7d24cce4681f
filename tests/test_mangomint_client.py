"""The Mangomint client against ``httpx.MockTransport`` handlers that route on ``request.url.path``."""

from __future__ import annotations

import copy
import json
import logging
import random
import re
import traceback
from collections.abc import AsyncIterator, Callable
from datetime import UTC, date, datetime, timedelta
from email.utils import format_datetime
from typing import Any

import httpx
import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from spa_copilot.domain import (
    AppointmentStatus,
    BookingRequest,
    MessageChannel,
    MessagePurpose,
    OutboundMessage,
    SpaData,
    WaitlistEntry,
)
from spa_copilot.platform import mangomint
from spa_copilot.platform.errors import (
    PlatformAuthError,
    PlatformConflict,
    PlatformError,
    PlatformNotFound,
    PlatformProtocolError,
    PlatformRejected,
    PlatformUnavailable,
)
from spa_copilot.platform.mangomint import MangomintClient, build_platform
from spa_copilot.platform.protocol import SpaPlatform, skipped_ids
from spa_copilot.platform.webhooks import WebhookEvent, parse_webhook, verify_webhook, webhook_dedupe_key
from spa_copilot.sandbox.faults import FaultConfig
from spa_copilot.sandbox.server import create_sandbox_app, sandbox_state
from spa_copilot.settings import Settings
from tests import builders
from tests.builders import at, location, room, service, staff
from tests.fixture_loader import load_fixture

BASE = "https://partner.example/"
KEY = "test-key"
Handler = Callable[[httpx.Request], httpx.Response]


class Harness:
    """A client wired to a handler, with a sleep that records delays instead of sleeping."""

    def __init__(self, handler: Handler, **options: Any) -> None:
        self.requests: list[httpx.Request] = []
        self.delays: list[float] = []

        def recording(request: httpx.Request) -> httpx.Response:
            self.requests.append(request)
            return handler(request)

        async def fake_sleep(seconds: float) -> None:
            self.delays.append(seconds)

        self.http = httpx.AsyncClient(transport=httpx.MockTransport(recording))
        options.setdefault("rng", random.Random(0))
        self.client = MangomintClient(BASE, KEY, http=self.http, sleep=fake_sleep, **options)


def appointment(n: int) -> dict[str, Any]:
    payload = copy.deepcopy(load_fixture("mangomint/appointment.json"))
    payload["id"] = f"apt_{n:06d}"
    return payload


def paged_appointments(total: int) -> Handler:
    """Serve ``total`` appointments in pages of ``limit``; the cursor is the offset."""
    items = [appointment(n) for n in range(total)]

    def handler(request: httpx.Request) -> httpx.Response:
        assert request.url.path == "/v1/appointments"
        limit = int(request.url.params["limit"])
        offset = int(request.url.params.get("cursor", "0"))
        end = offset + limit
        return httpx.Response(200, json={"data": items[offset:end], "nextCursor": str(end) if end < total else None})

    return handler


def always(status: int, body: Any = None, headers: dict[str, str] | None = None) -> Handler:
    return lambda request: httpx.Response(status, json=body if body is not None else {}, headers=headers)


def sequence(*responses: httpx.Response | Exception) -> Handler:
    """Answer with each response in turn (raising the exceptions), repeating the last one."""
    remaining = list(responses)

    def handler(request: httpx.Request) -> httpx.Response:
        item = remaining.pop(0) if len(remaining) > 1 else remaining[0]
        if isinstance(item, Exception):
            raise item
        return item

    return handler


def outbound() -> OutboundMessage:
    return OutboundMessage(
        channel=MessageChannel.sms, purpose=MessagePurpose.transactional, body="A slot opened up.", approved_by="U0MGR"
    )


async def test_the_client_satisfies_the_platform_protocol() -> None:
    harness = Harness(always(200))
    assert isinstance(harness.client, SpaPlatform)


async def test_list_follows_every_page_with_bearer_auth_and_limit_100() -> None:
    harness = Harness(paged_appointments(250))

    appointments = await harness.client.list_appointments()

    assert [a.id for a in appointments] == [f"apt_{n:06d}" for n in range(250)]
    assert [r.url.params.get("cursor") for r in harness.requests] == [None, "100", "200"]
    assert all(r.url.params["limit"] == "100" for r in harness.requests)
    assert all(r.headers["Authorization"] == f"Bearer {KEY}" for r in harness.requests)
    assert str(harness.requests[0].url).startswith("https://partner.example/v1/appointments?")
    assert harness.client.request_count == 3


async def test_filters_and_updated_since_are_passed_as_iso_8601() -> None:
    seen: list[httpx.QueryParams] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request.url.params)
        return httpx.Response(200, json={"data": [appointment(1)], "nextCursor": None})

    harness = Harness(handler)
    since = datetime(2025, 3, 18, 8, 0, 30, tzinfo=UTC) + timedelta(microseconds=123)
    start = datetime.fromisoformat("2025-03-18T00:00:00-07:00")

    result = await harness.client.list_appointments(
        location_id="loc_sf",
        start_from=start,
        start_to=start + timedelta(days=1),
        status=[AppointmentStatus.confirmed, AppointmentStatus.unconfirmed],
        updated_since=since,
        client_id="cl_00417",
    )

    assert len(result) == 1
    (params,) = seen
    assert datetime.fromisoformat(params["updatedSince"]) == since
    assert datetime.fromisoformat(params["startFrom"]) == start
    assert params["startFrom"].endswith("-07:00")
    assert params["locationId"] == "loc_sf"
    assert params["status"] == "confirmed,unconfirmed"
    assert params["clientId"] == "cl_00417"


async def test_naive_datetimes_are_refused_before_any_request() -> None:
    harness = Harness(paged_appointments(1))
    with pytest.raises(ValueError, match="timezone-aware"):
        await harness.client.list_appointments(updated_since=datetime(2025, 3, 18, 8, 0))
    assert harness.client.request_count == 0


async def test_retries_5xx_with_jittered_backoff_then_succeeds() -> None:
    ok = httpx.Response(200, json=load_fixture("mangomint/client.json"))
    harness = Harness(sequence(httpx.Response(503), httpx.Response(502), ok), backoff_base=0.25, backoff_max=8.0)

    client = await harness.client.get_client("cl_00417")

    assert client.id == "cl_00417"
    assert harness.client.request_count == 3
    assert len(harness.delays) == 2
    assert 0 <= harness.delays[0] <= 0.25 and 0 <= harness.delays[1] <= 0.5


@pytest.mark.parametrize(
    ("retry_after", "expected"),
    [("3", 3.0), ("0", 0.25), ("-5", 0.25), ("30", 30.0), ("not-a-number", None)],
)
async def test_429_honours_retry_after_seconds_up_to_the_cap(retry_after: str, expected: float | None) -> None:
    limited = httpx.Response(429, headers={"Retry-After": retry_after})
    ok = httpx.Response(200, json={"data": [], "nextCursor": None})
    harness = Harness(sequence(limited, ok), retry_after_max=30.0, backoff_base=0.25)

    assert await harness.client.list_locations() == []

    (delay,) = harness.delays
    if expected is None:  # unreadable header: ordinary backoff
        assert 0 <= delay <= 0.25
    else:  # honoured, capped, and never below the base backoff (no busy loop on "Retry-After: 0")
        assert delay == expected


@pytest.mark.parametrize("status", [429, 503])
async def test_a_retry_after_beyond_the_cap_gives_up_at_once_not_waited_nor_cut_short(
    status: int, caplog: pytest.LogCaptureFixture
) -> None:
    """Four tries of 30 s each stalled the poll for two minutes against a gateway that asked for an hour, and each
    retry came before the time it asked for: now the request is an outage at once, its callers try again later."""
    limited = httpx.Response(status, headers={"Retry-After": "3600"})
    ok = httpx.Response(200, json={"data": [], "nextCursor": None})
    harness = Harness(sequence(limited, ok), retry_after_max=30.0, backoff_base=0.25)

    with caplog.at_level(logging.WARNING, logger="spa_copilot.platform.mangomint"), pytest.raises(
        PlatformUnavailable
    ) as raised:
        await harness.client.list_locations()

    assert harness.client.request_count == 1 and harness.delays == []
    assert raised.value.status == status
    assert "asked to wait longer than 30 s" in caplog.text and "Retry-After 3600 s" in caplog.text


async def test_a_long_retry_after_holds_every_request_back_for_a_while_without_asking() -> None:
    """A review: nothing remembered the wait asked, so every poll, re-drive and command asked again at once."""
    now = [1_000.0]
    limited = httpx.Response(429, headers={"Retry-After": "3600"})
    ok = httpx.Response(200, json={"data": [], "nextCursor": None})
    harness = Harness(sequence(limited, ok), retry_after_max=30.0, clock=lambda: now[0])

    with pytest.raises(PlatformUnavailable):
        await harness.client.list_locations()
    now[0] += 60
    with pytest.raises(PlatformUnavailable, match="asked to wait 240 s more") as held:
        await harness.client.list_services()
    assert held.value.status == 429 and harness.client.request_count == 1, "not asked meanwhile"
    now[0] += 241  # at most five minutes, not the hour asked
    assert await harness.client.list_locations() == []
    assert harness.client.request_count == 2


async def test_a_redirect_is_a_clear_error_not_a_protocol_puzzle() -> None:
    harness = Harness(sequence(httpx.Response(302, headers={"Location": "https://login.example/"})))
    with pytest.raises(PlatformRejected, match="HTTP 302"):
        await harness.client.list_locations()
    assert harness.client.request_count == 1


async def test_429_honours_retry_after_http_date() -> None:
    now = datetime(2025, 3, 18, 15, 0, 0, tzinfo=UTC)
    limited = httpx.Response(429, headers={"Retry-After": format_datetime(now + timedelta(seconds=7), usegmt=True)})
    ok = httpx.Response(200, json={"data": [], "nextCursor": None})
    harness = Harness(sequence(limited, ok), clock=now.timestamp)

    await harness.client.list_services()

    assert harness.delays == [7.0]


async def test_retries_exhausted_raise_platform_unavailable() -> None:
    harness = Harness(always(503, headers={"X-Request-Id": "req_1"}), max_retries=3, backoff_base=1.0, backoff_max=2.0)

    with pytest.raises(PlatformUnavailable) as caught:
        await harness.client.list_locations()

    assert caught.value.status == 503
    assert caught.value.request_id == "req_1"
    assert harness.client.request_count == 4
    assert len(harness.delays) == 3 and max(harness.delays) <= 2.0


@pytest.mark.parametrize(
    "failure",
    [httpx.ReadTimeout("slow"), httpx.ConnectTimeout("slow"), httpx.ConnectError("refused"), httpx.ReadError("reset")],
)
async def test_timeouts_and_connection_errors_are_retried(failure: Exception) -> None:
    ok = httpx.Response(200, json=load_fixture("mangomint/appointment.json"))
    harness = Harness(sequence(failure, failure, ok))

    result = await harness.client.get_appointment("apt_000812")

    assert result.id == "apt_000812"
    assert harness.client.request_count == 3


async def test_persistent_timeouts_become_unavailable_chained_to_httpx() -> None:
    harness = Harness(sequence(httpx.ReadTimeout("slow")), max_retries=2)

    with pytest.raises(PlatformUnavailable) as caught:
        await harness.client.get_appointment("apt_1")

    assert isinstance(caught.value.__cause__, httpx.ReadTimeout)
    assert harness.client.request_count == 3


async def test_writes_send_the_same_idempotency_key_on_every_retry() -> None:
    sent = load_fixture("mangomint/sent_message.json")
    harness = Harness(sequence(httpx.Response(503), httpx.ReadTimeout("lost"), httpx.Response(201, json=sent)))

    result = await harness.client.send_message("cl_00212", outbound(), idempotency_key="fill:wl_0031:offer:1")

    assert result.id == "msg_out_00077"
    assert [r.headers["Idempotency-Key"] for r in harness.requests] == ["fill:wl_0031:offer:1"] * 3
    assert all(r.method == "POST" and r.url.path == "/v1/clients/cl_00212/messages" for r in harness.requests)
    body = json.loads(harness.requests[0].content)
    assert body == {
        "channel": "sms",
        "purpose": "transactional",
        "body": "A slot opened up.",
        "aiGenerated": True,
        "approvedBy": "U0MGR",
    }


async def test_book_and_patch_writes_carry_keys_and_camel_case_bodies() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/v1/appointments":
            return httpx.Response(201, json=load_fixture("mangomint/appointment.json"))
        if request.url.path == "/v1/clients/cl_00417":
            return httpx.Response(200, json=load_fixture("mangomint/client.json"))
        if request.url.path in ("/v1/waitlist/wl_0031", "/v1/waitlist"):
            return httpx.Response(200, json=load_fixture("mangomint/waitlist_entry.json"))
        return httpx.Response(404)

    harness = Harness(handler)
    booking = BookingRequest(
        location_id="loc_sf",
        client_id="cl_00417",
        service_id="svc_hot_stone_90",
        staff_id="st_maya",
        start_at=datetime.fromisoformat("2025-03-18T10:30:00-07:00"),
        waitlist_entry_id="wl_0031",
    )

    await harness.client.book_appointment(booking, idempotency_key="k-book")
    await harness.client.update_client("cl_00417", tags=["vip"], idempotency_key="k-client")
    await harness.client.update_waitlist_entry("wl_0031", changes={"status": "offered"}, idempotency_key="k-wl")
    await harness.client.create_waitlist_entry(
        {"location_id": "loc_sf", "client_id": "cl_00212", "date_from": date(2025, 3, 17)}, idempotency_key="k-new"
    )

    book, patch_client, patch_wl, create_wl = harness.requests
    assert (book.method, book.headers["Idempotency-Key"]) == ("POST", "k-book")
    assert json.loads(book.content)["waitlistEntryId"] == "wl_0031"
    assert (patch_client.method, json.loads(patch_client.content)) == ("PATCH", {"tags": ["vip"]})
    assert (patch_wl.method, json.loads(patch_wl.content)) == ("PATCH", {"status": "offered"})
    assert json.loads(create_wl.content) == {"locationId": "loc_sf", "clientId": "cl_00212", "dateFrom": "2025-03-17"}
    assert create_wl.headers["Idempotency-Key"] == "k-new"


async def test_an_idempotency_key_built_from_typed_ids_is_sent_header_safe_and_one_to_one() -> None:
    # ``/spa waitlist remove wé`` builds a key from what was typed: httpx raised UnicodeEncodeError out of the client.
    harness = Harness(sequence(httpx.Response(503), httpx.Response(404)))
    with pytest.raises(PlatformNotFound):
        await harness.client.update_waitlist_entry("wé", changes={"status": "cancelled"}, idempotency_key="wl-rm:wé:1")
    keys = [r.headers["Idempotency-Key"] for r in harness.requests]
    assert keys == ["wl-rm:w%C3%A9:1"] * 2  # the same on the retry

    sent = []
    for key in ("a b", "a%20b", "a\x01b", "日本", "plain:key-1_x.y"):
        harness = Harness(always(404))
        with pytest.raises(PlatformNotFound):
            await harness.client.update_client("cl_1", tags=[], idempotency_key=key)
        sent.append(harness.requests[0].headers["Idempotency-Key"])
    assert sent[-1] == "plain:key-1_x.y"  # an ordinary key is untouched
    assert len(set(sent)) == len(sent) and all(k.isascii() and k.isprintable() and " " not in k for k in sent)


async def test_a_write_without_an_idempotency_key_is_refused() -> None:
    harness = Harness(always(201))
    with pytest.raises(ValueError, match="idempotency key"):
        await harness.client.send_message("cl_1", outbound(), idempotency_key="")
    assert harness.client.request_count == 0


@pytest.mark.parametrize(
    ("status", "error"),
    [
        (401, PlatformAuthError),
        (403, PlatformAuthError),
        (404, PlatformNotFound),
        (409, PlatformConflict),
        (422, PlatformRejected),
        (400, PlatformRejected),
    ],
)
async def test_client_errors_map_to_the_hierarchy_without_retry(status: int, error: type[PlatformError]) -> None:
    harness = Harness(always(status, load_fixture("mangomint/error_rejected.json"), {"X-Request-Id": "req_9b1e"}))

    with pytest.raises(error) as caught:
        await harness.client.book_appointment(
            BookingRequest(
                location_id="loc_sf",
                client_id="cl_1",
                service_id="svc_1",
                staff_id="st_1",
                start_at=datetime(2025, 3, 18, 23, tzinfo=UTC),
            ),
            idempotency_key="k",
        )

    assert caught.value.status == status
    assert caught.value.request_id == "req_9b1e"
    assert "opening hours" in caught.value.server_message
    # the spa system's words are in the message (logs, tracebacks) only for a refused key
    assert ("opening hours" in str(caught.value)) == (status in (401, 403))
    assert caught.value.__cause__ is None and caught.value.answer.status_code == status  # httpx's error names the URL
    assert harness.client.request_count == 1
    assert harness.delays == []


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"message": "limit too large"}, "limit too large"),
        ({"detail": "bad cursor"}, "bad cursor"),
        ({"error": "nope"}, "nope"),
    ],
)
async def test_rejections_keep_the_servers_message_in_any_common_shape(body: dict[str, str], message: str) -> None:
    harness = Harness(always(400, body))
    with pytest.raises(PlatformRejected) as caught:
        await harness.client.list_services()
    assert caught.value.server_message == message and message not in str(caught.value)


async def test_a_refusal_repeating_the_search_keeps_it_out_of_the_message_logs_carry() -> None:
    """A gateway that repeats the request in its 400 ("query 'Nora Long 415-555-0101' is not a valid search"): the
    message, which a command's error log and its traceback carry, says the route and the status only."""
    harness = Harness(always(400, {"message": "query 'Nora Long 415-555-0101' is not a valid search"}))
    with pytest.raises(PlatformRejected) as caught:
        await harness.client.search_clients("Nora Long 415-555-0101")
    assert "Nora" not in str(caught.value) and "415" not in str(caught.value)
    assert str(caught.value).endswith("HTTP 400")


@pytest.mark.parametrize(
    "response",
    [
        httpx.Response(200, content=b"{not json", headers={"Content-Type": "application/json"}),
        httpx.Response(200, content=b"\xff\xfe\xfa", headers={"Content-Type": "application/json"}),
        httpx.Response(200, json={"id": "apt_1"}),  # valid JSON, not an Appointment
        httpx.Response(200, json=["not", "an", "object"]),
    ],
)
async def test_malformed_or_wrong_shaped_bodies_are_protocol_errors(response: httpx.Response) -> None:
    harness = Harness(lambda request: response)
    with pytest.raises(PlatformProtocolError):
        await harness.client.get_appointment("apt_1")
    assert harness.client.request_count == 1


@pytest.mark.parametrize(
    "page",
    [
        {"items": []},
        {"data": {"id": "x"}},
        {"data": [], "nextCursor": 5},
    ],
)
async def test_list_bodies_must_be_the_contract_page_shape(page: dict[str, Any]) -> None:
    harness = Harness(always(200, page))
    with pytest.raises(PlatformProtocolError):
        await harness.client.list_locations()


async def test_an_item_off_the_contract_is_skipped_by_id_and_the_rest_is_kept(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.WARNING, logger="spa_copilot")
    good, odd = appointment(1), appointment(2)
    odd["status"] = "deleted"  # a value the contract does not list
    odd["notes"] = "Kinsley Martin 212 555 0100"
    harness = Harness(always(200, {"data": [good, odd, {"name": "no id"}], "nextCursor": None}))
    listing = await harness.client.list_appointments()
    assert [a.id for a in listing] == ["apt_000001"] and skipped_ids(listing) == ["apt_000002", None]
    assert "skipped Appointment apt_000002: not the contract's shape (status: enum)" in caplog.text
    assert "Kinsley" not in caplog.text and "deleted" not in caplog.text


async def test_null_for_an_optional_field_reads_as_absent_and_null_for_a_required_one_is_still_refused() -> None:
    # A gateway writes empty optional fields as null. Read strictly, a cancelled appointment with "notes": null was
    # skipped by every sync (its cancellation never seen) and a client with "tags": null could not be read.
    cancelled = appointment(1) | {
        "status": "cancelled", "notes": None, "depositPaid": None, "version": 3, "source": None,
        "cancellation": {"cancelledAt": "2025-03-17T09:00:00-07:00", "cancelledBy": None, "lateCancel": None},
    }
    cancelled["services"][0] |= {"resourceIds": None, "serviceName": None}
    unreadable = appointment(2) | {"startAt": None, "notes": None}  # required: still not the contract's shape
    harness = Harness(always(200, {"data": [cancelled, unreadable], "nextCursor": None}))
    listing = await harness.client.list_appointments()
    [read] = listing
    assert (read.id, read.status, read.notes, read.version) == ("apt_000001", AppointmentStatus.cancelled, "", 3)
    assert read.services[0].resource_ids == [] and read.cancellation is not None and not read.cancellation.late_cancel
    assert skipped_ids(listing) == ["apt_000002"]
    assert cancelled["notes"] is None  # the payload itself is left as it came

    client = copy.deepcopy(load_fixture("mangomint/client.json"))
    client |= {"lastName": None, "notes": None, "tags": None, "alerts": None, "customFields": None,
               "healthHistory": {"allergies": None, "pregnant": None}}
    client["messagingPreferences"] |= {"marketingEmail": None}
    parsed = await Harness(always(200, client)).client.get_client("cl_00417")
    assert (parsed.last_name, parsed.notes, parsed.tags, parsed.alerts, parsed.custom_fields) == ("", "", [], [], {})
    assert parsed.messaging_preferences.marketing_email == "unknown"
    assert parsed.messaging_preferences.marketing_text == "optedOut"  # the rest of the object is kept
    with pytest.raises(PlatformProtocolError, match="firstName: missing"):
        await Harness(always(200, client | {"firstName": None})).client.get_client("cl_00417")


async def test_a_protocol_error_carries_fields_and_error_types_never_the_values() -> None:
    client = copy.deepcopy(load_fixture("mangomint/client.json"))
    client |= {"lastName": "Martin", "mobilePhone": 12125550100, "alerts": ["Allergic to latex - Kinsley Martin"]}
    harness = Harness(always(200, client))
    with pytest.raises(PlatformProtocolError) as raised:
        await harness.client.get_client("cl_1")
    shown = "".join(traceback.format_exception(raised.value))
    assert "mobilePhone: string_type" in shown
    for value in ("12125550100", "Martin", "latex"):
        assert value not in shown


async def test_a_repeated_cursor_stops_instead_of_looping_forever() -> None:
    harness = Harness(always(200, {"data": [], "nextCursor": "same"}))
    with pytest.raises(PlatformProtocolError, match="repeated cursor"):
        await harness.client.list_staff()
    assert harness.client.request_count == 2


async def test_cursors_without_end_stop_after_max_pages(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(mangomint, "MAX_PAGES", 5)
    pages = iter(range(1_000))

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json={"data": [], "nextCursor": f"c{next(pages)}"})

    harness = Harness(handler)
    with pytest.raises(PlatformProtocolError, match="past 5 pages"):
        await harness.client.list_staff()
    assert harness.client.request_count == 5


@pytest.mark.parametrize("odd_id", ["", ".", ".."])
async def test_an_id_that_would_name_the_list_itself_is_not_found_without_asking(odd_id: str) -> None:
    harness = Harness(always(200, {"data": [], "nextCursor": None}))
    with pytest.raises(PlatformNotFound):
        await harness.client.get_appointment(odd_id)
    with pytest.raises(PlatformNotFound):
        await harness.client.get_client(odd_id)
    assert harness.client.request_count == 0


async def test_single_objects_may_come_wrapped_in_data() -> None:
    harness = Harness(always(200, {"data": load_fixture("mangomint/client.json")}))
    client = await harness.client.get_client("cl_00417")
    assert client.messaging_preferences.allows("sms", "transactional")


async def test_search_and_other_reads_hit_the_contract_paths() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/v1/clients":
            return httpx.Response(200, json={"data": [load_fixture("mangomint/client.json")] * 3, "nextCursor": "c"})
        if request.url.path == "/v1/waitlist":
            entries = [load_fixture("mangomint/waitlist_entry.json")]
            return httpx.Response(200, json={"data": entries, "nextCursor": None})
        return httpx.Response(404, json={"error": {"message": f"no route {request.url.path}"}})

    harness = Harness(handler)

    found = await harness.client.search_clients("Jordan", limit=2)
    waitlist = await harness.client.list_waitlist(location_id="loc_sf", on=date(2025, 3, 18))

    assert [c.id for c in found] == ["cl_00417", "cl_00417"]
    assert harness.requests[0].url.params["query"] == "Jordan"
    assert harness.requests[0].url.params["limit"] == "2"
    assert harness.client.request_count == 2  # search reads one page only
    assert waitlist[0].id == "wl_0031"
    assert harness.requests[1].url.params["date"] == "2025-03-18"
    assert harness.requests[1].url.params["locationId"] == "loc_sf"


async def test_ids_are_escaped_into_one_path_segment() -> None:
    harness = Harness(always(404))
    with pytest.raises(PlatformNotFound):
        await harness.client.get_client("../admin")
    assert harness.requests[0].url.raw_path == b"/v1/clients/..%2Fadmin"


async def test_logs_carry_method_path_and_status_never_bodies_or_queries(caplog: pytest.LogCaptureFixture) -> None:
    page = {"data": [load_fixture("mangomint/client.json")]}
    harness = Harness(sequence(httpx.Response(503), httpx.Response(200, json=page)))
    with caplog.at_level(logging.DEBUG, logger="spa_copilot.platform.mangomint"):
        await harness.client.search_clients("Jordan Example")
    assert "GET /v1/clients" in caplog.text and "503" in caplog.text
    assert "Jordan" not in caplog.text and "example.com" not in caplog.text


async def test_base_url_with_or_without_v1_reaches_the_same_paths() -> None:
    seen: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(str(request.url))
        return httpx.Response(200, json={"data": [], "nextCursor": None})

    async with httpx.AsyncClient(transport=httpx.MockTransport(handler)) as http:
        for base in ("https://gw.example/spa", "https://gw.example/spa/v1/"):
            await MangomintClient(base, KEY, http=http).list_locations()
    assert seen == ["https://gw.example/spa/v1/locations?limit=100"] * 2


async def test_async_with_closes_only_a_client_it_created() -> None:
    injected = httpx.AsyncClient(transport=httpx.MockTransport(always(200)))
    async with MangomintClient(BASE, KEY, http=injected):
        pass
    assert not injected.is_closed
    await injected.aclose()

    own = MangomintClient(BASE, KEY)
    async with own:
        pass
    assert own._http.is_closed


async def test_a_key_pasted_with_a_newline_or_a_character_no_header_carries_is_a_clear_platform_error() -> None:
    # A key from a secret file ends in a newline: every request failed as a bare "LocalProtocolError". One pasted
    # with a non-breaking space or smart quotes raised UnicodeEncodeError out of the platform boundary.
    ok = always(200, {"data": [], "nextCursor": None})
    harness = Harness(ok)
    harness.client = MangomintClient(BASE, f" {KEY}\n", http=harness.http)
    assert await harness.client.list_locations() == []
    assert harness.requests[0].headers["Authorization"] == f"Bearer {KEY}"

    for pasted in (f"{KEY}\u00a0x", f"\u201c{KEY}\u201d"):
        harness = Harness(ok)
        harness.client = MangomintClient(BASE, pasted, http=harness.http)
        with pytest.raises(PlatformAuthError, match="MANGOMINT_API_KEY") as raised:
            await harness.client.list_locations()
        assert KEY not in str(raised.value) and harness.requests == []

    broken = MangomintClient("http://[::1/", KEY, max_retries=0)
    with pytest.raises(PlatformError, match="InvalidURL"):
        await broken.list_locations()
    await broken.aclose()


async def test_build_platform_reads_url_key_and_timeouts_from_settings() -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(503)

    settings = Settings(
        mangomint_api_url="https://partner.example/",
        mangomint_api_key="live-key",
        mangomint_timeout_seconds=2.5,
        mangomint_max_retries=0,
        _env_file=None,
    )
    async with httpx.AsyncClient(transport=httpx.MockTransport(handler)) as http:
        client = build_platform(settings, http=http)
        with pytest.raises(PlatformUnavailable):
            await client.list_locations()

    (request,) = seen  # max_retries=0: one attempt
    assert request.headers["Authorization"] == "Bearer live-key"
    assert request.url.host == "partner.example"
    assert request.extensions["timeout"]["read"] == 2.5


async def test_build_platform_waits_the_backoff_settings_give(caplog: pytest.LogCaptureFixture) -> None:
    settings = Settings(
        mangomint_api_url="https://partner.example/",
        mangomint_retry_backoff_seconds=0.01,
        mangomint_max_retries=3,
        _env_file=None,
    )
    limited = httpx.Response(429, headers={"Retry-After": "0"})
    caplog.set_level(logging.WARNING, logger=mangomint.logger.name)
    async with httpx.AsyncClient(transport=httpx.MockTransport(sequence(limited, *[httpx.Response(503)] * 3))) as http:
        with pytest.raises(PlatformUnavailable):
            await build_platform(settings, http=http).list_locations()

    delays = [float(re.search(r" in ([\d.]+)s", r.getMessage())[1]) for r in caplog.records if "retry" in r.getMessage()]
    assert delays[0] == 0.01, "a Retry-After of 0 waits the configured backoff, not the default 0.25 s"
    assert len(delays) == 3 and 0 <= delays[1] <= 0.02 and 0 <= delays[2] <= 0.04


def test_build_platform_without_url_needs_a_transport_to_the_sandbox() -> None:
    with pytest.raises(ValueError, match="MANGOMINT_API_URL"):
        build_platform(Settings(mangomint_api_url=None, _env_file=None))


# ---- against the sandbox spa, in-process through httpx.ASGITransport ------------------------------

SANDBOX_KEY = "sandbox-test-key"
SANDBOX_URL = "http://sandbox.local/"
T0 = datetime(2025, 3, 18, 7, 0, tzinfo=UTC)


class FrozenClock:
    """The sandbox's clock: stands still unless a test moves it."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


def small_spa(appointments: int = 250) -> SpaData:
    """One location, three therapists, 250 appointments over 25 days (so lists need 3 pages of 100)."""
    day = date(2025, 3, 3)
    therapists = [staff(f"st_{n}") for n in range(1, 4)]
    book = [
        builders.appointment(
            at(day + timedelta(days=n // 10), f"{9 + n % 10}:00"),
            id=f"ap_{n:04d}",
            staff_id=therapists[n % 3].id,
            resource_ids=[],
            client_id=f"cl_{n % 5}",
            created_at=T0 - timedelta(days=30),
            updated_at=T0 - timedelta(days=1),
        )
        for n in range(appointments)
    ]
    return SpaData(
        locations=[location()],
        staff=therapists,
        resources=[room()],
        services=[service()],
        clients=[builders.client(f"cl_{n}", first_name=f"Guest{n}") for n in range(5)],
        appointments=book,
        waitlist=[
            WaitlistEntry(
                id="wl_1",
                location_id="loc_1",
                client_id="cl_1",
                service_ids=["sv_1"],
                date_from=date(2025, 3, 18),
                date_to=date(2025, 3, 25),
                created_at=T0 - timedelta(days=2),
            )
        ],
    )


class Sandbox:
    """The sandbox app, an admin HTTP client to it, and a platform client with a recording sleep."""

    def __init__(self, *, api_key: str = SANDBOX_KEY, **client_options: Any) -> None:
        self.clock = FrozenClock(T0)
        self.app = create_sandbox_app(
            small_spa(), api_key=SANDBOX_KEY, faults=FaultConfig(timeout_seconds=0), clock=self.clock
        )
        self.http = httpx.AsyncClient(transport=httpx.ASGITransport(app=self.app), base_url=SANDBOX_URL)
        self.delays: list[float] = []

        async def fake_sleep(seconds: float) -> None:
            self.delays.append(seconds)

        client_options.setdefault("rng", random.Random(0))
        self.client = MangomintClient(SANDBOX_URL, api_key, http=self.http, sleep=fake_sleep, **client_options)

    async def admin(self, method: str, path: str, body: dict[str, Any] | None = None) -> Any:
        response = await self.http.request(method, path, json=body)
        assert response.is_success, response.text
        return response.json()


@pytest.fixture
async def sandbox() -> AsyncIterator[Sandbox]:
    box = Sandbox()
    yield box
    await box.http.aclose()


async def test_sandbox_pagination_reads_every_page_of_real_data(sandbox: Sandbox) -> None:
    appointments = await sandbox.client.list_appointments(location_id="loc_1")

    assert [a.id for a in appointments] == sorted(a.id for a in small_spa().appointments)
    assert sandbox.client.request_count == 3
    visits = await sandbox.client.list_appointments(client_id="cl_2")
    assert len(visits) == 50 and {a.client_id for a in visits} == {"cl_2"}
    assert len(await sandbox.client.list_staff(location_id="loc_1")) == 3


async def test_sandbox_updated_since_returns_only_what_changed(sandbox: Sandbox) -> None:
    sandbox.clock.now = T0 + timedelta(minutes=5)
    await sandbox.admin("POST", "/sandbox/appointments/ap_0042/cancel", {"reason": "sick", "by": "client"})

    changed = await sandbox.client.list_appointments(updated_since=T0)
    assert [(a.id, a.status, a.version) for a in changed] == [("ap_0042", AppointmentStatus.cancelled, 2)]

    before = sandbox.client.request_count
    assert changed[0].updated_at is not None
    assert await sandbox.client.list_appointments(updated_since=changed[0].updated_at) == []
    assert sandbox.client.request_count == before + 1  # an idle incremental poll costs one request


async def test_sandbox_injected_5xx_and_timeouts_are_retried(sandbox: Sandbox) -> None:
    await sandbox.admin("POST", "/sandbox/faults", {"failNext": {"count": 2, "status": 502}, "timeoutNext": 1})

    client = await sandbox.client.get_client("cl_1")

    assert client.first_name == "Guest1"
    assert sandbox.client.request_count == 4
    assert len(sandbox.delays) == 3


async def test_sandbox_429_retry_after_is_honoured(sandbox: Sandbox) -> None:
    await sandbox.admin("POST", "/sandbox/faults", {"rateLimitNext": {"count": 2, "retryAfter": 2}})

    assert len(await sandbox.client.list_services()) == 1
    assert sandbox.delays == [2.0, 2.0]


async def test_sandbox_persistent_outage_becomes_unavailable() -> None:
    box = Sandbox(max_retries=2)
    await box.admin("POST", "/sandbox/faults", {"failNext": 5})
    with pytest.raises(PlatformUnavailable) as caught:
        await box.client.list_locations()
    assert caught.value.status == 503 and caught.value.request_id
    assert box.client.request_count == 3
    await box.http.aclose()


async def test_sandbox_a_lost_response_is_retried_and_the_message_sent_once(sandbox: Sandbox) -> None:
    await sandbox.admin("POST", "/sandbox/faults", {"loseResponseNext": 1})

    first = await sandbox.client.send_message("cl_2", outbound(), idempotency_key="offer:wl_1:1")
    again = await sandbox.client.send_message("cl_2", outbound(), idempotency_key="offer:wl_1:1")

    outbox = (await sandbox.admin("GET", "/sandbox/outbox"))["data"]
    assert len(outbox) == 1
    assert outbox[0]["idempotencyKey"] == "offer:wl_1:1"
    assert (outbox[0]["aiGenerated"], outbox[0]["approvedBy"]) == (True, "U0MGR")
    assert first.id == again.id == outbox[0]["id"]
    assert sandbox.client.request_count == 3


async def test_sandbox_booking_twice_with_one_key_books_once_and_conflicts_are_409(sandbox: Sandbox) -> None:
    start = at(date(2025, 3, 20), "07:00")
    request = BookingRequest(location_id="loc_1", client_id="cl_1", service_id="sv_1", staff_id="st_1", start_at=start)

    first = await sandbox.client.book_appointment(request, idempotency_key="book:1")
    again = await sandbox.client.book_appointment(request, idempotency_key="book:1")
    assert first.id == again.id
    assert len(await sandbox.client.list_appointments(updated_since=T0 - timedelta(seconds=1))) == 1

    with pytest.raises(PlatformConflict) as conflict:
        await sandbox.client.book_appointment(request, idempotency_key="book:2")
    assert "busy" in conflict.value.server_message
    with pytest.raises(PlatformRejected) as rejected:
        await sandbox.client.book_appointment(
            request.model_copy(update={"staff_id": "st_2"}), idempotency_key="book:1"
        )
    assert "idempotency" in rejected.value.server_message.lower()


async def test_sandbox_unknown_ids_are_not_found_and_a_wrong_key_is_an_auth_error(sandbox: Sandbox) -> None:
    with pytest.raises(PlatformNotFound) as missing:
        await sandbox.client.get_client("cl_nobody")
    assert "not found" in missing.value.server_message
    with pytest.raises(PlatformNotFound):
        await sandbox.client.get_appointment("ap_nothing")

    wrong = MangomintClient(SANDBOX_URL, "not-the-key", http=sandbox.http)
    with pytest.raises(PlatformAuthError):
        await wrong.list_locations()
    assert wrong.request_count == 1


async def test_sandbox_extensions_search_and_waitlist_writes(sandbox: Sandbox) -> None:
    found = await sandbox.client.search_clients("guest3")
    assert [c.id for c in found] == ["cl_3"]

    entry = await sandbox.client.create_waitlist_entry(
        {
            "location_id": "loc_1",
            "client_id": "cl_4",
            "service_ids": ["sv_1"],
            "date_from": date(2025, 3, 19),
            "date_to": date(2025, 3, 21),
        },
        idempotency_key="wl:new:cl_4",
    )
    offered = await sandbox.client.update_waitlist_entry(
        entry.id, changes={"status": "offered"}, idempotency_key=f"wl:{entry.id}:offered"
    )
    assert offered.status == "offered"
    on_day = await sandbox.client.list_waitlist(location_id="loc_1", on=date(2025, 3, 20))
    assert {e.id for e in on_day} == {"wl_1", entry.id}

    tagged = await sandbox.client.update_client("cl_4", tags=["waitlist"], idempotency_key="tag:cl_4")
    assert tagged.tags == ["waitlist"]


async def test_sandbox_history_report_is_read_to_the_end(sandbox: Sandbox) -> None:
    for n in (1, 2, 3):
        await sandbox.admin("POST", f"/sandbox/appointments/ap_000{n}/cancel", {"by": "client"})

    rows = await sandbox.client.appointment_history(start=T0 - timedelta(days=60), end=T0 + timedelta(days=60))

    # the book is open (confirmed) except the three cancelled, after the fact, so late
    assert [(r.appointment_id, r.outcome) for r in rows] == [
        ("ap_0001", "lateCancel"),
        ("ap_0002", "lateCancel"),
        ("ap_0003", "lateCancel"),
    ]


async def test_sandbox_webhooks_verify_and_parse_end_to_end() -> None:
    received: list[WebhookEvent] = []
    clock = FrozenClock(T0)

    async def receiver(request: Request) -> Response:
        body = await request.body()
        verify_webhook(request.headers, body, request.query_params, secret="whsec", now=clock().timestamp())
        received.append(parse_webhook(body))
        return Response(status_code=204)

    hook_app = Starlette(routes=[Route("/webhooks/mangomint", receiver, methods=["POST"])])
    app = create_sandbox_app(
        small_spa(10),
        api_key=SANDBOX_KEY,
        webhook_url="http://copilot.local/webhooks/mangomint",
        webhook_secret="whsec",
        webhook_transport=httpx.ASGITransport(app=hook_app),
        clock=clock,
    )
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url=SANDBOX_URL) as http:
        await http.post("/sandbox/appointments/ap_0004/cancel", json={"reason": "sick", "by": "client"})
        await http.post("/sandbox/clients/cl_2/reply", json={"body": "YES"})
        await sandbox_state(app).drain_webhooks()

    assert [e.type for e in received] == ["appointment.cancelled", "message.received"]
    assert received[0].appointment is not None and received[0].appointment.id == "ap_0004"
    assert received[1].message is not None and received[1].message.body == "YES"
    assert len({webhook_dedupe_key(e) for e in received}) == 2


async def test_check_still_says_what_the_spa_system_said_of_a_catalogue_read_it_refused(settings: Any) -> None:
    """The refusal's words are out of the message, but ``check``'s line about the catalogue (no client details in its
    requests) still says them: what the IT person needs to mend the gateway."""
    from spa_copilot import preflight

    harness = Harness(always(404, {"message": "no route /v1/services on this gateway"}))
    _, check = await preflight._spa_system(settings, harness.client)
    assert check.status == "failed"
    assert "HTTP 404" in check.detail and "(no route /v1/services on this gateway)" in check.detail, check.detail
