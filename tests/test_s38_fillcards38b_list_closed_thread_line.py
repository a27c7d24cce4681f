"""A list to call a calendar poll closes because its hour was booked in Mangomint says so in its thread too, once,
naming the appointment, never the guest (rev38b L2). Before, only the card changed: the thread's last word was still
"call a guest on the list to offer it"."""
from __future__ import annotations

from spa_copilot import scheduler
from spa_copilot.fill.call_list import _is_call_list
from tests.fill_scene import Scene, proposed
from tests.test_s29_fill_yes_to_unsent_text import _book_by_hand


def _thread(scene: Scene) -> list[str]:
    row = scene.proposal
    return [m.text for m in scene.world.slack.thread(row["channel"], row["ts"])]


async def test_a_list_closed_for_a_booking_tells_its_thread_once(scene: Scene) -> None:
    await proposed(scene)
    first, _offer, _expires = await scene.first_hold_given_up(minutes_before_slot=16)
    assert _is_call_list(scene.proposal)
    assert _thread(scene)[-1].endswith("call a guest on the list to offer it.")
    walk_in = _book_by_hand(scene, first)
    for _ in range(2):  # a second poll says nothing more
        scene.clock.advance(seconds=60)
        await scheduler.poll_calendar(scene.copilot)
    thread = _thread(scene)
    assert thread[1:] == [
        f":lock: Closed: the hour was booked in Mangomint (appointment {walk_in}); no more calls needed."]
    walk_in_name = scene.world.spa.clients[scene.world.spa.appointments[walk_in].client_id].first_name
    assert walk_in_name not in thread[-1]
