"""rev45l: a colleague's click landing while the poll's redraw of a clicked card is on its way to Slack (its update
waiting out a rate limit) may land first and be overwritten by the older state: the redraw sees the alert changed
under it and draws it again at the next check, so the card ends saying who acknowledged it, as the store does.
(alerts46: the click runs as its own task, as a Bolt click does; its redraw waits for the card's lock.)"""

from __future__ import annotations

import asyncio
import json

from spa_copilot.alerts import ACKNOWLEDGED, acknowledge_alert, snooze_alert
from spa_copilot.scheduler import poll_calendar
from spa_copilot.slack.listeners import alert_actions
from tests.conftest import FlakySlack
from tests.test_alerts import card_for, slack_error

OTHER = "U0REV45LB"


def _shown(world, message) -> str:  # type: ignore[no-untyped-def]
    return json.dumps(world.slack.message(message.channel, message.ts).blocks)


class _ClickDuringRedraw:
    """The copilot's Slack client; the first chat.update of ``ts`` after ``arm`` lets a colleague's Acknowledge run
    (and land) before it does, as a click does while the poll's update waits out Slack."""

    def __init__(self, inner, copilot, key, ts) -> None:  # type: ignore[no-untyped-def]
        self.inner, self.copilot, self.key, self.ts, self.armed = inner, copilot, key, ts, False
        self.clicks: list[asyncio.Task[object]] = []

    def __getattr__(self, name):  # type: ignore[no-untyped-def]
        real = getattr(self.inner, name)
        if name != "chat_update":
            return real

        async def update(**kwargs):  # type: ignore[no-untyped-def]
            if self.armed and kwargs.get("ts") == self.ts:
                self.armed = False
                # its own handler's task: saved at once, its redraw after this one's
                self.clicks.append(asyncio.create_task(acknowledge_alert(self.copilot, self.key, user_id=OTHER)))
                await asyncio.sleep(0.05)
            return await real(**kwargs)

        return update


async def test_a_click_landing_while_the_redraw_is_in_flight_is_not_overwritten(world, clock, flaky_slack: FlakySlack):
    alert_actions.register(world.bolt, world.copilot)
    store = world.copilot.store
    await poll_calendar(world.copilot)
    card = card_for(world, "ap_p03")
    row = next(r for loc in ("loc_soho", "loc_venice") for r in store.alerts(location_id=loc) if r.ts == card.ts)
    # the front desk snoozes it while Slack rate-limits the card's update
    flaky_slack.fail("chat_update", slack_error("ratelimited", status=429))
    await snooze_alert(world.copilot, row.key, user_id="UFRONTDESK")
    flaky_slack.heal()
    hook = _ClickDuringRedraw(flaky_slack, world.copilot, row.key, card.ts)
    world.copilot.slack = hook  # type: ignore[assignment]
    hook.armed = True
    for _ in range(3):
        clock.advance(minutes=2)
        await poll_calendar(world.copilot)
    await asyncio.gather(*hook.clicks)
    if hook.armed:  # no redraw at all (the session-start code): the colleague's click comes between the polls
        hook.armed = False
        await acknowledge_alert(world.copilot, row.key, user_id=OTHER)
        for _ in range(2):
            clock.advance(minutes=2)
            await poll_calendar(world.copilot)

    assert store.alert(row.key).status == ACKNOWLEDGED and store.alert(row.key).acknowledged_by == OTHER
    shown = _shown(world, card)
    assert OTHER in shown, shown  # the card says who acknowledged it, as the store does
