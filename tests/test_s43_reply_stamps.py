"""Which reply times tell the order of a YES and the "No" or STOP that declined her offer, delivered after it. Her
own stamp (``receivedAt`` with an offset) is the only time kept as when she declined and the only one a YES is told
as sent AFTER it by; a YES is told as sent BEFORE it by her stamp or by the envelope's ``createdAt`` standing for one
(never earlier than she sent it: rev43b H). A time written without an offset is neither (rev43a M1 read it on the
spa's clock; rev43e M3: on a clock two minutes behind, her YES sent after her No was read as before it, and lost),
nor is a ``createdAt`` kept for a "No" (rev43a M2: minutes after it, her later YES read as before it). When the
times cannot tell the order, the thread says the two may have crossed: "ask them" (rev43e M4), and after her STOP
it sends the desk to the phone, never to offer it again by hand."""
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


def test_the_envelopes_created_at_stands_for_a_time_without_an_offset() -> None:
    envelope = UnzonedTime(reading=datetime(1970, 1, 1), date_only=True, stood_in=RECEIVED - timedelta(minutes=5))
    assert envelope.instant(received=RECEIVED, zone=NEW_YORK) == RECEIVED - timedelta(minutes=5)


@dataclass(frozen=True)
class Reply:
    """A guest's reply as the webhook carries it: ``stamp`` "offset" (receivedAt with an offset), "naive" (on the
    spa's accurate clock, without one, the location named), "behind" (so, on a clock two minutes slow), "date" (a
    date alone) or None (no receivedAt), at ``said`` minutes after the offer went; the envelope's createdAt at
    ``created`` minutes (None: none); delivered ``delivered`` minutes after the offer went."""

    body: str
    said: float
    delivered: float
    stamp: str | None = "offset"
    created: float | None = None


CROSSED = ("said no earlier and has now replied YES (reaching the copilot after it; if they sent it first, their no "
           "stands: ask them)")
STOP_CROSSED = ("texted STOP earlier and has now replied YES (reaching the copilot after it; if they sent it first, their "
                "STOP stands: ask them): they are not booked")
#: (first reply, second reply, words the thread must hold, words it must not)
SCENES = {
    # rev43a M1: times without an offset (on the spa's clock, or not) tell no order: said so, never as certain
    "naive No, naive earlier YES": (Reply("No thanks", 2, 2.2, "naive"), Reply("Yes please", 1, 3.2, "naive"),
                                    [CROSSED], ["said no earlier and has now replied YES."]),
    "offset No, naive earlier YES": (Reply("No thanks", 2, 2.2), Reply("Yes please", 1, 3.2, "naive"),
                                     [CROSSED], ["said no earlier and has now replied YES."]),
    "naive STOP, offset earlier YES": (Reply("STOP", 2, 2.2, "naive"), Reply("Yes please", 1, 3.2, created=1),
                                       [STOP_CROSSED],
                                       ["offer it to them again"]),
    # rev43e M3: her YES written without an offset on a spa clock two minutes behind, with its createdAt: after her No
    "offset No, later YES on a clock behind": (Reply("No thanks", 2, 2.2), Reply("Yes please", 3, 3.5, "behind",
                                                                                 created=3.1),
                                               [CROSSED], ["before their no", "their latest answer"]),
    # rev43a M2: createdAt minutes after her No is not when she said it: her later YES is not told as before it
    "No dated by a late createdAt, later YES": (Reply("No thanks", 2, 6.2, "naive", created=6),
                                                Reply("Yes please", 4, 6.5, created=4),
                                                [CROSSED], ["their latest answer"]),
    # rev43b H: a YES's createdAt is never earlier than she sent it: before her No's own stamp, it was sent before it
    "offset No, YES dated by createdAt": (Reply("No thanks", 2, 2.2), Reply("Yes please", 1, 5.2, "naive", created=1.1),
                                          ["before their no"], ["offer it to them again"]),
    "offset STOP, YES with createdAt only": (Reply("STOP", 2, 2.2), Reply("Yes please", 1, 5.2, None, created=1.1),
                                             ["before their STOP"], ["offer it to them again"]),
    "naive No with createdAt, earlier offset YES": (Reply("No thanks", 2, 2.2, "naive", created=2.1),
                                                    Reply("Yes please", 1, 3.2, created=1),
                                                    [CROSSED], ["said no earlier and has now replied YES."]),
    "naive STOP with createdAt, earlier offset YES": (Reply("STOP", 2, 2.2, "naive", created=2.1),
                                                      Reply("Yes please", 1, 3.2, created=1),
                                                      [STOP_CROSSED],
                                                      ["offer it to them again"]),
    # rev43e M4: a createdAt after her No's stamp says only when the YES was sent by: it may have crossed
    "offset No, YES with a later createdAt only": (Reply("No thanks", 2, 2.2), Reply("Yes please", 2, 3.2, None,
                                                                                     created=2.05),
                                                   [CROSSED], ["said no earlier and has now replied YES."]),
    # the times cannot tell the order: said so, not "said no earlier" alone
    "No dated by a date alone, later YES": (Reply("No thanks", 2, 2, "date"), Reply("Yes please", 3, 3, created=3),
                                            [CROSSED + ". Nothing was booked"], []),
    "No, then YES, both stamped": (Reply("No thanks", 2, 2, created=2), Reply("Yes please", 3, 3, created=3),
                                   ["said no earlier and has now replied YES. Nothing was booked; if the slot is "
                                    "still free, offer it to them again by hand."], []),
    # the same second tells no order (rev43f L)
    "No and YES stamped the same second": (Reply("No thanks", 2, 2.2), Reply("Yes please", 2, 3.2),
                                           [CROSSED], ["said no earlier and has now replied YES."]),
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
    elif reply.stamp in ("naive", "behind"):  # "behind": a spa clock two minutes slow
        slow = timedelta(minutes=2 if reply.stamp == "behind" else 0)
        message["receivedAt"] = (said - slow).astimezone(ZoneInfo(location.time_zone)).replace(tzinfo=None).isoformat()
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


async def test_a_no_after_her_booked_yes_on_a_slow_spa_clock_still_asks_the_desk_to_cancel(scene: Scene) -> None:
    """Her YES booked her; her "No", written without an offset by a spa clock two minutes slow, reads a minute before
    it: the times tell no order, so the desk is asked to cancel if she cannot come, never told her YES is her latest
    answer (rev43f M)."""
    await proposed(scene)
    first, _ = await scene.first_offer_sent()
    offered = scene.copilot.now()
    await _send(scene, Reply("Yes please", 1, 1.1), first["client_id"], offered)
    await _send(scene, Reply("No sorry, can't make it", 2, 2.2, "behind"), first["client_id"], offered)
    thread = scene.thread_text()
    assert scene.bookings_for(first["client_id"]), "her YES booked her"
    assert "their YES is their latest answer" not in thread, thread[-600:]
    assert "cancel the booking in Mangomint" in thread, thread[-600:]
