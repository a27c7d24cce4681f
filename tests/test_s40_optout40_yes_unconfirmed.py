"""rev40g H1, rev40i H1: a staff ``/spa texts <id> stop`` after her YES was kept on an offer whose text the spa system
never confirmed sending. Re-sending it to confirm (5d79d51) could send an opted-out guest an offer she never had (her
"Yes" answered the spa's own reminder); so it is not re-sent, and the staff answer tells the desk to book her by hand
if she wants the slot (before, her YES was lost silently)."""
from __future__ import annotations

import pytest

from tests.fill_scene import Scene
from tests.test_s22_yes_send_unconfirmed import _recover, _yes_kept
from tests.test_slack_payloads import shown, slash

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


@pytest.mark.parametrize("reaches", [True, False])
async def test_a_staff_stop_after_a_yes_to_an_unconfirmed_text_sends_nothing_and_says_book_by_hand(
    scene: Scene, monkeypatch: pytest.MonkeyPatch, reaches: bool
) -> None:
    first, state = await _yes_kept(scene, monkeypatch, reaches=reaches)
    offer = scene.store.latest_fill_offer(first["client_id"])
    assert offer["status"] == "approved" and offer["yes_at"], offer
    before = [m for m in scene.world.spa.outbox if m.message.client_id == first["client_id"]]
    answer = shown(await slash(scene.world, f"texts {first['client_id']} stop"))
    assert "book it by hand in Mangomint" in answer, answer[:400]
    await _recover(scene, scene.copilot, state)
    after = [m for m in scene.world.spa.outbox if m.message.client_id == first["client_id"]]
    assert len(after) == len(before)  # nothing more reaches an opted-out guest
    # and the card's thread says her YES is for a person to book (rev40j M1: it vanished, "nothing was sent")
    from spa_copilot.fill._common import OPTED_OUT_AFTER_YES_TEXT
    assert OPTED_OUT_AFTER_YES_TEXT.format(first_name=first["first_name"]) in scene.thread_text()
