"""A click landing while a check redraws the same card (its update in flight, or a snooze over being re-posted) is
kept (rev46b): the check's save of the card had overwritten the Acknowledge, the card back to its buttons, and a
fresh open card was posted over an acknowledged one. Left (noted): a click during a check that moves the clash to a
new key is still lost with the old alert."""
from __future__ import annotations

import asyncio
import json
from typing import Any

from spa_copilot.alerts import ACKNOWLEDGED, acknowledge_alert, snooze_alert
from spa_copilot.sandbox.world import FRONT_DESK_USER
from spa_copilot.scheduler import poll_calendar
from tests.test_alerts import card_for
from tests.test_s46_alerts46_click_race import _SlowRedraw

COLLEAGUE = "U0REV46B"


def _key_of(store: Any, card: Any) -> str:
    return next(r.key for loc in ("loc_soho", "loc_venice") for r in store.alerts(location_id=loc) if r.ts == card.ts)


def _live_of(store: Any, card: Any):
    return [r for loc in ("loc_soho", "loc_venice") for r in store.alerts(location_id=loc) if r.ts == card.ts and r.status in ("open", "acknowledged", "snoozed")]


async def _entered_again(world: Any, clock: Any) -> tuple[Any, str]:
    """ap_p01's clash carded, then ap_p02 cancelled and the same booking entered again under a new id: the next check
    moves the clash to another key on the same card. The card and its key before."""
    await poll_calendar(world.copilot)
    card = card_for(world, "ap_p01")
    key = _key_of(world.copilot.store, card)
    booking = world.spa.appointments["ap_p02"]
    clock.advance(minutes=1)
    world.spa.cancel("ap_p02", reason="booked anew")
    world.spa.put_appointment(booking.model_copy(update={
        "id": "ap_rebooked", "version": 1, "updated_at": clock(), "created_at": clock(),
        "services": [line.model_copy(update={"id": f"{line.id}_re"}) for line in booking.services],
    }))
    return card, key


async def _snooze_over(world: Any, clock: Any) -> tuple[Any, str]:
    """ap_p03's clash carded and snoozed, its snooze over: the next full check re-posts it. The card and its key."""
    await poll_calendar(world.copilot)
    card = card_for(world, "ap_p03")
    key = _key_of(world.copilot.store, card)
    await snooze_alert(world.copilot, key, user_id=FRONT_DESK_USER)
    clock.advance(minutes=61)
    return card, key


async def test_acknowledge_during_a_checks_repost_of_a_snooze_over(world, clock):  # type: ignore[no-untyped-def]
    store = world.copilot.store
    card, key = await _snooze_over(world, clock)
    slow = _SlowRedraw(world.copilot.slack, card.ts)
    world.copilot.slack = slow  # type: ignore[assignment]
    slow.armed = True
    check = asyncio.create_task(poll_calendar(world.copilot, full=True))
    await asyncio.wait_for(slow.started.wait(), timeout=10)
    await asyncio.gather(check, acknowledge_alert(world.copilot, key, user_id=COLLEAGUE))
    row = store.alert(key)
    assert (row.status, row.acknowledged_by) == (ACKNOWLEDGED, COLLEAGUE), (row.status, row.acknowledged_by, row.ts == card.ts)


async def test_a_check_cut_off_mid_redraw_leaves_no_lock_and_the_click_still_draws(world, clock):  # type: ignore[no-untyped-def]
    from spa_copilot import alerts

    store = world.copilot.store
    await poll_calendar(world.copilot)
    card = card_for(world, "ap_p01")
    key = _key_of(store, card)
    booking = world.spa.appointments["ap_p02"]
    clock.advance(minutes=1)
    world.spa.put_appointment(booking.model_copy(update={"version": booking.version + 1, "updated_at": clock(),
        "start_at": booking.start_at, "notes": "x"}))
    from tests.test_alerts import shifted
    world.spa.put_appointment(shifted(world.spa.appointments["ap_p02"], -10, at=clock()))
    slow = _SlowRedraw(world.copilot.slack, card.ts)
    world.copilot.slack = slow  # type: ignore[assignment]
    slow.armed = True
    check = asyncio.create_task(poll_calendar(world.copilot))
    await asyncio.wait_for(slow.started.wait(), timeout=10)
    click = asyncio.create_task(acknowledge_alert(world.copilot, key, user_id=COLLEAGUE))
    await asyncio.sleep(0.05)
    assert alerts._CARD_LOCKS, "the check holds the card's lock"
    check.cancel()
    await asyncio.gather(check, return_exceptions=True)
    await asyncio.wait_for(click, timeout=5)
    assert alerts._CARD_LOCKS == {}
    row = store.alert(key)
    shown = json.dumps(world.slack.message(card.channel, card.ts).blocks)
    assert row.status == ACKNOWLEDGED and COLLEAGUE in shown, (row.status, shown[-300:])


async def test_acknowledge_landing_earlier_in_the_pass_is_dropped_by_the_repost(world, clock, monkeypatch):  # type: ignore[no-untyped-def]
    """The click lands after the pass read its rows and before it reaches this card (the pass busy with Slack on
    other cards): _repost_card reads the alert ACKNOWLEDGED inside the lock and still posts a fresh open card."""
    from spa_copilot import alerts

    store = world.copilot.store
    card, key = await _snooze_over(world, clock)
    real = alerts._repost_card

    async def click_first(copilot, location, conflict, row, *, now):  # type: ignore[no-untyped-def]
        if row.key == key:
            await acknowledge_alert(copilot, key, user_id=COLLEAGUE)
        return await real(copilot, location, conflict, row, now=now)

    monkeypatch.setattr(alerts, "_repost_card", click_first)
    await poll_calendar(world.copilot, full=True)
    row = store.alert(key)
    assert (row.status, row.acknowledged_by) == (ACKNOWLEDGED, COLLEAGUE), (row.status, row.acknowledged_by, row.ts == card.ts)


async def test_acknowledge_landing_earlier_in_the_pass_is_kept_by_update(world, clock, monkeypatch):  # type: ignore[no-untyped-def]
    from spa_copilot import alerts

    store = world.copilot.store
    card, key = await _entered_again(world, clock)
    real = alerts._update_card

    async def click_first(copilot, location, conflict, row, **kw):  # type: ignore[no-untyped-def]
        if row.key == key:
            await acknowledge_alert(copilot, key, user_id=COLLEAGUE)
        return await real(copilot, location, conflict, row, **kw)

    monkeypatch.setattr(alerts, "_update_card", click_first)
    await poll_calendar(world.copilot)
    [row] = _live_of(store, card)
    assert (row.status, row.acknowledged_by) == (ACKNOWLEDGED, COLLEAGUE)
