"""``spa-copilot check``: every Slack user id in SPA_MANAGER_IDS and SPA_FRONT_DESK_IDS is asked of Slack."""

from __future__ import annotations

from spa_copilot.preflight import EVERYONE_MAY_USE_SPA
from spa_copilot.sandbox.slack_api import BOT_USER_ID, slack_user
from spa_copilot.sandbox.world import FRONT_DESK_USER, SandboxWorld

from .conftest import checks_of


async def test_an_email_in_place_of_a_manager_id_fails_and_says_so(world: SandboxWorld) -> None:
    managers = (await checks_of(world, spa_manager_ids=["maya@juniper.example"]))["managers"]
    assert managers.status == "failed", managers
    assert "maya@juniper.example does not look like a Slack user id (U… or W…)" in managers.detail
    assert "Copy member ID" in managers.detail and "0 may approve" in managers.detail


async def test_a_manager_id_slack_does_not_know_fails_naming_it(world: SandboxWorld) -> None:
    good = world.settings.spa_manager_ids[0]
    managers = (await checks_of(world, spa_manager_ids=[good, "U0NOBODY01"]))["managers"]
    assert managers.status == "failed", managers
    assert "U0NOBODY01: Slack does not know that user (user_not_found" in managers.detail
    assert good not in managers.detail


async def test_a_bot_a_deactivated_or_a_guest_manager_fails(world: SandboxWorld) -> None:
    world.slack.users["U0GONE0001"] = slack_user("U0GONE0001", name="gone", real_name="Gone Person", deleted=True)
    world.slack.users["U0GUEST001"] = slack_user("U0GUEST001", name="guest", real_name="Gus Guest", is_restricted=True)
    managers = (await checks_of(world, spa_manager_ids=[BOT_USER_ID, "U0GONE0001", "U0GUEST001"]))["managers"]
    assert managers.status == "failed", managers
    assert f"{BOT_USER_ID} (Spa Copilot) is a bot" in managers.detail
    assert "U0GONE0001 (Gone Person) is deactivated" in managers.detail
    assert "U0GUEST001 (Gus Guest) is a guest account" in managers.detail


async def test_the_front_desk_ids_are_asked_too_and_only_warn(world: SandboxWorld) -> None:
    checks = await checks_of(world)
    # not set: every full member may use /spa, said so (privacy review: who can read a client's card)
    assert checks["front desk"].status == "ok" and checks["front desk"].detail == EVERYONE_MAY_USE_SPA
    checks = await checks_of(world, spa_front_desk_ids=[FRONT_DESK_USER])
    assert checks["front desk"].status == "ok" and checks["front desk"].detail.startswith("1 may use /spa")
    checks = await checks_of(world, spa_front_desk_ids=[FRONT_DESK_USER, "U0TYPO0001", "frankie"])
    desk = checks["front desk"]
    assert desk.status == "warning", desk
    assert "U0TYPO0001: Slack does not know that user" in desk.detail
    assert "frankie does not look like a Slack user id" in desk.detail
    assert checks["managers"].status == "ok"


async def test_a_manager_from_another_workspace_fails_as_the_copilot_would_refuse_them(world: SandboxWorld) -> None:
    world.slack.users["U0PARTNER1"] = slack_user("U0PARTNER1", name="partner", real_name="Pat Partner", team_id="T0OTHERORG")
    managers = (await checks_of(world, spa_manager_ids=["U0PARTNER1"]))["managers"]
    assert managers.status == "failed", managers
    assert "U0PARTNER1 (Pat Partner) is not a member of this workspace" in managers.detail
