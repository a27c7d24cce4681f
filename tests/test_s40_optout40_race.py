"""rev40e M2 (rev40g): her reply lands between a staff stop's read of her offer and its decline: a YES taken meanwhile
is never told "taken as a no", and the card moves on at most once."""
from __future__ import annotations

import pytest

from spa_copilot.fill import replies
from tests.fill_scene import Scene, eventually, proposed
from tests.test_slack_payloads import shown, slash

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


# (a YES kept through an outage: test_s40_optout40_yes_kept)
@pytest.mark.parametrize("body,down", [("YES", False), ("STOP", False), ("No thanks", False)])
async def test_her_reply_during_a_staff_stop(scene: Scene, monkeypatch: pytest.MonkeyPatch, body: str, down: bool) -> None:
    if down:
        monkeypatch.setattr(scene.copilot.platform, "_max_retries", 0)
    await proposed(scene)
    first, offer = await scene.first_offer_sent()
    real = replies.drop_held_text_after_opt_out

    fired = []

    async def racing(copilot, off):
        if fired:
            return await real(copilot, off)
        fired.append(1)
        if down:
            scene.world.spa.faults.fail_next(10_000, status=503)
        await scene.reply(first["client_id"], body)
        if not down:  # (with the spa system down her YES is kept on the offer, "sent")
            await eventually(lambda: scene.store.fill_offer(offer["id"])["status"] != "sent"
                             or scene.store.fill_offer(offer["id"]).get("yes_at"))
        if down:
            scene.world.spa.faults.clear_scripted()
        return await real(copilot, off)

    monkeypatch.setattr(replies, "drop_held_text_after_opt_out", racing)
    answer = shown(await slash(scene.world, f"texts {first['client_id']} stop"))
    row = scene.store.fill_offer(offer["id"])
    if body == "YES":
        assert "taken as a no" not in scene.thread_text() + answer
        assert row["status"] in ("accepting", "booked", "sent")
    assert scene.thread_text().count("Moving on from") <= 1
