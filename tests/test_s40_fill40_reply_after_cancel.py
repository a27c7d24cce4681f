"""rev39i L1: a reply to her late YES, approved and held for texting hours, whose guest the desk booked by hand and
whose booking was then cancelled: nothing is texted (as before), but the card settled at the opening said "not sent:
they are booked at that hour", after the thread had said the booking was cancelled. It is settled with that line now,
saying she was booked and the booking is cancelled since; an Approve says the same."""
from __future__ import annotations

from typing import Any

import pytest

from spa_copilot import fill, scheduler
from spa_copilot.fill import outbox
from spa_copilot.fill.decisions import REPLY_BOOKED_THEN_CANCELLED_TEXT, _reply_overtaken
from spa_copilot.fill.late_reply import BOOKED_THEN_CANCELLED_REPLY_REASON
from spa_copilot.slack import ids
from tests.fill_scene import Scene
from tests.test_s39_fill39_entry_booked_by_poll import _booked_by_the_desk, _late_yes


async def _reply_held_over_a_desk_booking(scene: Scene, monkeypatch: pytest.MonkeyPatch) -> tuple[Any, ...]:
    """Her late YES, its reply card approved and held for texting hours (``night["on"]``: set False to open them),
    the desk booking her over the hour, seen by a poll. Her candidate, the reply card, the switch, the texts sent
    before, and the desk's booking."""
    first, offer = await _late_yes(scene)
    reply = scene.store.fill_proposal_for(f"reply:{offer['id']}")
    night = {"on": True}
    real = outbox._text_waits
    monkeypatch.setattr(outbox, "_text_waits", lambda copilot, payload: night["on"] or real(copilot, payload))
    before = len(scene.sent())
    await scene.click(ids.APPROVE_FILL, message=scene.world.slack.message(reply["channel"], reply["ts"]))
    mine = _booked_by_the_desk(scene, first)
    scene.clock.advance(seconds=60)
    await scheduler.poll_calendar(scene.copilot)
    assert scene.store.fill_proposal(reply["id"])["status"] == "approved"  # still waiting for texting hours
    return first, reply, night, before, mine


async def test_a_held_reply_settles_with_the_cancellation_in_words_that_fit_it(
    scene: Scene, monkeypatch: pytest.MonkeyPatch
) -> None:
    first, reply, night, before, mine = await _reply_held_over_a_desk_booking(scene, monkeypatch)
    await scene.world.admin("POST", f"/sandbox/appointments/{mine.id}/cancel", json={"reason": "changed mind"})
    scene.clock.advance(seconds=60)
    await scheduler.poll_calendar(scene.copilot)
    why = BOOKED_THEN_CANCELLED_REPLY_REASON.format(appointment=mine.id, since="cancelled since")
    settled = scene.store.fill_proposal(reply["id"])
    assert (settled["status"], settled["reason"]) == ("failed", why)  # at the line, not at the opening
    assert _reply_overtaken(scene.copilot, settled) == REPLY_BOOKED_THEN_CANCELLED_TEXT.format(
        first_name=first["first_name"], appointment=mine.id, since="cancelled since")
    night["on"] = False  # texting hours open: nothing goes out, and the card keeps its words
    scene.clock.advance(seconds=60)
    await fill.redrive_outbox(scene.copilot)
    assert [s["body"] for s in scene.sent()[before:] if s.get("clientId") == first["client_id"]] == []
    assert scene.store.fill_proposal(reply["id"])["reason"] == why
