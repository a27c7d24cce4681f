"""Home's Open on a proposal approved whose text has not gone out yet (approved at night, to go out at 8:00am; or
its send being retried) said "The text to Christopher was not sent." under the title "Approved": read as a failure,
the desk might phone or re-offer while the text still goes out (rev47a)."""

import json
from datetime import timedelta

import pytest

from spa_copilot.slack.home import proposal_modal_for
from tests.conftest import FakeClock
from tests.fill_scene import Scene
from tests.texting_hours import NIGHT, approved_at_night, approved_while_sends_fail


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(NIGHT)


async def _shown(scene: Scene) -> tuple[dict, str]:
    modal = (await proposal_modal_for(scene.copilot, scene.proposal["id"], user_id=scene.world.manager_id)).to_dict()
    return modal, json.dumps(modal, ensure_ascii=False)


async def test_open_on_a_text_waiting_for_texting_hours_says_it_waits_to_go_out(scene: Scene) -> None:
    row = await approved_at_night(scene)
    modal, shown = await _shown(scene)
    assert modal["title"]["text"] == "Approved", modal
    assert "was not sent" not in shown, shown
    assert "waiting to go out" in shown and json.dumps(row["draft"][:30])[1:-1] in shown, shown
    assert "goes out at" not in shown, shown  # no time, which a failed send at 8:00am would leave stale (rev47h)


async def test_open_on_a_text_whose_send_is_retried_says_it_waits_to_go_out(scene: Scene) -> None:
    await approved_while_sends_fail(scene, scene.target.start_at - timedelta(minutes=40))
    assert scene.proposal["status"] == "approved" and scene.sent() == []
    modal, shown = await _shown(scene)
    assert modal["title"]["text"] == "Approved", modal
    assert "was not sent" not in shown and "waiting to go out" in shown, shown
    assert "goes out at" not in shown, shown
