"""A guest's reply (``message.received``) whose ``receivedAt`` names no instant: a clock reading without an offset
("2026-11-24T09:00:00", a New York spa's 9:00am) or a date alone ("2026-11-24"), with an envelope ``createdAt`` no
better. It was read as UTC, so a 9:00am YES looked like 4:00am, before the 8:30am approval: "Christopher texted YES at
4:00am, before this offer was approved, so it answers something else and nothing was booked". Now such a reading is
taken on the clock of the location the webhook names, or of the spa when all its locations keep one, and otherwise
(and for a date alone) the reply is dated when the copilot received it: never before the offer it arrived after.
"""

from __future__ import annotations

import dataclasses
import json
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from spa_copilot.platform import webhooks
from spa_copilot.platform.signing import signed_headers
from spa_copilot.platform.webhooks import MESSAGE_RECEIVED, parse_webhook
from spa_copilot.settings import Settings
from tests.conftest import NOW, FakeClock
from tests.fill_scene import Scene, eventually, proposed

SECRET = "sandbox-webhook-secret"
NEW_YORK = ZoneInfo("America/New_York")
#: The manager approves at 8:30am in New York (the scene's spa: SoHo in New York, Venice in Los Angeles) ...
APPROVED_AT = NOW - timedelta(minutes=30)
#: ... and the guest's reply reaches the copilot at 9:00am (NOW).
BEFORE_OFFER = "before this offer was approved"


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(APPROVED_AT)


@pytest.fixture
def settings(settings: Settings) -> Settings:
    """An hour's hold, so a YES half an hour after the approval is within it."""
    return settings.model_copy(update={"offer_hold_minutes": 60})


def envelope(message: dict[str, Any], *, created_at: str | None, data: dict[str, Any] | None = None) -> bytes:
    body: dict[str, Any] = {"id": f"evt_{message['id']}", "type": MESSAGE_RECEIVED,
                            "data": {"message": message, **(data or {})}}
    if created_at is not None:
        body["createdAt"] = created_at
    return json.dumps(body).encode()


def message(**changes: Any) -> dict[str, Any]:
    return {"id": "msg_yes", "clientId": "cl_00417", "channel": "sms", "body": "YES",
            "receivedAt": "2026-11-24T09:00:00"} | changes


async def _post(scene: Scene, body: bytes) -> int:
    headers = {"Content-Type": "application/json",
               **signed_headers(SECRET, int(scene.copilot.now().timestamp()), body)}
    response = await scene.world.http.post("/webhooks/mangomint", content=body, headers=headers)
    return response.status_code


async def _offered_then_nine_am(scene: Scene) -> str:
    """The first candidate's offer approved (and texted) at 8:30am New York; the clock then at 9:00am."""
    await proposed(scene)
    first, offer = await scene.first_offer_sent()
    assert datetime.fromisoformat(offer["created_at"]) == APPROVED_AT
    scene.clock.advance(minutes=30)
    assert scene.copilot.now() == NOW
    return str(first["client_id"])


async def _booked(scene: Scene, client_id: str) -> None:
    await eventually(lambda: len(scene.bookings_for(client_id)) == 1)
    assert BEFORE_OFFER not in scene.thread_text()


async def _not_booked(scene: Scene, client_id: str, at: str) -> None:
    await eventually(lambda: BEFORE_OFFER in scene.thread_text())
    assert f"texted YES at {at}, {BEFORE_OFFER}" in scene.thread_text()
    assert scene.bookings_for(client_id) == []


# ---------------------------------------------------------------------------------------------------
# Through the webhook, in the scene's spa


@pytest.mark.parametrize("named", [{}, {"locationId": "loc_soho"}], ids=["no location", "SoHo named"])
async def test_a_new_york_nine_am_yes_without_an_offset_after_an_eight_thirty_approval_books(
    scene: Scene, named: dict[str, Any]
) -> None:
    client_id = await _offered_then_nine_am(scene)
    body = envelope(message(clientId=client_id, **named), created_at="2026-11-24T09:00:02")
    assert await _post(scene, body) == 200
    await _booked(scene, client_id)
    assert "4:00am" not in scene.thread_text()


async def test_the_location_named_in_the_envelopes_data_is_read_too(scene: Scene) -> None:
    client_id = await _offered_then_nine_am(scene)
    body = envelope(message(clientId=client_id, receivedAt="2026-11-24T08:10:00"), created_at=None,
                    data={"locationId": "loc_soho"})
    assert await _post(scene, body) == 200
    await _not_booked(scene, client_id, "8:10am")  # read on SoHo's clock: sent before the approval


@pytest.mark.parametrize("created_at", [None, "2026-11-24", "2026-11-24T09:00:02"])
async def test_a_date_alone_dates_the_yes_when_it_was_received_and_it_books(
    scene: Scene, created_at: str | None
) -> None:
    client_id = await _offered_then_nine_am(scene)
    body = envelope(message(clientId=client_id, receivedAt="2026-11-24", locationId="loc_soho"), created_at=created_at)
    assert await _post(scene, body) == 200
    await _booked(scene, client_id)


async def test_a_yes_with_an_offset_before_the_approval_still_books_nothing(scene: Scene) -> None:
    client_id = await _offered_then_nine_am(scene)
    body = envelope(message(clientId=client_id, receivedAt="2026-11-24T08:00:00-05:00"), created_at=None)
    assert await _post(scene, body) == 200
    await _not_booked(scene, client_id, "8:00am")


async def test_a_reading_on_the_named_locations_clock_before_the_approval_answers_something_else(
    scene: Scene,
) -> None:
    """A YES the guest sent at 8:00am (to the spa's reminder, say), delivered at 9:00am by a retry: read on SoHo's
    clock, it came before the 8:30am approval, and says so in New York's hours (read as UTC: "3:00am")."""
    client_id = await _offered_then_nine_am(scene)
    body = envelope(message(clientId=client_id, receivedAt="2026-11-24T08:00:00", locationId="loc_soho"),
                    created_at="2026-11-24T08:00:01")
    assert await _post(scene, body) == 200
    await _not_booked(scene, client_id, "8:00am")


async def test_with_no_location_named_in_a_spa_of_two_clocks_a_reading_never_dates_a_yes_before_the_offer(
    scene: Scene,
) -> None:
    """8:00 on no known clock (New York's 8:00am, before the approval, or Los Angeles', after it): the reply is dated
    when the copilot received it, after the approval, and it books."""
    client_id = await _offered_then_nine_am(scene)
    body = envelope(message(clientId=client_id, receivedAt="2026-11-24T08:00:00"), created_at="2026-11-24T08:00:01")
    assert await _post(scene, body) == 200
    await _booked(scene, client_id)


async def test_a_spa_whose_locations_keep_one_clock_reads_the_reading_on_it(
    scene: Scene, monkeypatch: pytest.MonkeyPatch
) -> None:
    client_id = await _offered_then_nine_am(scene)
    copilot = scene.copilot
    catalog = await copilot.catalog()
    new_york_only = dataclasses.replace(
        catalog, locations=[loc for loc in catalog.locations if loc.time_zone == "America/New_York"])
    assert 0 < len(new_york_only.locations) < len(catalog.locations)

    async def one_clock(*, refresh: bool = False) -> Any:
        return new_york_only

    monkeypatch.setattr(copilot, "catalog", one_clock)
    body = envelope(message(clientId=client_id, receivedAt="2026-11-24T08:05:00"), created_at=None)
    assert await _post(scene, body) == 200
    await _not_booked(scene, client_id, "8:05am")


async def test_a_clock_reading_read_on_a_named_clock_ahead_of_the_copilots_is_dated_when_received(
    scene: Scene,
) -> None:
    """UTC's 14:00 written without its offset, read on SoHo's clock, is 7:00pm, hours ahead: the YES came at 9:00am."""
    client_id = await _offered_then_nine_am(scene)
    body = envelope(message(clientId=client_id, receivedAt="2026-11-24T14:00:00", locationId="loc_soho"),
                    created_at="2026-11-24T14:00:01")
    assert await _post(scene, body) == 200
    await _booked(scene, client_id)


@pytest.mark.parametrize("text", ["", None])  # None: a sender writing "body": null for a picture only
async def test_a_picture_with_no_text_is_accepted_and_the_thread_says_so(scene: Scene, text: str | None) -> None:
    client_id = await _offered_then_nine_am(scene)
    body = envelope(message(clientId=client_id, body=text, receivedAt="2026-11-24T09:00:00"), created_at=None)
    assert await _post(scene, body) == 200
    await eventually(lambda: "sent a message with no text (a picture?); please follow up" in scene.thread_text())
    assert scene.bookings_for(client_id) == []


# ---------------------------------------------------------------------------------------------------
# Parsing, and placing a reading


def test_a_reading_without_an_offset_is_kept_as_written_with_the_location_the_body_names() -> None:
    event = parse_webhook(envelope(message(locationId=42), created_at="2026-11-24T09:00:02"))
    assert event.message_time == webhooks.UnzonedTime(reading=datetime(2026, 11, 24, 9, 0), location_id="42")
    event = parse_webhook(envelope(message(receivedAt="2026-11-24"), created_at=None, data={"locationId": "loc_x"}))
    assert event.message_time == webhooks.UnzonedTime(reading=datetime(2026, 11, 24), date_only=True, location_id="loc_x")


@pytest.mark.parametrize(("received_at", "created_at"), [
    ("2026-11-24T09:00:00-05:00", None),  # an instant: kept exactly as it came
    ("2026-11-24T14:00:00Z", "2026-11-24T09:00:00"),
])
def test_a_reply_timed_by_an_instant_needs_no_placing(received_at: str, created_at: str | None) -> None:
    event = parse_webhook(envelope(message(receivedAt=received_at), created_at=created_at))
    assert event.message_time is None
    assert event.message is not None and event.message.received_at.tzinfo is not None


def test_the_envelopes_instant_stands_for_a_reply_time_without_one_but_is_not_her_stamp() -> None:
    """As before, the envelope's ``createdAt`` dates the reply; it is marked as standing in (``stood_in``): made
    after the reply came, it is never her own stamp (rev43a M2)."""
    event = parse_webhook(envelope(message(receivedAt="2026-11-24T09:00:00"), created_at="2026-11-24T09:00:04-05:00"))
    created = datetime(2026, 11, 24, 14, 0, 4, tzinfo=UTC)
    assert event.message is not None and event.message.received_at == created
    assert event.message_time is not None and event.message_time.stood_in == created
    assert event.message_time.instant(received=NOW, zone=None) == created


RECEIVED = datetime(2026, 11, 24, 14, 0, 30, tzinfo=UTC)


def test_a_reading_is_placed_on_the_zone_given_never_after_it_was_received() -> None:
    reading = webhooks.UnzonedTime(reading=datetime(2026, 11, 24, 8, 0))
    assert reading.instant(received=RECEIVED, zone=NEW_YORK) == datetime(2026, 11, 24, 13, 0, tzinfo=UTC)
    assert reading.instant(received=RECEIVED, zone=None) == RECEIVED
    assert reading.instant(received=RECEIVED, zone=ZoneInfo("America/Los_Angeles")) == RECEIVED  # 4:00pm UTC
    received_in_new_york = RECEIVED.astimezone(NEW_YORK)
    assert reading.instant(received=received_in_new_york, zone=None) == RECEIVED


def test_a_date_alone_is_placed_when_it_was_received_on_any_clock() -> None:
    day = webhooks.UnzonedTime(reading=datetime(2026, 11, 24), date_only=True)
    assert day.instant(received=RECEIVED, zone=NEW_YORK) == RECEIVED
    assert day.instant(received=RECEIVED, zone=None) == RECEIVED


def test_a_reading_the_clocks_fall_back_hour_makes_twice_is_its_later_instant() -> None:
    reading = webhooks.UnzonedTime(reading=datetime(2026, 11, 1, 1, 30))  # New York's 1:30am, at -04:00 then at -05:00
    later = datetime(2026, 11, 1, 6, 30, tzinfo=UTC)
    assert reading.instant(received=later + timedelta(hours=1), zone=NEW_YORK) == later


# ---------------------------------------------------------------------------------------------------
# No receivedAt at all (a payloads review, 4 December): refused with 400, the YES was lost (never sent again)


@pytest.mark.parametrize("received", [None, "", "soon"], ids=["null", "blank", "not a time"])
@pytest.mark.parametrize("created_at", [None, "2026-11-24T09:00:02"], ids=["no createdAt", "naive createdAt"])
async def test_a_yes_without_a_time_is_dated_when_it_was_received_and_books(
    scene: Scene, received: str | None, created_at: str | None
) -> None:
    client_id = await _offered_then_nine_am(scene)
    body = envelope(message(clientId=client_id, receivedAt=received), created_at=created_at)
    assert await _post(scene, body) == 200
    await _booked(scene, client_id)


async def test_a_yes_missing_its_time_takes_the_envelopes_instant() -> None:
    said = message()
    del said["receivedAt"]
    event = parse_webhook(envelope(said, created_at="2026-11-24T14:00:02+00:00"))
    assert event.message is not None and event.message.received_at == datetime(2026, 11, 24, 14, 0, 2, tzinfo=UTC)
    assert event.message_time is not None and event.message_time.stood_in == event.message.received_at
    alone = parse_webhook(envelope(said, created_at=None))
    assert alone.message_time is not None and alone.message_time.date_only  # dated when received
    assert alone.message_time.instant(received=NOW, zone=NEW_YORK) == NOW


async def test_a_reply_without_a_client_is_still_refused(scene: Scene) -> None:
    said = message()
    del said["clientId"]
    assert await _post(scene, envelope(said, created_at=None)) == 400
