"""Home's Open on a proposal that expired before its text went out (too near the slot: now a call list) showed a modal
titled "Pending approval" with "Draft SMS to Christopher" and a text that will never go out (probe46j)."""

import json
from datetime import datetime, timedelta

from spa_copilot import fill
from spa_copilot.slack.home import proposal_modal_for
from tests.fill_scene import Scene, proposed


async def test_open_on_an_expired_proposal_is_titled_by_its_status_and_says_the_text_was_not_sent(
    scene: Scene,
) -> None:
    s = await proposed(scene)
    start = datetime.fromisoformat(s.proposal["opening"]["start"])
    s.clock.current = start - timedelta(minutes=5)
    await fill.expire_offers(s.copilot)
    assert s.proposal["status"] == "expired"
    modal = (await proposal_modal_for(s.copilot, s.proposal["id"], user_id=s.world.manager_id)).to_dict()
    shown = json.dumps(modal)
    assert modal["title"]["text"] == "Expired", modal
    assert "Draft SMS" not in shown and json.dumps(s.proposal["draft"][:30])[1:-1] not in shown, modal
    assert "was not sent" in shown, modal


async def test_open_on_a_proposal_expired_after_its_text_went_out_shows_the_text_sent(scene: Scene) -> None:
    s = await proposed(scene)
    await s.approve_and_wait()
    s.clock.current = datetime.fromisoformat(s.proposal["opening"]["start"]) + timedelta(minutes=1)
    await fill.expire_offers(s.copilot)
    assert s.proposal["status"] == "expired"
    modal = (await proposal_modal_for(s.copilot, s.proposal["id"], user_id=s.world.manager_id)).to_dict()
    shown = json.dumps(modal)
    assert modal["title"]["text"] == "Expired" and "SMS sent to " in shown and "was not sent" not in shown, modal
    assert json.dumps(s.proposal["draft"][:30])[1:-1] in shown, modal
