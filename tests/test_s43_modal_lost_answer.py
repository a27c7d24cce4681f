"""Edit on a fill card (or a proposal opened from the Home tab) when Slack opens the form but its answer is lost (a
proxy's 502): the manager saw the form open AND "Something went wrong … Nothing was changed; please try again."
(probe43a). Slack may have done it (``is_ambiguous``): the clicker is told to click again only if no form opened. A
clean refusal (``expired_trigger_id``) still says something went wrong (``test_slack_fidelity_triggers``)."""

from __future__ import annotations

import asyncio
import re
from typing import Any

import pytest

from spa_copilot.sandbox.world import SandboxWorld
from spa_copilot.slack import ids, texts
from tests.fill_scene import Scene, proposed
from tests.test_slack_fidelity_triggers import plant_card

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def _is_maybe_opened(text: str) -> bool:
    """The "click again" line, with the error id for IT (it would show at every click of a path always failing)."""
    return re.fullmatch(re.escape(texts.MODAL_MAYBE_OPENED_TEXT).replace(r"\{error_id\}", "[0-9a-f]{8}"), text) is not None


async def test_an_edit_form_opened_whose_answer_was_lost_is_not_called_a_failure(scene: Scene) -> None:
    await proposed(scene)
    world = scene.world
    world.slack.lose_answer_next(1, method="views.open")
    await scene.click(ids.EDIT_FILL)
    await world.slack.wait_for(lambda s: len(s.calls_to("views.open")) == 1, timeout=10)
    assert world.slack.calls_to("views.open")[0].response.get("ok"), "Slack opened the form"
    await world.slack.wait_for(lambda s: bool(s.ephemerals_for(world.manager_id)), timeout=10)
    said = [e.text or "" for e in world.slack.ephemerals_for(world.manager_id)]
    assert len(said) == 1 and _is_maybe_opened(said[0]), said


async def test_a_home_tab_form_opened_whose_answer_was_lost_is_not_called_a_failure(world: SandboxWorld) -> None:
    plant_card(world, "fp_home_lost")
    manager = world.manager_id
    before = len(world.slack.calls_to("views.publish"))
    assert (await world.sender.app_home_opened(manager)).status_code == 200
    await world.slack.wait_for(lambda s: len(s.calls_to("views.publish")) > before, timeout=10)
    home: dict[str, Any] = world.slack.home_views[manager]
    world.slack.lose_answer_next(1, method="views.open")
    assert (await world.sender.click_in_view(home, ids.HOME_OPEN_PROPOSAL, user_id=manager)).status_code == 200
    await world.slack.wait_for(lambda s: bool(s.messages(manager)), timeout=10)
    await asyncio.sleep(0.2)
    said = [m.text for m in world.slack.messages(manager)]
    assert len(said) == 1 and _is_maybe_opened(said[0]), said
