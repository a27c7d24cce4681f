"""Conflict alerts when Slack refuses a card for good (deleted, too old to edit, the channel archived or gone):
the alert's state is settled once and no later poll tries again; a temporary failure is still retried."""

from __future__ import annotations

import pytest

from spa_copilot import alerts
from spa_copilot.sandbox.world import FRONT_DESK_USER, SandboxWorld
from spa_copilot.scheduler import poll_calendar
from spa_copilot.store.db import AlertRow

from .conftest import FakeClock, FlakySlack
from .test_alerts import shifted, slack_error

#: Slack's answers to a call on a card: refused for good, or worth another try (``is_temporary``)
FOR_GOOD = ["message_not_found", "cant_update_message", "is_archived", "channel_not_found", "not_in_channel"]
TEMPORARY = ["fatal_error", "service_unavailable"]


class Refusing(FlakySlack):
    """The copilot's Slack client, counting each method's calls, with chosen methods refused with an error code."""

    def refuse(self, method: str, error: str) -> None:
        self.fail(method, slack_error(error))


@pytest.fixture
def slack(world: SandboxWorld) -> Refusing:
    refusing = Refusing(world.copilot.slack)
    world.copilot.slack = refusing  # type: ignore[assignment]
    return refusing


def first_card(world: SandboxWorld) -> AlertRow:
    return next(r for r in world.copilot.store.alerts(location_id="loc_soho") if r.status == alerts.OPEN and not r.grouped)


async def quiet_polls(world: SandboxWorld, clock: FakeClock, count: int = 5) -> None:
    for _ in range(count):
        clock.advance(minutes=1)
        await poll_calendar(world.copilot)


@pytest.mark.parametrize("error", FOR_GOOD + TEMPORARY)
async def test_a_resolved_conflict_whose_card_slack_will_not_redraw_is_settled_once_unless_it_may_pass(
    world: SandboxWorld, clock: FakeClock, slack: Refusing, error: str
) -> None:
    await poll_calendar(world.copilot)
    row = first_card(world)
    posts = slack.calls["chat_postMessage"]
    slack.refuse("chat_update", error)
    await world.admin("POST", f"/sandbox/appointments/{row.view['appointmentIds'][0]}/cancel", json={})  # type: ignore[index]
    clock.advance(minutes=1)
    updates = slack.calls["chat_update"]
    await poll_calendar(world.copilot)
    assert slack.calls["chat_update"] == updates + 1
    await quiet_polls(world, clock)
    after = world.copilot.store.alert(row.key)
    assert after is not None
    if error in TEMPORARY:  # Slack may take it later: every check tries again until it does
        assert after.status == alerts.OPEN and slack.calls["chat_update"] == updates + 6
        return
    assert after.status == alerts.RESOLVED and after.handled_at is not None
    assert slack.calls["chat_update"] == updates + 1, "not tried again"
    assert slack.calls["chat_postMessage"] == posts, "a card Slack lost is not re-posted for a conflict that is gone"


async def test_a_deleted_card_of_a_changed_conflict_is_not_re_posted(world: SandboxWorld, clock: FakeClock) -> None:
    await poll_calendar(world.copilot)
    row = first_card(world)
    world.slack.message(row.channel, row.ts).deleted = True  # type: ignore[arg-type,union-attr]  # an admin tidied the channel
    before = world.copilot.store.alert(row.key)
    appointment = world.spa.appointments[row.view["appointmentIds"][0]]  # type: ignore[index]
    clock.advance(minutes=1)
    world.spa.put_appointment(shifted(appointment, -10, at=clock()))
    posts = len(world.slack.calls_to("chat.postMessage"))
    await poll_calendar(world.copilot)
    updates = len(world.slack.calls_to("chat.update"))
    await quiet_polls(world, clock)
    after = world.copilot.store.alert(row.key)
    assert after is not None and before is not None
    assert after.fingerprint != before.fingerprint, "the alert follows the changed conflict"
    assert after.status == alerts.OPEN and after.ts == row.ts
    assert len(world.slack.calls_to("chat.update")) == updates and len(world.slack.calls_to("chat.postMessage")) == posts


async def test_an_alert_of_a_day_gone_by_expires_once_when_its_card_is_gone(
    world: SandboxWorld, clock: FakeClock, slack: Refusing
) -> None:
    await poll_calendar(world.copilot)
    row = first_card(world)
    slack.refuse("chat_update", "message_not_found")
    clock.advance(days=3)
    await poll_calendar(world.copilot, full=True)
    updates = slack.calls["chat_update"]
    await quiet_polls(world, clock)
    after = world.copilot.store.alert(row.key)
    assert after is not None and after.status == alerts.EXPIRED
    assert slack.calls["chat_update"] == updates


async def test_cards_an_archived_front_desk_channel_refuses_wait_for_the_next_check_not_every_poll(
    world: SandboxWorld, clock: FakeClock, slack: Refusing
) -> None:
    slack.refuse("chat_postMessage", "is_archived")
    await poll_calendar(world.copilot)
    attempts = slack.calls["chat_postMessage"]
    assert attempts and not world.copilot.store.alerts(location_id="loc_soho"), "nothing recorded as posted"
    await quiet_polls(world, clock)
    assert slack.calls["chat_postMessage"] == attempts, "no post at every poll"
    slack.heal()  # the channel is unarchived; the next full resync checks again
    await poll_calendar(world.copilot, full=True)
    assert first_card(world).ts


async def test_a_snooze_ending_while_the_channel_refuses_new_cards_leaves_the_alert_open_on_its_card(
    world: SandboxWorld, clock: FakeClock, slack: Refusing
) -> None:
    await poll_calendar(world.copilot)
    row = first_card(world)
    await alerts.snooze_alert(world.copilot, row.key, user_id=FRONT_DESK_USER)
    slack.refuse("chat_postMessage", "not_in_channel")
    posts = slack.calls["chat_postMessage"]
    clock.advance(minutes=61)
    await poll_calendar(world.copilot)
    tried = slack.calls["chat_postMessage"]
    assert tried > posts  # the fresh card (and the tries to tell staff it could not go: ops_notes)
    after = world.copilot.store.alert(row.key)
    assert after is not None and after.status == alerts.OPEN and after.snoozed_until is None and after.ts == row.ts
    await quiet_polls(world, clock)
    assert slack.calls["chat_postMessage"] == tried, "an ended snooze does not bring a check at every poll"
