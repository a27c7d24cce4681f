"""Which reply times are her own stamps, compared to tell a YES sent before the "No" or STOP that declined her offer
(rev43a, after 241024bc counted only times with an offset): a reading without an offset placed on the spa's clock
and no later than when it came is the spa system's stamp (M1: her No, her latest answer, was told as before her YES,
"offer it to them again by hand", after a STOP too); the envelope's ``createdAt`` standing in for a time without an
offset is not (M2: made minutes after her No, it read her later YES as sent before it, and her YES was dropped)."""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

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


@dataclass(frozen=True)
class Reply:
    """A guest's reply as the webhook carries it: ``stamp`` "offset" (receivedAt with an offset), "naive" (on the
    spa's accurate clock, without one, the location named), "date" (a date alone) or None (no receivedAt), at
    ``said`` minutes after the offer went; the envelope's createdAt at ``created`` minutes (None: none); delivered
    ``delivered`` minutes after the offer went."""

    body: str
    said: float
    delivered: float
    stamp: str | None = "offset"
    created: float | None = None


#: (first reply, second reply, words the thread must hold, words it must not, whether she may be booked)
SCENES = {
    # rev43a M1: her No on the spa's clock without an offset, her earlier YES delivered after it
    "naive No, naive earlier YES": (Reply("No thanks", 2, 2.2, "naive"), Reply("Yes please", 1, 3.2, "naive"),
                                    ["before their no"], ["said no earlier"]),
    "offset No, naive earlier YES": (Reply("No thanks", 2, 2.2), Reply("Yes please", 1, 3.2, "naive"),
                                     ["before their no"], ["said no earlier"]),
    "naive STOP, offset earlier YES": (Reply("STOP", 2, 2.2, "naive"), Reply("Yes please", 1, 3.2, created=1),
                                       ["before their STOP"], ["offer it to them again"]),
    # rev43a M2: createdAt minutes after her No is not when she said it: her later YES is not told as before it
    "No dated by a late createdAt, later YES": (Reply("No thanks", 2, 6.2, "naive", created=6),
                                                Reply("Yes please", 4, 6.5, created=4),
                                                ["said no earlier and has now replied YES"], ["their latest answer"]),
    # rev43b H: a YES's createdAt is never earlier than she sent it: before her No's own stamp, it was sent before it
    "offset No, YES dated by createdAt": (Reply("No thanks", 2, 2.2), Reply("Yes please", 1, 5.2, "naive", created=1.1),
                                          ["before their no"], ["offer it to them again"]),
    "offset STOP, YES with createdAt only": (Reply("STOP", 2, 2.2), Reply("Yes please", 1, 5.2, None, created=1.1),
                                             ["before their STOP"], ["offer it to them again"]),
    "naive No with createdAt, earlier offset YES": (Reply("No thanks", 2, 2.2, "naive", created=2.1),
                                                    Reply("Yes please", 1, 3.2, created=1),
                                                    ["before their no"], ["offer it to them again"]),
    "naive STOP with createdAt, earlier offset YES": (Reply("STOP", 2, 2.2, "naive", created=2.1),
                                                      Reply("Yes please", 1, 3.2, created=1),
                                                      ["before their STOP"], ["offer it to them again"]),
    # the times cannot tell the order: said so, not "said no earlier" alone
    "No dated by a date alone, later YES": (Reply("No thanks", 2, 2, "date"), Reply("Yes please", 3, 3, created=3),
                                            ["said no earlier and has now replied YES (reaching the copilot after "
                                             "it; if they sent it first, their no stands: ask them). Nothing was "
                                             "booked"], []),
    "No, then YES, both stamped": (Reply("No thanks", 2, 2, created=2), Reply("Yes please", 3, 3, created=3),
                                   ["said no earlier and has now replied YES. Nothing was booked; if the slot is "
                                    "still free, offer it to them again by hand."], []),
    # never "offer it to them again by hand" after her STOP: she is not to be texted
    "STOP, then YES, both stamped": (Reply("STOP", 2, 2, created=2), Reply("Yes please", 3, 3, created=3),
                                     ["texted STOP earlier and has now replied YES: they are not booked and will not "
                                      "be texted again; phone them if the slot should be theirs."],
                                     ["offer it to them again"]),
}


async def _send(scene: Scene, reply: Reply, client_id: str, offered: datetime) -> None:
    """Deliver ``reply`` (signed, as the spa system's webhook) at its delivery time."""
    scene.clock.advance(seconds=(offered + timedelta(minutes=reply.delivered) - scene.copilot.now()).total_seconds())
    said = offered + timedelta(minutes=reply.said)
    catalog = await scene.copilot.catalog()
    location = catalog.locations[0]
    message = {"id": f"msg_{reply.body}_{reply.said}", "clientId": client_id, "channel": "sms", "body": reply.body}
    if reply.stamp == "offset":
        message["receivedAt"] = said.isoformat()
    elif reply.stamp == "naive":
        message["receivedAt"] = said.astimezone(ZoneInfo(location.time_zone)).replace(tzinfo=None).isoformat()
        message["locationId"] = location.id
    elif reply.stamp == "date":
        message["receivedAt"] = said.date().isoformat()
    envelope = {"id": message["id"], "type": "message.received", "data": {"message": message}}
    if reply.created is not None:
        envelope["createdAt"] = (offered + timedelta(minutes=reply.created)).isoformat()
    raw = json.dumps(envelope).encode()
    headers = signed_headers("sandbox-webhook-secret", int(scene.copilot.now().timestamp()), raw)
    answer = await scene.world.http.post("/webhooks/mangomint", content=raw, headers=headers)
    assert answer.status_code == 200, answer.text


@pytest.mark.parametrize("scene_name", SCENES)
async def test_a_yes_delivered_after_her_no_or_stop_is_told_in_the_order_the_times_tell(
    scene: Scene, scene_name: str
) -> None:
    first_reply, yes, said, not_said = SCENES[scene_name]
    await proposed(scene)
    first, _ = await scene.first_offer_sent()
    offered = scene.copilot.now()
    await _send(scene, first_reply, first["client_id"], offered)
    await _send(scene, yes, first["client_id"], offered)
    thread = scene.thread_text()
    assert not scene.bookings_for(first["client_id"]), "her YES came after her no or STOP: nothing is booked"
    for words in said:
        assert words in thread, (words, thread[-700:])
    for words in not_said:
        assert words not in thread, (words, thread[-700:])
