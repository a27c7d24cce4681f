"""A YES that reaches the copilot after a calendar poll closed its card for the desk's booking of her: her appointments
are read once (the hour and the four hours before it), not once for a booking running at the slot's start and again
for the booking the card closed for; the answer is the same ("already booked", no reply card)."""
from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from spa_copilot.domain import WaitlistStatus
from tests.fill_scene import Scene, proposed
from tests.test_s38_fillcards38b_yes_after_booked_over import _book_another_service, _polled, _yes


async def test_her_yes_after_the_card_closed_for_her_booking_reads_her_appointments_once(
    scene: Scene, monkeypatch: pytest.MonkeyPatch
) -> None:
    await proposed(scene)
    first, offer, expires = await scene.first_hold_given_up(minutes_before_slot=16)
    mine = _book_another_service(scene, first)  # at the slot's start: hers, though not what she waited for
    await _polled(scene)
    platform, reads = scene.copilot.platform, []
    real = platform.list_appointments

    async def counted(*args: Any, **kwargs: Any) -> Any:
        if kwargs.get("client_id") == first["client_id"]:
            reads.append(kwargs)
        return await real(*args, **kwargs)

    monkeypatch.setattr(platform, "list_appointments", counted)
    await _yes(scene, first, expires - timedelta(seconds=40))  # within her hold
    assert len(reads) == 1, reads
    assert scene.store.fill_offer(offer["id"])["booked_appointment_id"] == mine
    assert scene.store.fill_proposal_for(f"reply:{offer['id']}") is None
    assert scene.world.spa.waitlist[first["entry_id"]].status == WaitlistStatus.booked
