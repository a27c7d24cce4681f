"""Why a slot can no longer be booked comes back from the re-check as a code to act on and words for people
(``fill.SlotGone``): Approve refuses with its own message when the cancelled appointment is booked again, decided
by the code, never by comparing the words.

Same scene as ``test_fill_flow`` (``tests/fill_scene.py``).
"""

from __future__ import annotations

import pytest

from spa_copilot import fill
from spa_copilot.domain import AppointmentStatus
from tests.fill_scene import Scene, proposed

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


async def test_the_recheck_says_the_booking_is_back_by_its_code(scene: Scene) -> None:
    await proposed(scene)
    row, candidate = scene.proposal, scene.candidate(0)
    assert await fill.recheck._slot_gone(scene.copilot, row, candidate) is None
    spa = scene.world.spa
    target = spa.appointments[scene.target.id]
    spa.put_appointment(target.model_copy(update={"status": AppointmentStatus.confirmed, "cancellation": None,
                                                  "version": target.version + 1}))
    gone = await fill.recheck._slot_gone(scene.copilot, row, candidate)
    assert gone == fill.SlotGone("booking_back", fill.BOOKING_BACK_TEXT)


async def test_the_recheck_gives_another_code_when_the_waitlist_entry_is_gone(scene: Scene) -> None:
    await proposed(scene)
    row, candidate = scene.proposal, scene.candidate(0)
    del scene.world.spa.waitlist[candidate["entry_id"]]
    gone = await fill.recheck._slot_gone(scene.copilot, row, candidate)
    assert gone is not None and gone.code == "entry_gone" and gone.why == "the waitlist entry is gone"


async def test_approve_refuses_by_the_code_whatever_the_words(scene: Scene, monkeypatch: pytest.MonkeyPatch) -> None:
    await proposed(scene)

    async def entry_gone_worded_like_booking_back(*_: object, **__: object) -> fill.SlotGone:
        return fill.SlotGone("entry_gone", fill.BOOKING_BACK_TEXT)

    monkeypatch.setattr(fill.decisions, "_slot_gone", entry_gone_worded_like_booking_back)
    result = await fill.approve_fill(scene.copilot, scene.proposal["id"], scene.proposal["revision"],
                                     user_id=scene.world.manager_id)
    assert not result.ok and result.note != fill.BOOKING_BACK_REFUSAL and "Choose Next candidate" in result.note
