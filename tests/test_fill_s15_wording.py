"""What the fill cards say once a manager has acted, in words a manager elsewhere cannot misread.

1. A reply to a late YES drafted while the slot was free tells the manager to book it by hand, then edit the reply.
   Once the reply is decided (approved and waiting, sent, held back) there is no Edit and the slot may be over: the
   card says the slot was still free when the YES came, not what to do.
2. The Approve dialog says "when texting hours open" ("when they open" read as the guest).
3. Every manager's time on a closed card names the location's clock (Approved, Held back, Not sent): a New York
   manager read a Venice card's unlabelled "4:15am" as their own; a time the clocks read twice carries its zone.
4. A text that waited for texting hours was not sent at the approval's time: "Approved by … — went out at 8:00am".

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
from tests.texting_hours import MANAGER, NIGHT, card_view, late_yes_reply

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

SOHO = " Juniper &amp; Salt SoHo time"


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(NIGHT)


def _shown(message: Any) -> str:
    return message.text + "\n" + json.dumps(message.blocks, ensure_ascii=False)


# ---------------------------------------------------------------------------------------------------
# 1. A decided reply card no longer says to book the slot by hand and edit the reply


async def test_a_decided_reply_card_says_the_slot_was_free_not_what_to_do(scene: Scene) -> None:
    _, reply = await late_yes_reply(scene)  # 9:00am offer, its hold ran out, then a YES: the slot is still free

    def card() -> str:
        row = scene.store.fill_proposal(reply["id"])
        return _shown(scene.world.slack.message(row["channel"], row["ts"]))

    assert "edit this reply to say so" in card()  # pending: Edit is there, the instruction holds

    scene.clock.current = datetime(2026, 11, 25, 2, 30, tzinfo=UTC)  # 9:30pm: approved, it waits for texting hours
    assert (await fill.approve_fill(scene.copilot, reply["id"], reply["revision"], user_id=scene.world.manager_id)).ok
    shown = card()
    assert "book it by hand" not in shown and "edit this reply" not in shown and "is still free" not in shown
    assert "The slot was still free when their YES came." in shown

    row = scene.store.fill_proposal(reply["id"])  # the same reply once sent, as the card draws it
    sent = json.dumps(fill.proposal_message(row | {"status": "sent"}).blocks_as_dicts(), ensure_ascii=False)
    assert "edit this reply" not in sent and "The slot was still free when their YES came." in sent

    scene.clock.current = datetime(2026, 11, 25, 2, 40, tzinfo=UTC)  # 9:40pm: held back
    await scene.click(ids.HOLD_BACK_FILL, message=scene.world.slack.message(row["channel"], row["ts"]))
    await eventually(lambda: "Held back by" in card())
    assert "edit this reply" not in card() and "The slot was still free when their YES came." in card()


# ---------------------------------------------------------------------------------------------------
# 2. The Approve dialog


@pytest.mark.parametrize("first_name", ["Jane", "Anastasia-" * 40])
def test_the_approve_dialog_says_when_texting_hours_open(first_name: str) -> None:
    for message in (blocks.fill_proposal_message(card_view(ProposalState.pending, first_name=first_name)),
                    blocks.fill_reply_message(card_view(ProposalState.pending, first_name=first_name), situation="x")):
        confirm = next(e["confirm"] for b in message.blocks_as_dicts() if b["type"] == "actions"
                       for e in b["elements"] if e["action_id"] == ids.APPROVE_FILL)
        text = confirm["text"]["text"]
        assert len(text) <= blocks.MAX_CONFIRM_TEXT and "when they open" not in text
        if first_name == "Jane":
            assert "at once, or, outside texting hours, when texting hours open (the card then says when" in text


# ---------------------------------------------------------------------------------------------------
# 3. Held back and Not sent name the location's clock, as Approved does


def test_a_held_back_line_names_the_locations_time() -> None:
    line = blocks._decision_text(card_view(ProposalState.rejected, reason=fill.HELD_BACK_REPLY_REASON.format(first_name="Jane")))
    assert line == f":leftwards_arrow_with_hook: Held back by <@{MANAGER}> at 4:15am{SOHO} before it went out: " \
                   "Jane has had no answer to their YES."


def test_a_not_sent_line_names_the_locations_time() -> None:
    reason = fill.TOO_LATE_WINDOW_TEXT.format(opens="8:00am", place="Juniper & Salt SoHo", slot="8:15am", hold=10)
    line = blocks._decision_text(card_view(ProposalState.expired, reason=reason))
    assert line.startswith(f":no_entry_sign: Not sent (Approve clicked by <@{MANAGER}> at 4:15am{SOHO}): texts go out")


def test_a_time_the_clocks_read_twice_keeps_its_zone_and_no_second_label() -> None:
    twice = datetime(2026, 11, 1, 5, 30, tzinfo=UTC)  # 1:30am EDT: New York's clocks go back that night
    line = blocks._decision_text(card_view(ProposalState.rejected, reason=blocks.HELD_BACK + "x", decided_at=twice))
    assert "at 1:30am EDT before it went out" in line and "SoHo time" not in line


def test_a_plain_rejection_keeps_its_plain_time() -> None:
    assert blocks._decision_text(card_view(ProposalState.rejected)) == f":x: Rejected by <@{MANAGER}> at 4:15am"


# ---------------------------------------------------------------------------------------------------
# 4. A text that waited for texting hours: "Approved by … — went out at", not "Approved and sent"


def test_a_text_sent_when_texting_opened_was_approved_not_sent_at_the_approvals_time() -> None:
    reason = fill.DEFERRED_SENT_TEXT.format(at="8:00am", window="8:00am–9:00pm")
    line = blocks._decision_text(card_view(ProposalState.sent, reason=reason))
    assert line == (f":outbox_tray: Approved by <@{MANAGER}> at 4:15am{SOHO} — went out at 8:00am "
                    "(texts are sent 8:00am–9:00pm)")
    # sent at once, within texting hours: approved and sent at that time
    assert blocks._decision_text(card_view(ProposalState.sent)) == f":outbox_tray: Approved and sent by <@{MANAGER}> at 4:15am"
