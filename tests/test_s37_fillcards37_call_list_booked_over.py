"""A list-to-call card whose hour the desk then books by hand in the spa system: the next calendar poll closes it,
saying why (the appointment, never the guest booked), as it closes a card still waiting for a manager; before, it kept
asking the desk to call guests about a booked hour (rev36d, "also seen")."""
from __future__ import annotations

import json

from spa_copilot import scheduler
from spa_copilot.fill.call_list import _is_call_list
from tests.fill_scene import Scene, proposed
from tests.test_s29_fill_yes_to_unsent_text import _book_by_hand


def _context_lines(scene: Scene) -> list[str]:
    return [e["text"] for b in scene.card.blocks if b["type"] == "context" for e in b["elements"]]


async def test_a_poll_closes_a_list_to_call_booked_by_hand(scene: Scene) -> None:
    await proposed(scene)
    first, _offer, _expires = await scene.first_hold_given_up(minutes_before_slot=16)
    assert _is_call_list(scene.proposal)
    appointment_id = _book_by_hand(scene, first)
    scene.clock.advance(seconds=60)
    await scheduler.poll_calendar(scene.copilot)
    row = scene.proposal
    assert not _is_call_list(row)
    assert row["reason"] == f"the slot was booked in Mangomint since this card was drawn (appointment {appointment_id})"
    assert _context_lines(scene)[0] == (
        f":lock: Closed at 10:55am Juniper &amp; Salt SoHo time: the slot was booked in Mangomint since this card was drawn (appointment {appointment_id})"
    )
    text = scene.card_text()
    assert "call a guest on the list" not in text
    walk_in = scene.world.spa.appointments[appointment_id].client_id
    assert walk_in not in json.dumps(scene.card.blocks)
    assert scene.world.spa.clients[walk_in].first_name not in text

