"""A guest who said YES and then writes "no" reaches the front desk: a note in the card's thread quotes them (the
booking is not touched: a person cancels it, and the opening is offered again).

Same scene as ``test_fill_flow`` (``tests/fill_scene.py``).
"""

from __future__ import annotations

import asyncio

import pytest

from tests.fill_scene import Scene, eventually, proposed

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


async def test_a_booked_guests_no_is_quoted_in_the_thread_and_the_booking_stands(scene: Scene) -> None:
    await proposed(scene)
    first = scene.candidate(0)
    await scene.approve_and_wait()
    await scene.reply(first["client_id"], "YES")
    await eventually(lambda: scene.proposal["status"] == "booked")
    await scene.reply(first["client_id"], "No sorry, can't make it after all")
    await eventually(lambda: "can't make it after all" in scene.thread_text())
    await asyncio.sleep(0.1)
    thread = scene.thread_text()
    assert thread.count("can't make it after all") == 1
    assert f"{first['first_name']} replied YES and was booked" in thread and "cancel the booking" in thread
    assert len(scene.bookings_for(first["client_id"])) == 1 and scene.proposal["status"] == "booked"
