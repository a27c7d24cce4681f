"""Listeners through the real app: the App Home's Open and who sees the Home, modal guards, the alert-click guard."""

from __future__ import annotations

import json
from typing import Any

import pytest

from spa_copilot.sandbox.slack_api import PostedMessage
from spa_copilot.sandbox.world import FRONT_DESK_USER, SandboxWorld
from spa_copilot.slack import blocks, ids, texts
from spa_copilot.slack.blocks import escape
from spa_copilot.slack.listeners import alert_actions
from tests.conftest import NOW

DRAFT = "Hi Ava, a 3:00pm Swedish 60 just opened today. Reply YES to claim it."


def plant_proposal(world: SandboxWorld, proposal_id: str = "fp_home1", *, status: str = "pending") -> PostedMessage:
    """A pending fill proposal in the store with its card posted in the front-desk channel."""
    store = world.copilot.store
    assert store.create_fill_proposal(
        proposal_id, appointment_id=f"ap_{proposal_id}", location_id=world.data.locations[0].id, status=status,
        opening={"summary": "Swedish 60 at 3:00pm on Tue 24 Nov"},
        candidates=[{"client_id": "cl_0001", "first_name": "Ava", "entry_id": None}], at=NOW, draft=DRAFT,
    )
    card = world.slack.post_message("front-desk", "Fill proposal", [])
    assert store.update_fill_proposal(proposal_id, at=NOW, channel=card.channel, ts=card.ts)
    return card


async def home_of(world: SandboxWorld, user: str) -> dict[str, Any]:
    before = len(world.slack.calls_to("views.publish"))
    assert (await world.sender.app_home_opened(user)).status_code == 200
    await world.slack.wait_for(lambda s: len(s.calls_to("views.publish")) > before, timeout=10)
    return world.slack.home_views[user]


async def click_open(world: SandboxWorld, home: dict[str, Any], user: str) -> dict[str, Any]:
    """Click "Open" on the Home tab's first pending approval; the modal that opened."""
    before = len(world.slack.calls_to("views.open"))
    assert (await world.sender.click_in_view(home, ids.HOME_OPEN_PROPOSAL, user_id=user)).status_code == 200
    await world.slack.wait_for(lambda s: len(s.calls_to("views.open")) > before, timeout=10)
    opened = world.slack.calls_to("views.open")[-1]
    assert opened.ok, opened
    return next(v for v in world.slack.views.values() if v["type"] == "modal" and v["user"] == user)


# ---------------------------------------------------------------------------------------------------
# App Home


async def test_open_on_a_pending_approval_shows_the_draft_and_links_to_its_card(world: SandboxWorld) -> None:
    card = plant_proposal(world)
    manager = world.manager_id
    home = await home_of(world, manager)
    modal = await click_open(world, home, manager)
    shown = json.dumps(modal["blocks"], ensure_ascii=False)
    assert "Swedish 60 at 3:00pm" in shown and "Ava" in shown and escape(DRAFT).split(",")[0] in shown
    permalink = world.slack.calls_to("chat.getPermalink")[-1]
    assert permalink.params["channel"] == card.channel and permalink.params["message_ts"] == card.ts
    assert f"/archives/{card.channel}/p{card.ts.replace('.', '')}|{texts.PROPOSAL_CARD_LINK}>" in shown


async def test_open_by_someone_who_is_not_a_manager_is_refused(world: SandboxWorld) -> None:
    plant_proposal(world)
    home = await home_of(world, world.manager_id)
    modal = await click_open(world, home, FRONT_DESK_USER)  # a forged click: the Home is the manager's
    shown = json.dumps(modal["blocks"])
    assert "for managers" in shown and DRAFT[:10] not in shown
    assert world.slack.calls_to("chat.getPermalink") == []


async def test_open_on_a_proposal_decided_meanwhile_says_so(world: SandboxWorld) -> None:
    plant_proposal(world)
    home = await home_of(world, world.manager_id)
    world.copilot.store.update_fill_proposal("fp_home1", at=NOW, status="rejected")
    modal = await click_open(world, home, world.manager_id)
    assert "no longer waiting" in json.dumps(modal["blocks"]) and "rejected" in json.dumps(modal["blocks"])


async def test_the_home_of_someone_not_allowed_to_use_spa_shows_no_book(world: SandboxWorld) -> None:
    world.copilot.roles._front_desk = frozenset({FRONT_DESK_USER})
    therapist = world.slack_id(next(s.id for s in world.data.staff if s.role == "therapist"))
    outsider = json.dumps(await home_of(world, therapist))
    assert escape(texts.HOME_NOT_ALLOWED_TEXT) in outsider
    assert "Today at" not in outsider and "Pending approvals" not in outsider and ids.HOME_REFRESH not in outsider
    allowed = json.dumps(await home_of(world, FRONT_DESK_USER))
    assert "Today at" in allowed and texts.HOME_NOT_ALLOWED_TEXT[:20] not in allowed


async def test_refresh_by_someone_not_allowed_publishes_the_polite_view(world: SandboxWorld) -> None:
    home = await home_of(world, FRONT_DESK_USER)
    assert "Today at" in json.dumps(home)
    world.copilot.roles._front_desk = frozenset({"U0SOMEONE1"})  # the desk was taken off the allow-list
    before = len(world.slack.calls_to("views.publish"))
    assert (await world.sender.click_in_view(home, ids.HOME_REFRESH, user_id=FRONT_DESK_USER)).status_code == 200
    await world.slack.wait_for(lambda s: len(s.calls_to("views.publish")) > before, timeout=10)
    refreshed = json.dumps(world.slack.home_views[FRONT_DESK_USER])
    assert "Today at" not in refreshed and escape(texts.HOME_NOT_ALLOWED_TEXT) in refreshed


# ---------------------------------------------------------------------------------------------------
# Modal submissions with unreadable private_metadata


@pytest.mark.parametrize("metadata", ["not json", '{"proposal_id": "fp_1", "revision": "abc"}', "[1, 2]",
                                      '{"proposal_id": "fp_1", "revision": null}'])
@pytest.mark.parametrize("callback_id, block_id", [(ids.EDIT_DRAFT_VIEW, ids.EDIT_DRAFT_BLOCK),
                                                   (ids.REJECT_REASON_VIEW, ids.REJECT_REASON_BLOCK)])
async def test_a_modal_with_unreadable_metadata_is_refused_inline(
    world: SandboxWorld, metadata: str, callback_id: str, block_id: str
) -> None:
    modal = (blocks.edit_draft_modal("fp_1", 0, "Hi", client_first_name="Ava") if callback_id == ids.EDIT_DRAFT_VIEW
             else blocks.reject_reason_modal("fp_1", 0)).to_dict()
    view = {**modal, "id": "V0MODAL001", "private_metadata": metadata}
    response = await world.sender.submit_view(view, user_id=world.manager_id)
    assert response.status_code == 200
    assert response.json() == {"response_action": "errors", "errors": {block_id: texts.STALE_CARD_TEXT}}


# ---------------------------------------------------------------------------------------------------
# Conflict alert buttons: an outage or a bug gets the clicker a short note


def conflict_card(world: SandboxWorld) -> PostedMessage:
    from spa_copilot.slack.views_models import ConflictView

    alert = blocks.conflict_alert_message(ConflictView("cf_gone", "doubleBookedStaff", "Clash"))
    return world.slack.post_message("front-desk", alert.text, alert.blocks_as_dicts())


async def test_an_alert_click_during_an_outage_gets_the_platform_down_note(world: SandboxWorld) -> None:
    world.copilot.roles._front_desk = frozenset({FRONT_DESK_USER})  # a therapist's click needs the staff list
    world.copilot.catalog_ttl_seconds = 0
    world.spa.faults.fail_next(50, status=503)
    card = conflict_card(world)
    therapist = world.slack_id(next(s.id for s in world.data.staff if s.role == "therapist"))
    assert (await world.sender.click(card, ids.ACK_CONFLICT, user_id=therapist)).status_code == 200
    await world.slack.wait_for(lambda s: bool(s.responses), timeout=20)
    answer = world.slack.responses[0]
    assert answer.response_type == "ephemeral" and answer.text == escape(texts.PLATFORM_DOWN_TEXT)


async def test_an_alert_click_that_fails_gets_an_error_id(world: SandboxWorld, monkeypatch: pytest.MonkeyPatch) -> None:
    from slack_sdk.errors import SlackApiError

    async def broken(*args: Any, **kwargs: Any) -> Any:
        raise SlackApiError("chat.update failed", {"ok": False, "error": "message_not_found"})

    monkeypatch.setattr(alert_actions, "snooze_alert", broken)
    card = conflict_card(world)
    assert (await world.sender.click(card, ids.SNOOZE_CONFLICT, user_id=FRONT_DESK_USER)).status_code == 200
    await world.slack.wait_for(lambda s: bool(s.responses), timeout=10)
    answer = world.slack.responses[0]
    assert answer.response_type == "ephemeral" and "error id" in answer.text and "Traceback" not in answer.text
