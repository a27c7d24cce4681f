"""walk41: a waitlisted guest who opts out of texts after the card was drawn (her STOP to another text, before any
offer to her) was made the card's next candidate when the guest before her said NO: a draft and an Approve that
could only refuse ("opted out … nothing was sent"), the card then closing with "no candidates left". The card skips
her, as the ranking would have left her out."""

from __future__ import annotations

import pytest

from spa_copilot.fill._common import fill_offer_id
from tests.fill_scene import Scene, eventually, proposed

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


async def test_an_opted_out_next_candidate_is_skipped_when_the_card_moves_on(scene: Scene) -> None:
    await proposed(scene)
    first, second = scene.candidate(0), scene.candidate(1)
    assert len(scene.proposal["candidates"]) > 2  # someone after her to move on to
    await scene.approve_and_wait()
    await scene.reply(second["client_id"], "STOP")  # her own opt-out, before any offer to her
    await eventually(lambda: scene.store.text_opted_out([second["client_id"]]) == {second["client_id"]})
    await scene.reply(first["client_id"], "No thanks")
    await eventually(lambda: "said no" in scene.thread_text())
    assert scene.proposal["current_index"] == 2, scene.thread_text()[-500:]
    assert scene.store.fill_offer(fill_offer_id(scene.proposal["id"], 1)) is None  # nothing offered to her
