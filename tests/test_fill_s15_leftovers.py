"""What the fill cards say, left over from ``test_fill_s15_wording``: each sentence true whenever the card is read.

1. "Not sent (Approve clicked by @Maya at 7:15am Juniper & Salt SoHo time): texts go out from 8:00am, too late …":
   the location is named once (not again as "… from 8:00am at Juniper & Salt SoHo").
2. A read-only reply card (no buttons, nothing sent) does not say to "edit this reply": book it and text by hand.
3. A reply card is drawn again only when the reply changes, so one still waiting for Approve may be read after the
   slot was taken or started: it says the slot was still free when the YES came, not that it "is still free".
4. Once a reply is decided, "the slot is held for Ann … the fill card moves on if they do not" (her hold may be long
   over) reads "the slot was held for Ann, who was texted the offer next, when their YES came".

Reply rows carry the situation as the copilot stored it (rows stored before this change read the same).
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from spa_copilot import fill
from spa_copilot.slack import blocks
from spa_copilot.slack.views_models import FillCandidate, FillProposalView, Opening, ProposalState
from tests.conftest import FakeClock
from tests.fill_scene import Scene
from tests.texting_hours import NIGHT, late_yes_reply

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

TZ = "America/New_York"
START = datetime(2026, 11, 24, 16, 0, tzinfo=UTC)  # 11:00am in New York
MANAGER = "U0MANAGER"
HOLD_RAN_OUT = "Jane replied YES after their 10-minute hold ran out."
# as _propose_too_late_reply stored them
STORED_FREE = (" The slot is still free: to give it to them, book it by hand in Mangomint (and Reject or skip the"
               " fill card's current offer), then edit this reply to say so.")
STORED_HELD = (" The slot is held for Ann, who was texted the offer next; it is theirs if they say YES in time, and"
               " the fill card moves on if they do not.")


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(NIGHT)


def _reply_row(status: str, situation: str) -> dict[str, Any]:
    decided = status not in ("pending", "info")
    return {
        "id": "fr_leftovers", "revision": 2, "kind": "reply", "status": status, "current_index": 0,
        "opening": {"appointment_id": "reply:fo_1", "start": START.isoformat(), "end": (START + timedelta(hours=1)).isoformat(),
                    "service_name": "Swedish 60", "time_zone": TZ, "location_name": "Juniper & Salt SoHo",
                    "summary": "Reply to Jane: the hold ran out", "situation": situation},
        "candidates": [{"client_id": "cl_1", "first_name": "Jane", "reasons": ["replied YES too late"]}],
        "draft": "Hi Jane, sorry: that 11:00am Swedish 60 is no longer held for you.", "draft_engine": "template",
        "decided_by": MANAGER if decided else None, "decided_at": NIGHT.isoformat() if decided else None,
        "reason": "", "flagged": [],
    }


def _shown(message: Any) -> str:
    dicts = message.blocks_as_dicts() if hasattr(message, "blocks_as_dicts") else message.blocks  # a card or as posted
    return message.text + "\n" + json.dumps(dicts, ensure_ascii=False)


# ---------------------------------------------------------------------------------------------------
# 1. Not sent names the location once


def _not_sent(decided_at: datetime) -> str:
    reason = fill.TOO_LATE_WINDOW_TEXT.format(opens="8:00am", place="Juniper & Salt SoHo", slot="8:15am", hold=10)
    view = FillProposalView(
        proposal_id="fp_1", revision=1,
        opening=Opening("ap_1", START, START + timedelta(hours=1), "Swedish 60", TZ, location_name="Juniper & Salt SoHo"),
        candidates=(FillCandidate("cl_1", "Jane", ("on waitlist",), 0.9),), draft="Hi Jane",
        state=ProposalState.expired, decided_by=MANAGER, decided_at=decided_at, reason=reason,
    )
    return blocks._decision_text(view)


def test_not_sent_names_the_location_once() -> None:
    line = _not_sent(NIGHT)
    assert line.startswith(f":no_entry_sign: Not sent (Approve clicked by <@{MANAGER}> at 4:15am Juniper &amp; Salt SoHo"
                           " time): texts go out from 8:00am, too late for this 8:15am slot")
    assert line.count("SoHo") == 1


def test_not_sent_at_a_time_read_twice_keeps_the_location_in_its_reason() -> None:
    line = _not_sent(datetime(2026, 11, 1, 5, 30, tzinfo=UTC))  # 1:30am EDT: no location label on the click's time
    assert "at 1:30am EDT): texts go out from 8:00am at Juniper &amp; Salt SoHo, too late" in line


# ---------------------------------------------------------------------------------------------------
# 2. and 3. The still-free sentence: pending, read-only, decided


def test_a_pending_reply_says_the_slot_was_free_when_the_yes_came() -> None:
    shown = _shown(fill.proposal_message(_reply_row("pending", HOLD_RAN_OUT + STORED_FREE)))
    assert "is still free" not in shown
    assert ("The slot was still free when their YES came: to give it to them, book it by hand in Mangomint if it still"
            " is (and Reject or skip the fill card's current offer), then edit this reply to say so.") in shown


def test_a_read_only_reply_card_says_to_book_and_text_by_hand() -> None:
    message = fill.proposal_message(_reply_row("info", HOLD_RAN_OUT + STORED_FREE))
    shown = _shown(message)
    assert not [b for b in message.blocks_as_dicts() if b["type"] == "actions"]  # no buttons: nothing to edit
    assert "edit this reply" not in shown and "Reject" not in shown and "is still free" not in shown
    assert ("The slot was still free when their YES came: to give it to them, book it by hand in Mangomint if it still"
            " is, and text them yourself.") in shown


async def test_a_real_reply_card_waiting_for_approve_says_was_still_free(scene: Scene) -> None:
    _, reply = await late_yes_reply(scene)
    row = scene.store.fill_proposal(reply["id"])
    shown = _shown(scene.world.slack.message(row["channel"], row["ts"]))
    assert "is still free" not in shown and "The slot was still free when their YES came: to give it to them" in shown
    assert "then edit this reply to say so." in shown  # Edit is on the card


# ---------------------------------------------------------------------------------------------------
# 4. The held-for sentence once decided


@pytest.mark.parametrize("status", ["approved", "sent", "rejected", "expired"])
def test_a_decided_reply_says_the_slot_was_held_not_what_the_fill_card_will_do(status: str) -> None:
    shown = _shown(fill.proposal_message(_reply_row(status, HOLD_RAN_OUT + STORED_HELD)))
    assert "is held for" not in shown and "moves on" not in shown
    assert f"{HOLD_RAN_OUT} The slot was held for Ann, who was texted the offer next, when their YES came." in shown


def test_a_pending_reply_keeps_the_held_for_sentence() -> None:
    shown = _shown(fill.proposal_message(_reply_row("pending", HOLD_RAN_OUT + STORED_HELD)))
    assert "The slot is held for Ann, who was texted the offer next; it is theirs if they say YES in time" in shown
