"""An entry of ``SPA_STAFF_SLACK_IDS`` is asked about as an email's match is (5 December).

The override map was trusted at run time without asking Slack: a therapist mapped to a Slack user who had since been
deactivated, made a guest account, or who was a bot kept receiving her guests' allergies and notes in her morning and
pre-appointment DMs (``spa-copilot check`` looked; the running copilot did not). Now the directory asks Slack
(``users.info``) about the mapped user, remembers the answer as it remembers an email's (a full member for ``ttl``, a
flagged user as "not found" for an hour), and a Slack that cannot be asked just now keeps the last answer that allowed
her (none known: "could not check", tried again by the next run, never a crash)."""

from __future__ import annotations

import json
from datetime import timedelta

import aiohttp
import pytest

from spa_copilot.briefings import send_morning_briefings
from spa_copilot.sandbox.slack_api import slack_user
from spa_copilot.sandbox.world import SandboxWorld
from spa_copilot.slack.directory import NOT_FOUND_TTL, StaffDirectory
from tests.conftest import FakeClock, FlakySlack

THERAPIST = "st_ana_reyes"  # booked at SoHo on the scenario's day
MAPPED = "U0ANAWORK1"  # her Slack user, whose email is not her Mangomint one: hence the mapping


def _map(world: SandboxWorld, **flags: bool) -> FlakySlack:
    """Ana mapped to ``MAPPED`` (a user of the stand-in workspace, flagged as told); the directory's Slack client,
    wrapped so a test can make ``users.info`` fail and count its calls."""
    world.slack.users[MAPPED] = slack_user(MAPPED, name="ana.work", email="ana.work@elsewhere.example",
                                           team_id=world.slack.team_id, **flags)
    flaky = FlakySlack(world.copilot.slack)
    world.copilot.directory = StaffDirectory(flaky, world.copilot.store, {THERAPIST: MAPPED})  # type: ignore[arg-type]
    return flaky


def _dms(world: SandboxWorld, user_id: str) -> list[str]:
    return [m.text + json.dumps(m.blocks) for m in world.slack.messages(user_id)]


@pytest.mark.parametrize("flag", ["deleted", "is_restricted", "is_ultra_restricted", "is_bot"])
async def test_a_mapped_user_slack_flags_gets_no_briefing_and_the_managers_are_told(
    world: SandboxWorld, flag: str
) -> None:
    flaky = _map(world, **{flag: True})
    run = await send_morning_briefings(world.copilot, "loc_soho")
    assert THERAPIST not in run.sent and run.unmatched == [THERAPIST], run
    assert _dms(world, MAPPED) == [], "nothing of her guests reaches that account"
    assert flaky.calls["users_info"] == 1
    catalog = await world.copilot.catalog()
    assert await world.copilot.directory.staff_for(MAPPED, catalog.staff) is None, "no staff rights through it"
    manager = world.copilot.settings.spa_manager_ids[0]
    assert any("Ana Reyes" in m.text for m in world.slack.messages(manager)), "named as unmatched"


async def test_a_mapped_full_member_is_briefed_and_the_answer_is_remembered(
    world: SandboxWorld, clock: FakeClock
) -> None:
    flaky = _map(world)
    run = await send_morning_briefings(world.copilot, "loc_soho")
    assert THERAPIST in run.sent and _dms(world, MAPPED)
    catalog = await world.copilot.catalog()
    clock.advance(minutes=20)  # the prep check, later that morning
    assert (await world.copilot.directory.matches(catalog.staff, now=clock()))[THERAPIST].user_id == MAPPED
    assert flaky.calls["users_info"] == 1, "asked once, then remembered"


async def test_deactivated_after_she_was_confirmed_she_is_dropped_once_the_answer_is_due_again(
    world: SandboxWorld, clock: FakeClock
) -> None:
    _map(world)
    catalog = await world.copilot.catalog()
    anas = [s for s in catalog.staff if s.id == THERAPIST]
    assert (await world.copilot.directory.match(anas[0], now=clock())).user_id == MAPPED
    world.slack.users[MAPPED] = {**world.slack.users[MAPPED], "deleted": True}
    later = clock() + world.copilot.directory._ttl + timedelta(minutes=1)  # noqa: SLF001
    assert (await world.copilot.directory.match(anas[0], now=later)).user_id is None
    world.slack.users[MAPPED] = {**world.slack.users[MAPPED], "deleted": False}  # reactivated: back within the hour
    back = later + NOT_FOUND_TTL + timedelta(minutes=1)
    assert (await world.copilot.directory.match(anas[0], now=back)).user_id == MAPPED


async def test_a_slack_failure_keeps_the_last_answer_that_allowed_her_and_crashes_nothing(
    world: SandboxWorld, clock: FakeClock
) -> None:
    flaky = _map(world)
    catalog = await world.copilot.catalog()
    [ana] = [s for s in catalog.staff if s.id == THERAPIST]
    flaky.fail("users_info", aiohttp.ClientConnectionError("reset by peer"))
    unknown = await world.copilot.directory.match(ana, now=clock())
    assert unknown.user_id is None and not unknown.checked, "nothing known: could not check, not 'not found'"
    run = await send_morning_briefings(world.copilot, "loc_soho")
    assert THERAPIST in run.failed and THERAPIST not in run.unmatched and _dms(world, MAPPED) == []

    flaky.heal()
    assert (await world.copilot.directory.match(ana, now=clock())).user_id == MAPPED
    flaky.fail("users_info", aiohttp.ClientConnectionError("reset by peer"))
    stale = clock() + timedelta(days=2)
    assert (await world.copilot.directory.match(ana, now=stale)).user_id == MAPPED, "the last answer stands"


async def test_a_mapped_user_slack_does_not_know_is_no_match(world: SandboxWorld) -> None:
    _map(world)
    del world.slack.users[MAPPED]
    run = await send_morning_briefings(world.copilot, "loc_soho")
    assert run.unmatched == [THERAPIST] and not run.failed


async def test_while_slack_cannot_confirm_her_mapping_a_colleague_whose_email_is_that_user_is_not_matched_alone(
    world: SandboxWorld,
) -> None:
    sam_user = world.slack_id("st_sam_delgado")  # Sam's own email reaches this user; the map says it is Ana's
    flaky = FlakySlack(world.copilot.slack)
    world.copilot.directory = StaffDirectory(flaky, world.copilot.store, {THERAPIST: sam_user})  # type: ignore[arg-type]
    flaky.fail("users_info", aiohttp.ClientConnectionError("reset by peer"))
    catalog = await world.copilot.catalog()
    found = await world.copilot.directory.matches(catalog.staff)
    assert found["st_sam_delgado"].user_id is None, "Ana's mapping claims that user: neither's while in doubt"
    assert found[THERAPIST].user_id is None
