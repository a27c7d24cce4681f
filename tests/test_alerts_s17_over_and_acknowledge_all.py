"""/spa conflicts late in the day lists no fix for a clash whose time has passed (the alerts' own rule, ``is_over``):
it is counted as over instead, other days as before. A burst summary has an "Acknowledge all" that acknowledges its
conflicts as their cards' Acknowledge would, so /spa status stops counting them; a change reopens one."""

from __future__ import annotations

import copy
import json
from datetime import timedelta
from typing import Any

import pytest

from spa_copilot.alerts import answer_conflicts, location_conflicts
from spa_copilot.sandbox.world import FRONT_DESK_USER, SandboxWorld
from spa_copilot.scheduler import poll_calendar
from spa_copilot.slack import blocks, ids
from spa_copilot.slack.answers import ANSWERS
from spa_copilot.slack.home import home_view_for
from spa_copilot.slack.listeners import alert_actions
from spa_copilot.world import default_day

from .conftest import DAY, FakeClock
from .fill_scene import eventually
from .test_alerts import shifted


def _texts(message: Any) -> str:
    """Every text of a message's blocks, as Slack shows them (mrkdwn, escaped), one block a line."""
    found: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if isinstance(node.get("text"), str):
                found.append(node["text"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(json.loads(json.dumps(message.blocks, default=lambda b: b.to_dict())))
    return "\n".join(found)


async def _ask(world: SandboxWorld, words: str) -> str:
    before = len(world.slack.responses)
    await world.sender.slash_command(words, user_id=FRONT_DESK_USER)
    await world.slack.wait_for(lambda s: len(s.responses) > before, timeout=10)
    return _texts(world.slack.responses[before])


async def test_spa_conflicts_late_in_the_day_counts_the_clashes_that_are_over_and_offers_them_no_fix(
    world: SandboxWorld, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(ANSWERS, "conflicts", answer_conflicts)
    copilot = world.copilot
    catalog = await copilot.catalog()
    today = [c for loc in catalog.locations for c in (await location_conflicts(copilot, catalog, loc, [DAY])).conflicts]
    tomorrow = [
        c for loc in catalog.locations
        for c in (await location_conflicts(copilot, catalog, loc, [DAY + timedelta(days=1)])).conflicts
    ]
    first = min(today, key=lambda c: c.end)
    clock.current = first.end  # the earliest of today's clashes has just ended; the others run on or are ahead
    assert all(default_day(copilot.settings, loc, now=clock()) == DAY for loc in catalog.locations)
    over = [c for c in today if c.end <= clock()]
    ahead = [c for c in today if c.end > clock()]
    assert over and ahead

    shown = await _ask(world, "conflicts")
    for conflict in over:
        assert blocks.escape(conflict.message) not in shown and blocks.escape(conflict.suggested_fix) not in shown
    for conflict in ahead:
        assert f"{blocks.escape(conflict.message)} Fix: {blocks.escape(conflict.suggested_fix)}" in shown
    assert f"{len(ahead)} conflicts; {len(over)} earlier today, now over" in shown

    later = await _ask(world, "conflicts tomorrow")  # another day: every clash, with its fix, as before
    assert "now over" not in later and f"{len(tomorrow)} conflict" in later
    for conflict in tomorrow:
        assert blocks.escape(conflict.suggested_fix) in later

    clock.current = max(c.end for c in today)  # all of today's are over: none listed, the count says why
    assert all(default_day(copilot.settings, loc, now=clock()) == DAY for loc in catalog.locations)
    assert f"No conflicts left on Tue 24 Nov ({len(today)} earlier today, now over)." in await _ask(world, "conflicts")


def _summaries(world: SandboxWorld) -> list[Any]:
    return [m for m in world.slack.messages(world.settings.spa_front_desk_channel) if "conflicts on" in m.text]


def _members(world: SandboxWorld, summary: Any) -> list[Any]:
    store = world.copilot.store
    return [row for loc in ("loc_soho", "loc_venice") for row in store.alerts(location_id=loc) if row.ts == summary.ts]


async def test_acknowledge_all_on_a_burst_summary_acknowledges_its_conflicts_and_the_open_count_drops(
    world: SandboxWorld, clock: FakeClock
) -> None:
    alert_actions.register(world.bolt, world.copilot)
    store = world.copilot.store
    world.copilot.settings = world.copilot.settings.model_copy(update={"alert_burst_threshold": 2})
    await poll_calendar(world.copilot)
    summary = next(m for m in _summaries(world) if "ap_p01" in json.dumps([r.view for r in _members(world, m)]))
    assert ids.ACK_CONFLICT_SUMMARY in json.dumps(summary.blocks)
    members = _members(world, summary)
    assert len(members) >= 2 and all(row.status == "open" for row in members)
    open_before = store.open_counts()["open_conflicts"]
    assert f"Open conflicts:* {open_before}" in await _ask(world, "status")

    therapist = world.slack_id("st_ana_reyes")
    stale = copy.deepcopy(summary)  # the summary as first posted, button and all
    assert (await world.sender.click(summary, ids.ACK_CONFLICT_SUMMARY, user_id=therapist)).status_code == 200
    await world.slack.wait_for(lambda s: bool(s.message(summary.channel, summary.ts).edited), timeout=10)  # type: ignore[union-attr]
    rows = _members(world, summary)
    assert all((row.status, row.acknowledged_by) == ("acknowledged", therapist) for row in rows)
    audited = [e.subject_id for e in store.recent_audit(100, action_prefix="conflict.") if e.action == "conflict.acknowledged"]
    assert sorted(audited) == sorted(row.key for row in rows)
    redrawn = world.slack.message(summary.channel, summary.ts)
    assert redrawn is not None and ids.ACK_CONFLICT_SUMMARY not in json.dumps(redrawn.blocks)
    assert f"Acknowledged by <@{therapist}> at " in _texts(redrawn)
    assert store.open_counts()["open_conflicts"] == open_before - len(rows)
    assert f"Open conflicts:* {open_before - len(rows)}" in await _ask(world, "status")
    home = json.dumps((await home_view_for(world.copilot, FRONT_DESK_USER)).to_dict())
    assert f"Open conflicts:* {open_before - len(rows)}" in home

    # a colleague's stale copy of the button: nothing changes, and they are told who did it
    replies = len(world.slack.responses)
    await world.sender.click(stale, ids.ACK_CONFLICT_SUMMARY, user_id=FRONT_DESK_USER)
    await eventually(lambda: len(world.slack.responses) > replies)
    note = world.slack.responses[-1].text
    assert note.startswith(f":white_check_mark: Acknowledged by <@{therapist}> at ") and note.endswith("Nothing changed.")
    assert [(r.status, r.acknowledged_by, r.handled_at) for r in _members(world, summary)] == [
        (r.status, r.acknowledged_by, r.handled_at) for r in rows
    ]
    assert len(store.recent_audit(100, action_prefix="conflict.")) == len(audited)

    # one of them changes: it needs a fresh look, as on a card, so it opens again and the button comes back
    clock.advance(minutes=1)
    world.spa.put_appointment(shifted(world.spa.appointments["ap_p02"], -10, at=clock()))
    await poll_calendar(world.copilot)
    changed = next(r for r in _members(world, summary) if "ap_p02" in r.view["appointmentIds"])  # type: ignore[index]
    assert changed.status == "open" and changed.acknowledged_by is None
    again = world.slack.message(summary.channel, summary.ts)
    assert again is not None and ids.ACK_CONFLICT_SUMMARY in json.dumps(again.blocks)
    assert "_(acknowledged)_" in _texts(again)
    assert store.open_counts()["open_conflicts"] == open_before - len(rows) + 1


async def test_only_staff_may_acknowledge_a_summary(world: SandboxWorld) -> None:
    alert_actions.register(world.bolt, world.copilot)
    world.copilot.roles._front_desk = frozenset({FRONT_DESK_USER})
    world.copilot.settings = world.copilot.settings.model_copy(update={"alert_burst_threshold": 2})
    await poll_calendar(world.copilot)
    summary = _summaries(world)[0]
    await world.sender.click(summary, ids.ACK_CONFLICT_SUMMARY, user_id="U0STRANGER")
    await world.slack.wait_for(lambda s: len(s.responses) >= 1, timeout=10)
    assert "only for the spa" in world.slack.responses[-1].text
    assert not world.slack.message(summary.channel, summary.ts).edited  # type: ignore[union-attr]
    assert all(row.status == "open" for row in _members(world, summary))


async def test_a_summary_of_a_day_gone_by_loses_its_button_with_its_conflicts(world: SandboxWorld, clock: FakeClock) -> None:
    world.copilot.settings = world.copilot.settings.model_copy(update={"alert_burst_threshold": 2})
    await poll_calendar(world.copilot)
    of_today = [m for m in _summaries(world) if "Tue 24 Nov" in m.text]
    of_tomorrow = [m for m in _summaries(world) if "Wed 25 Nov" in m.text]
    assert of_today and of_tomorrow
    clock.advance(days=1)
    await poll_calendar(world.copilot)
    for summary in of_today:
        assert all(row.status == "expired" for row in _members(world, summary))
        shown = world.slack.message(summary.channel, summary.ts)
        assert shown is not None and ids.ACK_CONFLICT_SUMMARY not in json.dumps(shown.blocks)
        assert "Tue 24 Nov" in shown.text  # as it was, lines and all
    for summary in of_tomorrow:
        shown = world.slack.message(summary.channel, summary.ts)
        assert shown is not None and ids.ACK_CONFLICT_SUMMARY in json.dumps(shown.blocks)
