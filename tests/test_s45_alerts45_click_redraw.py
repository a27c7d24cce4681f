"""A click (Acknowledge, Snooze, a summary's "Acknowledge all") whose card update Slack failed for now: the
location's next check redraws the card from the alert's stored row, as the click would have; one Slack refused
for good is not tried again."""

from __future__ import annotations

import json

from spa_copilot.alerts import ACKNOWLEDGED, SNOOZED
from spa_copilot.sandbox.world import FRONT_DESK_USER
from spa_copilot.scheduler import poll_calendar
from spa_copilot.slack import ids
from spa_copilot.slack.listeners import alert_actions
from tests.conftest import FlakySlack
from tests.fill_scene import eventually
from tests.test_alerts import card_for, front_desk, slack_error
from tests.test_alerts_s17_over_and_acknowledge_all import _summaries


def _shown(world, message) -> str:  # type: ignore[no-untyped-def]
    return json.dumps(world.slack.message(message.channel, message.ts).blocks)


def _alert_of(world, message):  # type: ignore[no-untyped-def]
    store = world.copilot.store
    return next(
        row for loc in ("loc_soho", "loc_venice") for row in store.alerts(location_id=loc) if row.ts == message.ts
    )


async def _click_while_slack_fails(world, flaky_slack: FlakySlack, message, action: str, error) -> None:  # type: ignore[no-untyped-def]
    store, updates = world.copilot.store, flaky_slack.calls["chat_update"]
    flaky_slack.fail("chat_update", error)
    await world.sender.click(message, action, user_id=FRONT_DESK_USER)
    await eventually(lambda: any(e.subject_id == _alert_of(world, message).key for e in store.recent_audit(50)))
    await eventually(lambda: flaky_slack.calls["chat_update"] > updates)
    flaky_slack.heal()


async def _polls(world, clock, n: int = 2) -> None:  # type: ignore[no-untyped-def]
    for _ in range(n):
        clock.advance(minutes=2)
        await poll_calendar(world.copilot)


async def test_acknowledge_whose_card_update_was_rate_limited_is_redrawn_by_the_next_poll(
    world, clock, flaky_slack: FlakySlack
):
    alert_actions.register(world.bolt, world.copilot)
    await poll_calendar(world.copilot)
    card = card_for(world, "ap_p03")
    cards = len(front_desk(world))
    await _click_while_slack_fails(world, flaky_slack, card, ids.ACK_CONFLICT, slack_error("ratelimited", status=429))
    assert ids.ACK_CONFLICT in _shown(world, card)  # Slack took nothing yet

    await _polls(world, clock)

    assert ids.ACK_CONFLICT not in _shown(world, card)
    assert len(front_desk(world)) == cards  # redrawn in place, no new card
    assert _alert_of(world, card).status == ACKNOWLEDGED
    updates = flaky_slack.calls["chat_update"]
    await _polls(world, clock)
    assert flaky_slack.calls["chat_update"] == updates  # the mark was released once Slack took it


async def test_snooze_whose_card_update_failed_for_a_server_error_is_redrawn(world, clock, flaky_slack: FlakySlack):
    alert_actions.register(world.bolt, world.copilot)
    await poll_calendar(world.copilot)
    card = card_for(world, "ap_p03")
    await _click_while_slack_fails(
        world, flaky_slack, card, ids.SNOOZE_CONFLICT, slack_error("internal_error", status=500)
    )
    assert ids.SNOOZE_CONFLICT in _shown(world, card)

    await _polls(world, clock)

    assert ids.SNOOZE_CONFLICT not in _shown(world, card)
    assert _alert_of(world, card).status == SNOOZED


async def test_a_card_slack_refused_for_good_is_not_tried_again_while_one_failed_for_now_is(
    world, clock, flaky_slack: FlakySlack
):
    alert_actions.register(world.bolt, world.copilot)
    await poll_calendar(world.copilot)
    gone, limited = card_for(world, "ap_p01"), card_for(world, "ap_p03")
    assert gone.ts != limited.ts
    await _click_while_slack_fails(world, flaky_slack, gone, ids.ACK_CONFLICT, slack_error("message_not_found"))
    await _click_while_slack_fails(
        world, flaky_slack, limited, ids.ACK_CONFLICT, slack_error("ratelimited", status=429)
    )

    await _polls(world, clock)

    redrawn = [call.params.get("ts") for call in world.slack.calls_to("chat.update")]
    assert limited.ts in redrawn and ids.ACK_CONFLICT not in _shown(world, limited)
    assert gone.ts not in redrawn  # refused for good: left as it is
    assert _alert_of(world, gone).status == ACKNOWLEDGED


async def test_acknowledge_all_whose_summary_update_was_rate_limited_is_redrawn(world, clock, flaky_slack: FlakySlack):
    alert_actions.register(world.bolt, world.copilot)
    world.copilot.settings = world.copilot.settings.model_copy(update={"alert_burst_threshold": 2})
    await poll_calendar(world.copilot)
    summary = _summaries(world)[0]
    cards = len(front_desk(world))
    await _click_while_slack_fails(
        world, flaky_slack, summary, ids.ACK_CONFLICT_SUMMARY, slack_error("ratelimited", status=429)
    )
    assert ids.ACK_CONFLICT_SUMMARY in _shown(world, summary)

    await _polls(world, clock)

    assert ids.ACK_CONFLICT_SUMMARY not in _shown(world, summary)
    assert len(front_desk(world)) == cards
