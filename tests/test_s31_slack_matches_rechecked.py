"""A match Slack confirmed is looked up again by the morning run, and believed for an hour, not a day (5 December).

A therapist deactivated or made a guest account at 9am kept getting her guests' details until the next day: the
directory believed a confirmed match for a day, and the morning run looked only remembered "not found"s up again.
Now the morning run looks every remembered answer up again (one lookup per staff member per morning: a match
confirmed minutes before it stands), and a match is believed for an hour (``MATCH_TTL``), so the prep DMs stop
within the hour too."""

from __future__ import annotations

import json

from spa_copilot.briefings import send_morning_briefings
from spa_copilot.sandbox.world import SandboxWorld
from spa_copilot.slack.directory import MORNING_RECHECK_AFTER, StaffDirectory
from tests.conftest import FakeClock, FlakySlack

THERAPIST = "st_ana_reyes"  # booked at SoHo on the scenario's day


def _deactivate(world: SandboxWorld, staff_id: str) -> str:
    user_id = world.slack_id(staff_id)
    world.slack.users[user_id] = {**world.slack.users[user_id], "deleted": True}
    return user_id


async def _ana(world: SandboxWorld):  # type: ignore[no-untyped-def]
    catalog = await world.copilot.catalog()
    return catalog, next(s for s in catalog.staff if s.id == THERAPIST)


async def test_the_morning_run_looks_a_remembered_match_up_again(world: SandboxWorld, clock: FakeClock) -> None:
    catalog, ana = await _ana(world)
    assert await world.copilot.directory.slack_id(ana, now=clock()) == world.slack_id(THERAPIST)
    clock.advance(minutes=30)  # the prep check confirmed her half an hour before the morning run
    user_id = _deactivate(world, THERAPIST)
    run = await send_morning_briefings(world.copilot, "loc_soho")
    assert THERAPIST not in run.sent and THERAPIST in run.unmatched, run
    assert [m.text + json.dumps(m.blocks) for m in world.slack.messages(user_id)] == []


async def test_a_confirmed_match_is_believed_for_an_hour(world: SandboxWorld, clock: FakeClock) -> None:
    catalog, ana = await _ana(world)
    directory = world.copilot.directory
    assert (await directory.matches(catalog.staff, now=clock()))[THERAPIST].user_id == world.slack_id(THERAPIST)
    _deactivate(world, THERAPIST)  # at 9am, say
    clock.advance(minutes=50)
    assert (await directory.matches(catalog.staff, now=clock()))[THERAPIST].user_id is not None, "within the hour"
    clock.advance(minutes=11)
    assert (await directory.matches(catalog.staff, now=clock()))[THERAPIST].user_id is None, "not until tomorrow"


async def test_one_lookup_per_staff_member_per_morning(
    world: SandboxWorld, clock: FakeClock
) -> None:
    flaky = FlakySlack(world.copilot.slack)
    directory = StaffDirectory(flaky, world.copilot.store, {})  # type: ignore[arg-type]
    catalog, _ = await _ana(world)
    with_email = [s for s in catalog.staff if s.active and s.email]
    first = await directory.matches(catalog.staff, now=clock())
    assert flaky.calls["users_lookupByEmail"] == len(with_email)
    not_found = sum(1 for s in with_email if first[s.id].user_id is None and not first[s.id].shared)

    clock.advance(minutes=40)  # the morning run: every answer looked up again, matches too
    await directory.matches(catalog.staff, now=clock(), recheck=True)
    assert flaky.calls["users_lookupByEmail"] == 2 * len(with_email)
    clock.advance(minutes=MORNING_RECHECK_AFTER.total_seconds() / 60 - 5)  # its retry (or another location's run)
    await directory.matches(catalog.staff, now=clock(), recheck=True)
    assert flaky.calls["users_lookupByEmail"] == 2 * len(with_email) + not_found, "matches confirmed minutes ago stand"
