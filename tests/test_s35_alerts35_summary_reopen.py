"""A burst summary whose acknowledged clash changes opens it again, and, as a card that opens again does
(``REOPENED_TEXT``), tells whoever acknowledged it in the summary's thread: an edit notifies nobody. Once per change,
not at a pass where nothing changed."""

from __future__ import annotations

import json
from typing import Any

from spa_copilot.alerts import SUMMARY_REOPENED_TEXT
from spa_copilot.sandbox.world import SandboxWorld
from spa_copilot.scheduler import poll_calendar
from spa_copilot.slack import ids
from spa_copilot.slack.listeners import alert_actions

from .conftest import FakeClock
from .test_alerts import shifted


def _summaries(world: SandboxWorld) -> list[Any]:
    return [m for m in world.slack.messages(world.settings.spa_front_desk_channel) if "conflicts on" in m.text]


def _members(world: SandboxWorld, summary: Any) -> list[Any]:
    store = world.copilot.store
    return [row for loc in ("loc_soho", "loc_venice") for row in store.alerts(location_id=loc) if row.ts == summary.ts]


async def test_a_summary_whose_acknowledged_clash_changed_tells_whoever_acknowledged_it(
    world: SandboxWorld, clock: FakeClock
) -> None:
    alert_actions.register(world.bolt, world.copilot)
    world.copilot.settings = world.copilot.settings.model_copy(update={"alert_burst_threshold": 2})
    await poll_calendar(world.copilot)
    summary = next(m for m in _summaries(world) if "ap_p01" in json.dumps([r.view for r in _members(world, m)]))
    therapist = world.slack_id("st_ana_reyes")
    assert (await world.sender.click(summary, ids.ACK_CONFLICT_SUMMARY, user_id=therapist)).status_code == 200
    await world.slack.wait_for(lambda s: bool(s.message(summary.channel, summary.ts).edited), timeout=10)  # type: ignore[union-attr]
    assert all(row.status == "acknowledged" for row in _members(world, summary))
    assert world.slack.thread(summary.channel, summary.ts) == []

    clock.advance(minutes=1)
    world.spa.put_appointment(shifted(world.spa.appointments["ap_p02"], -10, at=clock()))
    await poll_calendar(world.copilot)
    changed = next(r for r in _members(world, summary) if "ap_p02" in r.view["appointmentIds"])  # type: ignore[index]
    assert changed.status == "open"
    told = [m.text for m in world.slack.thread(summary.channel, summary.ts)]
    assert told == [SUMMARY_REOPENED_TEXT.format(user=therapist)]
    assert "<@" in told[0] and "ap_" not in told[0]  # a mention, no id

    clock.advance(minutes=1)
    await poll_calendar(world.copilot, full=True)  # nothing changed since: nobody told again
    assert [m.text for m in world.slack.thread(summary.channel, summary.ts)] == told
