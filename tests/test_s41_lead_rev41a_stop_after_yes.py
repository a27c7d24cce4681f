"""rev41a (review of 6968ab4): her STOP after a YES kept through an outage.

Her YES stands (booked when the spa system answers) unless the reply also says no ("Stop texting me, I can't come
anymore", "No. Stop"): asking in words for no more texts, a STOP with the offer quoted back or a phone's "Sent from
my iPhone" under it, keeps it as a bare STOP does (6968ab4 kept it for a STOP alone only, and the slot moved on). And a YES kept
while her STOP is being handled is never declined by it (6968ab4 had dropped ``expect_yes=False``).
"""

from __future__ import annotations

import pytest

from spa_copilot import fill
from spa_copilot.fill import replies
from tests.fill_scene import Scene, proposed
from tests.test_s40_optout40_yes_kept import _yes_kept_through_an_outage

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")




@pytest.mark.parametrize("body", [
    "Stop texting me", "OPT OUT", "STOP\nSent from my iPhone", "Stop it please", "STOP",
    "STOP\n\n> We have an opening tomorrow at 3pm. Reply YES to book",
    # rev41d L3: plain phrases for it
    "Stop texts", "unsubscribe me", "Please remove me from your list", "Stop sending me these",
    # rev41e L3: stop signs for emphasis, more plain phrases
    "STOP 🚫", "Stop ⛔", "Stop texting this number", "Stop sending these texts", "Remove me from your mailing list",
])
async def test_an_opt_out_and_nothing_else_keeps_her_yes(scene: Scene, monkeypatch: pytest.MonkeyPatch,
                                                          body: str) -> None:
    first, offer = await _yes_kept_through_an_outage(scene, monkeypatch)
    await scene.reply(first["client_id"], body)
    await fill.expire_offers(scene.copilot)
    assert scene.store.fill_offer(offer["id"])["status"] in ("accepting", "booked"), scene.thread_text()[-600:]
    assert scene.store.text_opt_out_at(first["client_id"]) is not None


@pytest.mark.parametrize("body", ["Stop texting me, I can't come anymore", "No. Stop", "stop, not interested"])
async def test_an_opt_out_that_also_says_no_declines_it(scene: Scene, monkeypatch: pytest.MonkeyPatch,
                                                        body: str) -> None:
    first, offer = await _yes_kept_through_an_outage(scene, monkeypatch)
    await scene.reply(first["client_id"], body)
    assert scene.store.fill_offer(offer["id"])["status"] == "declined", scene.thread_text()[-600:]


async def test_a_yes_kept_while_her_stop_is_handled_is_not_declined(scene: Scene,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(scene.copilot.platform, "_max_retries", 0)
    await proposed(scene)
    first, offer = await scene.first_offer_sent()
    real_note = replies._thread_note_once

    async def note_while_her_yes_is_kept(copilot, key, *args, **kwargs):
        if key.startswith("fill-stop-note:"):  # her YES, sent just before, is kept meanwhile (the spa system is down)
            assert scene.store.record_fill_yes(offer["id"], at=scene.clock(), message_id="m-yes", now=scene.clock())
        return await real_note(copilot, key, *args, **kwargs)

    monkeypatch.setattr(replies, "_thread_note_once", note_while_her_yes_is_kept)
    await scene.reply(first["client_id"], "STOP")
    row = scene.store.fill_offer(offer["id"])
    assert row["yes_at"] and row["status"] != "declined", scene.thread_text()[-600:]
