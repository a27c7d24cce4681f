"""rev41b L4: the desk swaps her booking X for Y, told as two events, after X's "booked" was set aside: the line
says the copilot marks her entry booked again "if the spa system shows it waiting or offered; otherwise it stays",
but that "booked" went out on its first try with no read, writing over a desk's removal made meanwhile. It is now
read first (``waitlist_writes.READ_FIRST``), and left alone when her entry shows neither."""

from __future__ import annotations

import pytest

from spa_copilot import fill
from spa_copilot.domain import WaitlistStatus
from spa_copilot.fill.late_reply import _ENTRY_MARKED_AGAIN
from spa_copilot.fill.waitlist_writes import READ_FIRST
from tests.fill_scene import Scene
from tests.test_s39_fill39_entry_booked_by_poll import _booked_by_the_desk
from tests.test_s41_fill41_two_event_swap import _cancelled_by_the_desk, _held_booked_set_aside, _lines, _webhook


@pytest.mark.parametrize(
    ("desk_set", "ends"),
    [(WaitlistStatus.cancelled, WaitlistStatus.cancelled), (None, WaitlistStatus.booked)],
    ids=["removed", "left-waiting"],
)
async def test_booked_again_is_read_first(
    scene: Scene, monkeypatch: pytest.MonkeyPatch, desk_set: WaitlistStatus | None, ends: WaitlistStatus
) -> None:
    first, offer, mine, down = await _held_booked_set_aside(scene, monkeypatch)
    await _webhook(scene, "cancelled", _cancelled_by_the_desk(scene, mine.id))  # X cancelled: "back to waiting"
    down["on"] = False
    scene.clock.advance(seconds=600)
    await fill.redrive_outbox(scene.copilot)
    entry = first["entry_id"]
    assert scene.world.spa.waitlist[entry].status == WaitlistStatus.waiting
    if desk_set is not None:
        scene.world.spa.waitlist[entry].status = desk_set  # the desk takes her off the list
    other = _booked_by_the_desk(scene, first)  # then books her Y over the hour
    await _webhook(scene, "created", other)
    assert any(line.endswith(_ENTRY_MARKED_AGAIN) for line in _lines(scene))
    write = scene.store.outbox_item(f"fill:{offer['id']}:booked:{other.id}")
    assert write.payload[READ_FIRST] is True and sorted(write.payload["from"]) == ["offered", "waiting"]
    assert scene.world.spa.waitlist[entry].status == ends  # the line's "otherwise it stays" holds
