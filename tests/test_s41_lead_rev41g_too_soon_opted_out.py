"""rev41g: the first guest's hold runs out 5 minutes before the slot (too soon for another text); every later guest
opted out of texts since the card was drawn (staff's /spa texts ... stop). At b19da9bc (and before fec14382) the card
became a list to call, naming the first guest ('did not answer the text') for the desk to phone. Now it closes
'no candidates left': nobody is told to phone her, though the slot could still be sold by a call. (Mended: this test pins the session-start behaviour.)"""
from __future__ import annotations

import pytest

from tests.fill_scene import Scene, proposed

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


async def test_too_soon_with_only_opted_out_guests_left_still_lists_the_unanswered_guest(scene: Scene) -> None:
    await proposed(scene)
    candidates = scene.proposal["candidates"]
    assert len(candidates) >= 2
    for later in candidates[1:]:
        scene.store.record_text_opt_out(later["client_id"], at=scene.clock.current)
    first, _offer, _ = await scene.first_hold_given_up(minutes_before_slot=15)
    row = scene.proposal
    assert row["status"] == "expired"
    assert row["reason"].startswith("the slot starts too soon for a text"), (row["reason"], scene.thread_text()[-400:])
