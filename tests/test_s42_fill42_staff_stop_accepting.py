"""s42 fill42: ``/spa texts <id> stop`` while the guest's YES is being booked (her offer "accepting") said only
"Recorded", nothing of the offer: the desk could tell her the slot is gone, or book her by hand, while the copilot
books her. The answer now says her YES is being booked right now, and to check the card before telling her anything."""

from __future__ import annotations

import pytest

from spa_copilot.slack import texts
from tests.fill_scene import Scene, proposed
from tests.test_slack_payloads import shown, slash

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


async def test_a_staff_stop_while_her_yes_is_being_booked_says_so(scene: Scene) -> None:
    await proposed(scene)
    first, offer = await scene.first_offer_sent()
    store, now = scene.store, scene.clock()
    assert store.record_fill_yes(offer["id"], at=now, message_id="m1", now=now)
    assert store.update_fill_offer(offer["id"], at=now, expect_status="sent", status="accepting")  # being booked
    answer = await slash(scene.world, f"texts {first['client_id']} stop")
    said = shown(answer)
    assert answer.response_type == "ephemeral"
    assert "Recorded" in said and texts.TEXTS_YES_BOOKING_TEXT.strip() in said, said[:600]
    assert store.text_opted_out([first["client_id"]]) == {first["client_id"]}
    assert store.fill_offer(offer["id"])["status"] == "accepting"  # her YES is not thrown away by the stop
