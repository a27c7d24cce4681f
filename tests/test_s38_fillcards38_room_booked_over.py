"""The desk books a walk-in with ANOTHER therapist in the room a fill card offers, at the hour offered. When that room
is the only one the service may use, the slot is gone: the next calendar poll closes the card (a list to call, or one
still waiting for a manager), saying so and naming only the appointment. Before, only the therapist offered counted
(rev37d L4): the list kept asking the desk to call guests about an hour no room was left for. While another room of
an allowed type exists the card stays: its re-check may put the guest there."""
from __future__ import annotations

from datetime import datetime

from spa_copilot import scheduler
from spa_copilot.domain import BookingRequest
from spa_copilot.fill.call_list import _is_call_list
from tests.fill_scene import Scene, proposed

ELENA = "st_elena_ivanova"
ROOM = "rs_soho_massage_3"


async def _only_massage_room(scene: Scene) -> None:
    """SoHo's other massage rooms (and its couples suite) become rooms of another type: Massage Room 3 is the only
    room a massage may use."""
    resources = scene.world.spa.resources
    for rid, r in list(resources.items()):
        if r.location_id == "loc_soho" and rid != ROOM and r.room_type in ("massageRoom", "couplesSuite"):
            resources[rid] = r.model_copy(update={"room_type": "storage"})
    await scene.copilot.catalog(refresh=True)


def _walk_in_with_elena_in_the_room(scene: Scene) -> str:
    offered = scene.candidate(0)
    assert offered["staff_id"] != ELENA and offered["resource_ids"] == [ROOM]
    walk_in = next(c for c in sorted(scene.world.spa.clients)
                   if c not in {x["client_id"] for x in scene.proposal["candidates"]})
    return scene.world.spa.book(BookingRequest(
        location_id=scene.target.location_id, client_id=walk_in, service_id=offered["service_id"], staff_id=ELENA,
        start_at=datetime.fromisoformat(offered["start"]), resource_ids=[ROOM], source="frontDesk")).id


def _footer(scene: Scene) -> str:
    return next(e["text"] for b in scene.card.blocks if b["type"] == "context" for e in b["elements"])


async def test_a_list_to_call_closes_when_its_only_room_is_booked_with_another_therapist(scene: Scene) -> None:
    await proposed(scene)
    await scene.first_hold_given_up(minutes_before_slot=16)
    assert _is_call_list(scene.proposal)
    await _only_massage_room(scene)
    appointment_id = _walk_in_with_elena_in_the_room(scene)
    scene.clock.advance(seconds=60)
    await scheduler.poll_calendar(scene.copilot)
    assert not _is_call_list(scene.proposal)
    assert _footer(scene) == (
        ":lock: Closed at 10:55am Juniper &amp; Salt SoHo time: the slot was booked in Mangomint since this card was "
        f"drawn (appointment {appointment_id})")


async def test_a_card_waiting_for_a_manager_closes_when_its_only_room_is_booked(scene: Scene) -> None:
    await proposed(scene)
    assert scene.proposal["status"] == "pending"
    await _only_massage_room(scene)
    appointment_id = _walk_in_with_elena_in_the_room(scene)
    scene.clock.advance(seconds=60)
    await scheduler.poll_calendar(scene.copilot)
    assert scene.proposal["status"] == "expired"
    assert _footer(scene) == (
        ":lock: Closed at 9:01am Juniper &amp; Salt SoHo time: the slot was booked in Mangomint since this card was "
        f"drawn (appointment {appointment_id})")

