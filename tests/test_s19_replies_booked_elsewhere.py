"""A guest booked from one fill card is marked on the other live cards that list them at an overlapping time, and
Next candidate skips them (no Next candidate button when nobody is left). Manager/guest review, 4 December 2026: the
11:00 Swedish and the 11:30 Teen Facial cancelled with the same three guests waiting; Christopher said YES on the first
card, and the second still listed him as an ordinary candidate, its Next candidate answering "There is no other
candidate for this opening." Approve's re-check stays the guard: never a second booking."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest

from spa_copilot.domain import WaitlistStatus
from spa_copilot.slack import ids
from tests.conftest import NOW
from tests.fill_scene import Scene, eventually, quiet_clients

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def _overlapping(scene: Scene):
    """Another appointment at the target's location starting while the target runs (one service, one therapist)."""
    a = scene.target
    services = {s.id: s for s in scene.world.data.services}
    found = [b for b in scene.world.spa.appointments.values()
             if b.id != a.id and b.location_id == a.location_id and b.is_active and a.start_at <= b.start_at < a.end_at
             and len(b.services) == 1 and services[b.services[0].service_id].staff_count == 1
             and services[b.services[0].service_id].room_types]
    assert found, "the scene has no appointment overlapping the target"
    return min(found, key=lambda b: (b.start_at, b.id))


def _plant(scene: Scene, appointments, clients) -> None:
    spa = scene.world.spa
    for entry_id, entry in list(spa.waitlist.items()):
        spa.waitlist[entry_id] = entry.model_copy(update={"status": WaitlistStatus.cancelled})
    day = scene.target.start_at.astimezone(scene.world.data.locations[0].tz).date()
    for appointment in appointments:
        for days_waited, client_id in zip((20, 12, 5), clients, strict=True):
            entry = spa.create_waitlist_entry(
                {"locationId": appointment.location_id, "clientId": client_id,
                 "serviceIds": [appointment.services[0].service_id], "dateFrom": day.isoformat(),
                 "dateTo": day.isoformat()})
            spa.waitlist[entry.id] = entry.model_copy(update={"created_at": NOW - timedelta(days=days_waited)})


class _Two:
    def __init__(self, scene: Scene) -> None:
        self.scene, self.a, self.b = scene, scene.target, _overlapping(scene)

    def row(self, appointment) -> dict:
        return self.scene.store.fill_proposal_for(appointment.id)

    def card(self, appointment):
        row = self.row(appointment)
        return self.scene.world.slack.message(row["channel"], row["ts"])

    def buttons(self, appointment) -> list[str]:
        return [e.get("action_id") for b in self.card(appointment).blocks if b.get("type") == "actions"
                for e in b["elements"]]

    def line_of(self, appointment, client_id: str) -> str:
        row = self.row(appointment)
        name = next(c for c in row["candidates"] if c["client_id"] == client_id)["first_name"]
        text = "\n".join(b.get("text", {}).get("text", "") for b in self.card(appointment).blocks if b.get("text"))
        return next(line for line in text.splitlines() if f"{name} —" in line or f"{name}* —" in line)

    async def click(self, appointment, action_id: str) -> None:
        await self.scene.click(action_id, message=self.card(appointment))
        await asyncio.sleep(0.1)


async def _two_cards(scene: Scene) -> tuple[_Two, list[str]]:
    two = _Two(scene)
    clients = quiet_clients(scene.world, 3)
    _plant(scene, [two.a, two.b], clients)
    for appointment in (two.a, two.b):
        response = await scene.world.admin("POST", f"/sandbox/appointments/{appointment.id}/cancel",
                                           json={"reason": "sick"})
        assert response.status_code == 200
    await eventually(lambda: two.row(two.a) is not None and two.row(two.b) is not None
                     and two.row(two.a).get("ts") and two.row(two.b).get("ts"))
    assert two.row(two.a)["candidates"][0]["client_id"] == clients[0]
    assert two.row(two.b)["candidates"][-1]["client_id"] == clients[0]  # one offer at a time: last on the second card
    return two, clients


async def _first_books(two: _Two, guest: str) -> None:
    scene = two.scene
    await two.click(two.a, ids.APPROVE_FILL)
    await eventually(lambda: two.row(two.a)["status"] == "sent")
    await scene.reply(guest, "YES")
    await eventually(lambda: two.row(two.a)["status"] == "booked")
    await asyncio.sleep(0.1)


@pytest.mark.parametrize("cap", [1, 5])
async def test_the_other_card_marks_the_booked_guest_and_next_skips_them(scene: Scene, cap: int) -> None:
    scene.copilot.settings.offer_daily_cap = cap  # 5: the booking, not the daily cap, is what rules them out
    two, (christopher, _, hazel) = await _two_cards(scene)
    await _first_books(two, christopher)
    line = two.line_of(two.b, christopher)
    assert "booked " in line and " today from another card" in line and "one offer at a time" not in line
    assert ids.NEXT_CANDIDATE in two.buttons(two.b)  # Hazel is still next
    await two.click(two.b, ids.NEXT_CANDIDATE)
    await eventually(lambda: two.row(two.b)["current_index"] == 1)
    assert two.row(two.b)["candidates"][1]["client_id"] == hazel
    assert ids.NEXT_CANDIDATE not in two.buttons(two.b)  # only Christopher is left, and he is booked
    assert ids.APPROVE_FILL in two.buttons(two.b)


async def test_approve_for_a_guest_booked_elsewhere_sends_and_books_nothing(scene: Scene) -> None:
    scene.copilot.settings.offer_daily_cap = 5  # not the cap: Approve's re-check of the guest's bookings refuses
    two, (christopher, _, _) = await _two_cards(scene)
    for index in (1, 2):  # the second card moves on to Christopher before the first card's YES
        await two.click(two.b, ids.NEXT_CANDIDATE)
        await eventually(lambda index=index: two.row(two.b)["current_index"] == index)
    assert two.row(two.b)["candidates"][2]["client_id"] == christopher
    await _first_books(two, christopher)
    assert "today from another card" in two.line_of(two.b, christopher)
    texts_before = [m for m in scene.sent() if m["clientId"] == christopher]
    await two.click(two.b, ids.APPROVE_FILL)
    await asyncio.sleep(0.5)
    assert [m for m in scene.sent() if m["clientId"] == christopher] == texts_before
    assert len(scene.bookings_for(christopher)) == 1
    assert two.row(two.b)["status"] != "sent"
    assert "already booked at that time" in scene.world.slack.ephemerals[-1].text  # the re-check said why
