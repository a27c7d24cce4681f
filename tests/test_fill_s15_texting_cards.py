"""What the fill cards say around texting hours (``TEXT_SEND_HOURS``, default 08:00-21:00 on the location's clock).

1. The Approve dialog is drawn with the card and clicked any time later (drawn at 8:55pm, clicked at 9:05pm): it
   says "Approve", never "Send", and its text says the SMS goes at once or, outside texting hours, when texting
   hours open.
2. An approval outside texting hours names the location's zone on the approval's own time, so both times read as
   the location's ("Approved by @Maya at 4:15am Juniper & Salt SoHo time — goes out at 8:00am"); a New York manager
   read an unlabelled "4:15am" beside a labelled "8:00am … time" as their own clock.
3. A reply to a late YES approved after texting closed waits like an offer, and its card has Hold back as the offer
   card does: nothing goes out, and the card says the guest had no answer.

The scene (``tests/fill_scene.py``) is at the SoHo location (America/New_York).
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import pytest

from spa_copilot import fill
from spa_copilot.slack import blocks, ids
from spa_copilot.slack.views_models import ProposalState
from tests.conftest import FakeClock
from tests.fill_scene import Scene, eventually
from tests.texting_hours import NIGHT, approved_at_night, card_text, card_view, drive_past_opening, late_yes_reply

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")



@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(NIGHT)


def _confirm(message: blocks.SlackMessage, action_id: str = ids.APPROVE_FILL) -> dict[str, Any]:
    return next(e["confirm"] for b in message.blocks_as_dicts() if b["type"] == "actions" for e in b["elements"]
                if e["action_id"] == action_id)


def _shown(message: Any) -> str:
    return message.text + "\n" + json.dumps(message.blocks, ensure_ascii=False)


def _buttons(message: Any) -> list[str]:
    return [e["action_id"] for b in message.blocks if b.get("type") == "actions" for e in b["elements"]]


# ---------------------------------------------------------------------------------------------------
# 1. The Approve dialog


@pytest.mark.parametrize("card", ["fill", "reply"])
def test_the_approve_dialog_says_approve_not_send_on_both_cards(card: str) -> None:
    view = card_view()
    message = (blocks.fill_proposal_message(view) if card == "fill"
               else blocks.fill_reply_message(view, situation="Jane replied YES after the slot was taken."))
    confirm = _confirm(message)
    assert confirm["title"]["text"] == "Approve this text?"
    assert confirm["confirm"]["text"] == "Approve"
    text = confirm["text"]["text"]
    assert text.startswith("Jane will get the drafted SMS exactly as shown: at once, or, outside texting hours, when texting hours open")
    # an offer too late for its slot is not sent; a reply to a late YES always goes out
    assert ("too late for the slot" in text) == (card == "fill")
    assert "Send" not in confirm["title"]["text"] + confirm["confirm"]["text"]
    # Slack's confirm limits: title and buttons plain_text (≤ 100 and ≤ 30 characters), text ≤ 300
    assert confirm["title"]["type"] == confirm["confirm"]["type"] == "plain_text"
    assert len(confirm["title"]["text"]) <= 100 and len(confirm["confirm"]["text"]) <= 30 and len(text) <= 300


def test_the_approve_dialog_keeps_within_slack_limits_for_a_long_name() -> None:
    confirm = _confirm(blocks.fill_proposal_message(card_view(first_name="Anastasia-" * 40)))
    assert len(confirm["text"]["text"]) <= 300 and confirm["confirm"]["text"] == "Approve"


# ---------------------------------------------------------------------------------------------------
# 2. The approval's time names the location's zone


def test_an_approval_stored_before_this_change_names_the_zone_once() -> None:
    """A reason written before (it named the zone after the 8:00am) still reads once, on the approval's time."""
    old = "goes out at 8:00am Juniper & Salt SoHo time (texts are sent 8:00am–9:00pm)"
    line = blocks._decision_text(card_view(ProposalState.approved, reason=old))
    assert line.count("Juniper &amp; Salt SoHo time") == 1
    assert line.startswith(":white_check_mark: Approved by <@U0MANAGER> at 4:15am — goes out at 8:00am Juniper")


def test_an_approval_without_a_deferred_send_keeps_its_plain_time() -> None:
    """Approved within texting hours (no reason): the card's times are all the location's, unlabelled as before."""
    line = blocks._decision_text(card_view(ProposalState.sent))
    assert line == ":outbox_tray: Approved and sent by <@U0MANAGER> at 4:15am"


async def test_a_night_approval_names_the_locations_zone_on_its_time_before_and_after_the_send(scene: Scene) -> None:
    await approved_at_night(scene)
    manager = scene.world.manager_id
    card = card_text(scene)
    assert (f"Approved by <@{manager}> at 4:15am Juniper &amp; Salt SoHo time — goes out at 8:00am "
            "(texts are sent 8:00am–9:00pm)") in card
    assert card.count("SoHo time") == 1

    await drive_past_opening(scene)
    card = card_text(scene)
    assert scene.proposal["status"] == "sent"
    assert (f":outbox_tray: Approved by <@{manager}> at 4:15am Juniper &amp; Salt SoHo time — went out at 8:00am "
            "(texts are sent 8:00am–9:00pm)") in card
    assert card.count("SoHo time") == 1


# ---------------------------------------------------------------------------------------------------
# 3. Hold back on a reply to a late YES waiting for texting hours


async def test_a_reply_waiting_for_texting_hours_can_be_held_back(scene: Scene) -> None:
    first, reply = await late_yes_reply(scene)  # 9:00am: the offer went out, its hold ran out, then a YES

    def reply_card() -> Any:
        row = scene.store.fill_proposal(reply["id"])
        return scene.world.slack.message(row["channel"], row["ts"])

    assert _buttons(reply_card()) == [ids.APPROVE_FILL, ids.EDIT_FILL, ids.REJECT_FILL]

    scene.clock.current = datetime(2026, 11, 25, 2, 30, tzinfo=UTC)  # 9:30pm: the manager approves the reply
    assert (await fill.approve_fill(scene.copilot, reply["id"], reply["revision"], user_id=scene.world.manager_id)).ok
    assert scene.store.fill_proposal(reply["id"])["status"] == "approved"
    assert _buttons(reply_card()) == [ids.HOLD_BACK_FILL]  # as the offer card waiting for texting hours
    shown = _shown(reply_card())
    assert "at 9:30pm Juniper &amp; Salt SoHo time — goes out tomorrow at 8:00am" in shown
    assert "Don't send this text? It has not gone out yet." in shown

    scene.clock.current = datetime(2026, 11, 25, 2, 40, tzinfo=UTC)  # 9:40pm: the manager thinks better of it
    await scene.click(ids.HOLD_BACK_FILL, message=reply_card())
    await eventually(lambda: "Held back by" in _shown(reply_card()))
    row = scene.store.fill_proposal(reply["id"])
    assert row["status"] == "rejected" and row["decided_by"] == scene.world.manager_id
    shown = _shown(reply_card())
    # "before it went out" says once that the reply did not go out
    assert (f"Held back by <@{scene.world.manager_id}> at 9:40pm Juniper &amp; Salt SoHo time before it went out: "
            f"{first['first_name']} has had no answer to their YES.") in shown
    assert "did not go out" not in shown
    assert _buttons(reply_card()) == []
    audit = scene.store.recent_audit(5, action_prefix="fill.held_back")
    assert len(audit) == 1 and audit[0].details["outboxKey"] == f"fill:{reply['id']}:reply"

    again = await fill.hold_back_fill(scene.copilot, reply["id"], reply["revision"] + 1, user_id=scene.world.manager_id)
    assert not again.ok and "already decided" in again.note

    scene.clock.current = datetime(2026, 11, 25, 13, 0, tzinfo=UTC)  # 8:00am the next day
    await fill.redrive_outbox(scene.copilot)
    await fill.redrive_outbox(scene.copilot)
    assert [m.idempotency_key for m in scene.world.spa.outbox] == [fill._common._sms_key(scene.proposal["id"], 0)]


async def test_a_reply_sent_in_texting_hours_has_no_hold_back(scene: Scene) -> None:
    """Approved at 9:20am the reply goes at once: its card has no button, and a Hold back changes nothing."""
    _, reply = await late_yes_reply(scene)
    scene.clock.advance(minutes=9)
    assert (await fill.approve_fill(scene.copilot, reply["id"], reply["revision"], user_id=scene.world.manager_id)).ok
    row = scene.store.fill_proposal(reply["id"])
    assert row["status"] == "sent" and _buttons(scene.world.slack.message(row["channel"], row["ts"])) == []
    held = await fill.hold_back_fill(scene.copilot, row["id"], row["revision"], user_id=scene.world.manager_id)
    assert not held.ok and "already went out" in held.note
    assert len(scene.world.spa.outbox) == 2
