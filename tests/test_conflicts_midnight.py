"""Clashes across local midnight: ``spa-copilot conflicts``, ``/spa conflicts`` and the alert poll.

A booking belongs to the day it starts, but a clash of it may not: Nico's 11:30pm Tuesday booking, running to
12:30am, is double-booked with his 12:00am Wednesday one, and its room is reused at 12:35am without its turnover.
Such a clash is one of both days (listed once on each, its time labelled with its day on the other), the alert poll
keeps its card live past midnight while it runs or is ahead, and a clash between two locations is found by the hours
it happens at, whatever the calendar date in each zone (9:30pm Tuesday in Los Angeles is 12:30am Wednesday in New
York). ``spa-copilot conflicts --json`` lists each conflict as its text does: under one location, in that zone.

Each test drives the real paths through a small spa of its own (Harbor NY and Palms LA), with the clock set by hand.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from spa_copilot import alerts
from spa_copilot.alerts import answer_conflicts, check_location, conflicts_cli
from spa_copilot.domain import Appointment, Location, Shift, SpaData, StaffRole
from spa_copilot.sandbox.world import FRONT_DESK_USER, SandboxWorld, sandbox_world
from spa_copilot.scheduler import poll_calendar
from spa_copilot.settings import Settings
from spa_copilot.slack import ids
from spa_copilot.slack.command_parser import ParsedCommand

from . import builders as b
from .conftest import FakeClock, migrated_store

NY, LA = ZoneInfo("America/New_York"), ZoneInfo("America/Los_Angeles")
TUESDAY, WEDNESDAY, THURSDAY = date(2026, 12, 8), date(2026, 12, 9), date(2026, 12, 10)
HARBOR = Location(id="loc_ny", name="Harbor NY", time_zone="America/New_York")
PALMS = Location(id="loc_la", name="Palms LA", time_zone="America/Los_Angeles")
EVERY_NIGHT = [Shift(weekday=d, start="18:00", end="02:00") for d in range(7)]
LATE_NIGHT = [Shift(weekday=d, start="22:00", end="06:00") for d in range(7)]
DAYTIME = [Shift(weekday=d, start="09:00", end="17:00") for d in range(7)]
DOUBLE, BUFFER = "staff_double_booked", "buffer_violated"


def local(day: date, hh: int, mm: int = 0, tz: ZoneInfo = NY) -> datetime:
    return datetime(day.year, day.month, day.day, hh, mm, tzinfo=tz)


def booked(id: str, start: datetime, staff_id: str, room: str | None, *, location: Location = HARBOR, client: str = "cl_1") -> Appointment:
    """A confirmed 60-minute Swedish massage (15 minutes of room turnover after it)."""
    return b.appointment(
        start, 60, id=id, staff_id=staff_id, service_id="sv_swedish", resource_ids=[room] if room else [],
        location_id=location.id, client_id=client,
    )


def spa(appointments: Sequence[Appointment], harbor: Location = HARBOR) -> SpaData:
    """Harbor NY (Nico 6:00pm–2:00am, Olive 10:00pm–6:00am, two massage rooms) and Palms LA (Dev 9:00am–5:00pm)."""
    return SpaData(
        locations=[PALMS, harbor],
        staff=[
            b.staff("st_nico", location_id=harbor.id, first_name="Nico", last_name="Night", shifts=EVERY_NIGHT),
            b.staff("st_olive", location_id=harbor.id, first_name="Olive", last_name="Owl", shifts=LATE_NIGHT),
            b.staff("st_dev", location_id=PALMS.id, first_name="Dev", last_name="Delta", shifts=DAYTIME),
            b.staff("st_boss", location_id=harbor.id, first_name="Bea", role=StaffRole.manager, shifts=[]),
        ],
        resources=[
            b.room("rs_ny_1", location_id=harbor.id, name="Massage Room 1"),
            b.room("rs_ny_2", location_id=harbor.id, name="Massage Room 2"),
            b.room("rs_la_1", location_id=PALMS.id, name="LA Room 1"),
        ],
        services=[
            b.service("sv_swedish", name="Swedish Massage 60", buffer_minutes=15, required_skill="massage",
                      room_types=["massageRoom"]),
        ],
        clients=[b.client(f"cl_{n}", first_name=name, last_name="Guest") for n, name in enumerate(
            ["Ava", "Liam", "Mia", "Noah", "Zoe"], start=1)],
        appointments=list(appointments),
    )


#: Nico at 11:30pm Tuesday (to 12:30am, Massage Room 1) and at 12:00am Wednesday; Olive in Massage Room 1 at 12:35am,
#: 5 minutes after the 12:30am end (15 needed). Two clashes, both at Wednesday's hours, one booking of each Tuesday's.
MIDNIGHT = [
    booked("ap_late", local(TUESDAY, 23, 30), "st_nico", "rs_ny_1"),
    booked("ap_early", local(WEDNESDAY, 0, 0), "st_nico", "rs_ny_2", client="cl_2"),
    booked("ap_next", local(WEDNESDAY, 0, 35), "st_olive", "rs_ny_1", client="cl_3"),
]
MIDNIGHT_CLASHES = {(DOUBLE, ("ap_early", "ap_late")), (BUFFER, ("ap_late", "ap_next"))}

#: Nico at Palms LA 9:30pm–10:30pm PST Tuesday (12:30am–1:30am EST Wednesday) and at Harbor NY 12:45am EST Wednesday.
ACROSS_SITES = [
    booked("ap_palms", local(TUESDAY, 21, 30, LA), "st_nico", None, location=PALMS),
    booked("ap_harbor", local(WEDNESDAY, 0, 45), "st_nico", "rs_ny_1", client="cl_2"),
]


def clashes(found: list[dict[str, Any]]) -> list[tuple[str, tuple[str, ...]]]:
    return sorted((item["kind"], tuple(item["appointmentIds"])) for item in found if item["kind"] != "outside_shift")


def cli(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, appointments: Sequence[Appointment]) -> Settings:
    """Settings for ``spa-copilot conflicts`` whose embedded sandbox is the small spa with ``appointments``."""
    from spa_copilot import world as world_module

    data = spa(appointments)
    original = world_module.start_sandbox
    monkeypatch.setattr(world_module, "start_sandbox", lambda settings, **_: original(settings, data=data))
    return Settings(_env_file=None, spa_db_path=tmp_path / "s.db", spa_model_dir=tmp_path / "none")


def json_of(settings: Settings, capsys: pytest.CaptureFixture[str], day: date, location: str | None = None) -> list[dict[str, Any]]:
    assert conflicts_cli(settings, day=day, location=location, as_json=True) == 0
    return json.loads(capsys.readouterr().out)


@asynccontextmanager
async def spa_world(
    settings: Settings, tmp_path: Path, clock: FakeClock, appointments: Sequence[Appointment],
    harbor: Location = HARBOR,
) -> AsyncIterator[SandboxWorld]:
    store = migrated_store(tmp_path / "midnight.db")
    async with sandbox_world(settings, data=spa(appointments, harbor), clock=clock, store=store) as world:
        yield world
    store.close()


async def answer_lines(world: SandboxWorld, *words: str) -> list[str]:
    """``/spa conflicts [words]``: the lines listing conflicts."""
    message = await answer_conflicts(world.copilot, ParsedCommand("conflicts", words, " ".join(("conflicts", *words))), FRONT_DESK_USER)
    sections = [block["text"]["text"] for block in message.to_kwargs()["blocks"] if block["type"] == "section"]
    return [line for text in sections for line in text.split("\n") if " · " in line]


# ---------------------------------------------------------------------------------------------------
# spa-copilot conflicts and /spa conflicts


def test_the_cli_lists_a_clash_across_midnight_once_on_each_day_it_touches(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = cli(monkeypatch, tmp_path, MIDNIGHT)
    for day in (TUESDAY, WEDNESDAY):
        assert clashes(json_of(settings, capsys, day)) == sorted(MIDNIGHT_CLASHES), day
        assert clashes(json_of(settings, capsys, day, "Harbor")) == sorted(MIDNIGHT_CLASHES), day
    assert clashes(json_of(settings, capsys, THURSDAY)) == [], "over before Thursday, no Thursday booking in it"
    # on Tuesday's list, the time of a clash that starts on Wednesday says so
    assert conflicts_cli(settings, day=TUESDAY, location="Harbor", as_json=False) == 0
    out = capsys.readouterr().out
    assert "Harbor NY — Tue 8 Dec 2026 (America/New_York): 2 conflicts" in out
    assert "Wed 9 Dec 12:00am  Staff double-booked" in out and "Wed 9 Dec 12:35am  Turnover buffer too short" in out
    assert conflicts_cli(settings, day=WEDNESDAY, location="Harbor", as_json=False) == 0
    assert "  12:00am  Staff double-booked" in capsys.readouterr().out


def test_the_cli_finds_a_clash_between_sites_by_its_hours_not_each_sites_date(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = cli(monkeypatch, tmp_path, ACROSS_SITES)
    both = [(DOUBLE, ("ap_harbor", "ap_palms"))]
    # Tuesday evening in Los Angeles, Wednesday after midnight in New York: listed once each day, under the
    # location whose day it is in
    tuesday = json_of(settings, capsys, TUESDAY)
    assert clashes(tuesday) == both and tuesday[0]["locationId"] == PALMS.id
    assert tuesday[0]["start"] == "2026-12-08T21:45:00-08:00"
    wednesday = json_of(settings, capsys, WEDNESDAY)
    assert clashes(wednesday) == both and wednesday[0]["locationId"] == HARBOR.id
    assert wednesday[0]["start"] == "2026-12-09T00:45:00-05:00"
    assert clashes(json_of(settings, capsys, TUESDAY, "Palms")) == both
    assert clashes(json_of(settings, capsys, WEDNESDAY, "Harbor")) == both
    assert clashes(json_of(settings, capsys, TUESDAY, "Harbor")) == [], "Wednesday's hours in New York"


def test_the_cli_json_lists_a_clash_between_sites_as_its_text_does(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Dev of Palms LA at Harbor NY at 1:00pm EST and at home at 10:30am PST (1:30pm EST): the earlier booking is
    # Harbor's, the card Palms LA's (the first location by id), and the text lists it there at 10:30am
    settings = cli(monkeypatch, tmp_path, [
        booked("ap_visit", local(TUESDAY, 13, 0), "st_dev", "rs_ny_1"),
        booked("ap_home", local(TUESDAY, 10, 30, LA), "st_dev", "rs_la_1", location=PALMS, client="cl_2"),
    ])
    assert conflicts_cli(settings, day=TUESDAY, location=None, as_json=False) == 0
    text = capsys.readouterr().out
    assert text.index("10:30am  Staff double-booked") < text.index("Harbor NY — "), "under Palms LA"
    [clash] = json_of(settings, capsys, TUESDAY)
    assert (clash["locationId"], clash["start"], clash["end"]) == (
        PALMS.id, "2026-12-08T10:30:00-08:00", "2026-12-08T11:00:00-08:00"
    )
    assert clash["locationIds"] == [PALMS.id, HARBOR.id]
    # asked for Harbor NY, it is listed there, in its zone
    assert conflicts_cli(settings, day=TUESDAY, location="Harbor", as_json=False) == 0
    assert "1:30pm  Staff double-booked" in capsys.readouterr().out
    [from_harbor] = json_of(settings, capsys, TUESDAY, "Harbor")
    assert (from_harbor["locationId"], from_harbor["start"]) == (HARBOR.id, "2026-12-08T13:30:00-05:00")
    assert from_harbor["key"] == clash["key"] and from_harbor["fingerprint"] == clash["fingerprint"]


async def test_spa_conflicts_lists_a_clash_across_midnight_today_and_tomorrow(
    settings: Settings, tmp_path: Path, clock: FakeClock
) -> None:
    clock.current = local(TUESDAY, 23, 0).astimezone(UTC)
    async with spa_world(settings, tmp_path, clock, MIDNIGHT) as world:
        for words in ((), ("tomorrow",)):
            lines = [line for line in await answer_lines(world, *words) if "Harbor NY" in line]
            assert sum("Staff double-booked" in line for line in lines) == 1, (words, lines)
            assert sum("Turnover buffer too short" in line for line in lines) == 1, (words, lines)
        today = await answer_lines(world)
        assert any(line.startswith("Wed 9 Dec 12:00am · Harbor NY · Staff double-booked") for line in today), today


async def test_spa_conflicts_lists_a_clash_between_sites_on_each_sites_own_day(
    settings: Settings, tmp_path: Path, clock: FakeClock
) -> None:
    clock.current = local(TUESDAY, 23, 0).astimezone(UTC)  # 8:00pm in Los Angeles: Tuesday at both
    async with spa_world(settings, tmp_path, clock, ACROSS_SITES) as world:
        await poll_calendar(world.copilot)  # the snapshot has Nico at Palms LA
        # listed under Palms LA on Tuesday (its hours there), under Harbor NY on Wednesday (its hours there)
        today = [line for line in await answer_lines(world) if "Staff double-booked" in line]
        assert len(today) == 1 and today[0].startswith("9:45pm PST · Palms LA and Harbor NY · "), today
        tomorrow = [line for line in await answer_lines(world, "tomorrow") if "Staff double-booked" in line]
        assert len(tomorrow) == 1 and tomorrow[0].startswith("12:45am EST · Palms LA and Harbor NY · "), tomorrow


# ---------------------------------------------------------------------------------------------------
# The alert poll


async def test_midnight_does_not_resolve_a_clash_still_running_or_ahead(
    settings: Settings, tmp_path: Path, clock: FakeClock
) -> None:
    clock.current = local(TUESDAY, 23, 0).astimezone(UTC)
    async with spa_world(settings, tmp_path, clock, MIDNIGHT) as world:
        store = world.copilot.store
        harbor = next(loc for loc in (await world.copilot.catalog()).locations if loc.id == HARBOR.id)
        before = await check_location(world.copilot, harbor)
        keys = {c.key: (str(c.kind), c.appointment_ids) for c in before.conflicts if str(c.kind) != "outside_shift"}
        assert set(keys.values()) == MIDNIGHT_CLASHES and set(keys) <= set(before.posted)
        posts = len(world.slack.calls_to("chat.postMessage"))
        clock.current = local(WEDNESDAY, 0, 5).astimezone(UTC)  # the double booking runs, the 12:35am one is ahead
        after = await check_location(world.copilot, harbor)
        assert after.resolved == [] and after.posted == [], "nothing resolved, nothing posted again"
        assert {c.key for c in after.conflicts} >= set(keys)
        for key in keys:
            row = store.alert(key)
            assert row is not None and row.status == alerts.OPEN
            card = world.slack.message(row.channel or "", row.ts or "")
            assert card is not None and ids.ACK_CONFLICT in json.dumps(card.blocks), "its buttons still live"
        assert len(world.slack.calls_to("chat.postMessage")) == posts
        # a day later the clashes are long over: their alerts expire with their day, not "resolved"
        clock.current = local(THURSDAY, 0, 5).astimezone(UTC)
        later = await check_location(world.copilot, harbor)
        assert later.resolved == []
        assert all((row := store.alert(key)) is not None and row.status == alerts.EXPIRED for key in keys)


async def test_a_clash_begun_before_midnight_stays_live_after_it_and_resolves_when_it_goes(
    settings: Settings, tmp_path: Path, clock: FakeClock
) -> None:
    # Olive at 11:15pm and 11:45pm Tuesday: a clash from 11:45pm to 12:15am, an alert of Tuesday's
    clock.current = local(TUESDAY, 23, 0).astimezone(UTC)
    async with spa_world(settings, tmp_path, clock, [
        booked("ap_a", local(TUESDAY, 23, 15), "st_olive", "rs_ny_1"),
        booked("ap_b", local(TUESDAY, 23, 45), "st_olive", "rs_ny_2", client="cl_2"),
    ]) as world:
        store = world.copilot.store
        first = await check_location(world.copilot, HARBOR)
        [key] = [c.key for c in first.conflicts if str(c.kind) == DOUBLE]
        assert key in first.posted and (row := store.alert(key)) is not None and row.day == TUESDAY.isoformat()
        posts = len(world.slack.calls_to("chat.postMessage"))
        clock.current = local(WEDNESDAY, 0, 5).astimezone(UTC)
        after = await check_location(world.copilot, HARBOR)
        assert key in {c.key for c in after.conflicts}
        assert (row := store.alert(key)) is not None and row.status == alerts.OPEN, "neither expired nor resolved"
        assert len(world.slack.calls_to("chat.postMessage")) == posts, "not posted again"
        # the 11:45pm booking is cancelled while the clash runs: its card is resolved
        await world.admin("POST", "/sandbox/appointments/ap_b/cancel", json={"reason": "test"})
        gone = await check_location(world.copilot, HARBOR)
        assert gone.resolved == [key]
        row = store.alert(key)
        assert row is not None and row.status == alerts.RESOLVED
        card = world.slack.message(row.channel or "", row.ts or "")
        assert card is not None and "Resolved" in json.dumps(card.blocks)


async def test_a_clash_between_sites_after_one_sites_midnight_keeps_its_card(
    settings: Settings, tmp_path: Path, clock: FakeClock
) -> None:
    clock.current = local(TUESDAY, 23, 0).astimezone(UTC)  # 8:00pm in Los Angeles
    async with spa_world(settings, tmp_path, clock, ACROSS_SITES) as world:
        await poll_calendar(world.copilot)
        [card] = [m for m in world.slack.messages(world.settings.spa_front_desk_channel)
                  if "ap_palms" in json.dumps(m.blocks) and "ap_harbor" in json.dumps(m.blocks)]
        clock.current = local(WEDNESDAY, 0, 50).astimezone(UTC)  # the clash runs (9:50pm in Los Angeles)
        for location in (HARBOR, PALMS):
            report = await check_location(world.copilot, location)
            assert report.resolved == [] and report.posted == [], location.id
        shown = world.slack.message(card.channel, card.ts)
        assert shown is not None and ids.ACK_CONFLICT in json.dumps(shown.blocks)
        assert "Resolved" not in json.dumps(shown.blocks)
        # Harbor's booking is cancelled while the clash runs: Harbor's own check has the card (Palms LA's, of
        # Tuesday there) resolved at once
        await world.admin("POST", "/sandbox/appointments/ap_harbor/cancel", json={"reason": "test"})
        report = await check_location(world.copilot, HARBOR)
        assert report.nudged == [PALMS.id]
        shown = world.slack.message(card.channel, card.ts)
        assert shown is not None and "Resolved" in json.dumps(shown.blocks)


async def test_expired_days_still_expire_when_nothing_crosses_midnight(
    settings: Settings, tmp_path: Path, clock: FakeClock
) -> None:
    # the 11:00pm double booking of Olive is over at 11:30pm Tuesday: it expires with Tuesday
    clock.current = local(TUESDAY, 22, 0).astimezone(UTC)
    async with spa_world(settings, tmp_path, clock, [
        booked("ap_a", local(TUESDAY, 22, 30), "st_olive", "rs_ny_1"),
        booked("ap_b", local(TUESDAY, 23, 0), "st_olive", "rs_ny_2", client="cl_2"),
    ]) as world:
        first = await check_location(world.copilot, HARBOR)
        [key] = [c.key for c in first.conflicts if str(c.kind) == DOUBLE]
        clock.current = local(WEDNESDAY, 0, 5).astimezone(UTC)
        after = await check_location(world.copilot, HARBOR)
        assert key not in {c.key for c in after.conflicts} and after.resolved == []
        assert (row := world.copilot.store.alert(key)) is not None and row.status == alerts.EXPIRED


async def test_a_clash_of_the_owners_day_after_tomorrow_waits_for_its_check_and_is_posted_once(
    settings: Settings, tmp_path: Path, clock: FakeClock
) -> None:
    # Harbor NY keeps the card (its id comes first here). Nico at Palms LA 9:30pm PST Wednesday (Palms' tomorrow) is
    # 12:30am EST Thursday in New York, with his 12:45am Harbor booking: Harbor's day after tomorrow. Palms' check
    # finds it; Harbor's does not check that day yet, so it is not asked to at each of Palms' checks.
    harbor = HARBOR.model_copy(update={"id": "loc_a_harbor"})
    clock.current = local(TUESDAY, 23, 0).astimezone(UTC)  # 8:00pm in Los Angeles
    async with spa_world(settings, tmp_path, clock, [
        booked("ap_palms", local(WEDNESDAY, 21, 30, LA), "st_nico", None, location=PALMS),
        booked("ap_harbor", local(THURSDAY, 0, 45), "st_nico", "rs_ny_1", location=harbor, client="cl_2"),
    ], harbor) as world:
        catalog = await world.copilot.catalog()
        found = await alerts.location_conflicts(world.copilot, catalog, PALMS, [TUESDAY, WEDNESDAY])
        assert [str(c.kind) for c in found.conflicts if str(c.kind) == DOUBLE] == [DOUBLE]
        report = await check_location(world.copilot, PALMS)
        assert report.nudged == [] and report.posted == []
        clock.current = local(WEDNESDAY, 9, 0).astimezone(UTC)  # Thursday is Harbor's tomorrow now
        await poll_calendar(world.copilot)
        await poll_calendar(world.copilot)
        posted = [m for m in world.slack.messages(world.settings.spa_front_desk_channel)
                  if "ap_palms" in json.dumps(m.blocks) and "ap_harbor" in json.dumps(m.blocks)]
        assert len(posted) == 1
