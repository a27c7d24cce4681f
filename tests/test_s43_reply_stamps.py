"""Which reply times are her own stamps, compared to tell a YES sent before the "No" or STOP that declined her offer
(rev43a, after 241024bc counted only times with an offset): a reading without an offset placed on the spa's clock
and no later than when it came is the spa system's stamp (M1: her No, her latest answer, was told as before her YES,
"offer it to them again by hand", after a STOP too); the envelope's ``createdAt`` standing in for a time without an
offset is not (M2: made minutes after her No, it read her later YES as sent before it, and her YES was dropped)."""
from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from spa_copilot.platform.signing import signed_headers
from spa_copilot.platform.webhooks import UnzonedTime
from tests.fill_scene import Scene, proposed

NEW_YORK = ZoneInfo("America/New_York")
RECEIVED = datetime(2026, 11, 24, 14, 0, 30, tzinfo=UTC)  # 9:00:30am in New York


def test_a_reading_on_the_spas_clock_no_later_than_it_came_is_her_own_stamp() -> None:
    nine = UnzonedTime(reading=datetime(2026, 11, 24, 9, 0))
    assert nine.stamp(received=RECEIVED, zone=NEW_YORK) == datetime(2026, 11, 24, 14, 0, tzinfo=UTC)
    on_time = UnzonedTime(reading=datetime(2026, 11, 24, 9, 0, 30))
    assert on_time.stamp(received=RECEIVED, zone=NEW_YORK) == RECEIVED
    # with the envelope's createdAt standing for it, its reading is still her stamp when not after the envelope
    enveloped = UnzonedTime(reading=datetime(2026, 11, 24, 8, 58), stood_in=RECEIVED - timedelta(minutes=1))
    assert enveloped.stamp(received=RECEIVED, zone=NEW_YORK) == datetime(2026, 11, 24, 13, 58, tzinfo=UTC)
    assert enveloped.instant(received=RECEIVED, zone=NEW_YORK) == RECEIVED - timedelta(minutes=1)  # it stands for it


def test_a_placed_time_is_not_her_own_stamp() -> None:
    ahead = UnzonedTime(reading=datetime(2026, 11, 24, 9, 5))  # after it came: capped to when received
    assert ahead.stamp(received=RECEIVED, zone=NEW_YORK) is None
    assert UnzonedTime(reading=datetime(2026, 11, 24, 9, 0)).stamp(received=RECEIVED, zone=None) is None  # no one clock
    assert UnzonedTime(reading=datetime(2026, 11, 24), date_only=True).stamp(received=RECEIVED, zone=NEW_YORK) is None
    envelope = UnzonedTime(reading=datetime(1970, 1, 1), date_only=True, stood_in=RECEIVED - timedelta(minutes=5))
    assert envelope.stamp(received=RECEIVED, zone=NEW_YORK) is None
    assert envelope.instant(received=RECEIVED, zone=NEW_YORK) == RECEIVED - timedelta(minutes=5)
    after_envelope = UnzonedTime(reading=datetime(2026, 11, 24, 8, 59), stood_in=RECEIVED - timedelta(minutes=5))
    assert after_envelope.stamp(received=RECEIVED, zone=NEW_YORK) is None  # written after the event was made: not hers


async def _post(scene: Scene, eid: str, client_id: str, body: str, received: str | None, created: str | None,
                loc: str | None = None) -> None:
    message = {"id": f"msg_{eid}", "clientId": client_id, "channel": "sms", "body": body}
    if received is not None:
        message["receivedAt"] = received
    if loc is not None:
        message["locationId"] = loc
    env = {"id": eid, "type": "message.received", "data": {"message": message}}
    if created is not None:
        env["createdAt"] = created
    raw = json.dumps(env).encode()
    headers = signed_headers("sandbox-webhook-secret", int(scene.copilot.now().timestamp()), raw)
    r = await scene.world.http.post("/webhooks/mangomint", content=raw, headers=headers)
    assert r.status_code == 200, r.text


async def _zone(scene: Scene) -> ZoneInfo:
    locs = list((await scene.copilot.catalog()).locations)
    return ZoneInfo(locs[0].time_zone)


async def _loc(scene: Scene) -> str:
    return list((await scene.copilot.catalog()).locations)[0].id


def _naive(at: datetime, zone: ZoneInfo) -> str:
    """The spa's own (accurate) clock reading, written without an offset."""
    return at.astimezone(zone).replace(tzinfo=None).isoformat()


async def test_A_yes_on_accurate_spa_clock_without_offset_before_her_no_is_told_after_it(scene: Scene) -> None:
    # spa clock exact; the sender writes receivedAt without an offset and no createdAt (placed on the spa's clock)
    await proposed(scene)
    first, _ = await scene.first_offer_sent()
    zone = await _zone(scene)
    sent = scene.copilot.now()
    scene.clock.advance(minutes=2, seconds=10)
    await _post(scene, "no", first["client_id"], "No thanks", _naive(sent + timedelta(minutes=2), zone), None,
                await _loc(scene))
    scene.clock.advance(minutes=1)
    await _post(scene, "yes", first["client_id"], "Yes please", _naive(sent + timedelta(minutes=1), zone), None,
                await _loc(scene))
    thread = scene.thread_text()
    # her YES (9:01) came before her No (9:02): her no is her latest answer
    assert "said no earlier and has now replied YES" not in thread, thread[-600:]
    assert "before their no" in thread, thread[-600:]


async def test_B_stop_without_offset_then_earlier_stamped_yes_loses_the_true_order(scene: Scene) -> None:
    await proposed(scene)
    first, _ = await scene.first_offer_sent()
    zone = await _zone(scene)
    sent = scene.copilot.now()
    scene.clock.advance(minutes=2, seconds=10)
    await _post(scene, "stop", first["client_id"], "STOP", _naive(sent + timedelta(minutes=2), zone), None,
                await _loc(scene))
    scene.clock.advance(minutes=1)
    yes_at = (sent + timedelta(minutes=1)).isoformat()
    await _post(scene, "yes", first["client_id"], "Yes please", yes_at, yes_at)
    thread = scene.thread_text()
    assert not scene.bookings_for(first["client_id"])
    assert "offer it to them again by hand" not in thread, thread[-700:]


async def test_C_envelope_createdAt_later_than_her_no_drops_her_later_yes(scene: Scene) -> None:
    # outage then a burst: her No (9:02, receivedAt without offset) is enveloped by the sender at 9:06 (createdAt with
    # offset stands for it); her YES sent at 9:04 with its own offset stamp is delivered after the No
    await proposed(scene)
    first, _ = await scene.first_offer_sent()
    zone = await _zone(scene)
    sent = scene.copilot.now()
    scene.clock.advance(minutes=6, seconds=10)
    await _post(scene, "no", first["client_id"], "No thanks", _naive(sent + timedelta(minutes=2), zone),
                (sent + timedelta(minutes=6)).isoformat())
    scene.clock.advance(seconds=20)
    yes_at = (sent + timedelta(minutes=4)).isoformat()
    await _post(scene, "yes", first["client_id"], "Yes please", yes_at, yes_at)
    thread = scene.thread_text()
    # her YES is her latest answer: never "their no is their latest answer"
    assert "their no is their latest answer" not in thread, thread[-700:]


async def test_A2_yes_without_offset_before_her_offset_no_accurate_clock(scene: Scene) -> None:
    # spa clock exact: her YES 9:01 (receivedAt without offset, no createdAt), her No 9:02 (with offset) delivered first
    await proposed(scene)
    first, _ = await scene.first_offer_sent()
    zone = await _zone(scene)
    sent = scene.copilot.now()
    scene.clock.advance(minutes=2, seconds=10)
    no_at = (sent + timedelta(minutes=2)).isoformat()
    await _post(scene, "no", first["client_id"], "No thanks", no_at, no_at)
    scene.clock.advance(minutes=1)
    await _post(scene, "yes", first["client_id"], "Yes please", _naive(sent + timedelta(minutes=1), zone), None,
                await _loc(scene))
    thread = scene.thread_text()
    assert "said no earlier and has now replied YES" not in thread, thread[-600:]


async def test_1_yes_with_createdAt_retried_after_her_offset_no(scene: Scene) -> None:
    # her YES at 9:01 (no receivedAt offset; envelope created 9:01:05), our endpoint down, retried at 9:05;
    # meanwhile her No (9:02, with offset) was delivered and declined the offer. Her no is her latest answer.
    await proposed(scene)
    first, _ = await scene.first_offer_sent()
    zone = await _zone(scene)
    sent = scene.copilot.now()
    scene.clock.advance(minutes=2, seconds=10)
    no_at = (sent + timedelta(minutes=2)).isoformat()
    await _post(scene, "no", first["client_id"], "No thanks", no_at, no_at)
    scene.clock.advance(minutes=3)
    await _post(scene, "yes", first["client_id"], "Yes please", _naive(sent + timedelta(minutes=1), zone),
                (sent + timedelta(minutes=1, seconds=5)).isoformat())
    thread = scene.thread_text()
    assert "offer it to them again by hand" not in thread, thread[-700:]
    assert "before their no" in thread, thread[-700:]


async def test_2_yes_with_createdAt_retried_after_her_offset_stop(scene: Scene) -> None:
    await proposed(scene)
    first, _ = await scene.first_offer_sent()
    sent = scene.copilot.now()
    scene.clock.advance(minutes=2, seconds=10)
    stop_at = (sent + timedelta(minutes=2)).isoformat()
    await _post(scene, "stop", first["client_id"], "STOP", stop_at, stop_at)
    scene.clock.advance(minutes=3)
    # no receivedAt at all: the envelope's createdAt (9:01:05) is the only time
    await _post(scene, "yes", first["client_id"], "Yes please", None, (sent + timedelta(minutes=1, seconds=5)).isoformat())
    thread = scene.thread_text()
    assert not scene.bookings_for(first["client_id"])
    assert "offer it to them again by hand" not in thread, thread[-700:]


async def test_3_no_naive_on_spa_clock_with_createdAt_then_earlier_offset_yes(scene: Scene) -> None:
    # her No 9:02 written on the spa's (accurate) clock without an offset, envelope createdAt 9:02:05 (the usual
    # envelope); her YES sent 9:01 with an offset, delivered after. Her no is her latest answer.
    await proposed(scene)
    first, _ = await scene.first_offer_sent()
    zone = await _zone(scene)
    sent = scene.copilot.now()
    scene.clock.advance(minutes=2, seconds=10)
    await _post(scene, "no", first["client_id"], "No thanks", _naive(sent + timedelta(minutes=2), zone),
                (sent + timedelta(minutes=2, seconds=5)).isoformat(), await _loc(scene))
    scene.clock.advance(minutes=1)
    yes_at = (sent + timedelta(minutes=1)).isoformat()
    await _post(scene, "yes", first["client_id"], "Yes please", yes_at, yes_at)
    thread = scene.thread_text()
    assert "offer it to them again by hand" not in thread, thread[-700:]
    assert "before their no" in thread, thread[-700:]


async def test_4_stop_naive_with_createdAt_then_earlier_offset_yes(scene: Scene) -> None:
    await proposed(scene)
    first, _ = await scene.first_offer_sent()
    zone = await _zone(scene)
    sent = scene.copilot.now()
    scene.clock.advance(minutes=2, seconds=10)
    await _post(scene, "stop", first["client_id"], "STOP", _naive(sent + timedelta(minutes=2), zone),
                (sent + timedelta(minutes=2, seconds=5)).isoformat(), await _loc(scene))
    scene.clock.advance(minutes=1)
    yes_at = (sent + timedelta(minutes=1)).isoformat()
    await _post(scene, "yes", first["client_id"], "Yes please", yes_at, yes_at)
    thread = scene.thread_text()
    assert not scene.bookings_for(first["client_id"])
    assert "offer it to them again by hand" not in thread, thread[-700:]


async def test_a_yes_after_a_no_whose_order_the_times_cannot_tell_says_they_may_have_crossed(scene: Scene) -> None:
    """Her "No" dated only by when it came (a date alone, no createdAt): her later YES is told as such, not as one
    certainly sent after it."""
    await proposed(scene)
    first, _ = await scene.first_offer_sent()
    sent = scene.copilot.now()
    scene.clock.advance(minutes=2)
    await _post(scene, "no", first["client_id"], "No thanks", sent.date().isoformat(), None)
    scene.clock.advance(minutes=1)
    yes_at = scene.copilot.now().isoformat()
    await _post(scene, "yes", first["client_id"], "Yes please", yes_at, yes_at)
    thread = scene.thread_text()
    assert not scene.bookings_for(first["client_id"])
    assert "said no earlier and has now replied YES (reaching the copilot after it; if they sent it first, their no " \
           "stands: ask them). Nothing was booked" in thread, thread[-700:]


async def test_a_yes_sent_after_a_no_both_stamped_is_told_plainly(scene: Scene) -> None:
    await proposed(scene)
    first, _ = await scene.first_offer_sent()
    scene.clock.advance(minutes=2)
    no_at = scene.copilot.now().isoformat()
    await _post(scene, "no", first["client_id"], "No thanks", no_at, no_at)
    scene.clock.advance(minutes=1)
    yes_at = scene.copilot.now().isoformat()
    await _post(scene, "yes", first["client_id"], "Yes please", yes_at, yes_at)
    thread = scene.thread_text()
    assert "said no earlier and has now replied YES. Nothing was booked; if the slot is still free, offer it to them " \
           "again by hand." in thread, thread[-700:]


async def test_a_yes_after_her_stop_sends_the_desk_to_the_phone(scene: Scene) -> None:
    """Never "offer it to them again by hand" after her STOP: she is not to be texted."""
    await proposed(scene)
    first, _ = await scene.first_offer_sent()
    scene.clock.advance(minutes=2)
    stop_at = scene.copilot.now().isoformat()
    await _post(scene, "stop", first["client_id"], "STOP", stop_at, stop_at)
    scene.clock.advance(minutes=1)
    yes_at = scene.copilot.now().isoformat()
    await _post(scene, "yes", first["client_id"], "Yes please", yes_at, yes_at)
    thread = scene.thread_text()
    assert not scene.bookings_for(first["client_id"])
    assert "texted STOP earlier and has now replied YES: they are not booked and will not be texted again; phone them " \
           "if the slot should be theirs." in thread, thread[-700:]
    assert "offer it to them again" not in thread, thread[-700:]
