"""The spa system down before any poll: the status is not "in sync" (a review of the Slack face, rev30a P8).

With no location read and no poll made, the App Home and ``/spa status`` said "🟢 in sync · last poll never"."""

from __future__ import annotations

import json

from spa_copilot import scheduler
from spa_copilot.sandbox.faults import FaultConfig
from spa_copilot.sandbox.world import FRONT_DESK_USER, SandboxWorld
from spa_copilot.slack.home import home_view_for
from spa_copilot.slack.listeners.commands import answer_command

UNREAD = "not synced: no calendar poll yet, and the spa system could not be read just now"


def _down(world: SandboxWorld) -> None:
    world.spa.faults.configure(FaultConfig(error_rate=1.0))
    world.copilot.platform._max_retries = 0
    world.copilot.catalog_ttl_seconds = 0


async def test_down_since_the_start_says_not_synced(world: SandboxWorld) -> None:
    _down(world)
    for user in (world.manager_id, FRONT_DESK_USER):
        status = json.dumps((await answer_command(world.copilot, text="status", user_id=user)).to_kwargs(), ensure_ascii=False)
        home = json.dumps((await home_view_for(world.copilot, user)).to_dict(), ensure_ascii=False)
        for shown in (status, home):
            assert UNREAD in shown, shown
            assert "in sync" not in shown.replace("not synced", "") and ":large_green_circle:" not in shown


async def test_a_poll_made_before_the_spa_system_went_down_stands(world: SandboxWorld) -> None:
    await scheduler.poll_calendar(world.copilot)
    _down(world)
    status = json.dumps((await answer_command(world.copilot, text="status", user_id=FRONT_DESK_USER)).to_kwargs())
    assert "in sync" in status and "not synced" not in status, status
