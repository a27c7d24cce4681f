"""rev41h D: 11 minutes before (NO 90 s later) the slot the first guest answers NO; every later guest opted out of texts since the card
was drawn. HEAD turns the card into a list to call and the thread says '... call a guest on the list to offer it',
but the list has nobody on it (she said no; the rest opted out: CALL_STOPPED is not to call): the card reads 'nobody
left to call'. HEAD^ (48c592c9) closed it 'no candidates left' (accurate). b19da9bc said the same 'call a guest' line."""
from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from spa_copilot.fill import call_list
from tests.fill_scene import Scene, proposed

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


async def test_no_then_only_opted_out_left_too_soon_does_not_say_call_a_guest(scene: Scene) -> None:
    await proposed(scene)
    for later in scene.proposal["candidates"][1:]:
        scene.store.record_text_opt_out(later["client_id"], at=scene.clock.current)
    start = datetime.fromisoformat(scene.proposal["opening"]["start"])
    scene.clock.current = start - timedelta(minutes=11)
    first, _offer = await scene.first_offer_sent()
    scene.clock.advance(seconds=90)
    await scene.reply(first["client_id"], "No thanks")
    row = scene.proposal
    drawn = call_list._call_list(scene.copilot, row)
    print("REASON", row["reason"], "| DRAWN", drawn["reason"], [c["client_id"] for c in drawn["candidates"]])
    print("THREAD", scene.thread_text()[-400:])
    assert row["status"] == "expired"
    assert "call a guest on the list" not in scene.thread_text(), scene.thread_text()[-400:]
