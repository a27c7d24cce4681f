"""What the fill cards show: the draft exactly as the SMS carries it, a late YES's reply card that says what happened
(and offers no slot), at most one such card per offer, none for an offer whose slot is over, and the Edit length
check on the text as it is saved.

Pure Block Kit checks first, then the scene of ``test_fill_flow`` (``tests/fill_scene.py``).
"""

from __future__ import annotations

import asyncio
import dataclasses
from typing import Any

import pytest

from spa_copilot import fill
from spa_copilot.domain import SMS_LIMIT
from spa_copilot.slack import blocks, ids
from tests.fill_scene import Scene, proposed
from tests.test_blocks import proposal

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

MARKUP = "Hi Jane 💆 *today* 2pm <!channel> & _spot_ ~open~ :smile: `x` — reply YES\n\n\nSee you!"


def _draft_block(message: blocks.SlackMessage, heading: str) -> dict[str, Any]:
    dicts = message.blocks_as_dicts()
    index = next(i for i, b in enumerate(dicts) if b.get("text", {}).get("text", "").startswith(heading))
    return dicts[index + 1]


@pytest.mark.parametrize("state", [fill.ProposalState.pending, fill.ProposalState.sent])
def test_the_card_shows_the_draft_verbatim_not_as_slack_formatting(state: Any) -> None:
    view = dataclasses.replace(proposal(state), draft=MARKUP)
    heading = "*Draft SMS to" if state == fill.ProposalState.pending else "*SMS sent to"
    draft = _draft_block(blocks.fill_proposal_message(view), heading)
    assert draft["text"] == {"type": "plain_text", "text": blocks.escape(MARKUP), "emoji": False}


def test_the_reply_card_says_what_happened_and_offers_no_slot() -> None:
    view = dataclasses.replace(proposal(candidates=1), draft=MARKUP)
    situation = "Jane replied YES after their 10-minute hold ran out. The slot is still free: <book it>."
    message = blocks.fill_reply_message(view, situation=situation)
    dicts = message.blocks_as_dicts()
    assert dicts[0]["text"]["text"] == "Late YES from Jane" and "Fill" not in message.text
    assert blocks.escape(situation) in dicts[1]["text"]["text"]
    assert _draft_block(message, "*Draft reply to Jane*")["text"]["type"] == "plain_text"
    actions = next(b for b in dicts if b["type"] == "actions")
    assert [e["action_id"] for e in actions["elements"]] == [ids.APPROVE_FILL, ids.EDIT_FILL, ids.REJECT_FILL]
    decided = blocks.fill_reply_message(dataclasses.replace(view, state=fill.ProposalState.sent), situation=situation)
    assert not [b for b in decided.blocks_as_dicts() if b["type"] == "actions"]


CLAIM = "Reply YES to claim. "
FILLED = CLAIM + "x" * (SMS_LIMIT - len(CLAIM))


@pytest.mark.parametrize(
    ("text", "problem"),
    [(FILLED + "\n", None), ("\n  " + FILLED + "  \n", None), (FILLED + "x", "it is 321"),
     (" \n\t", "cannot be empty")],
)
def test_the_edit_length_is_counted_on_the_text_as_saved(text: str, problem: str | None) -> None:
    found = fill.draft_problem(text)
    assert found is None if problem is None else problem in (found or "")


@pytest.mark.parametrize(
    ("text", "refused"),
    [("Hi Ana, a 3pm massage opened today. Reply YES to claim; we hold it 10 min.", False),
     ("Hi Ana, a 3pm massage opened today! Text yes and it is yours.", False),
     ("Hi Ana, a 3pm massage opened today. Want it? YES/NO", False),
     ("Hola Ana, se abrió un masaje a las 3pm. Responde SÍ para reservarlo.", False),
     ("Hi Ana, a 3pm massage opened today. Reply Y to claim.", False),
     ("Hi Ana, a 3pm massage opened today. Text BOOK IT and it's yours.", False),
     ("Hi Ana, a 3pm massage opened today. We're sure you'll love it!", True),
     ("Hi Ana, a 3pm massage opened today. Let us know if you would like it!", True),
     ("Hi Ana, the slot you asked about yesterday opened at 3pm.", True)],
)
def test_an_edit_must_still_ask_for_the_yes_that_books_the_slot(text: str, refused: bool) -> None:
    assert (fill.draft_problem(text) == fill.NO_YES_DRAFT_TEXT) is refused


async def test_a_late_yes_texted_again_and_again_gets_one_reply_card(scene: Scene) -> None:
    await proposed(scene)
    first = scene.candidate(0)
    await scene.approve_and_wait()
    scene.clock.advance(minutes=11)
    await fill.expire_offers(scene.copilot)
    for body in ("Yes please!", "YES", "yes 👍"):
        await scene.reply(first["client_id"], body)
    await asyncio.sleep(0.1)
    replies = [r for r in scene.store.fill_proposals(statuses=("pending",)) if r["kind"] == "reply"]
    assert len(replies) == 1
    reply = replies[0]
    assert "ran out" in reply["draft"] and "taken" not in reply["draft"]
    card = next(m for m in scene.world.slack.thread(scene.proposal["channel"], scene.proposal["ts"]) if m.ts == reply["ts"])
    assert card.text.startswith("Reply to") and "still free" in scene.card_text(card)


async def test_a_yes_days_after_the_slot_drafts_nothing(scene: Scene) -> None:
    await proposed(scene)
    first = scene.candidate(0)
    await scene.approve_and_wait()
    scene.clock.advance(minutes=11)
    await fill.expire_offers(scene.copilot)
    scene.clock.advance(days=3)
    await fill.expire_offers(scene.copilot)
    await scene.reply(first["client_id"], "Y")  # answers the spa's own "Reply Y to confirm", not the old offer
    await asyncio.sleep(0.1)
    assert [r for r in scene.store.fill_proposals(statuses=("pending", "info")) if r["kind"] == "reply"] == []
