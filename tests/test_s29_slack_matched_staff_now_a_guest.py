"""A therapist matched to the spa's staff whom Slack now calls a guest (or deactivated) handles no alert (5 December).

``may_handle_alerts`` let anyone matched to an active staff member click Acknowledge or Snooze 1h on a conflict card,
without asking Slack whether that user is still a full member of the workspace, while a listed front desk's id and a
manager's are asked (tests/test_s28_slack_front_desk_now_a_guest.py, tests/test_s23_manager_now_a_guest.py). Now a
matched staff member is asked the same way: refused when Slack says she is a guest or deactivated, standing when Slack
cannot say just now or refuses the question."""

from __future__ import annotations

import aiohttp
import pytest

from spa_copilot.alerts import may_handle_alerts
from spa_copilot.sandbox.slack_api import slack_user
from spa_copilot.sandbox.world import FRONT_DESK_USER, SandboxWorld
from spa_copilot.slack import blocks, ids
from spa_copilot.slack.blocks import escape
from spa_copilot.slack.roles import MembershipUnknown
from spa_copilot.slack.views_models import ConflictView


def _therapist(world: SandboxWorld) -> str:
    staff = next(s for s in world.data.staff if s.role == "therapist" and s.active)
    return world.slack_id(staff.id)


def _as_user(world: SandboxWorld, user_id: str, **flags: bool) -> None:
    """The stand-in Slack's ``users.info`` answer for the therapist (her email kept: she stays matched)."""
    known = world.slack.users[user_id]
    world.slack.users[user_id] = slack_user(
        user_id, name=known["name"], email=(known.get("profile") or {}).get("email"), team_id=world.slack.team_id,
        **flags,
    )
    world.copilot.roles._members.clear()


@pytest.fixture(params=[False, True], ids=["every-member", "allow-list"])
def desk(request: pytest.FixtureRequest, world: SandboxWorld) -> SandboxWorld:
    """The sandbox spa with and without a front-desk allow-list (either way a therapist's click needs her match)."""
    if request.param:
        world.copilot.roles._front_desk = frozenset({FRONT_DESK_USER})
    return world


@pytest.mark.parametrize("flag", ["is_restricted", "is_ultra_restricted", "deleted"])
async def test_a_matched_therapist_slack_calls_a_guest_or_deactivated_handles_no_alert(
    desk: SandboxWorld, flag: str
) -> None:
    world = desk
    therapist = _therapist(world)
    catalog = await world.copilot.catalog()
    assert await world.copilot.directory.staff_for(therapist, catalog.staff) is not None, "she is matched"
    _as_user(world, therapist, **{flag: True})

    assert not await may_handle_alerts(world.copilot, therapist)

    # and through the real app: her click on a card is answered with the polite refusal, nothing handled
    alert = blocks.conflict_alert_message(ConflictView("cf_guest", "doubleBookedStaff", "Clash"))
    card = world.slack.post_message("front-desk", alert.text, alert.blocks_as_dicts())
    assert (await world.sender.click(card, ids.ACK_CONFLICT, user_id=therapist)).status_code == 200
    await world.slack.wait_for(lambda s: bool(s.responses), timeout=20)
    answer = world.slack.responses[0]
    assert answer.response_type == "ephemeral"
    assert answer.text == escape(blocks.not_staff_message().text)


async def test_a_matched_therapist_who_is_a_full_member_still_handles_alerts_and_a_slack_outage_keeps_her(
    desk: SandboxWorld, monkeypatch: pytest.MonkeyPatch
) -> None:
    world = desk
    therapist = _therapist(world)
    _as_user(world, therapist)
    assert await may_handle_alerts(world.copilot, therapist)

    async def down(**_: object) -> object:
        raise aiohttp.ClientConnectionError("Slack is out of reach")

    roles = world.copilot.roles
    roles._members.clear()
    monkeypatch.setattr(roles._client, "users_info", down)
    assert await may_handle_alerts(world.copilot, therapist), "the match stands while Slack cannot be asked"
    if roles.front_desk_only:
        assert not await may_handle_alerts(world.copilot, "U0NOBODY01"), "nobody matched nor listed is refused"
    else:  # every full member is front desk: Slack cannot say whether this one is, so they are asked to try again
        with pytest.raises(MembershipUnknown):
            await may_handle_alerts(world.copilot, "U0NOBODY01")


@pytest.mark.parametrize("error", ["missing_scope", "user_not_found"])
async def test_a_slack_that_refuses_the_question_keeps_the_matched_therapist(
    desk: SandboxWorld, monkeypatch: pytest.MonkeyPatch, error: str
) -> None:
    from slack_sdk.errors import SlackApiError
    from slack_sdk.web.async_slack_response import AsyncSlackResponse

    world = desk
    therapist = _therapist(world)
    roles = world.copilot.roles
    roles._members.clear()

    async def refused(**_: object) -> object:
        response = AsyncSlackResponse(client=None, http_verb="POST", api_url="users.info", req_args={},
                                      data={"ok": False, "error": error}, headers={}, status_code=200)
        raise SlackApiError(error, response)

    monkeypatch.setattr(roles._client, "users_info", refused)
    assert await may_handle_alerts(world.copilot, therapist), "a setup error must not lock the therapists out"
