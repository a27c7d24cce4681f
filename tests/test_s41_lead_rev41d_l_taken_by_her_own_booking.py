"""rev41d L2: `/spa texts <her> stop` after a YES kept through an outage, when the desk booked HER at that hour (she
phoned): the answer said "the calendar shows the slot booked since … nothing is booked for them", though the booking
over the slot is her own."""

from __future__ import annotations

from datetime import datetime

import pytest

from spa_copilot import scheduler
from spa_copilot.domain import BookingRequest
from tests.fill_scene import Scene
from tests.test_s40_optout40_yes_kept import _yes_kept_through_an_outage
from tests.test_slack_payloads import shown, slash

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


async def test_her_own_booking_is_not_said_as_the_slot_taken(scene: Scene, monkeypatch: pytest.MonkeyPatch) -> None:
    first, offer = await _yes_kept_through_an_outage(scene, monkeypatch)
    scene.world.spa.book(BookingRequest(
        location_id=scene.target.location_id, client_id=first["client_id"], service_id=first["service_id"],
        staff_id=first["staff_id"], start_at=datetime.fromisoformat(first["start"]),
        resource_ids=first.get("resource_ids") or [], source="frontDesk"))
    await scheduler.poll_calendar(scene.copilot)
    assert scene.store.fill_offer(offer["id"])["status"] == "sent"  # her YES still kept, the card open
    answer = shown(await slash(scene.world, f"texts {first['client_id']} stop"))
    assert "booked since" not in answer and "nothing is booked for them" not in answer, answer
    assert "booked when the spa system answers" in answer, answer
