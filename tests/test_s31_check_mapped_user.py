"""`spa-copilot check` and a SPA_STAFF_SLACK_IDS entry naming a Slack user who is no full member (session 31).

Since 6d3e4b0 the copilot refuses such a mapping at run time (no DM of her guests to a deactivated or guest account);
`check` only asked whether Slack knew the user, and then listed her as unmatched with "map them in
SPA_STAFF_SLACK_IDS", where she is. It now names the mapping and why it reaches nobody."""

from __future__ import annotations

import pytest

from spa_copilot.preflight import run_checks
from spa_copilot.sandbox.slack_api import slack_user
from spa_copilot.sandbox.world import SandboxWorld
from tests.conftest import by_name


@pytest.mark.parametrize("flag, said", [("deleted", "is deactivated"), ("is_restricted", "is a guest account")])
async def test_a_mapping_to_a_user_who_is_no_full_member_is_named(world: SandboxWorld, flag: str, said: str) -> None:
    world.slack.users["U0ANAWORK1"] = slack_user("U0ANAWORK1", name="ana.work", email="ana.work@elsewhere.example",
                                                 team_id=world.slack.team_id, **{flag: True})
    settings = world.settings.model_copy(update={"spa_staff_slack_ids": {"st_ana_reyes": "U0ANAWORK1"}})
    checks = by_name(await run_checks(settings, platform=world.platform, slack=world.copilot.slack))
    staff = checks["staff in Slack"]
    assert staff.status == "warning", staff
    assert f"st_ana_reyes=U0ANAWORK1: that Slack user {said}" in staff.detail, staff.detail
    assert "map them in SPA_STAFF_SLACK_IDS" not in staff.detail, staff.detail
