"""``spa-copilot check``'s SPA_STAFF_SLACK_IDS warning groups the Slack users of active staff alone, as the briefings
match them: an old, no longer active profile left in the map beside the active one, both naming Ana's Slack user,
said "st_ana_reyes_old, st_ana_reyes name the same Slack user …, so none of them gets briefings" while the run briefed
Ana (an inactive or unknown id reaches nobody; it is reported on its own line)."""

from __future__ import annotations

from spa_copilot.briefings import send_morning_briefings
from spa_copilot.preflight import run_checks
from spa_copilot.sandbox.world import SandboxWorld
from spa_copilot.slack.directory import StaffDirectory

from .conftest import by_name


async def test_an_old_profile_beside_the_active_one_is_reported_alone(world: SandboxWorld) -> None:
    ana = world.slack_id("st_ana_reyes")
    mapping = {"st_ana_reyes_old": ana, "st_ana_reyes": ana}
    settings = world.settings.model_copy(update={"spa_staff_slack_ids": mapping})

    world.copilot.directory = StaffDirectory(world.copilot.slack, world.copilot.store, mapping)
    run = await send_morning_briefings(world.copilot, "loc_soho")
    assert "st_ana_reyes" in run.sent, run

    staff = by_name(await run_checks(settings, platform=world.platform, slack=world.copilot.slack))["staff in Slack"]
    assert staff.status == "warning", staff
    assert staff.detail == "SPA_STAFF_SLACK_IDS: st_ana_reyes_old is not an active staff member", staff.detail


async def test_two_active_staff_on_one_slack_user_are_still_named(world: SandboxWorld) -> None:
    ana = world.slack_id("st_ana_reyes")
    mapping = {"st_ana_reyes": ana, "st_sam_delgado": ana}
    settings = world.settings.model_copy(update={"spa_staff_slack_ids": mapping})
    staff = by_name(await run_checks(settings, platform=world.platform, slack=world.copilot.slack))["staff in Slack"]
    assert "st_ana_reyes, st_sam_delgado name the same Slack user" in staff.detail, staff.detail
