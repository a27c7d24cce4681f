"""alerts46 (probe45e M2): a click's redraw of a conflict card and a check's redraw of the same card are one at a time
(the card's lock), each drawn from the alert as stored inside it, so a slow update of an older state never lands
after a newer one: the card ends as the store says."""

from __future__ import annotations

import asyncio
import copy
import json
from typing import Any

from spa_copilot.alerts import ACKNOWLEDGED, OPEN, acknowledge_alert, snooze_alert
from spa_copilot.sandbox.world import FRONT_DESK_USER
from spa_copilot.scheduler import poll_calendar
from spa_copilot.slack import ids
from spa_copilot.slack.listeners import alert_actions
from tests.conftest import FlakySlack
from tests.fill_scene import eventually
from tests.test_alerts import card_for, shifted, slack_error

COLLEAGUE = "U0ALERTS46"


def _shown(world: Any, card: Any) -> str:
    return json.dumps(world.slack.message(card.channel, card.ts).blocks)


def _key_of(store: Any, card: Any) -> str:
    return next(r.key for loc in ("loc_soho", "loc_venice") for r in store.alerts(location_id=loc) if r.ts == card.ts)


def _slow_first_update(slack: Any) -> None:
    """Slack answers the copilot's next chat.update slowly (half a second)."""
    real, first = slack.chat_update, {"slow": True}

    async def slow_update(**kwargs: Any) -> Any:
        if first["slow"]:
            first["slow"] = False
            await asyncio.sleep(0.5)
        return await real(**kwargs)

    slack.chat_update = slow_update


async def test_a_slow_acknowledge_redraw_does_not_hide_a_reopened_clash(world, clock):  # type: ignore[no-untyped-def]
    alert_actions.register(world.bolt, world.copilot)
    await poll_calendar(world.copilot)
    card = card_for(world, "ap_p02")
    store = world.copilot.store
    _slow_first_update(world.copilot.slack)
    await world.sender.click(card, ids.ACK_CONFLICT, user_id=FRONT_DESK_USER)
    await eventually(lambda: any(e.action == "conflict.acknowledged" for e in store.recent_audit(50)))
    # the clash changes while the Acknowledge's update is still on its way: the check reopens it
    clock.advance(minutes=1)
    world.spa.put_appointment(shifted(world.spa.appointments["ap_p02"], -10, at=clock()))
    await poll_calendar(world.copilot)
    key = _key_of(store, card)
    assert store.alert(key).status == OPEN
    await asyncio.sleep(1.0)  # every update has landed
    shown = _shown(world, card)
    assert ids.ACK_CONFLICT in shown and "Acknowledged by" not in shown, shown[-500:]
    for _ in range(2):
        clock.advance(minutes=2)
        await poll_calendar(world.copilot, full=True)
    assert store.alert(key).status == OPEN
    shown = _shown(world, card)
    assert ids.ACK_CONFLICT in shown and "Acknowledged by" not in shown, shown[-500:]


async def test_a_slow_snooze_redraw_does_not_overwrite_a_later_acknowledge(world, clock):  # type: ignore[no-untyped-def]
    alert_actions.register(world.bolt, world.copilot)
    await poll_calendar(world.copilot)
    card = card_for(world, "ap_p10")
    stale = copy.deepcopy(card)  # the card as a colleague still sees it
    store = world.copilot.store
    _slow_first_update(world.copilot.slack)
    therapist = world.slack_id("st_ana_reyes")
    await world.sender.click(card, ids.SNOOZE_CONFLICT, user_id=FRONT_DESK_USER)
    await eventually(lambda: any(e.action == "conflict.snoozed" for e in store.recent_audit(50)))
    await world.sender.click(stale, ids.ACK_CONFLICT, user_id=therapist)
    await eventually(lambda: any(e.action == "conflict.acknowledged" for e in store.recent_audit(50)))
    await asyncio.sleep(1.0)  # every update has landed
    key = _key_of(store, card)
    assert (store.alert(key).status, store.alert(key).acknowledged_by) == (ACKNOWLEDGED, therapist)
    shown = _shown(world, card)
    assert therapist in shown and ids.ACK_CONFLICT not in shown and "Snoozed" not in shown, shown[-600:]
    for _ in range(2):
        clock.advance(minutes=2)
        await poll_calendar(world.copilot, full=True)
    shown = _shown(world, card)
    assert therapist in shown and ids.ACK_CONFLICT not in shown and "Snoozed" not in shown, shown[-600:]


class _SlowRedraw:
    """The copilot's Slack client; the first chat.update of ``ts`` after ``arm`` says it started, then waits."""

    def __init__(self, inner: Any, ts: str) -> None:
        self.inner, self.ts, self.armed, self.started = inner, ts, False, asyncio.Event()

    def __getattr__(self, name: str) -> Any:
        real = getattr(self.inner, name)
        if name != "chat_update":
            return real

        async def update(**kwargs: Any) -> Any:
            if self.armed and kwargs.get("ts") == self.ts:
                self.armed = False
                self.started.set()
                await asyncio.sleep(0.5)  # Slack answering slowly
            return await real(**kwargs)

        return update


async def test_a_click_during_a_slow_check_redraw_ends_drawn_from_the_final_state(  # type: ignore[no-untyped-def]
    world, clock, flaky_slack: FlakySlack
):
    alert_actions.register(world.bolt, world.copilot)
    store = world.copilot.store
    await poll_calendar(world.copilot)
    card = card_for(world, "ap_p03")
    key = _key_of(store, card)
    # a Snooze whose update Slack rate-limits: the next check redraws the card (snoozed)
    flaky_slack.fail("chat_update", slack_error("ratelimited", status=429))
    await snooze_alert(world.copilot, key, user_id=FRONT_DESK_USER)
    flaky_slack.heal()
    slow = _SlowRedraw(flaky_slack, card.ts)
    world.copilot.slack = slow  # type: ignore[assignment]
    slow.armed = True
    clock.advance(minutes=2)
    check = asyncio.create_task(poll_calendar(world.copilot))
    await asyncio.wait_for(slow.started.wait(), timeout=10)
    # a colleague acknowledges while the check's redraw of the snoozed card is on its way
    await asyncio.gather(check, acknowledge_alert(world.copilot, key, user_id=COLLEAGUE))
    row = store.alert(key)
    assert (row.status, row.acknowledged_by) == (ACKNOWLEDGED, COLLEAGUE)
    shown = _shown(world, card)  # no later check needed: the click's redraw came after the check's
    assert COLLEAGUE in shown and "Snoozed" not in shown and ids.ACK_CONFLICT not in shown, shown[-600:]
