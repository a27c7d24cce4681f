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
    assert UnzonedTime(reading=datetime(2026, 11, 24, 9, 0)).own(received=RECEIVED, zone=NEW_YORK)
    assert UnzonedTime(reading=datetime(2026, 11, 24, 9, 0, 30)).own(received=RECEIVED, zone=NEW_YORK)


def test_a_placed_time_is_not_her_own_stamp() -> None:
    ahead = UnzonedTime(reading=datetime(2026, 11, 24, 9, 5))  # after it came: capped to when received
    assert not ahead.own(received=RECEIVED, zone=NEW_YORK)
    assert not UnzonedTime(reading=datetime(2026, 11, 24, 9, 0)).own(received=RECEIVED, zone=None)  # no one clock
    assert not UnzonedTime(reading=datetime(2026, 11, 24), date_only=True).own(received=RECEIVED, zone=NEW_YORK)
    envelope = UnzonedTime(reading=datetime(1970, 1, 1), date_only=True, stood_in=RECEIVED - timedelta(minutes=5))
    assert not envelope.own(received=RECEIVED, zone=NEW_YORK)
    assert envelope.instant(received=RECEIVED, zone=NEW_YORK) == RECEIVED - timedelta(minutes=5)


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
