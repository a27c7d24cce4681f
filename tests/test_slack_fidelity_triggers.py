"""A ``trigger_id`` opens a modal only within 3 seconds (docs.slack.dev, opening modals: "Pass a valid trigger_id
within 3 seconds of receiving it"; views.open answers ``expired_trigger_id`` after). The stand-in took a trigger at
any age, so a click whose work ran past those seconds (a users.info waited out behind a 429, a slow store) opened
its modal in tests and left the person with nothing in Slack; the listeners only logged it.
"""

from __future__ import annotations

import time
from typing import Any

import pytest

from spa_copilot import fill
from spa_copilot.sandbox.slack_api import (
    EphemeralMessage,
    PostedMessage,
    SlackApiFailure,
    _views_open,
    create_slack_api,
)
from spa_copilot.sandbox.world import SandboxWorld
from spa_copilot.slack import ids, texts
from tests.conftest import NOW

DRAFT = "Hi Ava, a 3:00pm Swedish 60 just opened today. Reply YES to claim it."
ERROR_START = texts.ERROR_TEXT.split("(")[0].strip()  # "Something went wrong"


def test_views_open_refuses_a_trigger_older_than_three_seconds() -> None:
    now = [1732456789.0]
    slack = create_slack_api(bot_token="xoxb-t", clock=lambda: now[0]).state.slack
    view = {"type": "modal", "title": {"type": "plain_text", "text": "Hi"}, "blocks": []}

    fresh = slack.new_trigger_id("U0MANAGER1")
    now[0] += 2.9
    assert _views_open(slack, {"trigger_id": fresh, "view": dict(view)})["view"]["user"] == "U0MANAGER1"
    late = slack.new_trigger_id("U0MANAGER1")
    now[0] += 3.5
    with pytest.raises(SlackApiFailure) as refused:
        _views_open(slack, {"trigger_id": late, "view": dict(view)})
    assert refused.value.error == "expired_trigger_id"


def plant_card(world: SandboxWorld, proposal_id: str = "fp_late1") -> PostedMessage:
    """A pending fill proposal with its real card (Approve, Edit, Reject) in the front-desk channel."""
    store = world.copilot.store
    assert store.create_fill_proposal(
        proposal_id, appointment_id=f"ap_{proposal_id}", location_id=world.data.locations[0].id, status="pending",
        opening={"summary": "Swedish 60 at 3:00pm on Tue 24 Nov", "appointment_id": f"ap_{proposal_id}",
                 "start": "2026-11-24T20:00:00+00:00", "end": "2026-11-24T21:00:00+00:00",
                 "service_name": "Swedish 60", "time_zone": "America/New_York"},
        candidates=[{"client_id": "cl_0001", "first_name": "Ava", "entry_id": None, "reasons": ["waited 20 days"]}],
        at=NOW, draft=DRAFT,
    )
    row = store.fill_proposal(proposal_id)
    assert row is not None
    card = fill.proposal_message(row)
    posted = world.slack.post_message("front-desk", card.text, card.blocks_as_dicts())
    assert store.update_fill_proposal(proposal_id, at=NOW, channel=posted.channel, ts=posted.ts)
    return posted


def late_after_the_next_trigger(world: SandboxWorld, monkeypatch: pytest.MonkeyPatch) -> None:
    """Slack's clock moves on by ten seconds once the next trigger is handed out: it is too old when used."""
    mint = world.slack.new_trigger_id

    def mint_then_wait(user_id: str) -> str:
        trigger = mint(user_id)
        world.slack.clock = lambda: time.time() + 10
        return trigger

    monkeypatch.setattr(world.slack, "new_trigger_id", mint_then_wait)


@pytest.mark.parametrize("action_id", [ids.EDIT_FILL, ids.REJECT_FILL])
async def test_a_fill_modal_slack_will_not_open_any_more_gets_the_clicker_a_note(
    world: SandboxWorld, monkeypatch: pytest.MonkeyPatch, action_id: str
) -> None:
    card = plant_card(world)
    manager = world.manager_id
    late_after_the_next_trigger(world, monkeypatch)
    assert (await world.sender.click(card, action_id, user_id=manager)).status_code == 200
    await world.slack.wait_for(lambda s: bool(s.calls_to("views.open")), timeout=10)
    assert world.slack.calls_to("views.open")[0].error == "expired_trigger_id"
    await world.slack.wait_for(lambda s: bool(s.ephemerals_for(manager)), timeout=10)
    note: EphemeralMessage = world.slack.ephemerals_for(manager)[0]
    assert note.text.startswith(ERROR_START) and note.channel == card.channel
    assert world.slack.message(card.channel, card.ts) is not None and not world.slack.message(card.channel, card.ts).edited


async def test_the_home_tabs_open_slack_will_not_show_any_more_gets_the_clicker_a_dm(
    world: SandboxWorld, monkeypatch: pytest.MonkeyPatch
) -> None:
    plant_card(world, "fp_home_late")
    manager = world.manager_id
    before = len(world.slack.calls_to("views.publish"))
    assert (await world.sender.app_home_opened(manager)).status_code == 200
    await world.slack.wait_for(lambda s: len(s.calls_to("views.publish")) > before, timeout=10)
    home: dict[str, Any] = world.slack.home_views[manager]
    late_after_the_next_trigger(world, monkeypatch)
    assert (await world.sender.click_in_view(home, ids.HOME_OPEN_PROPOSAL, user_id=manager)).status_code == 200
    await world.slack.wait_for(lambda s: bool(s.calls_to("views.open")), timeout=10)
    assert world.slack.calls_to("views.open")[0].error == "expired_trigger_id"
    await world.slack.wait_for(lambda s: bool(s.messages(manager)), timeout=10)
    assert world.slack.messages(manager)[0].text.startswith(ERROR_START)
