"""Her YES re-checked and found the slot free, the booking itself then refused (409: taken meanwhile). The card says it
closed then, when her booking was refused, not "Expired by @approver at <approval time>: the slot was taken before
Christopher's YES" (rev37d L2: neither the approver nor "before her YES" was true). On a list to call her in-time YES
took back, the thread also says to call the list as before, as the re-check's own "slot taken" line does."""
from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from spa_copilot import fill
from spa_copilot.platform.errors import PlatformConflict
from tests.fill_scene import Scene, proposed, sms_reply

TAKEN = "the slot was taken in the spa system before the booking could be made"


def _refuse_bookings(scene: Scene, monkeypatch: pytest.MonkeyPatch) -> None:
    async def conflict(*a: Any, **k: Any) -> Any:
        raise PlatformConflict("POST /v1/appointments: HTTP 409 slot taken", status=409)
    monkeypatch.setattr(scene.copilot.platform, "book_appointment", conflict)


def _footer(scene: Scene) -> str:
    return next(e["text"] for b in scene.card.blocks if b["type"] == "context" for e in b["elements"])


def _thread(scene: Scene) -> list[str]:
    row = scene.proposal
    return [m.text for m in scene.world.slack.thread(row["channel"], row["ts"])]


async def test_a_refused_booking_closes_the_card_now(scene: Scene, monkeypatch: pytest.MonkeyPatch) -> None:
    await proposed(scene)
    first, _offer = await scene.first_offer_sent()
    _refuse_bookings(scene, monkeypatch)
    scene.clock.advance(minutes=3)
    await fill.on_message_received(scene.copilot, sms_reply(first["client_id"], "YES", scene.clock.current, "m"))
    await fill.redrive_outbox(scene.copilot)
    approver = scene.proposal["decided_by"]
    assert _footer(scene) == (
        f":lock: Closed at 9:03am Juniper &amp; Salt SoHo time when {first['first_name']}'s booking was refused: "
        f"{TAKEN}. Text approved by <@{approver}>.")
    assert f":warning: Could not book {first['first_name']}: {TAKEN}." in _thread(scene)


async def test_a_refused_booking_on_a_reclaimed_list_says_to_call_the_list(
    scene: Scene, monkeypatch: pytest.MonkeyPatch
) -> None:
    await proposed(scene)
    first, _offer, expires = await scene.first_hold_given_up(minutes_before_slot=16)
    _refuse_bookings(scene, monkeypatch)
    await fill.on_message_received(
        scene.copilot, sms_reply(first["client_id"], "YES", expires - timedelta(seconds=40), "m"))
    await fill.redrive_outbox(scene.copilot)
    assert _thread(scene)[-2] == (
        f":warning: Could not book {first['first_name']}: {TAKEN}. Nothing was booked for them: if Mangomint still "
        "shows the hour open, call the list as before.")
    assert _thread(scene)[-1] == f"Reply to {first['first_name']}'s YES (slot taken)"
