"""A fill card never shows an Approve that is sure to fail: a slot starting before a text's hold could end (the rule
Approve itself applies, ``fill.too_late_for_a_text``) gets a card listing the ranked guests to call, with no draft and
no button, whether the card is new (the cancellation came 8 minutes before the slot), moves on (a NO 8 minutes before)
or waited (posted hours ahead, redrawn by ``expire_offers`` once the slot is within the hold). Nothing is sent.

The scene (``tests/fill_scene.py``) is at the SoHo location (America/New_York), at 9:00am there: texting hours."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from spa_copilot import fill
from spa_copilot.slack.views_models import ProposalState
from tests.fill_scene import Scene, eventually, proposed
from tests.texting_hours import SLOT_START, card_view

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

CALL = "call a guest on the list to offer it"


def _actions(scene: Scene) -> list[dict]:
    return [b for b in scene.card.blocks if b.get("type") == "actions"]


def _assert_call_card(scene: Scene, *, left_out: tuple[str, ...] = ()) -> str:
    row = scene.proposal
    assert row["status"] == "expired" and row["reason"].startswith("the slot starts too soon for a text (")
    assert _actions(scene) == [], "the card still shows buttons for a slot no text can serve"
    text = scene.card.text + "\n" + json.dumps(scene.card.blocks, ensure_ascii=False)
    assert ":information_source: The slot starts too soon for a text (a 10-minute hold must end before " in text
    assert CALL in text and "Guests to call" in text and "Draft SMS" not in text
    for candidate in row["candidates"]:  # the ranked list stays, for phoning (without who said no)
        assert (candidate["first_name"] in text) is (candidate["first_name"] not in left_out)
    return text


async def test_a_cancellation_8_minutes_before_the_slot_posts_a_list_to_call(scene: Scene) -> None:
    scene.clock.current = scene.target.start_at - timedelta(minutes=8)
    await scene.cancel()
    _assert_call_card(scene)
    assert scene.proposal["draft"] is None  # nothing drafted, nothing sent
    assert "Fill proposal: " in scene.card.text and "too soon for a text, call a guest on the list" in scene.card.text
    assert scene.sent() == []


async def test_a_card_posted_ahead_loses_its_approve_once_the_slot_is_within_the_hold(scene: Scene) -> None:
    await proposed(scene)
    start = scene.target.start_at
    scene.clock.current = start - timedelta(minutes=10)  # the whole hold still fits: Approve stays
    await fill.expire_offers(scene.copilot)
    assert scene.proposal["status"] == "pending" and _actions(scene)
    scene.clock.current = start - timedelta(minutes=9)
    await fill.expire_offers(scene.copilot)
    _assert_call_card(scene)
    assert scene.sent() == []


async def test_a_no_8_minutes_before_the_slot_turns_the_card_into_a_list_to_call(scene: Scene) -> None:
    await proposed(scene)
    start = scene.target.start_at
    scene.clock.current = start - timedelta(minutes=15)
    first, _ = await scene.first_offer_sent()
    scene.clock.current = start - timedelta(minutes=8)
    await scene.reply(first["client_id"], "NO")
    await eventually(lambda: scene.proposal["status"] == "expired")
    _assert_call_card(scene, left_out=(first["first_name"],))
    assert len(scene.sent()) == 1  # only the first text; no draft for the next guest
    assert "The proposal is closed: the slot starts too soon for a text (a 10-minute hold" in scene.thread_text()


async def test_no_card_for_a_cancellation_minutes_before_the_slot_but_spa_fill_posts_one(scene: Scene) -> None:
    scene.clock.current = scene.target.start_at - timedelta(minutes=3)
    await scene.cancel()
    assert scene.store.fill_proposal_for(scene.target.id) is None
    result = await fill.start_fill(scene.copilot, scene.target.id, by=scene.world.manager_id)
    assert result.ok and "too soon for a text" in result.note
    _assert_call_card(scene)


async def test_a_cancellation_after_the_slot_started_gets_nothing(scene: Scene) -> None:
    scene.clock.current = scene.target.start_at + timedelta(minutes=1)
    await scene.cancel()
    assert scene.store.fill_proposal_for(scene.target.id) is None
    result = await fill.start_fill(scene.copilot, scene.target.id, by=scene.world.manager_id)
    assert not result.ok and "has already started" in result.note


async def test_a_slot_starting_right_after_texting_opens_gets_a_list_to_call(scene: Scene) -> None:
    """Before texting hours (opening 5 minutes before the slot), a text could only go out too late for its hold."""
    tz = scene.world.data.locations[0].tz
    opens = (scene.target.start_at - timedelta(minutes=5)).astimezone(tz)
    scene.copilot.settings = scene.copilot.settings.model_copy(update={"text_send_hours": f"{opens:%H:%M}-23:00"})
    await scene.cancel()
    row = scene.proposal
    assert row["status"] == "expired" and _actions(scene) == []
    assert row["reason"].startswith("the slot starts too soon for a text (texts go out from ")
    assert ", and a 10-minute hold must end before " in row["reason"] and row["reason"].endswith(CALL)
    assert scene.sent() == []


def test_the_rule_is_approves_and_texting_hours_count() -> None:
    hold = 10
    assert fill.too_late_for_a_text(SLOT_START, SLOT_START - timedelta(minutes=9), hold, None)
    assert not fill.too_late_for_a_text(SLOT_START, SLOT_START - timedelta(minutes=10), hold, None)
    opens = SLOT_START - timedelta(minutes=5)  # texting opens 5 minutes before the slot
    assert fill.too_late_for_a_text(SLOT_START, SLOT_START - timedelta(hours=3), hold, opens)


def test_a_pending_card_keeps_its_approve() -> None:
    from spa_copilot.slack import blocks

    message = blocks.fill_proposal_message(card_view(ProposalState.pending))
    assert [b for b in message.blocks_as_dicts() if b.get("type") == "actions"]
    assert "Guests to call" not in json.dumps(message.blocks_as_dicts())
