"""A text approved at night that waits for texting hours is re-checked when texting opens as Approve re-checks it
(``recheck._slot_gone``): a caution added to the guest's record meanwhile that rules out the service offered means
nothing is sent to her, and the slot, still open, moves on to the next guest (as when she is taken off the
waitlist), the thread naming the service, never her condition. The scene: ``tests/fill_scene.py`` at 4:15am in
SoHo (``tests/texting_hours.py``).
"""

from __future__ import annotations

import pytest

from spa_copilot import fill
from tests.conftest import FakeClock
from tests.fill_scene import Scene
from tests.test_fill_s18_fixes import _approve, _aromatherapy_guest_up
from tests.texting_hours import NIGHT, OPENS

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(NIGHT)


async def test_a_caution_added_before_texting_opens_sends_nothing_and_moves_on(scene: Scene) -> None:
    guest = await _aromatherapy_guest_up(scene)
    index = scene.proposal["current_index"]
    assert (await _approve(scene)).ok and scene.proposal["status"] == "approved" and scene.sent() == []
    spa = scene.world.spa
    spa.clients[guest] = spa.clients[guest].model_copy(update={"notes": "34 weeks pregnant, prenatal only"})
    scene.clock.current = OPENS
    await fill.redrive_outbox(scene.copilot)
    await fill.expire_offers(scene.copilot)
    assert [m for m in spa.outbox if m.message.client_id == guest] == []
    row, thread = scene.proposal, scene.thread_text()
    assert row["status"] != "failed"  # not closed as a slot gone: it stays open to the others
    if index + 1 < len(row["candidates"]):
        assert row["status"] == "pending" and row["current_index"] == index + 1  # the next guest is up
    else:  # she was the card's last guest (the scene's ranking at night): nobody left to move on to
        assert row["status"] == "expired" and "The proposal is closed: no candidates left" in thread
    assert "when texting opened: their cautions now rule out Aromatherapy Massage 60" in thread
    assert "pregnan" not in thread.lower() and "pregnan" not in scene.card_text().lower()

