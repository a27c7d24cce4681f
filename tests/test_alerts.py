"""Conflict alerts through the embedded world: posted once, updated in place, resolved, acknowledged, snoozed, bursts."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest

from spa_copilot.alerts import answer_conflicts, check_location, conflicts_cli
from spa_copilot.copilot import build_copilot, build_slack_client
from spa_copilot.domain import Appointment
from spa_copilot.sandbox.generator import PLANTED_CONFLICTS
from spa_copilot.sandbox.slack_api import PostedMessage
from spa_copilot.sandbox.world import FRONT_DESK_USER, SandboxWorld
from spa_copilot.scheduler import poll_calendar
from spa_copilot.slack import ids
from spa_copilot.slack.answers import ANSWERS
from spa_copilot.slack.listeners import alert_actions
from spa_copilot.store import Store

from spa_copilot.settings import Settings

from .conftest import DAY, FakeClock

PLANTED = len(PLANTED_CONFLICTS)


def front_desk(world: SandboxWorld) -> list[PostedMessage]:
    return world.slack.messages(world.settings.spa_front_desk_channel)


def cards(world: SandboxWorld) -> list[PostedMessage]:
    """Alert cards with buttons still on them."""
    return [m for m in front_desk(world) if ids.ACK_CONFLICT in json.dumps(m.blocks)]


def card_for(world: SandboxWorld, appointment_id: str) -> PostedMessage:
    return next(m for m in front_desk(world) if appointment_id in json.dumps(m.blocks))


def calls(world: SandboxWorld, method: str) -> int:
    return len(world.slack.calls_to(method))


def shifted(appointment: Appointment, minutes: int, *, at) -> Appointment:  # noqa: ANN001
    """The appointment moved by ``minutes``, as a new version stamped ``at``."""
    delta = timedelta(minutes=minutes)
    lines = [line.model_copy(update={"start_at": line.start_at + delta, "end_at": line.end_at + delta}) for line in appointment.services]
    return appointment.model_copy(
        update={
            "start_at": appointment.start_at + delta,
            "end_at": appointment.end_at + delta,
            "services": lines,
            "version": appointment.version + 1,
            "updated_at": at,
        }
    )


async def test_each_planted_conflict_is_posted_once_across_polls(world: SandboxWorld) -> None:
    await poll_calendar(world.copilot)
    posted = cards(world)
    assert len(posted) == PLANTED
    for case in PLANTED_CONFLICTS:
        assert any(all(aid in json.dumps(m.blocks) for aid in case.appointment_ids) for m in posted), case.kind
    posts, updates = calls(world, "chat.postMessage"), calls(world, "chat.update")
    await poll_calendar(world.copilot)
    await poll_calendar(world.copilot, full=True)
    assert (calls(world, "chat.postMessage"), calls(world, "chat.update")) == (posts, updates)
    assert world.copilot.store.open_counts()["open_conflicts"] == PLANTED


async def test_a_restart_on_the_same_database_posts_nothing_new(
    world: SandboxWorld, clock: FakeClock, tmp_path: Path
) -> None:
    await poll_calendar(world.copilot)
    posts = calls(world, "chat.postMessage")
    store = Store.open(tmp_path / "state.db")
    restarted = build_copilot(
        world.settings, platform=world.platform, store=store, slack_client=build_slack_client(world.settings), clock=clock
    )
    await poll_calendar(restarted, full=True)
    catalog = await restarted.catalog()
    for location in catalog.locations:
        report = await check_location(restarted, location)
        assert report.conflicts and not (report.posted or report.updated or report.resolved)
    assert calls(world, "chat.postMessage") == posts
    store.close()


async def test_a_changed_conflict_is_updated_in_place(world: SandboxWorld, clock: FakeClock) -> None:
    await poll_calendar(world.copilot)
    card = card_for(world, "ap_p02")
    key = json.loads(json.dumps(card.blocks))[-1]["elements"][0]["value"]
    before = world.copilot.store.alert(key)
    posts = calls(world, "chat.postMessage")
    clock.advance(minutes=1)
    world.spa.put_appointment(shifted(world.spa.appointments["ap_p02"], -10, at=clock()))
    await poll_calendar(world.copilot)
    after = world.copilot.store.alert(key)
    assert after is not None and before is not None and after.fingerprint != before.fingerprint
    updated = world.slack.message(card.channel, card.ts)
    assert updated is not None and updated.edited
    assert calls(world, "chat.postMessage") == posts, "no new ping for a changed conflict"
    assert "16:05" in json.dumps(updated.blocks)  # the new overlap start, in the location's zone


async def test_a_conflict_that_disappears_is_marked_resolved(world: SandboxWorld) -> None:
    await poll_calendar(world.copilot)
    card = card_for(world, "ap_p01")
    await world.admin("POST", "/sandbox/appointments/ap_p01/cancel", json={"reason": "test"})
    await poll_calendar(world.copilot)
    resolved = world.slack.message(card.channel, card.ts)
    assert resolved is not None and "Resolved" in json.dumps(resolved.blocks)
    assert ids.ACK_CONFLICT not in json.dumps(resolved.blocks)
    assert world.copilot.store.open_counts()["open_conflicts"] == PLANTED - 1
    await poll_calendar(world.copilot, full=True)
    assert len(cards(world)) == PLANTED - 1


async def test_acknowledge_shows_who_and_when(world: SandboxWorld) -> None:
    alert_actions.register(world.bolt, world.copilot)
    await poll_calendar(world.copilot)
    card = card_for(world, "ap_p03")
    therapist = world.slack_id("st_ana_reyes")
    response = await world.sender.click(card, ids.ACK_CONFLICT, user_id=therapist)
    assert response.status_code == 200
    await world.slack.wait_for(lambda s: bool(s.message(card.channel, card.ts).edited), timeout=10)  # type: ignore[union-attr]
    shown = json.dumps(world.slack.message(card.channel, card.ts).blocks)  # type: ignore[union-attr]
    assert "Acknowledged" in shown and f"<@{therapist}>" in shown and "6:00am" in shown  # 14:00 UTC in LA
    assert ids.ACK_CONFLICT not in shown
    key = next(row.key for row in world.copilot.store.alerts(location_id="loc_venice") if row.ts == card.ts)
    row = world.copilot.store.alert(key)
    assert row is not None and (row.status, row.acknowledged_by) == ("acknowledged", therapist)
    posts = calls(world, "chat.postMessage")
    await poll_calendar(world.copilot, full=True)
    assert calls(world, "chat.postMessage") == posts


async def test_outsiders_cannot_acknowledge_when_an_allow_list_is_set(world: SandboxWorld) -> None:
    alert_actions.register(world.bolt, world.copilot)
    world.copilot.roles._front_desk = frozenset({FRONT_DESK_USER})
    await poll_calendar(world.copilot)
    card = card_for(world, "ap_p03")
    await world.sender.click(card, ids.ACK_CONFLICT, user_id="U0STRANGER")
    await world.slack.wait_for(lambda s: len(s.responses) >= 1, timeout=10)
    assert "only for the spa" in world.slack.responses[0].text
    assert not world.slack.message(card.channel, card.ts).edited  # type: ignore[union-attr]


async def test_snooze_hides_the_alert_for_an_hour_then_it_comes_back(world: SandboxWorld, clock: FakeClock) -> None:
    alert_actions.register(world.bolt, world.copilot)
    await poll_calendar(world.copilot)
    card = card_for(world, "ap_p10")
    await world.sender.click(card, ids.SNOOZE_CONFLICT, user_id=FRONT_DESK_USER)
    await world.slack.wait_for(lambda s: bool(s.message(card.channel, card.ts).edited), timeout=10)  # type: ignore[union-attr]
    shown = json.dumps(world.slack.message(card.channel, card.ts).blocks)  # type: ignore[union-attr]
    assert "Snoozed" in shown and "10:00am" in shown  # until 15:00 UTC = 10:00am in New York
    posts = calls(world, "chat.postMessage")
    clock.advance(minutes=30)
    await poll_calendar(world.copilot)
    assert calls(world, "chat.postMessage") == posts
    clock.advance(minutes=31)
    await poll_calendar(world.copilot)
    assert calls(world, "chat.postMessage") == posts + 1
    again = front_desk(world)[-1]
    assert "ap_p10" in json.dumps(again.blocks) and ids.ACK_CONFLICT in json.dumps(again.blocks)


async def test_a_burst_becomes_one_summary_per_day_and_is_still_tracked(world: SandboxWorld) -> None:
    world.copilot.settings = world.copilot.settings.model_copy(update={"alert_burst_threshold": 2})
    await poll_calendar(world.copilot)
    messages = front_desk(world)
    assert not cards(world), "no individual pings in a burst"
    assert len(messages) == 4  # two locations, two days each
    assert all("conflicts on" in m.text for m in messages)
    rows = [r for loc in ("loc_soho", "loc_venice") for r in world.copilot.store.alerts(location_id=loc)]
    assert len(rows) == PLANTED and all(r.grouped and r.status == "open" for r in rows)
    summary = next(m for m in messages if "ap_p01" in json.dumps(m.blocks))
    await world.admin("POST", "/sandbox/appointments/ap_p01/cancel")
    await poll_calendar(world.copilot)
    refreshed = world.slack.message(summary.channel, summary.ts)
    assert refreshed is not None and refreshed.edited and "ap_p01" not in json.dumps(refreshed.blocks)
    assert len(front_desk(world)) == 4
    assert world.copilot.store.open_counts()["open_conflicts"] == PLANTED - 1


async def test_spa_conflicts_lists_the_day_at_every_location(world: SandboxWorld, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(ANSWERS, "conflicts", answer_conflicts)
    before = len(world.slack.responses)
    await world.sender.slash_command("conflicts", user_id=FRONT_DESK_USER)
    await world.slack.wait_for(lambda s: len(s.responses) > before, timeout=10)
    today = json.dumps(world.slack.responses[before].blocks)
    assert "Room double-booked" in today and "Equipment over capacity" in today and "Juniper" in today
    assert "Missing skill" not in today  # that one is tomorrow
    await world.sender.slash_command("conflicts tomorrow", user_id=FRONT_DESK_USER)
    await world.slack.wait_for(lambda s: len(s.responses) > before + 1, timeout=10)
    tomorrow = json.dumps(world.slack.responses[before + 1].blocks)
    assert "Missing skill" in tomorrow and "Wed 25 Nov" in tomorrow
    await world.sender.slash_command("conflicts 2026-12-20", user_id=FRONT_DESK_USER)
    await world.slack.wait_for(lambda s: len(s.responses) > before + 2, timeout=10)
    assert "No conflicts" in json.dumps(world.slack.responses[before + 2].blocks)


def test_conflicts_cli_prints_json(capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from spa_copilot import world as world_module

    original = world_module.start_sandbox
    monkeypatch.setattr(
        world_module, "start_sandbox", lambda settings: original(settings, today=DAY, clients=200, history_months=2)
    )
    settings = Settings(_env_file=None, spa_db_path=tmp_path / "s.db", spa_model_dir=tmp_path / "none")
    assert conflicts_cli(settings, day=DAY, location="loc_venice", as_json=True) == 0
    found = json.loads(capsys.readouterr().out)
    kinds = {item["kind"] for item in found}
    assert {"room_double_booked", "staff_double_booked", "missing_certification"} <= kinds
    for item in found:
        assert {"kind", "appointmentIds", "staffIds", "resourceIds", "start", "end", "message"} <= set(item)
    assert conflicts_cli(settings, day=DAY, location="Juniper & Salt SoHo", as_json=False) == 0
    assert "Equipment over capacity" in capsys.readouterr().out
    assert conflicts_cli(settings, day=DAY, location="nowhere", as_json=False) == 2
