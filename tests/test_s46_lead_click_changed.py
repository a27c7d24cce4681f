"""An Acknowledge landing while a check moves the card's clash on to another key (the same booking entered again) is
not saved, and the clicker is told so (rev46b): it had been dropped without a word, the card back to its buttons."""

from __future__ import annotations

import asyncio

from spa_copilot.alerts import ACKNOWLEDGED, CHANGED_WHILE_CLICKED_TEXT, acknowledge_alert
from spa_copilot.scheduler import poll_calendar
from tests.test_s46_alerts46_click_race import _SlowRedraw
from tests.test_s46_alerts46_lost_click import COLLEAGUE, _entered_again, _live_of


async def test_a_click_while_the_clash_moves_to_another_key_is_told_it_was_not_saved(world, clock):  # type: ignore[no-untyped-def]
    store = world.copilot.store
    card, key = await _entered_again(world, clock)
    slow = _SlowRedraw(world.copilot.slack, card.ts)
    world.copilot.slack = slow  # type: ignore[assignment]
    slow.armed = True
    check = asyncio.create_task(poll_calendar(world.copilot))
    await asyncio.wait_for(slow.started.wait(), timeout=10)
    _, outcome = await asyncio.gather(check, acknowledge_alert(world.copilot, key, user_id=COLLEAGUE))
    assert outcome.problem is not None and CHANGED_WHILE_CLICKED_TEXT in str(outcome.problem.to_kwargs())
    [row] = _live_of(store, card)  # the clash lives on, on the same card, under its new key
    assert row.key != key and row.status != ACKNOWLEDGED
    assert not [e for e in store.recent_audit(50) if e.action == "conflict.acknowledged"], "nothing saved, nothing audited"
