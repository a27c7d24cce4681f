"""``spa-copilot check`` asks about the same staff the briefings do: a therapist whose Slack user (mapped in
``SPA_STAFF_SLACK_IDS``) or email is also a front-desk or manager staff member's gets no briefings at run time (the
briefings match every active staff member, so a Slack user two of them reach is nobody's), and check now says so.
Before, check matched the therapists alone and said "all 11 therapists matched" while Ana's briefings stopped."""

from __future__ import annotations

from spa_copilot.briefings import send_morning_briefings
from spa_copilot.preflight import run_checks
from spa_copilot.sandbox.world import SandboxWorld
from spa_copilot.slack.directory import StaffDirectory

from .conftest import by_name


async def test_check_names_a_therapist_mapped_to_a_front_desk_colleagues_slack_user(world: SandboxWorld) -> None:
    leo = world.slack_id("st_leo_park")  # the SoHo front desk, matched by his own email
    assert leo
    mapping = {"st_ana_reyes": leo}
    settings = world.settings.model_copy(update={"spa_staff_slack_ids": mapping})

    # what run does: Ana's guests never go to Leo, and Ana gets no briefing
    world.copilot.directory = StaffDirectory(world.copilot.slack, world.copilot.store, mapping)
    run = await send_morning_briefings(world.copilot, "loc_soho")
    assert "st_ana_reyes" not in run.sent
    assert not [m for m in world.slack.messages(leo) if m.text.startswith("Briefing for")]

    # and check says so, before run
    staff = by_name(await run_checks(settings, platform=world.platform, slack=world.copilot.slack))["staff in Slack"]
    assert staff.status == "warning", staff
    assert "no briefings for Ana Reyes (st_ana_reyes)" in staff.detail, staff.detail
    assert "shares a Slack user or an email with another staff member" in staff.detail, staff.detail
    assert "Leo" not in staff.detail, "a front-desk colleague gets no briefings anyway: not named as missing them"


async def test_check_still_says_all_matched_when_nothing_is_shared(world: SandboxWorld) -> None:
    staff = by_name(await run_checks(world.settings, platform=world.platform, slack=world.copilot.slack))["staff in Slack"]
    assert staff.status == "ok" and staff.detail.startswith("all ") and "therapists matched" in staff.detail, staff
