"""rev41c H1 (review of cc047e6d): her reply after a YES kept through an outage keeps the YES only when it asks for
no more texts and says nothing else; one that cancels or says no in the same sentence ("Cancel", "STOP cancel",
"Stop texting me I'm not coming", "STOP. I moved away", "STOP⏎Cancel", "STOP ❌") declines it, as every STOP did before (says_a_no_besides kept
them: her booking was made for a guest who said she would not come)."""

from __future__ import annotations

import pytest

from spa_copilot import fill
from tests.fill_scene import Scene
from tests.test_s40_optout40_yes_kept import _yes_kept_through_an_outage

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")




@pytest.mark.parametrize("body", [
    "Cancel",
    "STOP cancel",
    "Stop. Cancel",
    "Cancel my booking and stop texting me",
    "Stop texting me and cancel the appointment",
    "Stop texting me I'm not coming",
    "Stop texting me I cant come anymore",
    "unsubscribe I cant come",
    "STOP no",
    "STOP not interested",
    "STOP. I moved away",
    "Stop texting me. I have to cancel",
    "Cancelar",
    "Take me off your list I'm not coming",
    "Stop texting me I won't be there",
    # rev41d H1: a no on a line of its own was taken for a name signed; M1: a no in a mark
    "STOP\nCancel", "Stop texting me\nCancel", "STOP\nNo", "Stop\nNope", "STOP\nCancelar", "Stop\nNevermind",
    "STOP ❌", "Stop 👎",
    # rev41e H1: a no after a dash or a "--" line was set aside as a signature
    "STOP\n- Cancel", "STOP\n- No", "STOP\n~Cancel", "Stop\n— Not Coming", "STOP\n- Cant Come",
    "Remove me from your list\n- Cancel", "STOP\n--\nCancel",
])
async def test_a_stop_that_cancels_or_says_no_does_not_keep_her_yes(scene: Scene, monkeypatch: pytest.MonkeyPatch,
                                                                     body: str) -> None:
    first, offer = await _yes_kept_through_an_outage(scene, monkeypatch)
    await scene.reply(first["client_id"], body)
    await fill.expire_offers(scene.copilot)
    assert scene.store.text_opt_out_at(first["client_id"]) is not None
    assert scene.store.fill_offer(offer["id"])["status"] not in ("accepting", "booked"), scene.thread_text()[-600:]
