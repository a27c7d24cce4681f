"""A DM, a fill card or a conflict card Slack refuses for good (``account_inactive``, ``channel_not_found``,
``not_in_channel``, ``is_archived``, ``msg_too_long`` …) is said once to staff (the ops channel; its managers by DM
when the ops channel is the one refusing), naming the staff member or the opening and Slack's code, never a guest,
and is not tried again at every check; a temporary failure is still retried (ops_notes.refused_for_good)."""

from __future__ import annotations

import logging

import pytest
from slack_sdk.errors import SlackApiError

from spa_copilot import fill
from spa_copilot.briefings import send_morning_briefings, send_prep_briefings
from spa_copilot.copilot import build_copilot
from spa_copilot.sandbox.world import SandboxWorld
from spa_copilot.scheduler import poll_calendar
from spa_copilot.store import Store
from tests.conftest import FakeClock, FlakySlack
from tests.fill_scene import Scene

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

ANA = "st_ana_reyes"


def refused(code: str) -> SlackApiError:
    return SlackApiError(code, {"ok": False, "error": code})


def told(world: SandboxWorld) -> list[str]:
    """Every message in the ops channel and in the managers' DMs."""
    texts = [m.text for m in world.slack.messages(world.settings.ops_channel)]
    for manager in world.copilot.settings.spa_manager_ids:
        texts += [m.text for m in world.slack.messages(manager)]
    return texts


def guests_of(world: SandboxWorld, staff_id: str) -> set[str]:
    """The first and last names of the guests booked with ``staff_id`` in the copilot's snapshot."""
    names: set[str] = set()
    for location in world.data.locations:
        for row in world.copilot.store.snapshot(location_id=location.id).values():
            if staff_id in row.staff_ids and (client := world.spa.clients.get(row.client_id)) is not None:
                names |= {client.first_name, client.last_name}
    return {name for name in names if name}


async def prep_checks(world: SandboxWorld, clock: FakeClock, count: int) -> None:
    for _ in range(count):
        await send_prep_briefings(world.copilot)
        clock.advance(seconds=300)


@pytest.mark.parametrize("code", ["account_inactive", "channel_not_found"])
async def test_prep_dms_to_an_account_slack_refuses_are_said_once_and_not_tried_at_every_check(
    world: SandboxWorld, flaky_slack: FlakySlack, clock: FakeClock, code: str, caplog: pytest.LogCaptureFixture
) -> None:
    await poll_calendar(world.copilot)
    ana = world.slack_id(ANA)
    flaky_slack.fail("chat_postMessage", refused(code), channel=ana)
    before = told(world)
    caplog.set_level(logging.WARNING)
    await prep_checks(world, clock, 1)
    tries = flaky_slack.calls["chat_postMessage"]
    await prep_checks(world, clock, 3)
    new = [t for t in told(world) if t not in before]
    assert len(new) == 1, new
    assert "Ana Reyes" in new[0] and code in new[0] and "prep DM" in new[0]
    assert "Slack account" in new[0], "what to do: a DM's conversation refused is the person's account"
    assert not any(name in new[0] for name in guests_of(world, ANA)), "never a guest's name"
    # held, and tried once more after TRY_AGAIN_AFTER (an account fixed meanwhile), not at every check (rev43c L1)
    assert flaky_slack.calls["chat_postMessage"] == tries + 1, "tried once more at 10 minutes, not at every check"
    warned = [r for r in caplog.records if r.levelno >= logging.WARNING and ana in r.getMessage()]
    assert 1 <= len(warned) <= 3, "one line per DM refused (she has two preps due), one at the try 10 minutes on"


async def test_prep_dms_slack_refuses_as_messages_are_each_said_once(
    world: SandboxWorld, flaky_slack: FlakySlack, clock: FakeClock
) -> None:
    """A refusal of the message itself (``msg_too_long``) is about that DM: each is said once, with its time."""
    await poll_calendar(world.copilot)
    ana = world.slack_id(ANA)
    flaky_slack.fail("chat_postMessage", refused("msg_too_long"), channel=ana)
    before = told(world)
    await prep_checks(world, clock, 1)
    first = [t for t in told(world) if t not in before]
    tries = flaky_slack.calls["chat_postMessage"]
    await prep_checks(world, clock, 3)
    assert [t for t in told(world) if t not in before] == first
    assert first and all("Ana Reyes" in t and "msg_too_long" in t for t in first)
    assert len({t.split("'s ", 1)[1].split(" prep DM")[0] for t in first}) == len(first), "each named by its time"
    assert flaky_slack.calls["chat_postMessage"] == tries + len(first), "each tried once more at 10 minutes, no more"


async def test_a_prep_dm_slack_cannot_take_for_now_is_retried_unreported_until_it_is_refused_for_good(
    world: SandboxWorld, flaky_slack: FlakySlack, clock: FakeClock
) -> None:
    await poll_calendar(world.copilot)
    ana = world.slack_id(ANA)
    flaky_slack.fail("chat_postMessage", refused("ratelimited"), channel=ana)
    before = told(world)
    await prep_checks(world, clock, 1)
    tries = flaky_slack.calls["chat_postMessage"]
    await prep_checks(world, clock, 1)
    assert flaky_slack.calls["chat_postMessage"] > tries, "a temporary failure is tried again at the next check"
    assert [t for t in told(world) if t not in before] == []
    flaky_slack.fail("chat_postMessage", refused("account_inactive"), channel=ana)
    await prep_checks(world, clock, 3)
    assert len([t for t in told(world) if t not in before]) == 1


async def test_a_morning_briefing_refused_for_good_is_said_once(world: SandboxWorld, flaky_slack: FlakySlack) -> None:
    ana = world.slack_id(ANA)
    flaky_slack.fail("chat_postMessage", refused("account_inactive"), channel=ana)
    before = told(world)
    first = await send_morning_briefings(world.copilot, "loc_soho")
    tries = flaky_slack.calls["chat_postMessage"]
    runs = [await send_morning_briefings(world.copilot, "loc_soho") for _ in range(2)]
    assert all(run.failed == [ANA] for run in [first, *runs]), "still not briefed: the run says so"
    new = [t for t in told(world) if t not in before]
    assert len(new) == 1 and "Ana Reyes" in new[0] and "morning briefing" in new[0], new
    assert flaky_slack.calls["chat_postMessage"] == tries


async def test_a_restart_tries_a_refused_dm_once_more_and_says_nothing_again(
    world: SandboxWorld, flaky_slack: FlakySlack, clock: FakeClock
) -> None:
    await poll_calendar(world.copilot)
    ana = world.slack_id(ANA)
    flaky_slack.fail("chat_postMessage", refused("account_inactive"), channel=ana)
    before = told(world)
    await prep_checks(world, clock, 2)
    tries = flaky_slack.calls["chat_postMessage"]
    store = Store.open(world.settings.spa_db_path)
    try:
        again = build_copilot(
            world.settings,
            platform=world.platform,
            store=store,
            slack_client=flaky_slack,
            clock=clock,
            ai=world.copilot.ai,
        )
        for _ in range(2):
            await send_prep_briefings(again)
            clock.advance(seconds=300)
    finally:
        store.close()
    assert flaky_slack.calls["chat_postMessage"] == tries + 1, "tried once more after the restart, then not"
    assert len([t for t in told(world) if t not in before]) == 1


@pytest.mark.parametrize("code", ["not_in_channel", "is_archived", "msg_too_long"])
async def test_a_fill_card_the_front_desk_refuses_for_good_is_told_to_each_manager_once(
    scene: Scene, clock: FakeClock, code: str, caplog: pytest.LogCaptureFixture
) -> None:
    """The ops channel is the front-desk channel here (no SPA_OPS_CHANNEL): it refuses the note too, so each
    manager hears of it by DM, once; the expiry runs that follow do not post the card again."""
    world = scene.world
    flaky = FlakySlack(world.copilot.slack)
    world.copilot.slack = flaky  # type: ignore[assignment]
    flaky.fail("chat_postMessage", refused(code), channel=world.settings.spa_front_desk_channel)
    managers = world.copilot.settings.spa_manager_ids
    before = {m: [x.text for x in world.slack.messages(m)] for m in managers}
    caplog.set_level(logging.WARNING)
    await scene.cancel()
    assert scene.proposal["status"] == "pending" and not scene.proposal.get("ts")
    tries = flaky.calls["chat_postMessage"]
    for _ in range(4):
        clock.advance(seconds=60)
        await fill.expire_offers(scene.copilot)
    assert flaky.calls["chat_postMessage"] == tries, "the card is not tried again at every expiry run"
    guests = {c.get("name") or c.get("first_name") for c in scene.proposal["candidates"]}
    for manager in managers:
        new = [x.text for x in world.slack.messages(manager) if x.text not in before[manager]]
        assert len(new) == 1 and "fill card" in new[0] and code in new[0], new
        assert not any(name and name in new[0] for name in guests), "never a guest's name"
    assert len([r for r in caplog.records if "could not post fill proposal" in r.getMessage()]) == 1


async def test_conflict_cards_the_front_desk_refuses_are_told_once_and_keep_their_cadence(
    world: SandboxWorld, flaky_slack: FlakySlack, clock: FakeClock
) -> None:
    """The archived channel refuses every card: staff hear of it once for the channel and the day, however many
    cards and checks; the alerts still try again at a check that runs for its own reasons (a full resync)."""
    flaky_slack.fail("chat_postMessage", refused("is_archived"), channel=world.settings.spa_front_desk_channel)
    managers = world.copilot.settings.spa_manager_ids
    before = {m: [x.text for x in world.slack.messages(m)] for m in managers}
    await poll_calendar(world.copilot)
    tries = flaky_slack.calls["chat_postMessage"]
    assert not world.copilot.store.alerts(location_id="loc_soho"), "nothing recorded as posted"
    clock.advance(minutes=1)
    await poll_calendar(world.copilot, full=True)
    assert flaky_slack.calls["chat_postMessage"] > tries, "the full resync tries the cards again"
    for manager in managers:
        new = [x.text for x in world.slack.messages(manager) if x.text not in before[manager]]
        assert len(new) == 1 and "is_archived" in new[0] and "#front-desk" in new[0], new
