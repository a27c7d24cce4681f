"""A Slack guest or deactivated account whose email is a therapist's sees and does nothing only staff may (5 December).

An audit of the places that trust a staff member matched to a Slack user (after e7bbdc5, which asks Slack about a
matched therapist before she handles an alert): the App Home and ``/spa`` already ask Slack about the user herself
(``Roles.may_use_commands``: a guest or deactivated account gets the polite line, with or without an allow-list), and
the tests below keep it so. What did not ask was the match itself: ``users.lookupByEmail`` answers with a guest or a
deactivated user as readily as with a colleague, and the directory took that user as the therapist, so the morning
and pre-appointment DMs, with her guests' allergies and conditions, went to the guest account. Now a user Slack flags
so is no match (remembered as not found: looked up again within the hour), as with no Slack user at all."""

from __future__ import annotations

import json

import pytest

from spa_copilot.briefings import send_morning_briefings
from spa_copilot.sandbox.slack_api import slack_user
from spa_copilot.sandbox.world import FRONT_DESK_USER, SandboxWorld
from spa_copilot.slack import texts
from spa_copilot.slack.blocks import escape
from spa_copilot.slack.home import home_view_for
from spa_copilot.slack.listeners.commands import answer_command

THERAPIST = "st_ana_reyes"  # booked at SoHo on the scenario's day
FLAGS = ["is_restricted", "is_ultra_restricted", "deleted"]


def _flag(world: SandboxWorld, staff_id: str, **flags: bool) -> str:
    """The stand-in Slack's user for the staff member, her email kept (so ``users.lookupByEmail`` finds her)."""
    user_id = world.slack_id(staff_id)
    known = world.slack.users[user_id]
    world.slack.users[user_id] = slack_user(
        user_id, name=known["name"], email=(known.get("profile") or {}).get("email"), team_id=world.slack.team_id,
        **flags,
    )
    world.copilot.roles._members.clear()
    return user_id


def _dms(world: SandboxWorld, user_id: str) -> list[str]:
    return [m.text + json.dumps(m.blocks) for m in world.slack.messages(user_id)]


@pytest.mark.parametrize("flag", FLAGS)
async def test_her_morning_briefing_does_not_go_to_a_guest_or_deactivated_account(world: SandboxWorld, flag: str) -> None:
    user_id = _flag(world, THERAPIST, **{flag: True})
    catalog = await world.copilot.catalog()
    assert await world.copilot.directory.staff_for(user_id, catalog.staff) is None, "no match"
    run = await send_morning_briefings(world.copilot, "loc_soho")
    assert THERAPIST not in run.sent
    assert _dms(world, user_id) == [], "nothing of her guests reaches the guest account"


async def test_made_a_full_member_again_she_is_matched_by_the_next_morning_run(world: SandboxWorld) -> None:
    user_id = _flag(world, THERAPIST, is_restricted=True)
    catalog = await world.copilot.catalog()
    assert await world.copilot.directory.staff_for(user_id, catalog.staff) is None
    _flag(world, THERAPIST)  # a full member again: the morning run looks a remembered "not found" up again
    run = await send_morning_briefings(world.copilot, "loc_soho")
    assert THERAPIST in run.sent and _dms(world, user_id)


@pytest.mark.parametrize("allow_list", [False, True], ids=["every-member", "allow-list-naming-her"])
@pytest.mark.parametrize("flag", FLAGS)
async def test_her_app_home_and_spa_say_only_the_polite_line(world: SandboxWorld, flag: str, allow_list: bool) -> None:
    catalog = await world.copilot.catalog()
    user_id = world.slack_id(THERAPIST)
    assert await world.copilot.directory.staff_for(user_id, catalog.staff) is not None, "matched while a full member"
    if allow_list:
        world.copilot.roles._front_desk = frozenset({FRONT_DESK_USER, user_id})
    _flag(world, THERAPIST, **{flag: True})
    home = json.dumps((await home_view_for(world.copilot, user_id)).to_dict())
    assert escape(texts.HOME_NOT_ALLOWED_TEXT) in home and "Swedish" not in home and "Hot Stone" not in home
    for typed in ("today", f"today <@{user_id}>", "brief Ana", "risk", "client Ava", "status"):
        answer = (await answer_command(world.copilot, text=typed, user_id=user_id)).to_kwargs()["text"]
        assert answer in (escape(texts.NOT_STAFF_TEXT), escape(texts.FRONT_DESK_ONLY_TEXT)), answer[:200]
