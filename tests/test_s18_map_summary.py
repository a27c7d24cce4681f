"""A conflict burst summary: acknowledged with "Acknowledge all", it keeps "Acknowledged by …" when its day expires
(the redraw without the button had no location, so it dropped that line), and the command it names asks for the day
as staff type it: ``/spa conflicts today`` for the location's today, the weekday (``wed``) for the day after, the
date otherwise (it said ``/spa conflicts 2026-11-24`` on the day itself)."""

from __future__ import annotations

import json
from datetime import date

from spa_copilot.scheduler import poll_calendar
from spa_copilot.slack import blocks, ids
from spa_copilot.slack.command_parser import parse_day
from spa_copilot.slack.listeners import alert_actions

from .conftest import DAY, FakeClock
from .test_alerts_s17_over_and_acknowledge_all import _summaries, _texts


async def test_an_acknowledged_summary_keeps_who_did_it_when_its_day_expires(world, clock: FakeClock) -> None:
    alert_actions.register(world.bolt, world.copilot)
    world.copilot.settings = world.copilot.settings.model_copy(update={"alert_burst_threshold": 2})
    await poll_calendar(world.copilot)
    summary = next(m for m in _summaries(world) if "Tue 24 Nov" in m.text)
    assert "Use `/spa conflicts today` to see" in _texts(summary), _texts(summary)
    therapist = world.slack_id("st_ana_reyes")
    await world.sender.click(summary, ids.ACK_CONFLICT_SUMMARY, user_id=therapist)
    await world.slack.wait_for(lambda s: bool(s.message(summary.channel, summary.ts).edited), timeout=10)
    before = _texts(world.slack.message(summary.channel, summary.ts))
    assert f"Acknowledged by <@{therapist}> at " in before

    clock.advance(days=1)
    await poll_calendar(world.copilot)
    after = world.slack.message(summary.channel, summary.ts)
    assert f"Acknowledged by <@{therapist}> at " in _texts(after), _texts(after)
    assert ids.ACK_CONFLICT_SUMMARY not in json.dumps(after.blocks)
    assert "Use `/spa conflicts 2026-11-24` to see" in _texts(after), "its day is over: the date, not 'today'"


def test_the_summary_names_the_day_as_staff_type_it() -> None:
    assert DAY == date(2026, 11, 24)

    def hint(day: date, seen_from: date | None) -> str:
        message = blocks.conflict_burst_message([], day=day, seen_from=seen_from)
        return next(t for t in _texts(message).splitlines() if t.startswith("Use "))

    assert hint(DAY, DAY) == "Use `/spa conflicts today` to see them one by one."
    tomorrow = hint(date(2026, 11, 25), DAY)
    assert tomorrow == "Use `/spa conflicts wed` to see them one by one."
    # the weekday means that day both the evening before and on the day (a summary is not redrawn at midnight)
    assert parse_day("wed", today=DAY) == parse_day("wed", today=date(2026, 11, 25)) == date(2026, 11, 25)
    assert hint(date(2026, 11, 26), DAY) == "Use `/spa conflicts 2026-11-26` to see them one by one."
    assert hint(date(2026, 11, 23), DAY) == "Use `/spa conflicts 2026-11-23` to see them one by one."
    assert hint(DAY, None) == "Use `/spa conflicts 2026-11-24` to see them one by one."
